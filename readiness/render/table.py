"""The terminal report: gates first, then findings per gate, then a verdict.
Text is wrapped for an 80-column terminal; the gate table is as wide as its
ids and notes."""

from __future__ import annotations

import textwrap

from tabulate import tabulate

from ..i18n import text
from ..report import Report
from .common import finding_label, gate_notes, unused_waiver_line, verdict

WIDTH = 80


def render(report: Report) -> str:
    lang = report.lang
    lines = [f"{_line(report.plan['name'])} · {report.plan['file']} · "
             f"{text('as_of', lang).format(date=report.plan['as_of'])}", ""]
    rows = []
    for gate in report.gates:
        c = gate.counts
        rows.append([_line(gate.phase), gate.start, gate.decision, c["blocker"], c["major"], c["minor"], c["info"],
                     ", ".join(gate_notes(gate, lang))])
    headers = [text(key, lang) for key in ("phase", "start", "decision", "col_blocker", "col_major", "col_minor",
                                           "col_info", "col_notes")]
    if not any(row[-1] for row in rows):
        rows = [row[:-1] for row in rows]
        headers = headers[:-1]
    lines.append(tabulate(rows, headers=headers, tablefmt="simple"))
    for gate in report.gates:
        findings = report.findings_on(gate.phase)
        lines += ["", f"{text('gate_for', lang).format(phase=_line(gate.phase))} · {_line(gate.name)} · "
                      f"{gate.decision}"]
        if not findings:
            lines.append("  " + text("no_findings", lang))
        for f in findings:
            label = finding_label(f, lang)
            lines.append(_wrap(f"{label}  {f.rule} [{', '.join(f.guidance)}]  {f.subject}", "  ", "      "))
            lines.append(_wrap(f.message, "    ", "    "))
            lines.append(_wrap(f"{text('fix', lang)}: {f.remediation}", "    ", "      "))
            if f.waived and f.waiver:
                lines.append(_wrap(text("waived_by", lang).format(**f.waiver), "    ", "      "))
    for waiver in report.waivers["expired"]:
        lines += ["", _wrap(text("expired_waiver", lang).format(**waiver), "", "  ")]
    for waiver in report.waivers["unused"]:
        lines += ["", _wrap(unused_waiver_line(waiver, lang), "", "  ")]
    if report.manual_checks:
        lines += ["", text("manual_checks", lang)]
        lines += [_wrap(f"[ ] {c['guidance']}: {c['question']}", "  ", "      ") for c in report.manual_checks]
    # The verdict is one line, whatever its length: pipelines grep for it.
    lines += ["", verdict(report)]
    return "\n".join(lines) + "\n"


def _wrap(value: str, first: str, rest: str) -> str:
    return "\n".join(textwrap.wrap(value, WIDTH, initial_indent=first, subsequent_indent=rest,
                                   break_on_hyphens=False, break_long_words=False)) or first.rstrip()


def _line(value: str) -> str:
    """A name or id on one line: a line break in it would split a table row."""
    return value.replace("\r", "\\r").replace("\n", "\\n")
