"""Plan format v1 as pydantic models (the contract in docs/plan-format.md).

Strict on purpose: unknown keys are errors (a typo must not silently switch a
rule off), strings are not coerced to numbers or booleans, NaN and infinity
are refused. Fields the guidance asks for but a plan may still lack (a goal's
business value, a cohort's enrollment approach) are optional here: their
absence is a *finding* for the rules to report, not an input error.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Literal, Optional

import msgspec

from typing_extensions import Required, TypedDict

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, StringConstraints
from pydantic_core import PydanticCustomError

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
# Each constraint twice: pydantic validates the plan; msgspec the roster (PersonView).
Id = Annotated[str, StringConstraints(min_length=1, max_length=200), msgspec.Meta(min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(max_length=10_000), msgspec.Meta(max_length=10_000)]
Count = Annotated[int, Field(ge=0, le=100_000_000)]
Number = Annotated[float, Field(ge=-1e12, le=1e12)]

Platform = Literal["windows", "macos", "ios", "android"]
Level = Literal["low", "medium", "high"]
PhaseKind = Literal["pilot", "expanded-pilot", "production"]
Enrollment = Literal["self-service", "assisted", "tech-fair"]
Wave = Literal["kickoff", "pre-enrollment", "enrollment", "post-enrollment", "other"]
Channel = Literal["meeting", "online-meeting", "email", "intranet", "social", "poster", "video", "other"]
PhaseTest = Literal["technical", "communication", "training", "support"]
TrainingMethod = Literal["instructor-led", "self-study", "video", "tech-fair", "other"]


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
    name: Literal["technology", "change-management", "user-experience", "operations", "other"]
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
    category: Optional[Literal["adoption", "user-experience", "support", "security",
                               "productivity", "cost", "other"]] = None
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


# A person on the roster, as pydantic sees one: the JSON Schema, and the
# wording of errors when msgspec refuses a roster (loader._validate). Rosters
# run to a million people, so msgspec validates them, into `PersonView`s.
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


# What `plan.people` holds: a frozen struct per person (`person.group`,
# `person.executive`, ...) with the fields, types, constraints and defaults of
# `Person` (a test holds the two together). msgspec validates a roster into
# these at C speed, five times faster than pydantic (loader._validate); a
# roster pydantic validated (to word its errors) is converted the same way.
class PersonView(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: Id
    name: Optional[Text] = None
    group: Optional[Id] = None
    department: Optional[Text] = None
    role: Optional[Text] = None
    title: Optional[Text] = None
    vip: bool = False
    executive: bool = False
    tech_level: Optional[Level] = None
    location: Optional[Text] = None


def to_people(people: list) -> list[PersonView]:
    """Validate a roster (a list of mappings) into PersonViews; raises
    msgspec.ValidationError on the first person that is not valid."""
    return msgspec.convert(people, list[PersonView], strict=True)


# Dumped (plan.model_dump) as the mappings it was read from.
People = Annotated[list[Person], AfterValidator(to_people), PlainSerializer(msgspec.to_builtins, return_type=list)]


class Cohort(Strict):
    group: Id
    users: Optional[Count] = None
    enrollment: Optional[Enrollment] = None


class Phase(Strict):
    id: Id
    name: Optional[Text] = None
    kind: PhaseKind
    strategy: Optional[Literal["department", "geography", "platform", "other"]] = None
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


# Characters that print as nothing though Unicode calls them printable:
# Hangul fillers, the blank braille pattern, the combining grapheme joiner,
# Khmer inherent vowels and Mongolian variation selectors.
BLANKS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5\u180b\u180c\u180d\u180f")


def visible(char: str) -> bool:
    """A character a reader sees: not white space, a control or format
    character, a blank, or a mark (accents and variation selectors show
    only on the character before them)."""
    return (char.isprintable() and not char.isspace() and char not in BLANKS
            and unicodedata.category(char) not in ("Mn", "Me"))


def _not_blank(value: str) -> str:
    # A waiver accepts a risk: " " (or a zero-width space) is no reason and
    # nobody's approval.
    if not any(map(visible, value)):
        raise PydanticCustomError("blank", "is blank (only white space or invisible characters); say it in words")
    return value


class Waiver(Strict):
    rule: Id
    target: Text
    reason: Annotated[str, StringConstraints(min_length=1, max_length=10_000), AfterValidator(_not_blank)]
    approved_by: Annotated[str, StringConstraints(min_length=1, max_length=500), AfterValidator(_not_blank)]
    expires: Date


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
    people: Optional[People] = None
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
