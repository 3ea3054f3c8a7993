"""The HTML report: one self-contained file a project lead can attach to an
e-mail. No network: CSS is inline, fonts are the system's, there is no
script, and a Content-Security-Policy forbids every fetch anyway.

It reads top down: the decision for the next gate, the gate cards, the
rollout timeline as an SVG drawn here (phases as bars on a date axis,
coloured by their gate's decision, cohort sizes, communications, helpdesk
trainings and training sessions as markers, each gate's findings pinned to
its phase), the findings per gate with fix and guidance citation, the
manual checks as a checklist.

This module only lays out what the report says (`Report.timeline`, gates,
findings); the template (templates/report.html.j2, Jinja2 with autoescape
on) writes it, so every plan string is escaped.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from ..i18n import counted, month_names, severity_name, text
from ..report import SEVERITY_ORDER, Report
from .common import citation, finding_label, show_value, unused_waiver_line, verdict

# Symbols every common system font has (emoji fonts are not everywhere).
ICONS = {"GO": "✓", "GO-WITH-RISKS": "⚠", "NO-GO": "✕"}

# Geometry of the timeline, in SVG user units (the SVG scales to the page).
WIDTH = 1000
LABEL_WIDTH = 200
RIGHT_PAD = 16
AXIS_HEIGHT = 34
ROW_HEIGHT = 50
LANE_HEIGHT = 28
AS_OF_REACH = 45  # days: the assessment date is drawn when it is this close to the plan's dates
MAX_MONTH_TICKS = 48  # beyond four years the axis shows years


@lru_cache(maxsize=1)
def _environment():
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("readiness.render", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return env


def render(report: Report) -> str:
    lang = report.lang
    t = {key: text(key, lang) for key in _TEXT_KEYS}
    context = {
        "report": report,
        "lang": lang,
        "t": t,
        "title": text("report_title", lang).format(name=report.plan["name"]),
        "next": _next(report),
        "cards": _cards(report),
        "timeline": _timeline(report) if report.timeline else None,
        "gates": _findings_by_gate(report),
        "waivers": ([text("expired_waiver", lang).format(**w) for w in report.waivers["expired"]]
                    + [unused_waiver_line(w, lang) for w in report.waivers["unused"]]),
        "verdict": verdict(report),
        "produced_by": text("produced_by", lang).format(**report.tool),
        "icons": ICONS,
    }
    return _environment().get_template("report.html.j2").render(context)


_TEXT_KEYS = ("gates", "phase", "start", "end", "decision", "findings", "fix", "guidance", "subject",
              "no_findings", "manual_checks", "next_gate_decision", "no_next_gate", "overall_decision",
              "plan_file", "timeline", "legend", "evidence", "value", "cohorts", "completed", "waivers",
              "as_of_marker", "not_assessed", "lane_communication", "lane_helpdesk-training",
              "lane_training-session", "waived", "print_hint")


def _counts_text(counts: dict[str, int], lang: str) -> str:
    parts = [f"{counts[s]} {severity_name(s, lang)}" for s in SEVERITY_ORDER]
    if counts.get("waived"):
        parts.append(f"{counts['waived']} {text('waived', lang)}")
    if counts.get("cannot_assess"):
        parts.append(f"{counts['cannot_assess']} {text('cannot_assess_short', lang)}")
    return " · ".join(parts)


def _next(report: Report) -> dict | None:
    phase = report.summary["next_gate"]
    if not phase:
        return None
    gate = report.gate(phase)
    return {"phase": gate.phase, "name": gate.name, "start": gate.start, "decision": gate.decision}


def _cards(report: Report) -> list[dict]:
    lang = report.lang
    phases = {p["phase"]: p for p in report.timeline.get("phases", [])}
    cards = []
    for gate in report.gates:
        plan_phase = phases.get(gate.phase, {})
        carried = sum(gate.carried.values())
        cards.append({
            "phase": gate.phase, "name": gate.name, "kind": text(f"kind_{gate.kind}", lang),
            "start": gate.start, "end": gate.end, "decision": gate.decision, "completed": gate.completed,
            "is_next": gate.phase == report.summary["next_gate"],
            "counts": _counts_text(gate.counts, lang),
            "carried": counted("carried_long", carried, lang) if carried else None,
            "users": counted("users_n", plan_phase["users"], lang) if plan_phase else None,
            "cohorts": [f"{c['name']}: {c['users']}" for c in plan_phase.get("cohorts", [])],
        })
    return cards


def _findings_by_gate(report: Report) -> list[dict]:
    lang = report.lang
    out = []
    for gate in report.gates:
        items = []
        for f in report.findings_on(gate.phase):
            items.append({
                "label": finding_label(f, lang), "css": "cannot" if f.outcome == "cannot-assess" else f.severity,
                "rule": f.rule, "title": f.title, "subject": f.subject, "message": f.message,
                "remediation": f.remediation, "waived": f.waived,
                "waiver": text("waived_by", lang).format(**f.waiver) if f.waived and f.waiver else None,
                "citations": [citation(report, g) for g in f.guidance],
                "evidence": [(k, show_value(v)) for k, v in f.evidence.items()],
            })
        out.append({"phase": gate.phase, "name": gate.name, "decision": gate.decision,
                    "heading": text("gate_for", lang).format(phase=gate.phase), "findings": items})
    return out


# -- the timeline picture --------------------------------------------------------------

def _timeline(report: Report) -> dict[str, Any]:
    lang = report.lang
    tl = report.timeline
    start = dt.date.fromisoformat(tl["start"])
    end = dt.date.fromisoformat(tl["end"])
    as_of = dt.date.fromisoformat(report.plan["as_of"])
    # Day differences, not date arithmetic: a plan may run to 9999-12-31.
    show_as_of = (start - as_of).days <= AS_OF_REACH and (as_of - end).days <= AS_OF_REACH
    if show_as_of:
        start, end = min(start, as_of), max(end, as_of)
    axis_start = start.replace(day=1)
    axis_end = _next_month(end)
    days = max((axis_end - axis_start).days, 1)
    span = WIDTH - LABEL_WIDTH - RIGHT_PAD

    def x(value: str | dt.date, end_of_day: bool = False) -> float:
        day = dt.date.fromisoformat(value) if isinstance(value, str) else value
        offset = (day - axis_start).days + (1 if end_of_day else 0)
        return round(LABEL_WIDTH + span * offset / days, 1)

    months = []
    names = month_names(lang)
    month_count = (axis_end.year - axis_start.year) * 12 + axis_end.month - axis_start.month
    if month_count <= MAX_MONTH_TICKS:
        month = axis_start
        while month < axis_end:
            label = names[month.month - 1] + (f" {month.year}" if month.month == 1 or month == axis_start else "")
            months.append({"x": x(month), "label": label})
            month = _next_month(month)
    else:  # a plan over years: a tick every few years, at most MAX_MONTH_TICKS of them
        step = -(-month_count // (12 * MAX_MONTH_TICKS))
        for year in range(axis_start.year, axis_end.year + 1, step):
            tick = max(dt.date(year, 1, 1), axis_start)
            if tick < axis_end:
                months.append({"x": x(tick), "label": str(year)})

    decisions = {g.phase: g.decision for g in report.gates}
    rows = []
    y = AXIS_HEIGHT
    for phase in tl["phases"]:
        x0, x1 = x(phase["start"]), x(phase["end"], end_of_day=True)
        decision = decisions.get(phase["phase"])
        segments = []
        total = phase["users"] or 0
        cursor = x0
        for i, cohort in enumerate(phase["cohorts"]):
            width = (x1 - x0) * cohort["users"] / total if total else 0
            segments.append({"x": round(cursor, 1), "width": round(width, 1), "shade": i % 2,
                             "title": f"{cohort['name']} ({cohort['group']}): "
                                      + counted("users_n", cohort["users"], lang)})
            cursor += width
        cohorts_label = " · ".join(f"{c['name']} {c['users']}" for c in phase["cohorts"])
        right = x1 < WIDTH * 0.68
        box_left, box_right = (x1 + 6, WIDTH) if right else (LABEL_WIDTH, x0 - 6)
        box_width = round(max(box_right - box_left, 0), 1)
        findings = [f for f in report.findings_on(phase["phase"])]
        unwaived = [f for f in findings if not f.waived]
        worst = min((f.severity for f in unwaived), key=SEVERITY_ORDER.__getitem__, default=None)
        rows.append({
            "phase": phase["phase"], "name": phase["name"], "y": y,
            "users": counted("users_n", phase["users"], lang),
            "x": x0, "width": round(max(x1 - x0, 2.0), 1),
            "decision": decision or "none", "decision_text": decision or text("not_assessed", lang),
            "title": f"{phase['name']} ({phase['phase']}): {phase['start']} – {phase['end']} · "
                     f"{decision or text('not_assessed', lang)}",
            "segments": segments,
            "cohorts_label": cohorts_label, "label_anchor": "start" if right else "end",
            # Drawn in a box of its own, beside the bar: a long label is cut where it would run
            # into the row's name or off the chart (the cohorts' own titles name them in full).
            "label_box": {"x": round(box_left, 1), "width": box_width, "text_x": 0 if right else box_width},
            "pin": {"count": len(findings), "severity": worst or "waived",
                    "title": "\n".join([counted("findings_n", len(findings), lang)]
                                       + [f"{finding_label(f, lang)} {f.rule}: {f.subject}" for f in findings])}
            if findings else None,
        })
        y += ROW_HEIGHT

    lanes = []
    for kind in ("communication", "helpdesk-training", "training-session"):
        events = [e for e in tl["events"] if e["kind"] == kind]
        if not events:
            continue
        markers = []
        for e in events:
            detail = e.get("wave") or e.get("method") or ", ".join(e.get("topics", []))
            title = f"{e['date']} · {e['id']}" + (f" · {detail}" if detail else "")
            title += f" · {text('audience', lang)}: {', '.join(e['audience']) or '–'}"
            markers.append({"x": x(e["date"]) + round(span / days / 2, 1), "title": title,
                            "css": (e.get("wave") or "").replace(" ", "-")})
        lanes.append({"kind": kind, "label": text(f"lane_{kind}", lang), "y": y, "markers": markers})
        y += LANE_HEIGHT

    return {
        "width": WIDTH, "height": y + 20, "label_width": LABEL_WIDTH, "axis_height": AXIS_HEIGHT,
        "row_height": ROW_HEIGHT, "lane_height": LANE_HEIGHT, "months": months, "rows": rows, "lanes": lanes,
        "as_of": {"x": x(as_of), "label": f"{text('as_of_marker', lang)} {as_of.isoformat()}"}
        if show_as_of else None,
        "bottom": y,
    }


def _next_month(day: dt.date) -> dt.date:
    if day.year == dt.MAXYEAR and day.month == 12:
        return dt.date.max
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
