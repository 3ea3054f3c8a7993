"""One format, written twice: model.py and rulebook.py (msgspec structs, what
the tool reads a plan or rule file into) and schema.py (pydantic models,
which word and place the problems of a document msgspec refuses, and write
the JSON Schema). A check imports only the first. The two must accept
exactly the same documents, with the same values: a field, limit or literal
changed on one side only fails here."""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys
import typing

import msgspec
import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError
from typing_extensions import Required

from conftest import EXAMPLE
from readiness import model, rulebook, schema, source
from readiness.errors import PlanErrors


def _structs(module) -> dict[str, type]:
    return {name: value for name, value in vars(module).items()
            if isinstance(value, type) and issubclass(value, msgspec.Struct) and value.__module__ == module.__name__
            and not name.startswith("_") and name != "Strict"}


RULE_NAMES = {"Text": "Texts"}  # schema.py's plan part has a `Text` already (a string type)
PAIRS = ([(struct, getattr(schema, name, None)) for name, struct in _structs(model).items()]
         + [(struct, getattr(schema, RULE_NAMES.get(name, name), None)) for name, struct in _structs(rulebook).items()])

# A valid instance of each, with every required field and a few others.
TEXT = {"en": "Text", "sv": "Text"}
VALID: dict[str, dict] = {
    "Organization": {"name": "Contoso", "total_users": 100, "locale": "sv-SE"},
    "Sponsor": {"name": "Eva", "title": "CIO"},
    "Governance": {"status_meetings": "weekly", "status_report": True},
    "Workstream": {"name": "technology", "owner": "Ann"},
    "Team": {"workstreams": [{"name": "operations"}]},
    "Goal": {"id": "g1", "title": "Goal"},
    "Objective": {"id": "o1", "goal": "g1"},
    "Challenge": {"id": "c1", "description": "x"},
    "Target": {"op": ">=", "value": 80},
    "SuccessCriterion": {"id": "sc1", "kind": "quantitative", "target": {"op": "<", "value": 0.5},
                         "due": "2027-06-01", "baseline": 3},
    "Group": {"id": "it", "users": 10, "platforms": ["windows"], "change_readiness": "high"},
    "Person": {"id": "p1", "group": "it", "vip": True, "tech_level": "low"},
    "Cohort": {"group": "it", "users": 5, "enrollment": "assisted"},
    "Phase": {"id": "pilot", "kind": "pilot", "start": "2027-06-01", "end": "2027-06-30",
              "cohorts": [{"group": "it"}], "participants": ["p1"], "tests": ["technical"]},
    "Communication": {"id": "m1", "wave": "kickoff", "audience": ["all"], "channels": ["email"],
                      "date": "2027-05-01", "call_to_action": True},
    "HelpdeskTraining": {"date": "2027-05-20", "phases": ["pilot"], "topics": ["enrollment"]},
    "Hypercare": {"phase": "pilot", "days": 5},
    "Support": {"helpdesk_trainings": [{"date": "2027-05-20"}], "enrollment_guides": ["ios"]},
    "TrainingSession": {"date": "2027-05-21", "audience": ["helpdesk"], "method": "video"},
    "Training": {"methods": ["self-study"], "sessions": [], "uses_pilot_feedback": False},
    "Operations": {"alerts_tuned": True},
    "Risk": {"id": "r1", "phase": "pilot"},
    "Measurement": {"criterion": "sc1", "value": 0.25, "measured_on": "2027-06-20"},
    "Assessment": {"criterion": "sc2", "met": True, "assessed_on": "2027-06-20"},
    "Results": {"completed_phases": ["pilot"]},
    "Waiver": {"rule": "PILOT-NO-VIP", "target": "phases[pilot]", "reason": "Approved risk",
               "approved_by": "Eva", "expires": "2027-12-31"},
    "WaiverFile": {"waivers": []},
    "Plan": {"version": 1, "organization": {"name": "Contoso", "total_users": 100}, "groups": [{"id": "it"}],
             "phases": [{"id": "pilot", "kind": "pilot", "start": "2027-06-01", "end": "2027-06-30"}],
             "settings": {"pilot_max_share": 0.1}},
    "Text": TEXT,
    "Quote": {"sv": "citat", "en": "quote"},
    "Docs": {"why": TEXT, "example": "groups: []"},
    "Unless": {"kind": "phase", "where": {"phase_kind": "pilot"}, "same": ["phase"]},
    "RuleSpec": {"id": "PILOT-NO-VIP", "title": TEXT, "guidance": ["PIL-4"], "severity": "major", "gate": "phase",
                 "match": "participant", "message": TEXT, "remediation": TEXT},
    "GateSpec": {"decision": "NO-GO", "title": TEXT, "when": {"severity": "blocker"}},
    "ManualCheck": {"guidance": "TEAM-3", "question": TEXT},
    "PackFile": {"rules": [], "gates": None},
}

# Values tried in every field: types, limits either side, dates, lists.
PROBES = [
    None, True, False, 0, 1, -1, 2, 1.0, 0.5, -0.5, 1e12, 1.0000001e12, -1e12, -1.0000001e12, 100_000_000,
    100_000_001, 2**64, math.nan, math.inf, -math.inf, "", " ", "\u200b", "x", "x" * 35, "x" * 36, "x" * 200,
    "x" * 201, "\U0001f600" * 200, "\U0001f600" * 201, "y" * 500, "y" * 501, "y" * 2000, "y" * 2001, "y" * 10_000,
    "y" * 10_001, "2027-01-01", "2027-1-1", "2027-02-30", "\uff12\uff10\uff12\uff17-01-01", dt.date(2027, 1, 1),
    dt.datetime(2027, 1, 1, 8), b"x", [], ["x"], [1], [None], ["x", "x"], {}, {"a": 1}, {"a": "1"}, {"a": None},
    {"": 1}, {"x" * 200: 1.5}, {"x" * 201: 1.5}, {"a": math.nan}, {"a": 1e13}, {1: 1}, TEXT, "PILOT-NO-VIP",
    "pilot-no-vip", "PILOT-NO-VIP\n", "{path}",
]


def _literals(info) -> list:
    """Every literal value a field's type names, however nested."""
    if isinstance(info, msgspec.inspect.LiteralType):
        return list(info.values)
    found = []
    for name in ("types", "item_type", "value_type"):
        inner = getattr(info, name, None)
        for each in inner if isinstance(inner, tuple) else [inner] if inner is not None else []:
            found += _literals(each)
    return found


def _probes(struct: type, field: str) -> list:
    info = next(f for f in msgspec.inspect.type_info(struct).fields if f.name == field).type
    literals = _literals(info)
    nested = [VALID[t.cls.__name__] for t in _struct_types(info)]
    return (PROBES + literals + [str(v).upper() for v in literals if isinstance(v, str)] + [[v] for v in literals]
            + nested + [[n] for n in nested] + ["drop"])


def _struct_types(info) -> list:
    if isinstance(info, msgspec.inspect.StructType):
        return [info]
    found = []
    for name in ("types", "item_type"):
        inner = getattr(info, name, None)
        for each in inner if isinstance(inner, tuple) else [inner] if inner is not None else []:
            found += _struct_types(each)
    return found


def _plain(value):
    """A value as comparable data: structs and models as mappings, and each
    scalar with its type (1, 1.0 and true differ)."""
    if isinstance(value, msgspec.Struct):
        return {f: _plain(getattr(value, f)) for f in value.__struct_fields__}
    if isinstance(value, BaseModel):
        return {f: _plain(getattr(value, f)) for f in type(value).model_fields}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if value is msgspec.UNSET:  # PackFile.gates left out; pydantic's default is None (and not in fields_set)
        value = None
    return type(value).__name__, value


def _fast(struct: type, data):
    try:
        return _plain(msgspec.convert(data, struct, strict=True))
    except msgspec.ValidationError:
        return "refused"


def _exact(twin, data):
    adapter = TypeAdapter(twin) if not (isinstance(twin, type) and issubclass(twin, BaseModel)) else None
    try:
        return _plain(adapter.validate_python(data) if adapter else twin.model_validate(data))
    except ValidationError:
        return "refused"


def test_every_struct_has_a_pydantic_twin_and_a_valid_example():
    assert [struct.__name__ for struct, twin in PAIRS if twin is None] == []
    assert sorted(struct.__name__ for struct, _ in PAIRS) == sorted(VALID)


@pytest.mark.parametrize("struct,twin", PAIRS, ids=lambda x: getattr(x, "__name__", ""))
def test_the_twins_have_the_same_fields_in_order_with_the_same_defaults(struct, twin):
    fields = msgspec.structs.fields(struct)
    if isinstance(twin, type) and issubclass(twin, BaseModel):
        exact = {name: (info.is_required(), None if info.is_required() else info.get_default(call_default_factory=True))
                 for name, info in twin.model_fields.items()}
    else:  # a TypedDict (schema.Person): defaults in Field(default=...)
        hints = typing.get_type_hints(twin, include_extras=True)
        exact = {name: (True, None) if typing.get_origin(hint) is Required else (False, typing.get_args(hint)[-1].default)
                 for name, hint in hints.items()}
    fast = {f.name: (f.required, None if f.required else f.default_factory() if f.default_factory is not msgspec.NODEFAULT
                     else f.default) for f in fields}
    assert list(fast) == list(exact)
    assert {k: (required, _plain(default)) for k, (required, default) in fast.items()} == {
        k: (required, _plain(default)) for k, (required, default) in exact.items()}


@pytest.mark.parametrize("struct,twin", PAIRS, ids=lambda x: getattr(x, "__name__", ""))
def test_the_twins_accept_the_same_values_with_the_same_result(struct, twin):
    valid = VALID[struct.__name__]
    assert _fast(struct, valid) == _exact(twin, valid) != "refused"
    differ = []
    for field in struct.__struct_fields__:
        for probe in _probes(struct, field):
            data = {k: v for k, v in valid.items() if k != field} if probe == "drop" else {**valid, field: probe}
            fast, exact = _fast(struct, data), _exact(twin, data)
            if fast != exact:
                differ.append(f"{field}={str(probe)[:30]!r}: msgspec {str(fast)[:80]}, pydantic {str(exact)[:80]}")
    for extra in ({"unknown": 1}, {1: "x"}):
        if _fast(struct, {**valid, **extra}) != _exact(twin, {**valid, **extra}):
            differ.append(f"extra key {extra}")
    assert differ == []


def test_the_example_plan_reads_the_same_through_either():
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert _plain(model.to_plan(data)) == _plain(schema.Plan.model_validate(data))


def test_a_check_imports_no_pydantic():
    # pydantic takes longer to import and build than most checks take to run.
    probe = ("import sys\nfrom readiness.cli import main\n"
             f"code = main(['check', {str(EXAMPLE)!r}, '--format', 'json', '--as-of', '2027-06-01'])\n"
             "print(code, sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')), "
             "file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stderr == "1 []\n"


def test_a_plan_msgspec_refuses_is_worded_by_pydantic(runner, example):
    example["groups"][0]["users"] = -1
    example["phases"][0]["kind"] = "Pilot"
    code, _, err = runner.run("check", runner.write(example))
    assert code == 2 and [line.split(": ", 1)[1] for line in err.splitlines()] == [
        "groups[it].users: input should be greater than or equal to 0 (got -1)",
        "phases[pilot-limited].kind: 'Pilot' is not one of 'pilot', 'expanded-pilot' or 'production'; "
        "did you mean 'pilot'?"]


def test_a_plan_only_msgspec_refuses_is_an_internal_error_not_a_wrong_report(runner, monkeypatch):
    # The twins disagreeing is a bug; the check must stop, not report on a guess.
    def refuse(data):
        raise msgspec.ValidationError("Expected `int`, got `str` - at `$.version`")

    monkeypatch.setattr("readiness.loader.to_plan", refuse)
    code, out, err = runner.run("check", EXAMPLE)
    assert (code, out) == (3, "")
    assert "msgspec refused what pydantic accepts: Expected `int`, got `str` - at `$.version`" in err


def test_data_built_in_memory_is_judged_by_pydantic_first(example):
    # Not read from a file, it may hold any Python object: msgspec takes a
    # tuple for a list, pydantic (strict) does not.
    from readiness.loader import validate_document

    example["phases"][0]["tests"] = ("technical",)
    with pytest.raises(PlanErrors, match=r"^mem: phases\[pilot-limited\]\.tests: expected a list, got tuple"):
        validate_document(source.Document(file="mem", text="", data=example))


def test_a_plan_built_in_memory_reads_as_the_same_structs(example):
    from readiness.loader import validate_document

    from_memory = validate_document(source.Document(file="mem", text="", data=example)).plan
    assert from_memory == model.to_plan(example) and type(from_memory.people[0]) is model.Person


def test_a_plan_encodes_and_reads_back_the_same():
    from readiness.loader import load_plan

    plan = load_plan(str(EXAMPLE)).plan
    assert model.to_plan(msgspec.json.decode(msgspec.json.encode(plan))) == plan
