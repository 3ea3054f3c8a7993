"""SARIF 2.1.0, so code-scanning UIs show findings on the plan file.

One run; the driver lists every rule of the pack with its help text (title,
why, fix, the guidance it cites). Each finding is a result whose level
follows its severity (blocker: error, major: warning, minor and info: note)
and whose location is the plan file: the line and column of the value when
the report was located (`Options.locate`, which the CLI sets for this
format), always with the plan path as a logical location. Waived findings
carry a suppression; a rule that could not be assessed is a result of kind
"open" (SARIF's "not enough information to decide"). Gates and decisions go
in the run's properties. No timestamps: the same report gives the same bytes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePath
from urllib.parse import quote

from ..i18n import text
from ..report import Finding, Report
from .common import citation, json_text
from .markdown import md  # the same escaping as the Markdown report

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"blocker": "error", "major": "warning", "minor": "note", "info": "note"}


def render(report: Report) -> str:
    lang = report.lang
    rules = list(report.rules)
    known = {r["id"] for r in rules}
    for f in report.findings:  # defensive: a finding whose rule the index lacks still gets a descriptor
        if f.rule not in known:
            known.add(f.rule)
            rules.append({"id": f.rule, "title": f.title, "severity": f.severity, "guidance": f.guidance,
                          "why": None, "remediation": f.remediation, "gates": [], "scope": None})
    index = {r["id"]: i for i, r in enumerate(rules)}
    uri = artifact_uri(report.plan["file"])
    run = {
        "tool": {"driver": {
            "name": report.tool["name"], "version": report.tool["version"],
            "semanticVersion": report.tool["version"],
            "properties": {"rulesVersion": report.tool["rules_version"]},
            "rules": [_descriptor(report, r) for r in rules]}},
        "language": lang,
        "columnKind": "unicodeCodePoints",
        "artifacts": [{"location": {"uri": uri}, "roles": ["analysisTarget"]}],
        "results": [_result(report, f, index[f.rule], uri) for f in report.findings],
        "properties": {
            "plan": report.plan,
            "decision": report.summary["decision"],
            "nextGate": report.summary["next_gate"],
            "nextDecision": report.summary["next_decision"],
            "gates": [{"phase": g.phase, "name": g.name, "start": g.start, "decision": g.decision}
                      for g in report.gates]},
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json_text(log)


def artifact_uri(file: str) -> str:
    """The plan file as a URI reference: relative paths stay relative (to
    the directory `readiness` ran in), absolute ones become file: URIs."""
    path = PurePath(file)
    if path.is_absolute():
        return Path(file).as_uri()
    return quote(path.as_posix(), safe="/")


def _descriptor(report: Report, rule: dict) -> dict:
    lang = report.lang
    citations = [citation(report, g) for g in rule["guidance"]]
    parts = [rule["title"]]
    if rule.get("why"):
        parts.append(f"{text('why', lang)}: {rule['why']}")
    parts.append(f"{text('fix', lang)}: {rule['remediation']}")
    parts.append(f"{text('guidance', lang)}: " + "; ".join(citations))
    markdown = [f"**{md(rule['title'])}**"]
    if rule.get("why"):
        markdown.append(f"**{text('why', lang)}:** {md(rule['why'])}")
    markdown.append(f"**{text('fix', lang)}:** {md(rule['remediation'])}")
    markdown.append(f"**{text('guidance', lang)}:**\n\n" + "\n".join(f"- {md(c)}" for c in citations))
    descriptor = {
        "id": rule["id"],
        "shortDescription": {"text": rule["title"]},
        "fullDescription": {"text": rule.get("why") or rule["title"]},
        "help": {"text": "\n\n".join(parts), "markdown": "\n\n".join(markdown)},
        "defaultConfiguration": {"level": LEVELS[rule["severity"]]},
        "properties": {"severity": rule["severity"], "guidance": rule["guidance"],
                       "tags": ["intune-readiness", rule["severity"]] + rule["guidance"]},
    }
    return descriptor


def _result(report: Report, f: Finding, rule_index: int, uri: str) -> dict:
    location = f.location or {"path": f.subject}
    physical: dict = {"artifactLocation": {"uri": uri, "index": 0}}
    if "line" in location:
        physical["region"] = {"startLine": location["line"], "startColumn": location["column"]}
    result: dict = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [{
            "physicalLocation": physical,
            "logicalLocations": [{"fullyQualifiedName": location["path"], "kind": "object"}]}],
        "partialFingerprints": {"readinessRuleSubject/v1": _fingerprint(f)},
        "properties": {"gate": f.gate, "severity": f.severity, "outcome": f.outcome, "subject": f.subject,
                       "guidance": f.guidance, "remediation": f.remediation, "evidence": f.evidence},
    }
    if f.outcome == "cannot-assess":
        result["kind"] = "open"  # SARIF: a result of another kind than "fail" has level "none"
        result["level"] = "none"
    if f.waived and f.waiver:
        result["suppressions"] = [{"kind": "external", "status": "accepted",
                                   "justification": text("waived_by", report.lang).format(**f.waiver)}]
    return result


def _fingerprint(f: Finding) -> str:
    return hashlib.sha256(f"{f.rule}\0{f.subject}".encode("utf-8")).hexdigest()[:32]
