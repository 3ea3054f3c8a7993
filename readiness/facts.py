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
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from typing import Any, Iterable

from .i18n import exact
from .loader import LoadedPlan
from .model import Phase, Plan
from .source import path_namer

PILOT_KINDS = ("pilot", "expanded-pilot")
IT_DEPARTMENT = "it"

# What a communication's `content` topics say, for the awareness rules: a
# topic counts for a question when one of its words is listed here (case does
# not matter; English and Swedish, with the inflected forms a topic is
# written in, since words are matched whole: "mål" must not match
# "målgrupp"). The kickoff's high-level "plan" (which groups get Intune
# when, 003 · Kickoff-vågen) answers both who and when.
TOPIC_WORDS: dict[str, frozenset[str]] = {
    "who": frozenset({"who", "vem", "vilka", "plan", "planen", "audience", "group", "groups", "role", "roles",
                      "responsibility", "responsibilities", "contact", "contacts", "team", "teamet", "roll",
                      "rollen", "roller", "rollerna", "ansvar", "ansvaret", "ansvarsområde", "ansvarsområden",
                      "ansvarsområdena", "kontakt", "kontakten", "kontakter", "kontakterna", "grupp",
                      "gruppen", "grupper", "grupperna", "målgrupp", "målgruppen", "målgrupper",
                      "målgrupperna", "deltagare", "deltagarna"}),
    "what": frozenset({"what", "vad", "overview", "översikt", "översikten", "intune", "solution", "lösning",
                      "lösningen", "project", "projekt", "projektet"}),
    "when": frozenset({"when", "när", "plan", "planen", "timeline", "tidslinje", "tidslinjen", "tidsplan",
                      "tidsplanen", "tidplan", "tidplanen", "schedule", "schema", "schemat", "date", "dates",
                      "datum", "datumet", "tidpunkt", "tidpunkten"}),
    "where": frozenset({"where", "var", "location", "plats", "platsen", "resource", "resources", "resurs",
                      "resursen", "resurser", "resurserna", "instructions", "instruktion", "instruktionen",
                      "instruktioner", "instruktionerna", "help", "hjälp", "hjälpen", "support", "supporten",
                      "guide", "guiden", "guider", "guiderna", "guides", "faq", "documentation",
                      "dokumentation", "dokumentationen", "manual", "manualen"}),
    "why": frozenset({"why", "varför", "value", "värde", "värdet", "benefit", "benefits", "fördel", "fördelen",
                      "fördelar", "fördelarna", "nytta", "nyttan", "goal", "goals", "mål", "målet", "målen",
                      "målsättning", "målsättningen", "purpose", "syfte", "syftet", "reason", "reasons",
                      "anledning", "anledningen", "anledningar", "orsak", "orsaken", "orsaker"}),
}
AWARENESS_QUESTIONS = ("who", "what", "when", "where", "why")
# What a pilot tests besides the technical implementation (004 · Pilot).
PILOT_TEST_AREAS = ("communication", "training", "support")


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


def _result_fields(since: str, until: str, phase: str) -> dict[str, tuple[str, str]]:
    """The fields of an exit criterion's result (exit-result, handover)."""
    return dict(
        criterion=("str", "criterion id"), criterion_kind=("str", "quantitative | qualitative"),
        measured=("bool", f"a result exists: a measurement (quantitative) or an assessment (qualitative) dated "
                  f"from {since} up to the assessment date and before {until}, or an undated assessment; "
                  f"one that names a phase counts for that phase only"),
        met=("bool", "the latest result meets the target (absent if not measured)"),
        value=("number", "latest measured value (quantitative)"),
        measured_on=("str", "the date of that measurement or dated assessment (absent if none counts)"),
        target=("str", "the target, e.g. >= 0.9"),
        expected=("str", "what a result must show: the target, 'met' (qualitative) or 'no target'"),
        result=("str", "the result as shown: '0.72 on 2027-02-25', 'not met on 2027-08-06', 'met', 'none'"),
        pending=("bool", f"{phase} has not ended by the assessment date and is not completed"))


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
          ux_criteria=("int", "success criteria of category user-experience"),
          groups=("int", "target groups"), phases=("int", "phases"),
          pilot_phases=("int", "pilot and expanded-pilot phases"),
          production_phases=("int", "production phases"),
          people=("int", "people on the roster"), has_roster=("bool", "the plan lists people"),
          communications=("int", "communications"), has_communications=("bool", "any communications"),
          has_support=("bool", "the plan has a support section"),
          helpdesk_trainings=("int", "helpdesk trainings: support.helpdesk_trainings and training sessions "
                              "for the helpdesk"),
          risks=("int", "risks"),
          has_progress_reporting=("bool", "governance.reporting says how progress against the goals is reported"),
          first_phase=("str", "id of the first phase"),
          first_phase_kind=("str", "kind of the first phase"),
          first_production_phase=("str", "id of the first production phase (absent if none)"),
          days_until_first_phase=("int", "days from the assessment date to the first phase's start")),
    _kind("goal", "A deployment goal.",
          goal=("str", "goal id"), title=("str", "title"),
          criteria=("int", "success criteria that name this goal"),
          has_description=("bool", "has a description"),
          has_business_value=("bool", "has a business value"),
          missing_parts=("str", "what it lacks of description, business_value (comma-separated)")),
    _kind("objective", "A deployment objective: an action that reaches a goal.",
          objective=("str", "objective id"), title=("str", "title (absent if not given)"),
          has_execution=("bool", "says how it is carried out"),
          has_goal=("bool", "names the goal it serves"),
          missing_parts=("str", "what it lacks of execution, goal (comma-separated)"),
          missing_part_count=("int", "how many of those it lacks")),
    _kind("challenge", "A deployment challenge.",
          challenge=("str", "challenge id"), description=("str", "description (absent if not given)"),
          has_solution=("bool", "has a proposed solution")),
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
          wave_users=("int", "the most users enrolling on any one day of this phase: its own and those of "
                      "the phases running together with it (sharing at least half of the shorter one's days)"),
          wave_share=("number", "wave_users / organization's total users"),
          wave_phases=("str", "the phases enrolling on that day, this one included, comma-separated"),
          cohorts=("int", "number of cohorts"), exit_criteria=("int", "number of exit criteria"),
          unmeasured_exit_criteria=("int", "exit criteria that do not say how they are measured: no "
                                    "measured_by, or (quantitative) no metric or no target"),
          unmeasured_exit_list=("str", "those criteria's ids, comma-separated"),
          helpdesk_trainings=("int", "helpdesk trainings (support.helpdesk_trainings, and training sessions for "
                              "the helpdesk whose audience names the phase) that list this phase, whatever their "
                              "date"),
          completed=("bool", "listed in results.completed_phases and started by the assessment date"),
          is_first_pilot=("bool", "the first pilot or expanded-pilot phase"),
          tests=("str", "what the phase tests (technical, communication, training, support), comma-separated"),
          has_technical_test=("bool", "tests the technical implementation (a test and validation plan)"),
          untested_areas=("str", "of communication, training, support: those it does not test"),
          untested_area_count=("int", "how many of those it does not test"),
          awareness_gaps=("str", "of who, what, when, where, why: those no communication reaching the phase "
                          "by its start covers (content topics, facts.TOPIC_WORDS)"),
          awareness_gap_count=("int", "how many of those are not covered"),
          strategy=("str", "department | geography | platform | other (absent if not given)"),
          production_index=("int", "1-based position among production phases (absent for pilot phases)"),
          days_after_pilots=("int", "days from the last pilot phase's end to this phase's start (absent for "
                             "pilot phases and in plans without a pilot; 0 or less: it starts before the "
                             "pilots end)"),
          tech_fair_cohorts=("int", "cohorts that enrol at an IT tech fair")),
    _kind("group-overlap", "A group enrolling in two phases whose dates overlap (one fact per pair; its "
          "path is the group's cohort in the later phase).",
          group=("str", "group id"), group_name=("str", "group name"),
          phase=("str", "the later of the two phases (by start, then rollout order)"),
          other_phase=("str", "the earlier one"),
          overlap_days=("int", "days both phases run (inclusive)")),
    _kind("group", "A target group and where it enrols.",
          group=("str", "group id"), group_name=("str", "group name"),
          phases=("int", "phases in which the group enrols (as a cohort)"),
          phase=("str", "the first phase in which it enrols (absent if none)"),
          phase_list=("str", "those phases, comma-separated"),
          users=("int", "its users (absent if not given)"),
          scheduled_users=("int", "users its cohorts enrol, over all phases (a cohort without users: the rest "
                           "of the group in that phase)"),
          unscheduled_users=("int", "users of the group that no phase enrols (absent when the group's users are "
                             "not given)"),
          overscheduled_users=("int", "users its cohorts enrol past its size, over all phases (absent when the "
                               "group's users are not given)"),
          missing_factors=("str", "timeframe factors it does not record, of change_readiness, users, devices, "
                           "platforms, location, business_risk (comma-separated)"),
          missing_factor_count=("int", "how many of those it does not record")),
    _kind("helpdesk-training", "A helpdesk training, once for each phase it covers (also a training session for "
          "the helpdesk whose audience names phases).",
          phase=("str", "the phase covered"), date=("str", "training date"),
          days_before_start=("int", "days between the training and the phase's start (negative: after)")),
    _kind("cohort", "A group enrolling in a phase.",
          phase=("str", "phase id"), phase_kind=("str", "the phase's kind"),
          group=("str", "group id"), group_name=("str", "group name"),
          department=("str", "the group's department (absent if not given)"),
          users=("int", "users enrolling (the cohort's, else the group's)"),
          enrollment=("str", "self-service | assisted | tech-fair (absent if not given)"),
          executive=("bool", "the group is executives / VIPs"),
          needs_assistance=("bool", "the group needs assistance"),
          change_readiness=("str", "the group's change readiness: low | medium | high (absent if not given)"),
          platforms=("str", "the group's device platforms, comma-separated"),
          platforms_without_guide=("str", "those platforms support.enrollment_guides has no guide for"),
          missing_guides=("int", "how many of the group's platforms have no enrollment guide")),
    _kind("pilot-member", "A member of a pilot phase: a cohort group or a named participant.",
          phase=("str", "pilot phase id"), phase_kind=("str", "pilot | expanded-pilot"),
          member_type=("str", "group | person"), member=("str", "group or person id"),
          name=("str", "name"), title=("str", "job title (people)"),
          department=("str", "department (absent if not given)"),
          executive=("bool", "an executive: an executive group, a person flagged executive, a member of "
                     "an executive group, or the plan's sponsor (by name)"),
          vip=("bool", "a VIP (people)")),
    _kind("pilot", "All pilot phases together (one fact, absent when the plan has no pilot).",
          pilot_phases=("int", "pilot phases"),
          users=("int", "pilot users: cohort users, plus named participants from groups that are not a "
                 "cohort of their phase"),
          participants=("int", "named participants"),
          departments=("int", "distinct departments among cohort groups and participants"),
          department_list=("str", "those departments, comma-separated"),
          enrols_nobody=("bool", "every pilot cohort enrols 0 users (as stated) and no participant is named"),
          roles=("int", "distinct roles among participants"),
          tech_levels=("int", "distinct tech levels among participants"),
          it_share=("number", "share of those pilot users from IT (0..1; absent when no pilot user count is "
                     "known)"),
          executives=("int", "executive or VIP members")),
    _kind("communication", "A communication of the plan.",
          communication=("str", "communication id"), wave=("str", "kickoff | pre-enrollment | enrollment | "
                                                                  "post-enrollment | other"),
          to_all=("bool", "reaches everyone: audience \"all\", or groups and phases that together hold "
                  "every target group"), date=("str", "date (absent if not given)"),
          days_before_first_phase=("int", "days between it and the first phase's start"),
          has_help_contact=("bool", "names where to get help"), channels=("int", "number of channels"),
          sender=("str", "sender (absent if not given)"),
          content=("str", "its content topics, comma-separated"),
          covers_why=("bool", "a content topic says why / the value (facts.TOPIC_WORDS['why'])"),
          missing_parts=("str", "what it lacks of content, channels, audience and date, comma-separated"),
          missing_count=("int", "how many of those four it lacks"),
          email=("bool", "delivered by email"), meeting=("bool", "delivered in a meeting or online meeting"),
          intranet=("bool", "published on the intranet"),
          first=("bool", "the earliest-dated communication of the plan (on that day the kickoffs if any, "
                 "else each message of the day; of those, the sponsor's if the sponsor sends any)"),
          from_sponsor=("bool", "sent by the sponsor: a sender that says 'sponsor' or names the sponsor "
                                 "(\"Eva Lind (CIO)\"), or is the sponsor's title"),
          call_to_action=("bool", "carries a call to action (false when not stated)"),
          owners=("int", "owners named for it")),
    _kind("comm-reach", "A communication reaching one cohort (its group in its phase).",
          communication=("str", "communication id"), wave=("str", "its wave"),
          phase=("str", "phase id"), group=("str", "group id"),
          days_before_start=("int", "days between it and the phase's start (negative: after)"),
          in_turn=("bool", "sent once the group is next in turn: on or after the start of the phase before "
                   "this one, the latest to start on an earlier day (always, for the first phase)"),
          has_help_contact=("bool", "names where to get help"),
          feedback_survey=("bool", "carries a feedback survey"),
          targeted=("bool", "addressed to the phase or the group itself, not to everyone (\"all\", or every "
                            "group or every phase listed)"),
          self_help=("bool", "its content names self-help resources (resources, documentation, guide, FAQ, "
                     "self-help, resurser)"),
          timeline=("bool", "its content names the timeline (timeline, schedule, tidslinje, tidsplan)")),
    _kind("phase-reach", "A dated communication reaching a phase: its audience is everyone, the phase, or a "
          "group enrolling or taking part in it.",
          phase=("str", "phase id"), phase_kind=("str", "the phase's kind"),
          communication=("str", "communication id"), wave=("str", "its wave"),
          targeted=("bool", "addressed to this phase or one of its groups, not only to everyone (\"all\", or "
                            "every group or every phase listed)"),
          days_before_start=("int", "days between it and the phase's start (negative: after)"),
          feedback_survey=("bool", "carries a feedback survey")),
    _kind("risk", "A risk, consideration or mitigation of the plan.",
          risk=("str", "risk id"), description=("str", "description (absent if not given)"),
          phase=("str", "the phase it concerns (absent if not given)"),
          has_mitigation=("bool", "names a mitigation")),
    _kind("exit-result", "A pilot phase's exit criterion and what was measured for it (for the broad gate).",
          phase=("str", "pilot phase id"),
          **_result_fields("the phase's start", "the first production phase after it starts", "the phase")),
    _kind("handover", "A production phase's exit criterion and what was measured for it, for the gate of "
          "the phase after it (absent when that phase starts before this one ends: the results cannot decide "
          "its gate).",
          phase=("str", "the next phase: the gate these results decide"),
          from_phase=("str", "the production phase whose exit criterion it is"),
          **_result_fields("from_phase's start", "the next phase starts", "from_phase")),
    _kind("wave-channels", "The channels of one wave's communications that reach a phase's cohorts "
          "(one fact per phase and wave that has any).",
          phase=("str", "phase id"), wave=("str", "the wave"),
          communications=("int", "communications of this wave reaching the phase"),
          channels=("int", "distinct channels they use"),
          email=("bool", "one of them is an email"), meeting=("bool", "one of them is a (online) meeting"),
          intranet=("bool", "one of them is on the intranet"),
          social_or_poster=("bool", "one of them uses social channels or posters")),
    _kind("campaign", "The communication plan as a whole (one fact, absent when there are no communications).",
          communications=("int", "communications"),
          channels=("int", "distinct channels across all communications"),
          channel_list=("str", "those channels, comma-separated"),
          kickoffs=("int", "kickoff communications"),
          kickoff_complete_days_before_first_phase=(
              "int", "days between the first phase's start and the date by which the dated kickoff "
              "communications together have reached every target group (absent if they never do)"),
          kickoff_meeting=("bool", "a kickoff is held as a meeting or online meeting"),
          awareness_social_or_poster=("bool", "a kickoff or pre-enrollment communication uses social channels "
                                      "or posters"),
          owner_roles_missing=("str", "which of admin, support, communications no communication's owners "
                               "name, comma-separated (admin: 'admin...'; support: 'support', 'helpdesk', "
                               "'service desk'; communications: 'communication', 'comms', 'kommunikation')"),
          owner_roles_missing_count=("int", "how many of those three roles are missing"),
          feedback_surveys=("int", "communications carrying a feedback survey"),
          production_pilot_stories=("int", "communications reaching production cohorts whose content names "
                                    "the pilot (e.g. 'pilot experiences', 'pilotanvändare'; not 'Autopilot' "
                                    "or 'Copilot')")),
    _kind("support", "The support plan (one fact, absent without a support section).",
          user_documentation=("bool", "user documentation is produced and distributed (false when not stated)"),
          escalation_to_design_team=("bool", "the helpdesk can report problems to the design team "
                                     "(false when not stated)"),
          enrollment_guides=("int", "platforms with an enrollment guide"),
          guide_list=("str", "those platforms, comma-separated")),
    _kind("hypercare", "A hypercare period of the support plan.",
          phase=("str", "the phase it covers"), days=("int", "its length in days")),
    _kind("training", "The training plan (one fact, absent without a training section).",
          methods=("int", "distinct training methods, listed or used by sessions"),
          method_list=("str", "those methods, comma-separated"),
          sessions=("int", "training sessions"),
          pilot_methods=("int", "distinct methods of sessions that reach pilot cohorts"),
          pilot_phases=("int", "pilot and expanded-pilot phases of the plan"),
          uses_pilot_feedback=("bool", "material is built using pilot feedback (false when not stated)"),
          material_update_process=("bool", "a process updates the material (false when not stated)")),
    _kind("training-reach", "A training session reaching one cohort (its group in its phase), or the helpdesk "
          "before one phase.",
          phase=("str", "phase id"), group=("str", "group id (absent for helpdesk sessions)"),
          helpdesk=("bool", "a helpdesk session (audience \"helpdesk\")"),
          method=("str", "training method (absent if not given)"),
          date=("str", "session date"),
          days_before_start=("int", "days between it and the phase's start (negative: after)")),
    _kind("operations", "What the pilot verified of operations (one fact, absent without an operations section).",
          open_items=("str", "the checklist fields not true, comma-separated: alerts_tuned, procedures_verified, "
                      "daily_tasks_verified, escalation_verified"),
          open_count=("int", "how many items are not verified (not stated counts as not verified)"),
          pilot_ended=("bool", "every pilot phase has ended by the assessment date or is completed (true "
                       "without a pilot)")),
    _kind("governance", "Project governance (one fact, absent without a governance section).",
          has_status_meetings=("bool", "a meeting cadence is stated"),
          status_meetings=("str", "the cadence (absent if not given)"),
          status_report=("bool", "status is reported in a status report (false when not stated)"),
          has_lessons_learned_owner=("bool", "an owner for lessons learned is named")),
    _kind("team", "The deployment planning team (one fact, absent without a team section).",
          workstreams=("int", "workstreams"),
          workstreams_missing=("str", "which of technology, change-management, user-experience, operations "
                               "has no workstream with an owner, comma-separated"),
          workstreams_missing_count=("int", "how many of those four are missing")),
]}


@dataclass
class FactSet:
    """Facts for the engine, in a stable order, and where each comes from."""

    facts: list[dict[str, Any]] = field(default_factory=list)
    locations: dict[str, tuple] = field(default_factory=dict)  # display path -> plan tokens


def completed_phases(plan: Plan, as_of: dt.date) -> set[str]:
    """The phases listed as completed that had started by the assessment
    date: as of an earlier date, a later phase was not completed yet."""
    starts = {p.id: p.start for p in plan.phases}
    return {p for p in plan.results.completed_phases if starts[p] <= as_of}


def derive_facts(loaded: LoadedPlan, as_of: dt.date) -> FactSet:
    plan = loaded.plan
    out = FactSet()
    display_path = path_namer(loaded.document.data)  # a mail's reach facts share its path
    facts, locations = out.facts, out.locations

    # Called some 10,000 times for a large plan: one dict built per fact,
    # absent values (None) left out of it.
    def add(kind: str, tokens: tuple, /, **values: Any) -> None:
        assert "kind" not in values and "path" not in values, "call the field e.g. phase_kind"
        path = display_path(tokens)
        locations.setdefault(path, tokens)
        if None in values.values():
            values = {name: value for name, value in values.items() if value is not None}
        facts.append({"kind": kind, "path": path, **values})

    phases = plan.phases
    first = phases[0]
    first_production = next((p for p in phases if p.kind == "production"), None)
    pilots = [(i, p) for i, p in enumerate(phases) if p.kind in PILOT_KINDS]
    groups = {g.id: g for g in plan.groups}
    group_ids, phase_ids = set(groups), {p.id for p in phases}
    # Only named pilot participants are looked up on the roster (which may
    # hold a million people); ids are unique (loader).
    named = {person for phase in phases for person in phase.participants}
    people = {p.id: p for p in plan.people or [] if p.id in named} if named else {}
    comms = plan.communications or []
    trainings = plan.support.helpdesk_trainings if plan.support else []
    helpdesk_sessions = sum("helpdesk" in s.audience for s in plan.training.sessions) if plan.training else 0
    completed = completed_phases(plan, as_of)
    guides = set(plan.support.enrollment_guides) if plan.support else set()

    add("plan", (),
        organization=plan.organization.name, total_users=plan.organization.total_users,
        goals=len(plan.goals), objectives=len(plan.objectives), challenges=len(plan.challenges),
        success_criteria=len(plan.success_criteria),
        quantitative_criteria=sum(c.kind == "quantitative" for c in plan.success_criteria),
        qualitative_criteria=sum(c.kind == "qualitative" for c in plan.success_criteria),
        measurable_criteria=sum(bool(c.metric and c.target and c.measured_by) for c in plan.success_criteria),
        ux_criteria=sum(c.category == "user-experience" for c in plan.success_criteria),
        groups=len(plan.groups), phases=len(phases), pilot_phases=len(pilots),
        production_phases=sum(p.kind == "production" for p in phases),
        people=len(plan.people or []), has_roster=bool(plan.people),
        communications=len(comms), has_communications=bool(comms),
        has_support=plan.support is not None, helpdesk_trainings=len(trainings) + helpdesk_sessions,
        risks=len(plan.risks),
        has_progress_reporting=bool(plan.governance and plan.governance.reporting), first_phase=first.id, first_phase_kind=first.kind,
        first_production_phase=first_production.id if first_production else None,
        days_until_first_phase=(first.start - as_of).days)

    criteria_per_goal: dict[str, int] = {}
    for criterion in plan.success_criteria:
        if criterion.goal:
            criteria_per_goal[criterion.goal] = criteria_per_goal.get(criterion.goal, 0) + 1
    for i, goal in enumerate(plan.goals):
        missing = [name for name, value in (("description", goal.description),
                                            ("business_value", goal.business_value)) if not value]
        add("goal", ("goals", i), goal=goal.id, title=goal.title, criteria=criteria_per_goal.get(goal.id, 0),
            has_description=bool(goal.description), has_business_value=bool(goal.business_value),
            missing_parts=", ".join(missing))
    for i, objective in enumerate(plan.objectives):
        missing = [name for name, value in (("execution", objective.execution), ("goal", objective.goal))
                   if not value]
        add("objective", ("objectives", i), objective=objective.id, title=objective.title,
            has_execution=bool(objective.execution), has_goal=bool(objective.goal),
            missing_parts=", ".join(missing), missing_part_count=len(missing))
    for i, challenge in enumerate(plan.challenges):
        add("challenge", ("challenges", i), challenge=challenge.id, description=challenge.description,
            has_solution=bool(challenge.solution))

    for i, criterion in enumerate(plan.success_criteria):
        gaps = _smart_gaps(criterion)
        add("criterion", ("success_criteria", i), criterion=criterion.id, criterion_kind=criterion.kind,
            category=criterion.category, has_metric=bool(criterion.metric),
            has_target=criterion.target is not None, has_measured_by=bool(criterion.measured_by),
            time_bound=bool(criterion.due or criterion.phase), has_baseline=criterion.baseline is not None,
            has_owner=bool(criterion.owner), smart_gaps=", ".join(gaps), smart_gap_count=len(gaps))

    awareness_gaps = _phase_reach_facts(phases, comms, people, group_ids, add)
    for i, risk in enumerate(plan.risks):
        add("risk", ("risks", i), risk=risk.id, description=risk.description, phase=risk.phase,
            has_mitigation=bool(risk.mitigation))

    criteria = {c.id: c for c in plan.success_criteria}
    total = plan.organization.total_users
    first_pilot = pilots[0][1] if pilots else None
    pilots_end = max((p.end for _, p in pilots), default=None)
    production_index = {p.id: n for n, p in enumerate((p for p in phases if p.kind == "production"), 1)}
    # A training session for the helpdesk that names phases in its audience
    # prepares the helpdesk for those phases, as a helpdesk training does.
    phase_ids = {p.id for p in phases}
    helpdesk_for = [(i, s, [a for a in dict.fromkeys(s.audience) if a in phase_ids])
                    for i, s in enumerate(plan.training.sessions if plan.training else []) if "helpdesk" in s.audience]
    trainings_per_phase = Counter(phase_id for t in trainings for phase_id in set(t.phases))
    trainings_per_phase.update(phase_id for _, _, named in helpdesk_for for phase_id in named)
    sizes_of = [_cohort_sizes(phase, groups) for phase in phases]
    waves = _waves(phases, [sum(sizes) for sizes in sizes_of])
    for i, phase in enumerate(phases):
        sizes = sizes_of[i]
        users = sum(sizes)
        wave_users, wave_phases = waves[i]
        unmeasured = [c for c in phase.exit_criteria if not _states_measurement(criteria[c])]
        add("phase", ("phases", i), phase=phase.id, name=phase.name or phase.id, phase_kind=phase.kind, index=i + 1,
            is_first=i == 0, is_pilot=phase.kind in PILOT_KINDS, is_first_production=phase is first_production,
            start=phase.start.isoformat(), end=phase.end.isoformat(),
            days_until_start=(phase.start - as_of).days, users=users, user_share=users / total,
            wave_users=wave_users, wave_share=wave_users / total, wave_phases=", ".join(wave_phases),
            cohorts=len(phase.cohorts), exit_criteria=len(phase.exit_criteria),
            unmeasured_exit_criteria=len(unmeasured), unmeasured_exit_list=", ".join(unmeasured),
            helpdesk_trainings=trainings_per_phase[phase.id],
            completed=phase.id in completed, is_first_pilot=phase is first_pilot,
            tests=", ".join(phase.tests), has_technical_test="technical" in phase.tests,
            untested_areas=", ".join(a for a in PILOT_TEST_AREAS if a not in phase.tests),
            untested_area_count=sum(a not in phase.tests for a in PILOT_TEST_AREAS),
            awareness_gaps=", ".join(awareness_gaps[phase.id]), awareness_gap_count=len(awareness_gaps[phase.id]),
            strategy=phase.strategy, production_index=production_index.get(phase.id),
            days_after_pilots=(phase.start - pilots_end).days if pilots_end and phase.kind == "production" else None,
            tech_fair_cohorts=sum(c.enrollment == "tech-fair" for c in phase.cohorts))
        for j, cohort in enumerate(phase.cohorts):
            group = groups[cohort.group]
            add("cohort", ("phases", i, "cohorts", j), phase=phase.id, phase_kind=phase.kind, group=group.id,
                group_name=group.name or group.id, department=group.department,
                users=sizes[j], enrollment=cohort.enrollment,
                executive=group.executive, needs_assistance=group.needs_assistance,
                change_readiness=group.change_readiness, platforms=", ".join(group.platforms),
                platforms_without_guide=", ".join(p for p in group.platforms if p not in guides),
                missing_guides=sum(p not in guides for p in group.platforms))

    _group_facts(plan, add, sizes_of)

    phase_by_id = {p.id: p for p in phases}
    for i, training in enumerate(trainings):
        for phase_id in training.phases:
            add("helpdesk-training", ("support", "helpdesk_trainings", i), phase=phase_id,
                date=training.date.isoformat(), days_before_start=(phase_by_id[phase_id].start - training.date).days)
    for i, session, named in helpdesk_for:
        for phase_id in named:
            add("helpdesk-training", ("training", "sessions", i), phase=phase_id, date=session.date.isoformat(),
                days_before_start=(phase_by_id[phase_id].start - session.date).days)

    _pilot_facts(plan, pilots, groups, people, add)

    earliest = min((c.date for c in comms if c.date), default=None)
    # On the first day the kickoff, if there is one, is the first message;
    # of several on that day, the sponsor's (a news post the same day as
    # the sponsor's kickoff meeting does not come first).
    kickoff_first = any(c.date == earliest and c.wave == "kickoff" for c in comms if c.date)
    first_day = [c for c in comms if c.date is not None and c.date == earliest
                 and (c.wave == "kickoff" or not kickoff_first)]
    sponsor_first = [c for c in first_day if _from_sponsor(c.sender, plan)]
    first_messages = {id(c) for c in sponsor_first or first_day}
    reach = _Audiences(phases)

    def groups_reached(audience) -> set[str]:
        reached = {target for target in audience if target in group_ids}
        reached.update(cohort.group for _, cohort in reach.reached(audience))
        return reached

    def reaches_everyone(audience) -> bool:
        # "all", or groups and phases that together hold every target group
        # (a kickoff may list them instead: COM-2).
        return "all" in audience or groups_reached(audience) >= group_ids

    # A group is next in turn (COM-4: the enrollment wave reaches the groups
    # "som står i tur") once the phase before its own has started.
    # (The phase before: the latest to start strictly before this one; phases
    # starting on the same day are in turn together.)
    turn_starts: dict[str, dt.date] = {}
    before, latest = dt.date.min, dt.date.min  # phases are listed by start
    for phase in phases:
        if phase.start > latest:
            before, latest = latest, phase.start
        turn_starts[phase.id] = before

    # The kickoff may take several messages over several weeks (COM-2): it
    # has reached everyone on the date its messages together hold every group.
    kickoff_complete = None
    kicked_off: set[str] = set()
    for comm in sorted((c for c in comms if c.wave == "kickoff" and c.date), key=attrgetter("date")):
        kicked_off |= group_ids if "all" in comm.audience else groups_reached(comm.audience)
        if kicked_off >= group_ids:
            kickoff_complete = (first.start - comm.date).days
            break

    for i, comm in enumerate(comms):
        missing = [name for name, given in (("content", comm.content), ("channels", comm.channels),
                                            ("audience", comm.audience), ("date", comm.date)) if not given]
        add("communication", ("communications", i), communication=comm.id, wave=comm.wave,
            to_all=reaches_everyone(comm.audience), date=comm.date.isoformat() if comm.date else None,
            days_before_first_phase=(first.start - comm.date).days if comm.date else None,
            has_help_contact=bool(comm.help_contact), channels=len(set(comm.channels)), sender=comm.sender,
            content=", ".join(comm.content), covers_why="why" in topics_of(comm.content),
            missing_parts=", ".join(missing), missing_count=len(missing),
            email="email" in comm.channels, meeting=bool(MEETINGS & set(comm.channels)),
            intranet="intranet" in comm.channels, first=id(comm) in first_messages,
            from_sponsor=_from_sponsor(comm.sender, plan), call_to_action=bool(comm.call_to_action),
            owners=len(comm.owners))
        if comm.date is None:
            continue
        has_help_contact, feedback_survey = bool(comm.help_contact), bool(comm.feedback_survey)
        targeted = not _broadcast(comm.audience, group_ids, phase_ids)
        self_help, timeline = _mentions(comm.content, SELF_HELP_WORDS), _mentions(comm.content, TIMELINE_WORDS)
        for phase, cohort in reach.reached(comm.audience):
            add("comm-reach", ("communications", i), communication=comm.id, wave=comm.wave, phase=phase.id,
                group=cohort.group, days_before_start=(phase.start - comm.date).days,
                in_turn=comm.date >= turn_starts[phase.id],
                has_help_contact=has_help_contact, feedback_survey=feedback_survey,
                targeted=targeted, self_help=self_help, timeline=timeline)

    _campaign_facts(plan, comms, phases, add, reach, kickoff_complete)
    # The pilot is over once every pilot phase has ended by the assessment
    # date or is listed as completed (a plan without one has none to wait for).
    pilot_ended = all(p.end < as_of or p.id in completed for p in phases if p.kind in PILOT_KINDS)
    _section_facts(plan, phases, add, reach, pilot_ended)

    _exit_results(plan, phases, as_of, completed, add)
    return out


def topics_of(content: Iterable[str]) -> set[str]:
    """The awareness questions (who, what, when, where, why) content topics answer."""
    words = {w for item in content for w in "".join(c if c.isalpha() else " " for c in item.casefold()).split()}
    return {question for question, known in TOPIC_WORDS.items() if words & known}


MEETINGS = frozenset({"meeting", "online-meeting"})
SELF_HELP_WORDS = ("resource", "documentation", "guide", "faq", "self-help", "resurs", "dokumentation")
TIMELINE_WORDS = ("timeline", "schedule", "tidslinje", "tidsplan", "tidplan")
# "pilot" in a word (pilot stories, pilotanvändare, testpiloterna), but not
# Windows Autopilot or Copilot, which Intune rollouts mention.
_NAMES_PILOT = re.compile(r"(?<!auto)(?<!auto-)(?<!co)(?<!co-)pilot")
OWNER_ROLES = {  # role -> words an owner's name may contain
    "admin": ("admin",),
    "support": ("support", "helpdesk", "help desk", "service desk", "servicedesk"),
    "communications": ("communication", "comms", "kommunikation"),
}
WORKSTREAMS = ("technology", "change-management", "user-experience", "operations")
OPERATIONS_CHECKLIST = ("alerts_tuned", "procedures_verified", "daily_tasks_verified", "escalation_verified")


def _mentions(texts: Iterable[str], words: Iterable[str]) -> bool:
    folded = [t.casefold() for t in texts]
    return any(word in text for text in folded for word in words)


def _from_sponsor(sender: str | None, plan: Plan) -> bool:
    if not sender:
        return False
    folded = " ".join(sender.casefold().split())
    if "sponsor" in folded:
        return True
    if not plan.sponsor:
        return False
    # The sponsor's name anywhere, as whole words ("Eva Lind (CIO)", "CIO Eva
    # Lind"); the title only on its own: a sender "IT Director" is not a
    # sponsor whose title is "Director".
    name = " ".join((plan.sponsor.name or "").casefold().split())
    title = " ".join((plan.sponsor.title or "").casefold().split())
    # Swedish names a sender by the title's definite form: "Kommundirektören".
    return bool(name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded)) or bool(title) and (
        folded == title or folded in {title + ending for ending in _DEFINITE_ENDINGS})


_DEFINITE_ENDINGS = ("en", "n", "et", "t")


def _campaign_facts(plan: Plan, comms, phases: list[Phase], add, reach: "_Audiences",
                    kickoff_complete: int | None) -> None:
    """Channels per wave and phase, and the communication plan as a whole."""
    if not comms:
        return
    production = {p.id for p in phases if p.kind == "production"}
    per_wave: dict[tuple[str, str], list] = {}  # (phase, wave) -> (index, communication) reaching its cohorts
    index = {p.id: i for i, p in enumerate(phases)}
    stories = 0
    for i, comm in enumerate(comms):
        reached = sorted({phase.id for phase, _ in reach.reached(comm.audience)}, key=index.get)
        for phase_id in reached:
            per_wave.setdefault((phase_id, comm.wave), []).append((i, comm))
        if production & set(reached) and any(_NAMES_PILOT.search(text.casefold()) for text in comm.content):
            stories += 1
    waves = ("kickoff", "pre-enrollment", "enrollment", "post-enrollment", "other")
    for (phase_id, wave), reaching in sorted(per_wave.items(), key=lambda kv: (index[kv[0][0]],
                                                                              waves.index(kv[0][1]))):
        channels = {c for _, comm in reaching for c in comm.channels}
        add("wave-channels", ("communications", reaching[0][0]), phase=phase_id,
            wave=wave, communications=len(reaching), channels=len(channels), email="email" in channels,
            meeting=bool(MEETINGS & channels), intranet="intranet" in channels,
            social_or_poster=bool({"social", "poster"} & channels))
    used = sorted({c for comm in comms for c in comm.channels})
    owners = [o.casefold() for comm in comms for o in comm.owners]
    missing_roles = [role for role, words in OWNER_ROLES.items()
                     if not any(word in owner for owner in owners for word in words)]
    kickoffs = [c for c in comms if c.wave == "kickoff"]
    add("campaign", ("communications",), communications=len(comms), channels=len(used),
        channel_list=", ".join(used), kickoffs=len(kickoffs),
        kickoff_complete_days_before_first_phase=kickoff_complete,
        kickoff_meeting=any(MEETINGS & set(c.channels) for c in kickoffs),
        awareness_social_or_poster=any({"social", "poster"} & set(c.channels) for c in comms
                                       if c.wave in ("kickoff", "pre-enrollment")),
        owner_roles_missing=", ".join(missing_roles), owner_roles_missing_count=len(missing_roles),
        feedback_surveys=sum(bool(c.feedback_survey) for c in comms), production_pilot_stories=stories)


def _section_facts(plan: Plan, phases: list[Phase], add, reach: "_Audiences", pilot_ended: bool) -> None:
    """One fact per optional plan section (support, training, operations,
    governance, team), plus hypercare periods and training reach."""
    if plan.support:
        support = plan.support
        add("support", ("support",), user_documentation=bool(support.user_documentation),
            escalation_to_design_team=bool(support.escalation_to_design_team),
            enrollment_guides=len(set(support.enrollment_guides)),
            guide_list=", ".join(sorted(set(support.enrollment_guides))))
        for i, hypercare in enumerate(support.hypercare):
            add("hypercare", ("support", "hypercare", i), phase=hypercare.phase, days=hypercare.days)
    if plan.training:
        training = plan.training
        methods = set(training.methods) | {s.method for s in training.sessions if s.method}
        pilot_ids = {p.id for p in phases if p.kind in PILOT_KINDS}
        pilot_methods = set()
        for i, session in enumerate(training.sessions):
            for phase, cohort in reach.reached([a for a in session.audience if a != "helpdesk"]):
                if phase.id in pilot_ids and session.method:
                    pilot_methods.add(session.method)
                add("training-reach", ("training", "sessions", i), phase=phase.id, group=cohort.group,
                    helpdesk=False, method=session.method, date=session.date.isoformat(),
                    days_before_start=(phase.start - session.date).days)
            if "helpdesk" in session.audience:
                for phase in phases:
                    add("training-reach", ("training", "sessions", i), phase=phase.id, helpdesk=True,
                        method=session.method, date=session.date.isoformat(),
                        days_before_start=(phase.start - session.date).days)
        add("training", ("training",), methods=len(methods), method_list=", ".join(sorted(methods)),
            sessions=len(training.sessions), pilot_methods=len(pilot_methods), pilot_phases=len(pilot_ids),
            uses_pilot_feedback=bool(training.uses_pilot_feedback),
            material_update_process=bool(training.material_update_process))
    if plan.operations:
        open_items = [name for name in OPERATIONS_CHECKLIST if not getattr(plan.operations, name)]
        add("operations", ("operations",), open_items=", ".join(open_items), open_count=len(open_items),
            pilot_ended=pilot_ended)
    if plan.governance:
        governance = plan.governance
        add("governance", ("governance",), has_status_meetings=bool(governance.status_meetings),
            status_meetings=governance.status_meetings or None, status_report=bool(governance.status_report),
            has_lessons_learned_owner=bool(governance.lessons_learned_owner))
    if plan.team:
        owned = {w.name for w in plan.team.workstreams if w.owner}
        missing = [name for name in WORKSTREAMS if name not in owned]
        add("team", ("team",), workstreams=len(plan.team.workstreams), workstreams_missing=", ".join(missing),
            workstreams_missing_count=len(missing))


def _waves(phases: list[Phase], users: list[int]) -> list[tuple[int, list[str]]]:
    """For each phase, the most users enrolling on any one of its days, with
    it and the phases that run together with it, and those phases (itself
    included, in rollout order). Phases run together when they share at
    least half of the shorter one's days: the same dates split into three
    phases are still a big bang, while a wave that starts as the one before
    it ends is staggered (ROL-5). A phase's last day is the next one's when
    that one starts on it, so a long phase does not add up two short ones
    that hand over to each other beside it. Phases are listed by start, so
    each is compared only with those starting before it ends; each phase's
    busiest day is found by one sweep over its companions' dates."""
    together = [[k] for k in range(len(phases))]
    for k, phase in enumerate(phases):
        for j in range(k + 1, len(phases)):
            other = phases[j]
            if other.start > phase.end:
                break
            shared = (min(phase.end, other.end) - other.start).days + 1
            shorter = min((phase.end - phase.start).days, (other.end - other.start).days) + 1
            if 2 * shared >= shorter:
                together[k].append(j)
                together[j].append(k)
    one_day = dt.timedelta(days=1)
    # The days a phase enrols on: from its start to the day before its end
    # (its end is the hand-over day), or its one day.
    last = [p.end - one_day if p.end > p.start else p.end for p in phases]
    waves = []
    for k, phase in enumerate(phases):
        events = []  # (day, change): users starting, or done the day before
        for n in together[k]:
            first, final = max(phases[n].start, phase.start), min(last[n], last[k])
            if first <= final:
                events.append((first, users[n]))
                if final < dt.date.max:  # (on the last day there is no day after to leave on)
                    events.append((final + one_day, -users[n]))
        events.sort(key=lambda event: (event[0], event[1] > 0))  # those done leave before others come
        load = best = 0
        busiest = phase.start
        for day, change in events:
            load += change
            if load > best:
                best, busiest = load, day
        active = sorted(n for n in together[k] if phases[n].start <= busiest <= last[n])
        waves.append((best, [phases[n].id for n in active]))
    return waves


def _cohort_sizes(phase, groups) -> list[int]:
    """Each cohort's users, in order: as given, or else the rest of its group
    (what the group's other cohorts in this phase do not enrol). One pass:
    a phase may hold thousands of cohorts."""
    given: dict[str, int] = {}
    for cohort in phase.cohorts:
        if cohort.users is not None:
            given[cohort.group] = given.get(cohort.group, 0) + cohort.users
    return [c.users if c.users is not None else max((groups[c.group].users or 0) - given.get(c.group, 0), 0)
            for c in phase.cohorts]


def _states_measurement(criterion) -> bool:
    """A metric and how it is measured (SC-4): measured_by, and for a
    quantitative criterion a metric with a target."""
    if criterion.kind == "quantitative" and not (criterion.metric and criterion.target):
        return False
    return bool(criterion.measured_by)


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


def _phase_reach_facts(phases: list[Phase], comms, people, group_ids: set[str], add) -> dict[str, list[str]]:
    """One phase-reach fact per dated communication and phase it reaches;
    returns, per phase, the awareness questions no communication reaching it
    by its start answers."""
    covered: dict[str, set[str]] = {p.id: set() for p in phases}
    phase_ids = set(covered)
    # Audience name (a phase id, or a group enrolled in the phase) -> the
    # phases it targets, by position: each mail visits only the phases it
    # reaches, not every phase (2,000 phases x 6,000 mails took seconds).
    targets: dict[str, set[int]] = {}
    for n, phase in enumerate(phases):
        targets.setdefault(phase.id, set()).add(n)
        for group in {c.group for c in phase.cohorts} | {people[x].group for x in phase.participants
                                                          if x in people and people[x].group}:
            targets.setdefault(group, set()).add(n)
    for i, comm in enumerate(comms):
        if comm.date is None:
            continue
        targeted_phases = set().union(*(targets.get(name, ()) for name in comm.audience))
        reached = range(len(phases)) if "all" in comm.audience else sorted(targeted_phases)
        broadcast = _broadcast(comm.audience, group_ids, phase_ids)
        topics = topics_of(comm.content)
        for n in reached:
            phase = phases[n]
            targeted = n in targeted_phases and not broadcast
            days = (phase.start - comm.date).days
            if days >= 0:
                covered[phase.id] |= topics
            add("phase-reach", ("communications", i), phase=phase.id, phase_kind=phase.kind,
                communication=comm.id, wave=comm.wave, targeted=targeted, days_before_start=days,
                feedback_survey=bool(comm.feedback_survey))
    return {p.id: [q for q in AWARENESS_QUESTIONS if q not in covered[p.id]] for p in phases}


def _broadcast(audience: list[str], group_ids: set[str], phase_ids: set[str]) -> bool:
    """A message to everyone: "all", or every group (or every phase) listed
    by name. It reaches each phase, but is addressed to none of them."""
    names = set(audience)
    return "all" in names or len(group_ids) > 1 and group_ids <= names or len(phase_ids) > 1 and phase_ids <= names


# What 001 · Målgrupper och tidsramar says a group's timeframe considers, as
# plan fields. Requirements are left out: an empty list may mean "none".
TIMEFRAME_FACTORS = ("change_readiness", "users", "devices", "platforms", "location", "business_risk")


def _group_facts(plan: Plan, add, sizes_of: list[list[int]]) -> None:
    enrols: dict[str, dict[str, None]] = {g.id: {} for g in plan.groups}  # group -> its phases, in order
    scheduled: Counter = Counter()  # group -> users its cohorts enrol, over all phases
    for phase, sizes in zip(plan.phases, sizes_of):
        for cohort, users in zip(phase.cohorts, sizes):
            enrols[cohort.group].setdefault(phase.id)
            scheduled[cohort.group] += users
    order = {p.id: i for i, p in enumerate(plan.phases)}
    by_id = {p.id: p for p in plan.phases}
    for i, group in enumerate(plan.groups):
        in_phases = sorted(enrols[group.id], key=lambda pid: (by_id[pid].start, order[pid]))
        # A sweep by start date: an earlier phase that ended before this one
        # starts cannot overlap any later one either (2,000 phases: pairs took seconds).
        active: list = []
        for later_id in in_phases:
            later = by_id[later_id]
            active = [earlier for earlier in active if earlier.end >= later.start]
            for earlier in active:
                days = (min(earlier.end, later.end) - later.start).days + 1
                if days > 0:
                    cohort = next(k for k, c in enumerate(later.cohorts) if c.group == group.id)
                    add("group-overlap", ("phases", order[later_id], "cohorts", cohort), group=group.id,
                        group_name=group.name or group.id, phase=later_id, other_phase=earlier.id,
                        overlap_days=days)
            active.append(later)
    for i, group in enumerate(plan.groups):
        missing = [name for name in TIMEFRAME_FACTORS if getattr(group, name) in (None, [], "")]
        in_phases = list(enrols[group.id])
        add("group", ("groups", i), group=group.id, group_name=group.name or group.id, phases=len(in_phases),
            phase=in_phases[0] if in_phases else None, phase_list=", ".join(in_phases),
            users=group.users, scheduled_users=scheduled[group.id],
            unscheduled_users=max(group.users - scheduled[group.id], 0) if group.users is not None else None,
            overscheduled_users=max(scheduled[group.id] - group.users, 0) if group.users is not None else None,
            missing_factors=", ".join(missing), missing_factor_count=len(missing))


def _pilot_facts(plan: Plan, pilots, groups, people, add) -> None:
    if not pilots:
        return
    departments: dict[str, str] = {}  # _name_key -> as first written, in plan order
    roles: set[str] = set()
    levels: set[str] = set()
    cohort_users = it_users = 0
    participants: set[str] = set()
    executives = 0
    sponsor_name = _name_key(plan.sponsor.name) if plan.sponsor and plan.sponsor.name else ""
    for i, phase in pilots:
        cohort_groups = {cohort.group for cohort in phase.cohorts}
        for j, (cohort, users) in enumerate(zip(phase.cohorts, _cohort_sizes(phase, groups))):
            group = groups[cohort.group]
            cohort_users += users
            # A cohort that enrols nobody (users: 0, or a group of 0) brings
            # no department into the pilot; one of unknown size does.
            if group.department and (users or cohort.users is None and group.users is None):
                departments.setdefault(_name_key(group.department), _tidy(group.department))
                if _name_key(group.department) == IT_DEPARTMENT:
                    it_users += users
            executives += group.executive
            add("pilot-member", ("phases", i, "cohorts", j), phase=phase.id, phase_kind=phase.kind,
                member_type="group", member=group.id, name=group.name or group.id, department=group.department,
                executive=group.executive, vip=False)
        for j, person_id in enumerate(phase.participants):
            person = people[person_id]
            group = groups[person.group] if person.group else None
            department = person.department or (group.department if group else None)
            if department:
                departments.setdefault(_name_key(department), _tidy(department))
            # A participant from a group that is not a cohort of this phase is
            # one more pilot user (one from a cohort group is counted in it);
            # once, if named in both pilot phases.
            if (person.group is None or person.group not in cohort_groups) and person_id not in participants:
                cohort_users += 1
                it_users += bool(department) and _name_key(department) == IT_DEPARTMENT
            participants.add(person_id)
            if person.role:
                roles.add(_name_key(person.role))
            if person.tech_level:
                levels.add(person.tech_level)
            # A member of an executive group is an executive, flagged or not;
            # so is the plan's (executive) sponsor, named as a participant.
            executive = person.executive or bool(group and group.executive) or (
                bool(sponsor_name) and _name_key(person.name or "") == sponsor_name)
            executives += executive or person.vip
            add("pilot-member", ("phases", i, "participants", j), phase=phase.id, phase_kind=phase.kind,
                member_type="person", member=person.id, name=person.name or person.id, title=person.title,
                department=department, executive=executive, vip=person.vip)
    # Departments are compared by _name_key and reported as first written
    # ("IT" and "it": "IT" if it comes first in the plan), so the same plan
    # always reads the same. Shares are not rounded: a rounded share can
    # pass a limit the exact one breaks. With no pilot users known there is
    # no IT share.
    distinct = sorted(departments.values(), key=str.casefold)
    # Nobody: every pilot cohort says 0 users (or is of a group of 0) and no
    # one is named; not a pilot whose sizes are merely not given.
    nobody = not participants and all(
        cohort.users == 0 or cohort.users is None and groups[cohort.group].users == 0
        for _, phase in pilots for cohort in phase.cohorts)
    add("pilot", ("phases",), pilot_phases=len(pilots), users=cohort_users, participants=len(participants),
        enrols_nobody=nobody,
        departments=len(distinct), department_list=", ".join(distinct), roles=len(roles),
        tech_levels=len(levels), it_share=it_users / cohort_users if cohort_users else None,
        executives=executives)


@lru_cache(maxsize=4096)  # a few departments and roles, named again for each of thousands of people
def _name_key(name: str) -> str:
    """How names typed by people are compared: "IT", "it", "IT " (a
    spreadsheet's trailing space) and "ＩＴ" (full width) are one department."""
    return unicodedata.normalize("NFKC", _tidy(name)).casefold()


def _tidy(name: str) -> str:
    return " ".join(name.split())


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


def _exit_results(plan: Plan, phases: list[Phase], as_of: dt.date, completed: set[str], add) -> None:
    """What was measured for each exit criterion, for the gate it decides:
    a pilot's for the broad gate (exit-result), a production phase's for the
    next phase's gate (handover).

    A phase's result is the latest measurement taken from its start up to
    the assessment date and before the gate it decides: one taken before it
    started measured an earlier phase (the limited pilot's result is not the
    expanded pilot's), one dated after --as-of was not known then, and one
    taken once the next gate's phase had started measured that phase.
    Assessments (qualitative criteria) count the same way when they are
    dated (assessed_on); an undated one stands for every phase that has no
    dated one. A result that names its phase counts for that phase only,
    from the phase's very start (the plan says whose it is, so a hand-over
    day is no doubt) and, as any result, before the gate it decides opens."""
    criteria = {c.id: c for c in plan.success_criteria}
    measurements: dict[str, list] = {}
    for m in sorted(plan.results.measurements, key=lambda m: m.measured_on):
        measurements.setdefault(m.criterion, []).append(m)
    dated: dict[str, list] = {}
    undated: dict[tuple[str, str | None], Any] = {}  # (criterion, phase or None) -> the undated assessment
    for a in plan.results.assessments:
        if a.assessed_on is None:
            undated[(a.criterion, a.phase)] = a
        else:
            dated.setdefault(a.criterion, []).append(a)
    for judged in dated.values():
        judged.sort(key=lambda a: a.assessed_on)

    def results(i: int, measured: Phase, until: dt.date | None, kind: str, **fields) -> None:
        pending = measured.id not in completed and measured.end >= as_of
        # A result dated the day an earlier phase ends and this one starts is
        # the earlier phase's (its window takes in its last day, below).
        since = measured.start
        if handed_over[i] and measured.start < measured.end:
            since += dt.timedelta(days=1)

        def counts(day: dt.date, phase: str | None) -> bool:
            if phase is not None and phase != measured.id:
                return False
            # Said to be this phase's: from its very start (a hand-over day included).
            first = measured.start if phase is not None else since
            return first <= day <= as_of and (until is None or day < until)

        for j, criterion_id in enumerate(measured.exit_criteria):
            criterion = criteria[criterion_id]
            met = value = measured_on = None
            if criterion.kind == "quantitative":
                taken = [m for m in measurements.get(criterion_id, ()) if counts(m.measured_on, m.phase)]
                if taken:
                    value, measured_on = taken[-1].value, taken[-1].measured_on.isoformat()
                    met = _meets(value, criterion.target) if criterion.target else None
            else:
                taken = [a for a in dated.get(criterion_id, ()) if counts(a.assessed_on, a.phase)]
                if taken:
                    met, measured_on = taken[-1].met, taken[-1].assessed_on.isoformat()
                else:
                    judged = undated.get((criterion_id, measured.id)) or undated.get((criterion_id, None))
                    if judged is not None:
                        met = judged.met
            has_result = met is not None or value is not None
            target = f"{criterion.target.op} {exact(criterion.target.value)}" if criterion.target else None
            add(kind, ("phases", i, "exit_criteria", j), **fields, criterion=criterion_id,
                criterion_kind=criterion.kind, measured=has_result, met=met, value=value, measured_on=measured_on,
                target=target, pending=pending,
                expected=target or ("met" if criterion.kind == "qualitative" else "no target"),
                result=_result_text(value, met, measured_on, has_result))

    handed_over: list[bool] = []  # per phase: a phase listed before it ends the day it starts
    ends: set[dt.date] = set()
    for phase in phases:
        handed_over.append(phase.start in ends)
        ends.add(phase.end)
    for i, phase in enumerate(phases):
        following = phases[i + 1] if i + 1 < len(phases) else None
        if phase.kind in PILOT_KINDS:
            broad = next((p for p in phases[i + 1:] if p.kind == "production"), None)
            # (A result of its last day counts when production starts that day.)
            until = (_day_after(broad.start) if broad.start == phase.end else broad.start) if broad else None
            results(i, phase, until, "exit-result", phase=phase.id)
        elif following is not None and phase.end <= following.start:  # overlapping waves decide nothing
            until = _day_after(following.start) if following.start == phase.end else following.start
            results(i, phase, until, "handover", phase=following.id, from_phase=phase.id)


def _result_text(value, met, measured_on: str | None, has_result: bool) -> str:
    """A result as a message shows it: '0.72 on 2027-02-25', 'not met on
    2027-08-06', 'met' (undated), 'none'. i18n.fact_value translates it."""
    if not has_result:
        return "none"
    shown = exact(value) if value is not None else "met" if met else "not met"
    return f"{shown} on {measured_on}" if measured_on else shown


def _day_after(day: dt.date) -> dt.date | None:
    """The exclusive end of a window that takes in `day`; None (no end) for
    the last day a date can hold, 9999-12-31."""
    return day + dt.timedelta(days=1) if day < dt.date.max else None


def _meets(value: float, target) -> bool:
    return {">=": value >= target.value, ">": value > target.value, "<=": value <= target.value,
            "<": value < target.value, "==": value == target.value}[target.op]
