"""The Markdown report, for a wiki page or a pull-request comment: the
decision, a gates table, findings per gate with their fix, guidance and
evidence collapsed in <details>, the manual checks as a task list.

Every plan or rule string goes through `md()`: HTML is escaped (GitHub and
most wikis render inline HTML) and Markdown's own syntax characters are
backslash-escaped, so a plan cannot inject markup or links."""

from __future__ import annotations

import html
import re

from ..i18n import text
from ..report import Finding, Report
from .common import DECISION_ICONS, citation, finding_label, gate_notes, show_value, unused_waiver_line, verdict

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_BLOCK_START = re.compile(r"^([#+=-])")
_ORDERED_START = re.compile(r"^(\d+)([.)])")


def md(value) -> str:
    """Plan text as inert Markdown: one line, HTML escaped, syntax escaped
    (emphasis, code, links, table cells; block syntax at the start)."""
    escaped = html.escape(" ".join(show_value(value).split()), quote=False)
    escaped = _BLOCK_START.sub(r"\\\1", _SPECIAL.sub(r"\\\1", escaped))
    return _ORDERED_START.sub(r"\1\\\2", escaped)


def code(value, cell: bool = False) -> str:
    """An identifier in a code span. Nothing can be escaped inside one, so
    backticks are replaced; in a table cell a pipe still ends the cell
    unless escaped (GitHub Flavored Markdown)."""
    value = " ".join(show_value(value).replace("`", "'").split())
    return "`" + (value.replace("|", "\\|") if cell else value) + "`"


def render(report: Report) -> str:
    lang = report.lang
    s = report.summary
    out = [f"# {md(text('report_title', lang).format(name=report.plan['name']))}", ""]
    if s["next_gate"]:
        gate = report.gate(s["next_gate"])
        out.append(f"**{text('next_gate_decision', lang)}: {DECISION_ICONS[s['next_decision']]} "
                   f"{s['next_decision']}** ({code(gate.phase)} {md(gate.name)}, {gate.start})")
    else:
        out.append(f"**{text('no_next_gate', lang)}**")
    out += ["", f"{text('overall_decision', lang)}: {DECISION_ICONS[s['decision']]} {s['decision']} · "
                f"{text('plan_file', lang)}: {code(report.plan['file'])} · "
                f"{text('assessed_as_of', lang).format(date=report.plan['as_of'])}", ""]

    columns = ("phase", "name", "start", "end", "decision", "col_blocker", "col_major", "col_minor", "col_info",
               "col_notes")
    out += [f"## {text('gates', lang)}", "",
            "| " + " | ".join(text(key, lang) for key in columns) + " |",
            "|" + "---|" * len(columns)]
    for gate in report.gates:
        c = gate.counts
        notes = gate_notes(gate, lang)
        out.append(f"| {code(gate.phase, True)} | {md(gate.name)} | {gate.start} | {gate.end} | "
                   f"{DECISION_ICONS[gate.decision]} {gate.decision} | {c['blocker']} | {c['major']} | "
                   f"{c['minor']} | {c['info']} | {md(', '.join(notes))} |")

    out += ["", f"## {text('findings', lang)}"]
    for gate in report.gates:
        out += ["", f"### {md(text('gate_for', lang).format(phase=gate.phase))} · {md(gate.name)} · "
                    f"{DECISION_ICONS[gate.decision]} {gate.decision}", ""]
        findings = report.findings_on(gate.phase)
        if not findings:
            out.append(text("no_findings", lang))
        for f in findings:
            out += _finding(report, f)

    if report.waivers["expired"] or report.waivers["unused"]:
        out += ["", f"## {text('waivers', lang)}", ""]
        out += ["- " + md(text("expired_waiver", lang).format(**w)) for w in report.waivers["expired"]]
        out += ["- " + md(unused_waiver_line(w, lang)) for w in report.waivers["unused"]]

    if report.manual_checks:
        out += ["", f"## {text('manual_checks', lang)}", ""]
        out += [f"- [ ] **{md(c['guidance'])}**: {md(c['question'])}" for c in report.manual_checks]

    out += ["", "---", "", md(verdict(report)), "",
            "<sub>" + md(text("produced_by", lang).format(**report.tool)) + "</sub>"]
    return "\n".join(out) + "\n"


def _finding(report: Report, f: Finding) -> list[str]:
    lang = report.lang
    label = finding_label(f, lang)
    head = f"#### {label} · {code(f.rule)} · {md(f.title)}"
    if f.waived:
        head += f" ({text('waived', lang)})"
    out = [head, "", f"{text('subject', lang)}: {code(f.subject)}", "", md(f.message)]
    if f.waived and f.waiver:
        out += ["", "*" + md(text("waived_by", lang).format(**f.waiver)) + "*"]
    out += ["", f"<details><summary>{text('details', lang)}</summary>", "",
            f"**{text('fix', lang)}:** {md(f.remediation)}", ""]
    out += [f"**{text('guidance', lang)}:**", ""]
    out += [f"- {md(citation(report, g))}" for g in f.guidance]
    if f.evidence:
        out += ["", f"| {text('evidence', lang)} | {text('value', lang)} |", "|---|---|"]
        out += [f"| {code(k, True)} | {md(v)} |" for k, v in f.evidence.items()]
    out += ["", "</details>", ""]
    return out
