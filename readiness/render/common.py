"""Small helpers the text formats share: how a value, a decision and a
count line read. Presentation only: nothing here decides anything."""

from __future__ import annotations

from typing import Any

import orjson

from ..errors import printable
from ..i18n import agreeing, counted, exact, severity_name, text
from ..report import Finding, Gate, Report

def json_text(data: Any) -> str:
    """Indented JSON, as json.dumps(indent=2, ensure_ascii=False) lays it
    out, written by orjson: the json module indents only in pure Python,
    which took most of the time of rendering a report with many findings
    (6 s of 27 for 285,000). Keys keep their order."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode()


DECISION_ICONS = {"GO": "✅", "GO-WITH-RISKS": "⚠️", "NO-GO": "⛔"}


def show_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return exact(value)  # 0.8999999 beside 'met: false' must not read 0.9
    if isinstance(value, (list, tuple)):
        return ", ".join(show_value(v) for v in value)
    return str(value)


def finding_label(finding: Finding, lang: str) -> str:
    """BLOCKER, MAJOR, ..., or CANNOT ASSESS, as the table shows it."""
    if finding.outcome == "cannot-assess":
        return text("cannot_assess_short", lang).upper()
    return severity_name(finding.severity, lang).upper()


def gate_notes(gate: Gate, lang: str) -> list[str]:
    """What a gate's counts do not say: carried, cannot-assess, waived."""
    c = gate.counts
    notes = []
    carried = sum(gate.carried.values())
    if carried:
        notes.append(text("carried", lang).format(n=carried))
    if c["cannot_assess"]:
        notes.append(text("cannot_assess_count", lang).format(n=c["cannot_assess"]))
    if c["waived"]:
        notes.append(counted("waived_count", c["waived"], lang))
    return notes


def verdict(report: Report) -> str:
    """The one-line verdict: the table's last line, the other formats' footer."""
    s = report.summary
    n = s["findings"]
    lang = report.lang
    upcoming = (text("next_gate", lang).format(phase=printable(s["next_gate"]), decision=s["next_decision"])
                if s["next_gate"] else text("no_next_gate", lang))
    return text("verdict", lang).format(decision=s["decision"], at=_at_gates(report), blockers=n["blocker"],
                                        majors=n["major"], minors=n["minor"], infos=n["info"], next=upcoming,
                                        major_sv=agreeing(n["major"], "allvarlig", "allvarliga"))


def _at_gates(report: Report) -> str:
    """Where a verdict other than GO comes from: " at prod-1", " at prod-1
    and 3 more" (the gate table shows them all); nothing for GO."""
    worst = [printable(g.phase) for g in report.gates if g.decision == report.summary["decision"]]
    if report.summary["decision"] == "GO" or not worst:
        return ""
    lang = report.lang
    if len(worst) == 1:
        return text("at_gate", lang).format(gate=worst[0])
    if len(worst) == 2:
        return text("at_two_gates", lang).format(gate=worst[0], other=worst[1])
    return text("at_gates", lang).format(gate=worst[0], n=len(worst) - 1)


def summary_line(report: Report, file: str) -> str:
    """One line per plan for `check` with several plans or --output."""
    s = report.summary
    n = s["findings"]
    lang = report.lang
    nxt = f"{printable(s['next_gate'])} {s['next_decision']}" if s["next_gate"] else text("none", lang)
    return text("summary_line", lang).format(file=printable(file), decision=s["decision"], at=_at_gates(report),
                                             blockers=n["blocker"], majors=n["major"], minors=n["minor"],
                                             infos=n["info"], next=nxt,
                                             major_sv=agreeing(n["major"], "allvarlig", "allvarliga"))


def citation(report: Report, guidance_id: str) -> str:
    entry = report.guidance.get(guidance_id)
    if not entry:
        return guidance_id
    source = f" ({entry['source']})" if entry.get("source") else ""
    return f"{guidance_id}: {entry['statement']}{source}"


def unused_waiver_line(waiver: dict, lang: str) -> str:
    line = text("unused_waiver", lang).format(**waiver)
    if waiver.get("did_you_mean"):
        line += text("waiver_did_you_mean", lang).format(subject=printable(waiver["did_you_mean"]))
    return line
