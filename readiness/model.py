"""Plan format v1 as the rest of the tool reads it: frozen msgspec structs
(the contract in docs/plan-format.md).

Strict on purpose: unknown keys are errors (a typo must not silently switch a
rule off), strings are not coerced to numbers or booleans, NaN and infinity
are refused. Fields the guidance asks for but a plan may still lack (a goal's
business value, a cohort's enrollment approach) are optional here: their
absence is a *finding* for the rules to report, not an input error.

msgspec validates a plan at C speed and imports in milliseconds; pydantic
(schema.py, the same format written again) is imported only to word and
place the errors of a plan msgspec refuses, and for the JSON Schema. The two
must accept exactly the same plans with the same values: tests/test_model.py
holds them together, field by field.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated, Literal, Optional

import msgspec

Id = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Text = Annotated[str, msgspec.Meta(max_length=10_000)]
Count = Annotated[int, msgspec.Meta(ge=0, le=100_000_000)]
Number = Annotated[float, msgspec.Meta(ge=-1e12, le=1e12)]  # also refuses NaN and infinity

Platform = Literal["windows", "macos", "ios", "android"]
Level = Literal["low", "medium", "high"]
PhaseKind = Literal["pilot", "expanded-pilot", "production"]
Enrollment = Literal["self-service", "assisted", "tech-fair"]
Wave = Literal["kickoff", "pre-enrollment", "enrollment", "post-enrollment", "other"]
Channel = Literal["meeting", "online-meeting", "email", "intranet", "social", "poster", "video", "other"]
PhaseTest = Literal["technical", "communication", "training", "support"]
TrainingMethod = Literal["instructor-led", "self-study", "video", "tech-fair", "other"]
Workstreams = Literal["technology", "change-management", "user-experience", "operations", "other"]
CriterionCategory = Literal["adoption", "user-experience", "support", "security", "productivity", "cost", "other"]
Strategy = Literal["department", "geography", "platform", "other"]


# Each class also says kw_only: msgspec does not inherit it, and without it
# a required field may not follow one with a default.
class Strict(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    pass


class Organization(Strict, kw_only=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
    total_users: Annotated[int, msgspec.Meta(gt=0, le=100_000_000)]
    locale: Optional[Annotated[str, msgspec.Meta(max_length=35)]] = None


class Sponsor(Strict, kw_only=True):
    name: Optional[Text] = None
    title: Optional[Text] = None


class Governance(Strict, kw_only=True):
    status_meetings: Optional[Text] = None
    status_report: Optional[bool] = None
    reporting: Optional[Text] = None
    lessons_learned_owner: Optional[Text] = None


class Workstream(Strict, kw_only=True):
    name: Workstreams
    owner: Optional[Text] = None


class Team(Strict, kw_only=True):
    workstreams: list[Workstream] = []


class Goal(Strict, kw_only=True):
    id: Id
    title: Optional[Text] = None
    description: Optional[Text] = None
    business_value: Optional[Text] = None


class Objective(Strict, kw_only=True):
    id: Id
    title: Optional[Text] = None
    goal: Optional[Id] = None
    execution: Optional[Text] = None


class Challenge(Strict, kw_only=True):
    id: Id
    description: Optional[Text] = None
    solution: Optional[Text] = None


class Target(Strict, kw_only=True):
    op: Literal[">=", ">", "<=", "<", "=="]
    value: Number


class SuccessCriterion(Strict, kw_only=True):
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
    due: Optional[dt.date] = None
    phase: Optional[Id] = None
    owner: Optional[Text] = None


class Group(Strict, kw_only=True):
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


class Person(Strict, kw_only=True):
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


class Cohort(Strict, kw_only=True):
    group: Id
    users: Optional[Count] = None
    enrollment: Optional[Enrollment] = None


class Phase(Strict, kw_only=True):
    id: Id
    name: Optional[Text] = None
    kind: PhaseKind
    strategy: Optional[Strategy] = None
    start: dt.date
    end: dt.date
    cohorts: list[Cohort] = []
    participants: list[Id] = []
    exit_criteria: list[Id] = []
    tests: list[PhaseTest] = []


class Communication(Strict, kw_only=True):
    id: Id
    wave: Wave
    audience: list[Id] = []
    channels: list[Channel] = []
    date: Optional[dt.date] = None
    sender: Optional[Text] = None
    content: list[Text] = []
    call_to_action: Optional[bool] = None
    help_contact: Optional[Text] = None
    feedback_survey: Optional[bool] = None
    owners: list[Text] = []


class HelpdeskTraining(Strict, kw_only=True):
    date: dt.date
    phases: list[Id] = []
    topics: list[Text] = []


class Hypercare(Strict, kw_only=True):
    phase: Id
    days: Count


class Support(Strict, kw_only=True):
    helpdesk_trainings: list[HelpdeskTraining] = []
    hypercare: list[Hypercare] = []
    enrollment_guides: list[Platform] = []
    escalation_to_design_team: Optional[bool] = None
    user_documentation: Optional[bool] = None


class TrainingSession(Strict, kw_only=True):
    date: dt.date
    audience: list[Id] = []
    method: Optional[TrainingMethod] = None


class Training(Strict, kw_only=True):
    methods: list[TrainingMethod] = []
    sessions: list[TrainingSession] = []
    uses_pilot_feedback: Optional[bool] = None
    material_update_process: Optional[bool] = None


class Operations(Strict, kw_only=True):
    alerts_tuned: Optional[bool] = None
    procedures_verified: Optional[bool] = None
    daily_tasks_verified: Optional[bool] = None
    escalation_verified: Optional[bool] = None


class Risk(Strict, kw_only=True):
    id: Id
    description: Optional[Text] = None
    mitigation: Optional[Text] = None
    phase: Optional[Id] = None


class Measurement(Strict, kw_only=True):
    criterion: Id
    value: Number
    measured_on: dt.date
    # The phase it was taken for; without it, it counts for each phase whose
    # window its date falls in (a criterion several phases list is ambiguous).
    phase: Optional[Id] = None


class Assessment(Strict, kw_only=True):
    criterion: Id
    met: bool
    evidence: Optional[Text] = None
    assessed_on: Optional[dt.date] = None  # without it, the assessment stands for every phase
    phase: Optional[Id] = None  # as for a measurement


class Results(Strict, kw_only=True):
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


def is_blank(value: str) -> bool:
    return not any(map(visible, value))


class Waiver(Strict, kw_only=True):
    rule: Id
    target: Text
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=10_000)]
    approved_by: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
    expires: dt.date

    def __post_init__(self) -> None:
        # A waiver accepts a risk: " " (or a zero-width space) is no reason and
        # nobody's approval. (schema.Waiver words the error.)
        if is_blank(self.reason) or is_blank(self.approved_by):
            raise ValueError("is blank")


class Plan(Strict, kw_only=True):
    """A rollout plan, format version 1."""

    version: Literal[1]
    organization: Organization
    sponsor: Optional[Sponsor] = None
    governance: Optional[Governance] = None
    team: Optional[Team] = None
    goals: list[Goal] = []
    objectives: list[Objective] = []
    challenges: list[Challenge] = []
    success_criteria: list[SuccessCriterion] = []
    groups: Annotated[list[Group], msgspec.Meta(min_length=1)]
    people: Optional[list[Person]] = None
    phases: Annotated[list[Phase], msgspec.Meta(min_length=1)]
    communications: Optional[list[Communication]] = None
    support: Optional[Support] = None
    training: Optional[Training] = None
    operations: Optional[Operations] = None
    risks: list[Risk] = []
    results: Results = msgspec.field(default_factory=Results)
    waivers: list[Waiver] = []
    # Named thresholds the rules use (see `readiness rules settings`); a plan
    # may override the defaults for its organization.
    settings: dict[Id, Number] = {}


class WaiverFile(Strict, kw_only=True):
    """A file of waivers (`--waivers`): `waivers:` and a list."""

    waivers: list[Waiver]


def to_plan(data: dict) -> Plan:
    """Validate plan data (as parsed) into a Plan; raises
    msgspec.ValidationError at the first problem (schema.py says what they
    all are)."""
    return msgspec.convert(data, Plan, strict=True)
