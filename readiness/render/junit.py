"""JUnit XML, so CI systems show the gates as test results.

One <testsuite> per gate, one <testcase> per rule x gate (every rule that
can weigh on that gate, from `Report.rules`). In a test case:

- each unwaived blocker finding is a <failure> (so the file's <failure>
  elements are exactly the report's blocker count; a rule with two blocker
  findings on one gate has two <failure> elements, which Jenkins' and
  GitLab's parsers accept);
- a blocker rule that could not be assessed is an <error> (the test could
  not run); other cannot-assess findings are listed in <system-out>;
- major, minor and info findings are reported in <system-out>, with the
  test case passing, and counted in the suite's properties;
- a test case whose only findings are waived is <skipped> with the waiver.

Whole-plan findings carried forward from the first gate are named in the
later suites' properties, not repeated as failures; when --gate leaves the
first gate out, they are the failures of the suites they weigh on. No
timestamps, no durations: the same report gives the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..i18n import text
from ..report import Finding, Report
from .common import finding_label, show_value

# Characters XML 1.0 cannot carry at all; a plan string could hold them.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(value) -> str:
    return _NOT_XML.sub("\ufffd", show_value(value))


def render(report: Report) -> str:
    lang = report.lang
    rules = {r["id"]: r for r in report.rules}
    root = ET.Element("testsuites", {"name": clean(text("report_title", lang).format(name=report.plan["name"]))})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for gate in report.gates:
        findings = report.findings_on(gate.phase)
        rule_ids = [r["id"] for r in report.rules if gate.phase in r["gates"]]
        rule_ids += sorted({f.rule for f in findings} - set(rule_ids))  # rules not in the index (defensive)
        suite = ET.SubElement(root, "testsuite", {
            "name": clean(f"{text('gate_for', lang).format(phase=gate.phase)} · {gate.name}"),
            "tests": str(len(rule_ids))})
        props = ET.SubElement(suite, "properties")
        for name, value in [("phase", gate.phase), ("decision", gate.decision), ("start", gate.start),
                            ("end", gate.end), ("kind", gate.kind)] + \
                [(f"count.{k}", v) for k, v in gate.counts.items()] + \
                [(f"carried.{k}", v) for k, v in gate.carried.items() if v]:
            ET.SubElement(props, "property", {"name": name, "value": clean(value)})
        counts = {"failures": 0, "errors": 0, "skipped": 0}
        for rule_id in rule_ids:
            rule = rules.get(rule_id, {})
            own = [f for f in findings if f.rule == rule_id]
            title = rule.get("title") or (own[0].title if own else "")
            case = ET.SubElement(suite, "testcase", {"classname": clean(gate.phase),
                                                     "name": clean(f"{rule_id}: {title}")})
            outcome = _case(case, own, lang)
            if outcome:
                counts[outcome] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        totals["tests"] += len(rule_ids)
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _case(case: ET.Element, findings: list[Finding], lang: str) -> str | None:
    """Fill one test case; returns the suite counter it adds to, if any."""
    failures = [f for f in findings if f.outcome == "finding" and f.severity == "blocker" and not f.waived]
    errors = [f for f in findings if f.outcome == "cannot-assess" and f.severity == "blocker" and not f.waived]
    waived = [f for f in findings if f.waived]
    reported = [f for f in findings if f not in failures and f not in errors and not f.waived]
    for f in failures:
        element = ET.SubElement(case, "failure", {"message": clean(f.message), "type": f.severity})
        element.text = clean(_describe(f, lang))
    for f in errors:
        element = ET.SubElement(case, "error", {"message": clean(f.message), "type": "cannot-assess"})
        element.text = clean(_describe(f, lang))
    if waived and not failures and not errors and not reported:
        ET.SubElement(case, "skipped", {"message": clean("; ".join(
            text("waived_by", lang).format(**f.waiver) for f in waived if f.waiver))})
    out = reported + (waived if failures or errors or reported else [])
    if out:
        system_out = ET.SubElement(case, "system-out")
        system_out.text = clean("\n\n".join(_describe(f, lang) for f in out))
    if failures:
        return "failures"
    if errors:
        return "errors"
    if waived and not reported:
        return "skipped"
    return None


def _describe(f: Finding, lang: str) -> str:
    lines = [f"{finding_label(f, lang)} {f.rule} [{', '.join(f.guidance)}] {f.subject}", f.message,
             f"{text('fix', lang)}: {f.remediation}"]
    if f.waived and f.waiver:
        lines.append(text("waived_by", lang).format(**f.waiver))
    if f.evidence:
        lines.append(f"{text('evidence', lang)}: " + ", ".join(f"{k}={show_value(v)}" for k, v in f.evidence.items()))
    return "\n".join(lines)

