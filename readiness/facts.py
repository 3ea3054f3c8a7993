"""Deriving facts: the validated plan, flattened for the rule engine.

Rules match one fact at a time (and may require that no fact of another kind
exists), and durable_rules can only compare a fact's property with a
constant. So every relation a rule needs is computed here, in plain Python:
date differences become day counts (`days_before_start`), who hears what
becomes one `comm-reach` fact per communication x cohort, and the pilot's
membership becomes one `pilot` fact of aggregates. Large rosters are
aggregated, never asserted person by person.

`FACT_KINDS` documents every kind and field; the rule compiler checks rule
conditions against it, and `readiness rules facts` prints it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

from .loader import LoadedPlan
from .model import Phase, Plan

PILOT_KINDS = ("pilot", "expanded-pilot")
IT_DEPARTMENT = "it"


@dataclass(frozen=True)
class FactKind:
    name: str
    doc: str
    fields: dict[str, tuple[str, str]]  # field -> (type, meaning); type: str | int | number | bool

    @property
    def has_phase(self) -> bool:
        return "phase" in self.fields


def _kind(name: str, doc: str, /, **fields: tuple[str, str]) -> FactKind:
    common = {"path": ("str", "where in the plan this fact comes from, e.g. phases[prod-1]")}
    return FactKind(name, doc, {**common, **fields})


FACT_KINDS: dict[str, FactKind] = {k.name: k for k in [
    _kind("plan", "The plan as a whole (one fact).",
          organization=("str", "organization name"),
          total_users=("int", "users in the organization"),
          goals=("int", "number of goals"), objectives=("int", "number of objectives"),
          challenges=("int", "number of challenges"),
          success_criteria=("int", "number of success criteria"),
          quantitative_criteria=("int", "quantitative success criteria"),
          qualitative_criteria=("int", "qualitative success criteria"),
          measurable_criteria=("int", "criteria with a metric, a target and a measurement source"),
          groups=("int", "target groups"), phases=("int", "phases"),
          pilot_phases=("int", "pilot and expanded-pilot phases"),
          production_phases=("int", "production phases"),
          people=("int", "people on the roster"), has_roster=("bool", "the plan lists people"),
          communications=("int", "communications"), has_communications=("bool", "any communications"),
          has_support=("bool", "the plan has a support section"),
          helpdesk_trainings=("int", "helpdesk trainings"),
          risks=("int", "risks"),
          first_phase=("str", "id of the first phase"),
          first_phase_kind=("str", "kind of the first phase"),
          first_production_phase=("str", "id of the first production phase (absent if none)"),
          days_until_first_phase=("int", "days from the assessment date to the first phase's start")),
    _kind("goal", "A deployment goal.",
          goal=("str", "goal id"), title=("str", "title"),
          criteria=("int", "success criteria that name this goal"),
          has_description=("bool", "has a description"),
          has_business_value=("bool", "has a business value")),
    _kind("criterion", "A success criterion, with its SMART parts.",
          criterion=("str", "criterion id"), criterion_kind=("str", "quantitative | qualitative"),
          category=("str", "category (absent if not given)"),
          has_metric=("bool", "names a metric"), has_target=("bool", "has a target with a comparison"),
          has_measured_by=("bool", "names how it is measured"),
          time_bound=("bool", "has a due date or a phase"),
          has_baseline=("bool", "has a baseline"), has_owner=("bool", "has an owner"),
          smart_gaps=("str", "the SMART parts it lacks, comma-separated"),
          smart_gap_count=("int", "how many SMART parts it lacks")),
    _kind("phase", "A rollout phase; each phase has a gate.",
          phase=("str", "phase id"), name=("str", "phase name"),
          phase_kind=("str", "pilot | expanded-pilot | production"),
          index=("int", "1-based position in rollout order"),
          is_first=("bool", "the first phase"), is_pilot=("bool", "a pilot or expanded-pilot phase"),
          is_first_production=("bool", "the first production phase"),
          start=("str", "start date"), end=("str", "end date"),
          days_until_start=("int", "days from the assessment date to the start"),
          users=("int", "users enrolling in this phase (sum of cohorts)"),
          user_share=("number", "users / organization's total users"),
          cohorts=("int", "number of cohorts"), exit_criteria=("int", "number of exit criteria"),
          helpdesk_trainings=("int", "helpdesk trainings that cover this phase, whatever their date"),
          completed=("bool", "listed in results.completed_phases")),
    _kind("helpdesk-training", "A helpdesk training, once for each phase it covers.",
          phase=("str", "the phase covered"), date=("str", "training date"),
          days_before_start=("int", "days between the training and the phase's start (negative: after)")),
    _kind("cohort", "A group enrolling in a phase.",
          phase=("str", "phase id"), phase_kind=("str", "the phase's kind"),
          group=("str", "group id"), group_name=("str", "group name"),
          department=("str", "the group's department (absent if not given)"),
          users=("int", "users enrolling (the cohort's, else the group's)"),
          enrollment=("str", "self-service | assisted | tech-fair (absent if not given)"),
          executive=("bool", "the group is executives / VIPs"),
          needs_assistance=("bool", "the group needs assistance")),
    _kind("pilot-member", "A member of a pilot phase: a cohort group or a named participant.",
          phase=("str", "pilot phase id"), phase_kind=("str", "pilot | expanded-pilot"),
          member_type=("str", "group | person"), member=("str", "group or person id"),
          name=("str", "name"), title=("str", "job title (people)"),
          department=("str", "department (absent if not given)"),
          executive=("bool", "an executive (person) or executive group"),
          vip=("bool", "a VIP (people)")),
    _kind("pilot", "All pilot phases together (one fact, absent when the plan has no pilot).",
          pilot_phases=("int", "pilot phases"), users=("int", "users in pilot cohorts"),
          participants=("int", "named participants"),
          departments=("int", "distinct departments among cohort groups and participants"),
          department_list=("str", "those departments, comma-separated"),
          roles=("int", "distinct roles among participants"),
          tech_levels=("int", "distinct tech levels among participants"),
          it_share=("number", "share of pilot cohort users from IT groups (0..1)"),
          executives=("int", "executive or VIP members")),
    _kind("communication", "A communication of the plan.",
          communication=("str", "communication id"), wave=("str", "kickoff | pre-enrollment | enrollment | "
                                                                  "post-enrollment | other"),
          to_all=("bool", "audience is everyone"), date=("str", "date (absent if not given)"),
          days_before_first_phase=("int", "days between it and the first phase's start"),
          has_help_contact=("bool", "names where to get help"), channels=("int", "number of channels"),
          sender=("str", "sender (absent if not given)")),
    _kind("comm-reach", "A communication reaching one cohort (its group in its phase).",
          communication=("str", "communication id"), wave=("str", "its wave"),
          phase=("str", "phase id"), group=("str", "group id"),
          days_before_start=("int", "days between it and the phase's start (negative: after)"),
          has_help_contact=("bool", "names where to get help"),
          feedback_survey=("bool", "carries a feedback survey")),
    _kind("exit-result", "A pilot phase's exit criterion and what was measured for it.",
          phase=("str", "pilot phase id"), criterion=("str", "criterion id"),
          criterion_kind=("str", "quantitative | qualitative"),
          measured=("bool", "a measurement or assessment exists"),
          met=("bool", "the latest result meets the target (absent if not measured)"),
          value=("number", "latest measured value (quantitative)"),
          target=("str", "the target, e.g. >= 0.9"),
          pending=("bool", "the phase has not ended by the assessment date and is not completed")),
]}


@dataclass
class FactSet:
    """Facts for the engine, in a stable order, and where each comes from."""

    facts: list[dict[str, Any]] = field(default_factory=list)
    locations: dict[str, tuple] = field(default_factory=dict)  # display path -> plan tokens

    def add(self, kind: str, tokens: tuple, path: str, /, **values: Any) -> None:
        assert "kind" not in values, "'kind' names the fact kind; call the field e.g. phase_kind"
        fact = {"kind": kind, "path": path}
        fact.update((k, v) for k, v in values.items() if v is not None)
        self.facts.append(fact)
        self.locations.setdefault(path, tokens)


def derive_facts(loaded: LoadedPlan, as_of: dt.date) -> FactSet:
    plan = loaded.plan
    out = FactSet()
    path = loaded.display_path

    def add(kind: str, tokens: tuple, /, **values: Any) -> None:
        out.add(kind, tokens, path(tokens), **values)

    phases = plan.phases
    first = phases[0]
    first_production = next((p for p in phases if p.kind == "production"), None)
    pilots = [(i, p) for i, p in enumerate(phases) if p.kind in PILOT_KINDS]
    groups = {g.id: g for g in plan.groups}
    people = {p.id: p for p in plan.people or []}
    comms = plan.communications or []
    trainings = plan.support.helpdesk_trainings if plan.support else []
    completed = set(plan.results.completed_phases)

    add("plan", (),
        organization=plan.organization.name, total_users=plan.organization.total_users,
        goals=len(plan.goals), objectives=len(plan.objectives), challenges=len(plan.challenges),
        success_criteria=len(plan.success_criteria),
        quantitative_criteria=sum(c.kind == "quantitative" for c in plan.success_criteria),
        qualitative_criteria=sum(c.kind == "qualitative" for c in plan.success_criteria),
        measurable_criteria=sum(bool(c.metric and c.target and c.measured_by) for c in plan.success_criteria),
        groups=len(plan.groups), phases=len(phases), pilot_phases=len(pilots),
        production_phases=sum(p.kind == "production" for p in phases),
        people=len(people), has_roster=bool(people),
        communications=len(comms), has_communications=bool(comms),
        has_support=plan.support is not None, helpdesk_trainings=len(trainings),
        risks=len(plan.risks), first_phase=first.id, first_phase_kind=first.kind,
        first_production_phase=first_production.id if first_production else None,
        days_until_first_phase=(first.start - as_of).days)

    criteria_per_goal: dict[str, int] = {}
    for criterion in plan.success_criteria:
        if criterion.goal:
            criteria_per_goal[criterion.goal] = criteria_per_goal.get(criterion.goal, 0) + 1
    for i, goal in enumerate(plan.goals):
        add("goal", ("goals", i), goal=goal.id, title=goal.title, criteria=criteria_per_goal.get(goal.id, 0),
            has_description=bool(goal.description), has_business_value=bool(goal.business_value))

    for i, criterion in enumerate(plan.success_criteria):
        gaps = _smart_gaps(criterion)
        add("criterion", ("success_criteria", i), criterion=criterion.id, criterion_kind=criterion.kind,
            category=criterion.category, has_metric=bool(criterion.metric),
            has_target=criterion.target is not None, has_measured_by=bool(criterion.measured_by),
            time_bound=bool(criterion.due or criterion.phase), has_baseline=criterion.baseline is not None,
            has_owner=bool(criterion.owner), smart_gaps=", ".join(gaps), smart_gap_count=len(gaps))

    total = plan.organization.total_users
    for i, phase in enumerate(phases):
        users = sum(_cohort_users(c, groups) for c in phase.cohorts)
        add("phase", ("phases", i), phase=phase.id, name=phase.name or phase.id, phase_kind=phase.kind, index=i + 1,
            is_first=i == 0, is_pilot=phase.kind in PILOT_KINDS, is_first_production=phase is first_production,
            start=phase.start.isoformat(), end=phase.end.isoformat(),
            days_until_start=(phase.start - as_of).days, users=users, user_share=round(users / total, 6),
            cohorts=len(phase.cohorts), exit_criteria=len(phase.exit_criteria),
            helpdesk_trainings=sum(phase.id in t.phases for t in trainings),
            completed=phase.id in completed)
        for j, cohort in enumerate(phase.cohorts):
            group = groups[cohort.group]
            add("cohort", ("phases", i, "cohorts", j), phase=phase.id, phase_kind=phase.kind, group=group.id,
                group_name=group.name or group.id, department=group.department,
                users=_cohort_users(cohort, groups), enrollment=cohort.enrollment,
                executive=group.executive, needs_assistance=group.needs_assistance)

    phase_by_id = {p.id: p for p in phases}
    for i, training in enumerate(trainings):
        for phase_id in training.phases:
            add("helpdesk-training", ("support", "helpdesk_trainings", i), phase=phase_id,
                date=training.date.isoformat(), days_before_start=(phase_by_id[phase_id].start - training.date).days)

    _pilot_facts(plan, pilots, groups, people, add)

    reach = _Audiences(phases)
    for i, comm in enumerate(comms):
        add("communication", ("communications", i), communication=comm.id, wave=comm.wave,
            to_all="all" in comm.audience, date=comm.date.isoformat() if comm.date else None,
            days_before_first_phase=(first.start - comm.date).days if comm.date else None,
            has_help_contact=bool(comm.help_contact), channels=len(set(comm.channels)), sender=comm.sender)
        if comm.date is None:
            continue
        for phase, cohort in reach.reached(comm.audience):
            add("comm-reach", ("communications", i), communication=comm.id, wave=comm.wave, phase=phase.id,
                group=cohort.group, days_before_start=(phase.start - comm.date).days,
                has_help_contact=bool(comm.help_contact), feedback_survey=bool(comm.feedback_survey))

    _exit_results(plan, pilots, as_of, completed, add)
    return out


def _cohort_users(cohort, groups) -> int:
    if cohort.users is not None:
        return cohort.users
    return groups[cohort.group].users or 0


def _smart_gaps(criterion) -> list[str]:
    gaps = []
    if criterion.kind == "quantitative":
        if not criterion.metric:
            gaps.append("metric")
        if criterion.target is None:
            gaps.append("target")
    if not criterion.measured_by:
        gaps.append("measured_by")
    if not (criterion.due or criterion.phase):
        gaps.append("due or phase")
    if criterion.kind == "quantitative" and criterion.baseline is None and not criterion.owner:
        gaps.append("baseline or owner")
    return gaps


def _pilot_facts(plan: Plan, pilots, groups, people, add) -> None:
    if not pilots:
        return
    departments: set[str] = set()
    roles: set[str] = set()
    levels: set[str] = set()
    cohort_users = it_users = 0
    participants: set[str] = set()
    executives = 0
    for i, phase in pilots:
        for j, cohort in enumerate(phase.cohorts):
            group = groups[cohort.group]
            users = _cohort_users(cohort, groups)
            cohort_users += users
            if group.department:
                departments.add(group.department)
                if group.department.casefold() == IT_DEPARTMENT:
                    it_users += users
            executives += group.executive
            add("pilot-member", ("phases", i, "cohorts", j), phase=phase.id, phase_kind=phase.kind,
                member_type="group", member=group.id, name=group.name or group.id, department=group.department,
                executive=group.executive, vip=False)
        for j, person_id in enumerate(phase.participants):
            person = people[person_id]
            participants.add(person_id)
            department = person.department or (groups[person.group].department if person.group else None)
            if department:
                departments.add(department)
            if person.role:
                roles.add(person.role.casefold())
            if person.tech_level:
                levels.add(person.tech_level)
            executives += person.executive or person.vip
            add("pilot-member", ("phases", i, "participants", j), phase=phase.id, phase_kind=phase.kind,
                member_type="person", member=person.id, name=person.name or person.id, title=person.title,
                department=department, executive=person.executive, vip=person.vip)
    # Departments are compared case-insensitively but reported as written.
    distinct = sorted({d.casefold(): d for d in departments}.values(), key=str.casefold)
    add("pilot", ("phases",), pilot_phases=len(pilots), users=cohort_users, participants=len(participants),
        departments=len(distinct), department_list=", ".join(distinct), roles=len(roles),
        tech_levels=len(levels), it_share=round(it_users / cohort_users, 6) if cohort_users else 0.0,
        executives=executives)


class _Audiences:
    """(phase, cohort) pairs an audience reaches: "all", a phase id (its
    cohorts) or a group id (that group wherever it enrols), in rollout order.
    Indexed once: plans have thousands of cohorts and hundreds of mails."""

    def __init__(self, phases: list[Phase]):
        self.pairs = [(phase, cohort) for phase in phases for cohort in phase.cohorts]
        self.by_target: dict[str, list[int]] = {}
        for n, (phase, cohort) in enumerate(self.pairs):
            self.by_target.setdefault(phase.id, []).append(n)
            self.by_target.setdefault(cohort.group, []).append(n)

    def reached(self, audience: Iterable[str]) -> list[tuple[Phase, Any]]:
        targets = set(audience)
        if "all" in targets:
            return self.pairs
        hits = sorted({n for target in targets for n in self.by_target.get(target, ())})
        return [self.pairs[n] for n in hits]


def _exit_results(plan: Plan, pilots, as_of: dt.date, completed: set[str], add) -> None:
    criteria = {c.id: c for c in plan.success_criteria}
    latest: dict[str, Any] = {}
    for m in sorted(plan.results.measurements, key=lambda m: m.measured_on):
        latest[m.criterion] = m  # the latest measurement counts
    assessed = {a.criterion: a for a in plan.results.assessments}
    for i, phase in pilots:
        pending = phase.id not in completed and phase.end >= as_of
        for j, criterion_id in enumerate(phase.exit_criteria):
            criterion = criteria[criterion_id]
            met = value = None
            if criterion.kind == "quantitative":
                measurement = latest.get(criterion_id)
                if measurement is not None:
                    value = measurement.value
                    met = _meets(value, criterion.target) if criterion.target else None
            elif criterion_id in assessed:
                met = assessed[criterion_id].met
            measured = met is not None or value is not None
            add("exit-result", ("phases", i, "exit_criteria", j), phase=phase.id, criterion=criterion_id,
                criterion_kind=criterion.kind, measured=measured, met=met, value=value,
                target=f"{criterion.target.op} {criterion.target.value:g}" if criterion.target else None,
                pending=pending)


def _meets(value: float, target) -> bool:
    return {">=": value >= target.value, ">": value > target.value, "<=": value <= target.value,
            "<": value < target.value, "==": value == target.value}[target.op]
