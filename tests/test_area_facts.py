"""The relations the communication, support, training, operations and team
rules read are derived in facts.py; these pin the derivations the scenarios
only see through a rule."""

from __future__ import annotations

import datetime as dt
import json

from conftest import ROOT
from readiness.facts import derive_facts
from readiness.loader import validate_document
from readiness.source import parse_document

AS_OF = dt.date(2027, 6, 1)


def facts_of(plan: dict, kind: str) -> list[dict]:
    loaded = validate_document(parse_document("plan.json", json.dumps(plan).encode()))
    return [f for f in derive_facts(loaded, AS_OF).facts if f["kind"] == kind]


def comm(plan: dict, ident: str) -> dict:
    return next(c for c in plan["communications"] if c["id"] == ident)


def test_the_sponsor_sends_by_role_name_or_title(example):
    for sender, expected in [("sponsor", True), ("Eva Lind", True), ("cio", True), ("Executive sponsor", True),
                             ("IT", False)]:
        comm(example, "kickoff")["sender"] = sender
        [kickoff] = [f for f in facts_of(example, "communication") if f["communication"] == "kickoff"]
        assert kickoff["from_sponsor"] is expected, sender
    # Swedish names a sender by the title's definite form; a longer title is someone else.
    example["sponsor"]["title"] = "Kommundirektör"
    for sender, expected in [("Kommundirektören", True), ("kommundirektör", True), ("Kommundirektörens stab", False),
                             ("Biträdande kommundirektören", False)]:
        comm(example, "kickoff")["sender"] = sender
        [kickoff] = [f for f in facts_of(example, "communication") if f["communication"] == "kickoff"]
        assert kickoff["from_sponsor"] is expected, sender


def test_the_first_message_is_the_earliest_dated_and_undated_ones_are_never_first(example):
    comm(example, "pilot-limited-pre1")["date"] = "2027-06-20"
    del comm(example, "prod-3-post")["date"]
    first = {f["communication"] for f in facts_of(example, "communication") if f["first"]}
    assert first == {"pilot-limited-pre1"}


def test_on_the_first_day_the_kickoff_comes_first(example):
    comm(example, "pilot-limited-pre1")["date"] = "2027-07-01"  # the kickoff's day
    first = {f["communication"] for f in facts_of(example, "communication") if f["first"]}
    assert first == {"kickoff"}


def test_missing_parts_name_what_a_communication_lacks(example):
    comm(example, "prod-2-pre2").update(content=[], audience=[])
    del comm(example, "prod-2-pre2")["date"]
    [fact] = [f for f in facts_of(example, "communication") if f["communication"] == "prod-2-pre2"]
    assert (fact["missing_parts"], fact["missing_count"]) == ("content, audience, date", 3)


def test_owner_roles_are_recognised_in_teams_own_words(example):
    for c in example["communications"]:
        c["owners"] = []
    comm(example, "kickoff")["owners"] = ["IT administrators", "Service desk"]
    [campaign] = facts_of(example, "campaign")
    assert (campaign["owner_roles_missing"], campaign["owner_roles_missing_count"]) == ("communications", 1)


def test_wave_channels_are_per_phase_and_wave(example):
    comm(example, "prod-2-enroll")["channels"] = ["poster"]
    waves = {(f["phase"], f["wave"]): f for f in facts_of(example, "wave-channels")}
    assert waves[("prod-2", "enrollment")]["email"] is False
    assert waves[("prod-2", "enrollment")]["path"] == "communications[prod-2-enroll]"
    assert waves[("prod-1", "enrollment")]["email"] is True
    assert waves[("prod-3", "kickoff")]["meeting"] is True  # the kickoff to all reaches every phase


def test_pilot_stories_count_only_messages_reaching_production(example):
    comm(example, "pilot-limited-pre1")["content"] = ["pilot goals"]
    assert facts_of(example, "campaign")[0]["production_pilot_stories"] == 0
    comm(example, "prod-1-pre1")["content"] = ["Pilot experiences"]
    assert facts_of(example, "campaign")[0]["production_pilot_stories"] == 1


def test_platforms_without_a_guide_per_cohort(example):
    example["support"]["enrollment_guides"] = ["windows", "ios"]
    cohorts = {f["path"]: f for f in facts_of(example, "cohort")}
    assert cohorts["phases[prod-3].cohorts[2]"]["platforms_without_guide"] == "macos"
    assert cohorts["phases[prod-2].cohorts[0]"]["missing_guides"] == 1
    assert cohorts["phases[prod-3].cohorts[0]"]["missing_guides"] == 0


def test_training_reaches_cohorts_and_the_helpdesk_before_every_phase(example):
    reach = facts_of(example, "training-reach")
    helpdesk = {f["phase"]: f["days_before_start"] for f in reach if f["helpdesk"]}
    assert helpdesk == {"pilot-limited": 6, "pilot-expanded": 20, "prod-1": 41, "prod-2": 69, "prod-3": 97}
    users = sorted((f["phase"], f["group"]) for f in reach if not f["helpdesk"])
    assert users == [("pilot-expanded", "it"), ("pilot-expanded", "it-managers"), ("pilot-limited", "it")]
    [training] = facts_of(example, "training")
    assert (training["methods"], training["pilot_methods"]) == (3, 2)


def test_section_facts_exist_only_with_their_section(example):
    for section in ("support", "training", "operations", "governance", "team"):
        plan = {k: v for k, v in example.items() if k != section}
        assert facts_of(plan, section) == []
        assert len(facts_of(example, section)) == 1


def test_open_operations_items_and_missing_workstreams(example):
    example["operations"] = {"alerts_tuned": True, "escalation_verified": False}
    example["team"]["workstreams"] = [{"name": "technology", "owner": "Architect"}, {"name": "operations"}]
    [ops] = facts_of(example, "operations")
    assert ops["open_items"] == "procedures_verified, daily_tasks_verified, escalation_verified"
    [team] = facts_of(example, "team")
    assert team["workstreams_missing"] == "change-management, user-experience, operations"


def _results_as_of(plan: dict, as_of: str, kind: str = "exit-result") -> dict[tuple[str, str], dict]:
    loaded = validate_document(parse_document("plan.json", json.dumps(plan).encode()))
    facts = derive_facts(loaded, dt.date.fromisoformat(as_of)).facts
    return {(f["phase"] if kind == "exit-result" else f["from_phase"], f["criterion"]): f
            for f in facts if f["kind"] == kind}


def _phase(plan: dict, ident: str) -> dict:
    return next(p for p in plan["phases"] if p["id"] == ident)


def test_a_pilot_result_taken_once_production_has_started_is_production_s(example):
    # Production may start before the expanded pilot ends: a result taken
    # after that start measured production, whatever the pilot's end.
    _phase(example, "prod-1")["start"] = "2027-08-02"
    example["results"]["measurements"] = [{"criterion": "SC1", "value": 0.5, "measured_on": "2027-07-30"},
                                          {"criterion": "SC1", "value": 0.95, "measured_on": "2027-08-05"}]
    result = _results_as_of(example, "2027-08-10")[("pilot-expanded", "SC1")]
    assert (result["value"], result["met"], result["measured_on"]) == (0.5, False, "2027-07-30")


def test_a_result_of_the_day_one_phase_ends_and_two_start_is_the_ending_one_s(example):
    # pilot-limited ends the day pilot-expanded and prod-1 start: a result of
    # that day is the limited pilot's, not the next phases' (any earlier phase
    # ending that day counts, not only the one listed just before).
    _phase(example, "pilot-limited")["end"] = "2027-07-26"
    _phase(example, "prod-1").update(start="2027-07-26", end="2027-08-30")
    example["results"]["measurements"] = [{"criterion": "SC1", "value": 0.95, "measured_on": "2027-07-26"}]
    pilots = _results_as_of(example, "2027-08-10")
    assert pilots[("pilot-limited", "SC1")]["measured"] is True
    assert pilots[("pilot-expanded", "SC1")]["measured"] is False
    assert _results_as_of(example, "2027-09-20", "handover")[("prod-1", "SC1")]["measured"] is False


def test_a_wave_names_the_phases_of_its_busiest_day(example):
    # prod-2 runs inside prod-1's second half: the busiest day is prod-2's
    # first, not prod-1's.
    _phase(example, "prod-1").update(start="2027-08-16", end="2027-09-30")
    _phase(example, "prod-2").update(start="2027-09-01", end="2027-09-30")
    [prod1] = [f for f in facts_of(example, "phase") if f["phase"] == "prod-1"]
    assert (prod1["wave_users"], prod1["wave_phases"]) == (3000, "prod-1, prod-2")


def test_the_plan_format_lists_every_word_a_topic_is_read_by():
    # Which words answer who/what/when/where/why was only in the code: a user
    # who wrote 'tidsplan' for 'plan' lost 'who' and could not see why.
    from readiness.facts import AWARENESS_QUESTIONS, TOPIC_WORDS

    doc = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
    rows = dict(line.strip("|").split("|") for line in doc.splitlines()
                if line.startswith("| ") and line.split("|")[1].strip() in AWARENESS_QUESTIONS)
    assert {q.strip(): set(words.strip().split(", ")) for q, words in rows.items()} == {
        q: set(words) for q, words in TOPIC_WORDS.items()}
