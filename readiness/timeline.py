"""The rollout timeline: what the plan schedules, for reports to draw.

Plain data taken from the validated plan, with nothing decided: phases with
their dates and cohorts, and the dated events around them (communications,
helpdesk trainings, training sessions), each with the phases it concerns.
Renderers join it with the report's gates by phase id; they never look at
the plan themselves. `Report.timeline` holds the result (docs/report-format.md).
"""

from __future__ import annotations

from typing import Any, Iterable

from .model import Phase, Plan

EVENT_KINDS = ("communication", "helpdesk-training", "training-session")


def build_timeline(plan: Plan) -> dict[str, Any]:
    groups = {g.id: g for g in plan.groups}
    phases = []
    for phase in plan.phases:
        cohorts = []
        for cohort in phase.cohorts:
            group = groups[cohort.group]
            users = cohort.users if cohort.users is not None else (group.users or 0)
            cohorts.append({"group": group.id, "name": group.name or group.id, "users": users,
                            "enrollment": cohort.enrollment})
        phases.append({"phase": phase.id, "name": phase.name or phase.id, "kind": phase.kind,
                       "start": phase.start.isoformat(), "end": phase.end.isoformat(),
                       "users": sum(c["users"] for c in cohorts), "cohorts": cohorts})

    events: list[dict[str, Any]] = []
    reached = _Reach(plan.phases)
    for comm in plan.communications or []:
        if comm.date is None:  # undated communications cannot be placed on a date axis
            continue
        events.append({"kind": "communication", "date": comm.date.isoformat(), "id": comm.id, "wave": comm.wave,
                       "audience": list(comm.audience), "phases": reached(comm.audience)})
    if plan.support:
        for i, training in enumerate(plan.support.helpdesk_trainings):
            events.append({"kind": "helpdesk-training", "date": training.date.isoformat(),
                           "id": f"support.helpdesk_trainings[{i}]", "topics": list(training.topics),
                           "audience": ["helpdesk"], "phases": _in_order(training.phases, plan.phases)})
    if plan.training:
        for i, session in enumerate(plan.training.sessions):
            events.append({"kind": "training-session", "date": session.date.isoformat(),
                           "id": f"training.sessions[{i}]", "method": session.method,
                           "audience": list(session.audience),
                           "phases": reached(session.audience)})
    events.sort(key=lambda e: (e["date"], EVENT_KINDS.index(e["kind"]), e["id"]))

    dates = [p["start"] for p in phases] + [p["end"] for p in phases] + [e["date"] for e in events]
    return {"start": min(dates), "end": max(dates), "phases": phases, "events": events}


class _Reach:
    """Phases an audience concerns: all of them for "all", a phase by its id,
    and every phase in which a named group enrols ("helpdesk": none), in
    rollout order. Indexed once: plans have thousands of cohorts and
    hundreds of mails."""

    def __init__(self, phases: list[Phase]):
        self.ids = [p.id for p in phases]
        self.by_target: dict[str, set[int]] = {}
        for n, phase in enumerate(phases):
            self.by_target.setdefault(phase.id, set()).add(n)
            for cohort in phase.cohorts:
                self.by_target.setdefault(cohort.group, set()).add(n)

    def __call__(self, audience: Iterable[str]) -> list[str]:
        targets = set(audience)
        if "all" in targets:
            return list(self.ids)
        hits = set().union(*(self.by_target.get(t, ()) for t in targets))
        return [self.ids[n] for n in sorted(hits)]


def _in_order(phase_ids: Iterable[str], phases: list[Phase]) -> list[str]:
    wanted = set(phase_ids)
    return [p.id for p in phases if p.id in wanted]
