"""Differential testing: durable_rules and the plain-Python reference
evaluator (readiness/reference.py) must produce exactly the same report for
any plan. Plans are mutations of the example: cohorts, people, pilot
participants, communications, helpdesk trainings, dates, flags, enrollment
approaches, criteria, results and settings, with dates drawn close to the
boundaries the rules test (a training exactly `helpdesk_lead_days` before a
phase start). The test must also fail when either evaluator is broken on
purpose: see the tests at the end."""

from __future__ import annotations

import copy
import datetime as dt
import json
import sys

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import ROOT, _example
from readiness import conditions, reference
from readiness.assess import Options, assess
from readiness.loader import validate_document
from readiness.rulebook import load_pack
from readiness.source import Document

BASE = dt.date(2027, 7, 12)
GROUPS = ["it", "it-managers", "sales-marketing", "retail", "hr", "finance", "executives"]
PHASES = ["pilot-limited", "pilot-expanded", "prod-1", "prod-2", "prod-3"]
CRITERIA = ["SC1", "SC2", "SC3", "SC4"]
_pack = []


def pack():
    if not _pack:
        _pack.append(load_pack())
    return _pack[0]


def iso(day: dt.date) -> str:
    return day.isoformat()


@st.composite
def plans(draw) -> tuple[dict, dt.date]:
    plan = copy.deepcopy(_example())
    maybe = st.booleans()
    for group in plan["groups"]:
        group["executive"] = draw(maybe)
        group["needs_assistance"] = draw(maybe)
        department = draw(st.sampled_from(["IT", "it", "Sales", "HR", "Finance", "Retail", None]))
        if department is None:
            group.pop("department", None)
        else:
            group["department"] = department
        if draw(maybe):
            group.pop("users", None)

    people = [{"id": f"x{i}", "name": f"Person {i}", "group": draw(st.sampled_from(GROUPS)),
               "executive": draw(maybe), "vip": draw(maybe),
               "role": draw(st.sampled_from(["Seller", "Developer", "Nurse"])),
               "tech_level": draw(st.sampled_from(["low", "medium", "high"]))}
              for i in range(draw(st.integers(0, 5)))]
    plan["people"] = plan["people"] + people if draw(maybe) else people or None
    person_ids = [p["id"] for p in plan["people"] or []]

    starts = []
    for phase in plan["phases"]:
        start = BASE + dt.timedelta(days=draw(st.integers(0, 90)))
        starts.append(start)
        phase["start"], phase["end"] = iso(start), iso(start + dt.timedelta(days=draw(st.integers(0, 15))))
        phase["kind"] = draw(st.sampled_from(["pilot", "expanded-pilot", "production", "production"]))
        phase["cohorts"] = [
            {k: v for k, v in {"group": draw(st.sampled_from(GROUPS)),
                               "users": draw(st.none() | st.integers(0, 3000)),
                               "enrollment": draw(st.sampled_from([None, "self-service", "assisted", "tech-fair"]))
                               }.items() if v is not None}
            for _ in range(draw(st.integers(0, 4)))]
        phase["participants"] = draw(st.lists(st.sampled_from(person_ids), max_size=4)) if person_ids else []
        phase["exit_criteria"] = draw(st.lists(st.sampled_from(CRITERIA), max_size=4, unique=True))

    # Dates fall on and around the boundaries the rules test: lead days of
    # 0..3 before a phase start.
    offsets = st.sampled_from([-4, -3, -2, -2, -1, -1, -1, 0, 0, 1, 3])

    def near(k: int) -> str:
        return iso(starts[k] + dt.timedelta(days=draw(offsets)))

    def near_a_start() -> str:
        return near(draw(st.integers(0, len(starts) - 1)))

    audiences = st.lists(st.sampled_from(["all"] + PHASES + GROUPS), max_size=3)
    if draw(st.integers(0, 4)) == 0:
        plan.pop("communications")
    else:
        comms = [c for c in plan["communications"] if draw(maybe)]
        for i in range(draw(st.integers(0, 6))):
            comm = {"id": f"m{i}", "wave": draw(st.sampled_from(
                        ["kickoff", "pre-enrollment", "enrollment", "enrollment", "post-enrollment", "other"])),
                    "audience": draw(audiences)}
            if draw(st.integers(0, 5)):
                k = draw(st.integers(0, len(starts) - 1))
                comm["date"] = near(0 if comm["wave"] == "kickoff" and draw(maybe) else k)
                if draw(maybe):
                    comm["audience"].append(PHASES[k])
            if draw(maybe):
                comm["help_contact"] = "servicedesk"
            if draw(maybe):
                comm["feedback_survey"] = draw(maybe)
            comms.append(comm)
        plan["communications"] = comms

    if draw(st.integers(0, 4)) == 0:
        plan.pop("support")
    else:
        trainings = []
        for _ in range(draw(st.integers(0, 4))):
            k = draw(st.integers(0, len(starts) - 1))
            trainings.append({"date": near(k), "phases": sorted({PHASES[k], *draw(st.lists(st.sampled_from(PHASES),
                                                                                            max_size=2))})})
        plan["support"]["helpdesk_trainings"] = trainings

    for criterion in plan["success_criteria"]:
        for key in ("metric", "target", "measured_by", "phase", "baseline", "owner"):
            if key in criterion and draw(st.integers(0, 3)) == 0:
                del criterion[key]
    if draw(maybe):
        plan["goals"].append({"id": "G9", "title": "Unmeasured"})
    if draw(st.integers(0, 5)) == 0:
        plan["success_criteria"] = []
        plan["results"] = {}
        for phase in plan["phases"]:
            phase["exit_criteria"] = []
    else:
        plan["results"] = {
            "measurements": [{"criterion": c, "value": draw(st.sampled_from([0.0, 0.15, 0.5, 0.9, 0.95, 4.0, 5.0])),
                              "measured_on": near_a_start()}
                             for c in draw(st.lists(st.sampled_from(CRITERIA[:3]), max_size=4))],
            "assessments": [{"criterion": "SC4", "met": draw(maybe)}] if draw(maybe) else [],
            "completed_phases": draw(st.lists(st.sampled_from(PHASES), max_size=3, unique=True)),
        }
    plan["settings"] = draw(st.fixed_dictionaries({}, optional={
        "pilot_min_departments": st.integers(0, 4), "pilot_max_it_share": st.sampled_from([0.0, 0.5, 1.0]),
        "helpdesk_lead_days": st.integers(0, 3), "kickoff_lead_days": st.integers(0, 3)}))
    as_of = BASE + dt.timedelta(days=draw(st.integers(-20, 120)))
    return plan, as_of


def reports(plan: dict, as_of: dt.date) -> tuple[dict, dict]:
    document = Document(file="plan.json", text=json.dumps(plan, indent=1), data=plan, is_yaml=False)
    loaded = validate_document(document)
    durable = assess(loaded, pack(), Options(as_of=as_of, lang="en")).to_dict()
    plain = assess(loaded, pack(), Options(as_of=as_of, lang="en", engine="reference")).to_dict()
    return durable, plain


def same_findings(plan: dict, as_of: dt.date) -> None:
    durable, plain = reports(plan, as_of)
    assert durable == plain


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_durable_rules_and_the_reference_agree(case):
    same_findings(*case)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_durable_rules_and_the_reference_agree_on_many_more_plans(case):
    same_findings(*case)


def test_the_plans_exercise_every_rule():
    """The generated plans make every built-in rule fire somewhere (else
    agreement on that rule would prove nothing)."""
    fired: set[str] = set()

    @settings(max_examples=150, deadline=None, database=None, phases=[Phase.generate])
    @given(plans())
    def collect(case):
        durable, _ = reports(*case)
        fired.update(f["rule"] for f in durable["findings"] if f["outcome"] == "finding")

    collect()
    assert fired == set(pack().rules)


# -- the differential test catches a broken evaluator -----------------------------

def _disagreement_found() -> bool:
    @settings(max_examples=300, deadline=None, database=None, phases=[Phase.generate])
    @given(plans())
    def check(case):
        same_findings(*case)

    try:
        check()
    except AssertionError:
        return True
    return False


def test_it_passes_with_both_evaluators_intact():
    assert not _disagreement_found()


def test_a_broken_comparison_in_the_reference_is_caught(monkeypatch):
    original = reference._test

    def at_least_as_above(actual, test, settings):  # `at_least` behaves as `above`: off by one
        if isinstance(test, dict) and "at_least" in test:
            test = {("above" if op == "at_least" else op): v for op, v in test.items()}
        return original(actual, test, settings)

    monkeypatch.setattr(reference, "_test", at_least_as_above)
    assert _disagreement_found()


def test_a_broken_comparison_in_the_durable_rules_compilation_is_caught(monkeypatch):
    monkeypatch.setitem(conditions._COMPARE, "at_least", "$gt")
    assert _disagreement_found()


def test_a_broken_negation_in_the_durable_rules_compilation_is_caught(monkeypatch):
    original = conditions._compile_test

    def is_not_as_is(name, ftype, test, settings, at):
        if isinstance(test, dict) and "is_not" in test:
            test = {("is" if op == "is_not" else op): v for op, v in test.items()}
        return original(name, ftype, test, settings, at)

    monkeypatch.setattr(conditions, "_compile_test", is_not_as_is)
    assert _disagreement_found()


# -- plans with more than 100,000 facts -------------------------------------------

@pytest.mark.slow
def test_a_plan_with_more_than_100000_facts_agrees_and_finds_what_was_planted():
    sys.path.insert(0, str(ROOT / "bench"))
    import generate

    from readiness.facts import derive_facts

    plan, expected = generate.build("slow", people=50_000, groups=30_000, phases=100)
    as_of = dt.date.fromisoformat(expected["as_of"])
    document = Document(file="slow.json", text="", data=plan, is_yaml=False)
    loaded = validate_document(document)
    assert len(derive_facts(loaded, as_of).facts) > 100_000
    durable = assess(loaded, pack(), Options(as_of=as_of, lang="en")).to_dict()
    plain = assess(loaded, pack(), Options(as_of=as_of, lang="en", engine="reference")).to_dict()
    assert durable == plain
    found: dict[str, int] = {}
    for finding in durable["findings"]:
        found[finding["rule"]] = found.get(finding["rule"], 0) + 1
    assert found == {rule: n for rule, n in expected["findings"].items() if n}
