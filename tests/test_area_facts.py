"""The relations the communication, support, training, operations and team
rules read are derived in facts.py; these pin the derivations the scenarios
only see through a rule."""

from __future__ import annotations

import datetime as dt
import json

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
