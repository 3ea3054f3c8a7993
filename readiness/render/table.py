"""The terminal report: gates first, then findings per gate, then a verdict.
Fits an 80-column terminal."""

from __future__ import annotations

import textwrap

from tabulate import tabulate

from ..i18n import severity_name, text
from ..report import Report

WIDTH = 80


def render(report: Report) -> str:
    lang = report.lang
    lines = [f"{report.plan['name']} · {report.plan['file']} · {report.plan['as_of']}", ""]
    rows = []
    for gate in report.gates:
        c = gate.counts
        counts = f"{c['blocker']}/{c['major']}/{c['minor']}/{c['info']}"
        carried = sum(gate.carried.values())
        if carried:
            counts += " " + text("carried", lang).format(n=carried)
        if c["cannot_assess"]:
            counts += " " + text("cannot_assess_count", lang).format(n=c["cannot_assess"])
        if c["waived"]:
            counts += " " + text("waived_count", lang).format(n=c["waived"])
        rows.append([gate.phase, gate.start, gate.decision, counts])
    lines.append(tabulate(rows, headers=[text("phase", lang), text("start", lang), text("decision", lang),
                                         text("counts_header", lang)], tablefmt="simple"))
    for gate in report.gates:
        findings = report.findings_on(gate.phase)
        lines += ["", f"{text('gate_for', lang).format(phase=gate.phase)} · {gate.name} · {gate.decision}"]
        if not findings:
            lines.append("  " + text("no_findings", lang))
        for f in findings:
            label = (text("cannot_assess_short", lang) if f.outcome == "cannot-assess"
                     else severity_name(f.severity, lang)).upper()
            lines.append(_wrap(f"{label}  {f.rule} [{', '.join(f.guidance)}]  {f.subject}", "  ", "      "))
            lines.append(_wrap(f.message, "    ", "    "))
            lines.append(_wrap(f"{text('fix', lang)}: {f.remediation}", "    ", "      "))
            if f.waived and f.waiver:
                lines.append(_wrap(text("waived_by", lang).format(**f.waiver), "    ", "      "))
    for waiver in report.waivers["expired"]:
        lines += ["", _wrap(text("expired_waiver", lang).format(**waiver), "", "  ")]
    for waiver in report.waivers["unused"]:
        lines += ["", _wrap(text("unused_waiver", lang).format(**waiver), "", "  ")]
    if report.manual_checks:
        lines += ["", text("manual_checks", lang)]
        lines += [_wrap(f"[ ] {c['guidance']}: {c['question']}", "  ", "      ") for c in report.manual_checks]
    s = report.summary
    n = s["findings"]
    lines += ["", _wrap(text("verdict", lang).format(
        decision=s["decision"], blockers=n["blocker"], majors=n["major"], minors=n["minor"], infos=n["info"],
        gates=len(report.gates), next=s["next_gate"] or text("none", lang)), "", "")]
    return "\n".join(lines) + "\n"


def _wrap(value: str, first: str, rest: str) -> str:
    return "\n".join(textwrap.wrap(value, WIDTH, initial_indent=first, subsequent_indent=rest,
                                   break_on_hyphens=False, break_long_words=False)) or first.rstrip()
