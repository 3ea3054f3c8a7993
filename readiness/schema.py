"""The plan format (model.py), rule files and waiver files (rulebook.py)
written again as pydantic models: for the JSON Schema (`readiness schema`)
and to word and place every problem of a document msgspec refuses
(loader.py). Imported only then: pydantic takes longer to import and build
than most checks take to run.

tests/test_model.py holds each model to its struct: the same fields,
defaults and accepted values. The literal types are model.py's and
rulebook.py's own.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, Optional

from typing_extensions import Required, TypedDict

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from .model import (Channel, CriterionCategory, Enrollment, Level, PhaseKind, PhaseTest, Platform, Strategy,
                    TrainingMethod, Wave, Workstreams, is_blank)
from .rulebook import GateKind, Requirement, Severity, rule_id_problem

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits: \d also takes "２０２７"


def _parse_date(value: object) -> object:
    # YAML gives date objects, JSON gives strings; accept exactly YYYY-MM-DD.
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date (YYYY-MM-DD), not a date and time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")
        try:
            return dt.date.fromisoformat(value)
        except ValueError as error:
            raise ValueError(f"{value!r} is not a calendar date ({error})") from None
    raise ValueError(f"expected a date as YYYY-MM-DD, got {type(value).__name__}")


Date = Annotated[dt.date, BeforeValidator(_parse_date), Field(json_schema_extra={"format": "date"})]


def _whole_number(value: object) -> object:
    # Literal[1] takes anything equal to 1: true and 1.0 too.
    if isinstance(value, (bool, float)):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


Id = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(max_length=10_000)]
Count = Annotated[int, Field(ge=0, le=100_000_000)]
Number = Annotated[float, Field(ge=-1e12, le=1e12)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


class Organization(Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    total_users: Annotated[int, Field(gt=0, le=100_000_000)]
    locale: Optional[Annotated[str, StringConstraints(max_length=35)]] = None


class Sponsor(Strict):
    name: Optional[Text] = None
    title: Optional[Text] = None


class Governance(Strict):
    status_meetings: Optional[Text] = None
    status_report: Optional[bool] = None
    reporting: Optional[Text] = None
    lessons_learned_owner: Optional[Text] = None


class Workstream(Strict):
    name: Workstreams
    owner: Optional[Text] = None


class Team(Strict):
    workstreams: list[Workstream] = []


class Goal(Strict):
    id: Id
    title: Optional[Text] = None
    description: Optional[Text] = None
    business_value: Optional[Text] = None


class Objective(Strict):
    id: Id
    title: Optional[Text] = None
    goal: Optional[Id] = None
    execution: Optional[Text] = None


class Challenge(Strict):
    id: Id
    description: Optional[Text] = None
    solution: Optional[Text] = None


class Target(Strict):
    op: Literal[">=", ">", "<=", "<", "=="]
    value: Number


class SuccessCriterion(Strict):
    id: Id
    goal: Optional[Id] = None
    description: Optional[Text] = None
    kind: Literal["quantitative", "qualitative"]
    category: Optional[CriterionCategory] = None
    metric: Optional[Text] = None
    target: Optional[Target] = None
    unit: Optional[Text] = None
    baseline: Optional[Number] = None
    measured_by: Optional[Text] = None
    due: Optional[Date] = None
    phase: Optional[Id] = None
    owner: Optional[Text] = None


class Group(Strict):
    id: Id
    name: Optional[Text] = None
    department: Optional[Text] = None
    location: Optional[Text] = None
    users: Optional[Count] = None
    devices: Optional[Count] = None
    platforms: list[Platform] = []
    change_readiness: Optional[Level] = None
    business_risk: Optional[Level] = None
    requirements: list[Text] = []
    executive: bool = False
    needs_assistance: bool = False


# A TypedDict, not a model: a rejected roster of a million people is
# validated again here, and dicts are the cheapest to build.
class Person(TypedDict, total=False):
    __pydantic_config__ = ConfigDict(extra="forbid", strict=True, title="Person")  # type: ignore[misc]

    id: Required[Id]
    name: Annotated[Optional[Text], Field(default=None)]
    group: Annotated[Optional[Id], Field(default=None)]
    department: Annotated[Optional[Text], Field(default=None)]
    role: Annotated[Optional[Text], Field(default=None)]
    title: Annotated[Optional[Text], Field(default=None)]
    vip: Annotated[bool, Field(default=False)]
    executive: Annotated[bool, Field(default=False)]
    tech_level: Annotated[Optional[Level], Field(default=None)]
    location: Annotated[Optional[Text], Field(default=None)]


class Cohort(Strict):
    group: Id
    users: Optional[Count] = None
    enrollment: Optional[Enrollment] = None


class Phase(Strict):
    id: Id
    name: Optional[Text] = None
    kind: PhaseKind
    strategy: Optional[Strategy] = None
    start: Date
    end: Date
    cohorts: list[Cohort] = []
    participants: list[Id] = []
    exit_criteria: list[Id] = []
    tests: list[PhaseTest] = []


class Communication(Strict):
    id: Id
    wave: Wave
    audience: list[Id] = []
    channels: list[Channel] = []
    date: Optional[Date] = None
    sender: Optional[Text] = None
    content: list[Text] = []
    call_to_action: Optional[bool] = None
    help_contact: Optional[Text] = None
    feedback_survey: Optional[bool] = None
    owners: list[Text] = []


class HelpdeskTraining(Strict):
    date: Date
    phases: list[Id] = []
    topics: list[Text] = []


class Hypercare(Strict):
    phase: Id
    days: Count


class Support(Strict):
    helpdesk_trainings: list[HelpdeskTraining] = []
    hypercare: list[Hypercare] = []
    enrollment_guides: list[Platform] = []
    escalation_to_design_team: Optional[bool] = None
    user_documentation: Optional[bool] = None


class TrainingSession(Strict):
    date: Date
    audience: list[Id] = []
    method: Optional[TrainingMethod] = None


class Training(Strict):
    methods: list[TrainingMethod] = []
    sessions: list[TrainingSession] = []
    uses_pilot_feedback: Optional[bool] = None
    material_update_process: Optional[bool] = None


class Operations(Strict):
    alerts_tuned: Optional[bool] = None
    procedures_verified: Optional[bool] = None
    daily_tasks_verified: Optional[bool] = None
    escalation_verified: Optional[bool] = None


class Risk(Strict):
    id: Id
    description: Optional[Text] = None
    mitigation: Optional[Text] = None
    phase: Optional[Id] = None


class Measurement(Strict):
    criterion: Id
    value: Number
    measured_on: Date
    # The phase it was taken for; without it, it counts for each phase whose
    # window its date falls in (a criterion several phases list is ambiguous).
    phase: Optional[Id] = None


class Assessment(Strict):
    criterion: Id
    met: bool
    evidence: Optional[Text] = None
    assessed_on: Optional[Date] = None  # without it, the assessment stands for every phase
    phase: Optional[Id] = None  # as for a measurement


class Results(Strict):
    measurements: list[Measurement] = []
    assessments: list[Assessment] = []
    completed_phases: list[Id] = []


def _not_blank(value: str) -> str:
    # A waiver accepts a risk: " " (or a zero-width space) is no reason and
    # nobody's approval.
    if is_blank(value):
        raise PydanticCustomError("blank", "is blank (only white space or invisible characters); say it in words")
    return value


class Waiver(Strict):
    rule: Id
    target: Text
    reason: Annotated[str, StringConstraints(min_length=1, max_length=10_000), AfterValidator(_not_blank)]
    approved_by: Annotated[str, StringConstraints(min_length=1, max_length=500), AfterValidator(_not_blank)]
    expires: Date


class WaiverFile(Strict):
    waivers: list[Waiver]


class Plan(Strict):
    """A rollout plan, format version 1."""

    model_config = ConfigDict(title="Readiness rollout plan (format v1)")

    version: Annotated[Literal[1], BeforeValidator(_whole_number)]
    organization: Organization
    sponsor: Optional[Sponsor] = None
    governance: Optional[Governance] = None
    team: Optional[Team] = None
    goals: list[Goal] = []
    objectives: list[Objective] = []
    challenges: list[Challenge] = []
    success_criteria: list[SuccessCriterion] = []
    groups: Annotated[list[Group], Field(min_length=1)]
    people: Optional[list[Person]] = None
    phases: Annotated[list[Phase], Field(min_length=1)]
    communications: Optional[list[Communication]] = None
    support: Optional[Support] = None
    training: Optional[Training] = None
    operations: Optional[Operations] = None
    risks: list[Risk] = []
    results: Results = Results()
    waivers: list[Waiver] = []
    # Named thresholds the rules use (see `readiness rules settings`); a plan
    # may override the defaults for its organization.
    settings: dict[Id, Number] = {}


# -- rule files (rulebook.py) ------------------------------------------------------


def _rule_id(value: str) -> str:
    problem = rule_id_problem(value)
    if problem:
        raise ValueError(problem)
    return value


RuleId = Annotated[str, AfterValidator(_rule_id)]
Line = Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class _StrictRule(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Texts(_StrictRule):
    """A text in English and Swedish."""

    en: Line
    sv: Line


class Quote(_StrictRule):
    sv: Annotated[str, StringConstraints(min_length=1)]
    en: Annotated[str, StringConstraints(min_length=1)]


class Docs(_StrictRule):
    """ruff-style documentation: what, why (quoting the guidance), an example
    that fires and the fix."""

    why: Optional[Texts] = None
    quote: Optional[Quote] = None
    example: Optional[str] = None  # a plan fragment (YAML) that makes the rule fire
    fix: Optional[str] = None  # the same fragment, fixed
    note: Optional[str] = None  # e.g. why a severity departs from the catalogue's default


class Unless(_StrictRule):
    kind: str
    where: dict[str, Any] = {}
    same: list[str] = []


class RuleSpec(_StrictRule):
    id: RuleId
    title: Texts
    guidance: Annotated[list[str], Field(min_length=1)]
    severity: Severity
    gate: GateKind
    match: str
    where: dict[str, Any] = {}
    unless: list[Unless] = []
    requires: list[Requirement] = []
    subject: Line = "{path}"
    evidence: list[str] = []
    message: Texts
    remediation: Texts
    docs: Docs = Docs()


class GateSpec(_StrictRule):
    decision: Literal["NO-GO", "GO-WITH-RISKS"]
    title: Texts
    when: dict[str, Any]


class PackFile(_StrictRule):
    rules: list[RuleSpec] = []
    gates: Optional[list[GateSpec]] = None  # left out: the gate rules of the packs before stay
    manual_checks: list["ManualCheck"] = []


class ManualCheck(_StrictRule):
    guidance: str
    question: Texts


PackFile.model_rebuild()
