"""Each first rule fires on a plan that breaks its guidance, on the right gate
with the right decision, and stays silent on the example, which follows it."""

from __future__ import annotations

import pytest

from conftest import findings, gate, phase


def add_business_pilot(plan: dict) -> None:
    """Make the example's pilot span the organization (PIL-9 satisfied)."""
    phase(plan, "pilot-expanded")["cohorts"] += [
        {"group": "sales-marketing", "users": 60, "enrollment": "self-service"},
        {"group": "retail", "users": 60, "enrollment": "self-service"},
        {"group": "hr", "users": 10, "enrollment": "self-service"},
        {"group": "finance", "users": 10, "enrollment": "self-service"},
    ]
    phase(plan, "pilot-limited")["cohorts"][0]["users"] = 20
    phase(plan, "pilot-expanded")["cohorts"][0]["users"] = 60
    # the rest of IT (250 users) enrols in production, and the rest of each group the pilot took from
    phase(plan, "prod-3")["cohorts"].append({"group": "it", "users": 170, "enrollment": "self-service"})
    for later, group, moved in (("prod-1", "sales-marketing", 60), ("prod-2", "retail", 60), ("prod-3", "hr", 10),
                                ("prod-3", "finance", 10)):
        next(c for c in phase(plan, later)["cohorts"] if c["group"] == group)["users"] -= moved


def test_the_example_breaks_only_pil9(runner, example):
    _, report = runner.check(example)
    assert {f["rule"] for f in report["findings"] if f["severity"] != "info"} == {"PILOT-DIVERSITY"}


def test_a_counted_word_agrees_with_its_number(runner, example):
    # "department(s)" in the rule file: one department, two departments.
    [diversity] = findings(runner.check(example)[1], rule="PILOT-DIVERSITY")
    assert "1 avdelning (IT)" in diversity["message"] and "(ar)" not in diversity["message"]
    example["organization"]["locale"] = "en"
    phase(example, "pilot-expanded")["cohorts"].append({"group": "hr", "users": 5, "enrollment": "self-service"})
    next(c for c in phase(example, "prod-3")["cohorts"] if c["group"] == "hr")["users"] -= 5
    [diversity] = findings(runner.check(example)[1], rule="PILOT-DIVERSITY")
    assert diversity["message"].startswith("The pilot phases together reach 2 departments (HR, IT) and ")


def test_a_pilot_spanning_the_organization_passes_pil9_and_the_broad_gate(runner, example):
    add_business_pilot(example)
    code, report = runner.check(example)
    assert findings(report, guidance="PIL-9") == []
    assert gate(report, "prod-1")["decision"] == "GO"
    assert code == 0


def test_pil4_an_executive_participant_blocks_the_pilot_gate(runner, example):
    example["people"].append({"id": "p4", "name": "Eva Lind", "group": "executives", "title": "CIO",
                              "executive": True, "department": "Management"})
    phase(example, "pilot-limited")["participants"].append("p4")
    code, report = runner.check(example)
    [finding] = findings(report, "PILOT-NO-VIP")
    assert finding["gate"] == "pilot-limited"
    assert finding["subject"] == "phases[pilot-limited].participants[p4]"
    assert finding["evidence"]["name"] == "Eva Lind"
    assert gate(report, "pilot-limited")["decision"] == "NO-GO"
    assert code == 1


def test_pil4_a_vip_participant_and_an_executive_cohort_group(runner, example):
    example["people"].append({"id": "p5", "name": "Ola Vip", "group": "sales-marketing", "vip": True})
    phase(example, "pilot-expanded")["participants"] = ["p5"]
    phase(example, "pilot-expanded")["cohorts"].append({"group": "executives", "users": 5, "enrollment": "assisted"})
    _, report = runner.check(example)
    subjects = sorted(f["subject"] for f in findings(report, "PILOT-NO-VIP"))
    assert subjects == ["phases[pilot-expanded].cohorts[2]",
                        "phases[pilot-expanded].participants[p5]"]
    assert gate(report, "pilot-expanded")["decision"] == "NO-GO"


def test_pil4_executives_in_production_are_fine(runner, example):
    _, report = runner.check(example)  # the example enrols executives in prod-3
    assert findings(report, "PILOT-NO-VIP") == []


def test_sup1_no_helpdesk_training_blocks_the_start_gate(runner, example):
    example["support"]["helpdesk_trainings"] = []
    example["training"]["sessions"] = [s for s in example["training"]["sessions"] if "helpdesk" not in s["audience"]]
    code, report = runner.check(example)
    [finding] = findings(report, "SUPPORT-HELPDESK-TRAINING")
    assert finding["gate"] == "pilot-limited" and finding["severity"] == "blocker"
    assert gate(report, "pilot-limited")["decision"] == "NO-GO"
    assert gate(report, "prod-3")["carried"]["blocker"] >= 1
    assert gate(report, "prod-3")["decision"] == "NO-GO"  # whole-plan findings carry forward
    assert code == 1


def test_a_finding_about_the_first_phase_alone_weighs_only_on_that_gate(runner, example):
    # COM-4 judges each phase: a missing help contact in the first pilot's
    # enrollment mail blocks that gate, not every later one (only whole-plan
    # findings, such as SUP-1 above, carry forward).
    add_business_pilot(example)
    mail = next(c for c in example["communications"] if c["id"] == "pilot-limited-enroll")
    del mail["help_contact"]
    code, report = runner.check(example)
    [finding] = findings(report, "COMMS-ENROLLMENT-WAVE")
    assert finding["gate"] == "pilot-limited"
    assert [(g["phase"], g["decision"], sum(g["carried"].values())) for g in report["gates"]] == [
        ("pilot-limited", "NO-GO", 0), ("pilot-expanded", "GO", 0), ("prod-1", "GO", 0), ("prod-2", "GO", 0),
        ("prod-3", "GO", 0)]
    assert code == 1


def test_sup2_training_dated_after_a_wave_starts_blocks_that_wave(runner, example):
    example["support"]["helpdesk_trainings"][1]["date"] = "2027-08-20"  # prod-1 starts 2027-08-16
    _, report = runner.check(example)
    gates = sorted(f["gate"] for f in findings(report, "SUPPORT-TRAINED-BEFORE-PHASE"))
    assert gates == ["prod-1"]
    assert gate(report, "prod-1")["decision"] == "NO-GO"
    assert gate(report, "prod-2")["decision"] == "GO"


def test_sup2_a_phase_no_training_covers(runner, example):
    example["support"]["helpdesk_trainings"][1]["phases"] = ["prod-1", "prod-2"]
    _, report = runner.check(example)
    [finding] = findings(report, "SUPPORT-TRAINED-BEFORE-PHASE")
    assert finding["gate"] == "prod-3" and finding["evidence"]["helpdesk_trainings"] == 0


def test_sc1_no_success_criteria(runner, example):
    example["success_criteria"] = []
    for p in example["phases"]:
        p["exit_criteria"] = []
    _, report = runner.check(example)
    assert [f["gate"] for f in findings(report, "CRITERIA-DEFINED")] == ["pilot-limited"]
    assert gate(report, "pilot-limited")["decision"] == "NO-GO"


def test_sc1_a_goal_without_a_criterion(runner, example):
    example["goals"].append({"id": "G5", "title": "Fewer devices", "description": "d", "business_value": "v"})
    _, report = runner.check(example)
    [finding] = findings(report, "CRITERIA-PER-GOAL")
    assert finding["subject"] == "goals[G5]" and finding["severity"] == "major"
    assert gate(report, "pilot-limited")["decision"] == "GO-WITH-RISKS"


def test_sc2_a_criterion_with_no_target(runner, example):
    del example["success_criteria"][0]["target"]
    _, report = runner.check(example)
    [finding] = findings(report, "CRITERIA-SMART")
    assert finding["subject"] == "success_criteria[SC1]"
    assert finding["evidence"]["smart_gaps"] == "target"
    assert finding["gate"] == "pilot-limited" and finding["severity"] == "major"
    assert gate(report, "pilot-limited")["decision"] == "GO-WITH-RISKS"


def test_sc2_no_criterion_measurable_is_a_blocker(runner, example):
    for criterion in example["success_criteria"]:
        criterion.pop("target", None)
    _, report = runner.check(example)
    assert [f["gate"] for f in findings(report, "CRITERIA-MEASURABLE")] == ["pilot-limited"]
    assert gate(report, "pilot-limited")["decision"] == "NO-GO"


def test_sc5_pilot_results_under_target_block_the_broad_gate(runner, example):
    add_business_pilot(example)
    example["results"] = {
        "measurements": [{"criterion": "SC1", "value": 0.72, "measured_on": "2027-08-06"},
                         {"criterion": "SC2", "value": 4.3, "measured_on": "2027-08-06"},
                         {"criterion": "SC3", "value": 0.1, "measured_on": "2027-08-06"}],
        "assessments": [{"criterion": "SC4", "met": True, "evidence": "feedback sessions"}],
        "completed_phases": ["pilot-limited", "pilot-expanded"]}
    code, report = runner.check(example, "--as-of", "2027-08-10")
    failed = findings(report, "PILOT-EXIT-CRITERIA-MET")
    assert sorted(f["subject"] for f in failed) == ["phases[pilot-expanded].exit_criteria[SC1]",
                                                    "phases[pilot-limited].exit_criteria[SC1]"]
    assert {f["gate"] for f in failed} == {"prod-1"}
    assert failed[0]["evidence"]["value"] == 0.72 and failed[0]["evidence"]["met"] is False
    assert gate(report, "prod-1")["decision"] == "NO-GO"
    assert code == 1


def test_sc5_pilot_results_on_target_open_the_broad_gate(runner, example):
    add_business_pilot(example)
    example["results"] = {
        "measurements": [{"criterion": "SC1", "value": 0.72, "measured_on": "2027-07-23"},
                         {"criterion": "SC1", "value": 0.93, "measured_on": "2027-08-06"},
                         {"criterion": "SC2", "value": 4.3, "measured_on": "2027-08-06"},
                         {"criterion": "SC3", "value": 0.1, "measured_on": "2027-08-06"}],
        "assessments": [{"criterion": "SC4", "met": True}],
        "completed_phases": ["pilot-limited", "pilot-expanded"]}
    code, report = runner.check(example, "--as-of", "2027-08-10")
    # Only the production phases' results are still to come (PHASE-EXIT-CRITERIA-PENDING, info).
    assert {f["rule"] for f in findings(report, guidance="SC-5")} == {"PHASE-EXIT-CRITERIA-PENDING"}
    assert gate(report, "prod-1")["decision"] == "GO"
    assert report["summary"]["next_gate"] == "prod-1"
    assert code == 0


def test_sc5_unmeasured_after_the_pilot_ended_blocks(runner, example):
    add_business_pilot(example)
    code, report = runner.check(example, "--as-of", "2027-08-10")
    assert len(findings(report, "PILOT-EXIT-CRITERIA-MET")) == 6
    assert findings(report, "PILOT-EXIT-CRITERIA-PENDING") == []
    assert code == 1


def test_com2_no_kickoff(runner, example):
    example["communications"] = [c for c in example["communications"] if c["wave"] != "kickoff"]
    _, report = runner.check(example)
    [finding] = findings(report, "COMMS-KICKOFF-BEFORE-START")
    assert finding["gate"] == "pilot-limited"
    assert gate(report, "pilot-limited")["decision"] == "NO-GO"


def test_com2_kickoff_after_the_first_phase_started(runner, example):
    example["communications"][0]["date"] = "2027-07-14"
    _, report = runner.check(example)
    assert len(findings(report, "COMMS-KICKOFF-BEFORE-START")) == 1


def test_com4_missing_enrollment_mail_blocks_that_phase(runner, example):
    example["communications"] = [c for c in example["communications"] if c["id"] != "prod-2-enroll"]
    _, report = runner.check(example)
    [finding] = findings(report, "COMMS-ENROLLMENT-WAVE")
    assert (finding["gate"], finding["subject"]) == ("prod-2", "phases[prod-2].cohorts[0]")
    assert gate(report, "prod-2")["decision"] == "NO-GO"


def test_com4_enrollment_mail_without_help_contact_or_after_the_start(runner, example):
    comms = {c["id"]: c for c in example["communications"]}
    del comms["prod-1-enroll"]["help_contact"]
    comms["prod-3-enroll"]["date"] = "2027-10-12"
    _, report = runner.check(example)
    got = sorted((f["gate"], f["evidence"]["group"]) for f in findings(report, "COMMS-ENROLLMENT-WAVE"))
    assert got == [("prod-1", "sales-marketing"), ("prod-3", "executives"), ("prod-3", "finance"), ("prod-3", "hr")]


def test_com4_a_group_addressed_directly_is_reached(runner, example):
    comms = {c["id"]: c for c in example["communications"]}
    comms["prod-2-enroll"]["audience"] = ["retail"]
    _, report = runner.check(example)
    assert findings(report, "COMMS-ENROLLMENT-WAVE") == []


def test_enr2_executives_enrolling_self_service(runner, example):
    phase(example, "prod-3")["cohorts"][2]["enrollment"] = "self-service"
    _, report = runner.check(example)
    [finding] = findings(report, "ENROLL-ASSISTED-FOR-EXECUTIVES")
    assert (finding["gate"], finding["subject"]) == ("prod-3", "phases[prod-3].cohorts[2]")
    assert finding["severity"] == "major"
    assert gate(report, "prod-3")["decision"] == "GO-WITH-RISKS"


def test_enr2_needs_assistance_group(runner, example):
    phase(example, "pilot-expanded")["cohorts"][1]["enrollment"] = "tech-fair"
    _, report = runner.check(example)
    assert [f["gate"] for f in findings(report, "ENROLL-ASSISTED-FOR-EXECUTIVES")] == ["pilot-expanded"]


def test_fail_on_major_turns_a_major_finding_into_exit_1(runner, example):
    phase(example, "prod-3")["cohorts"][2]["enrollment"] = "self-service"
    add_business_pilot(example)
    code, _ = runner.check(example)
    assert code == 0
    code, _ = runner.check(example, "--fail-on", "major")
    assert code == 1


def test_a_phase_listed_as_completed_before_it_started_is_not_completed_yet(runner, example):
    # prod-2 starts 2027-09-13: as of 2027-09-01 it cannot have been completed,
    # and the next gate is prod-2's, not prod-3's.
    example["results"]["completed_phases"] = ["pilot-limited", "pilot-expanded", "prod-1", "prod-2"]
    _, report = runner.check(example, "--as-of", "2027-09-01")
    assert [g["phase"] for g in report["gates"] if g["completed"]] == ["pilot-limited", "pilot-expanded", "prod-1"]
    assert report["summary"]["next_gate"] == "prod-2"


def test_a_missing_section_shows_on_every_gate_it_closes(runner, example):
    # Without communications the cannot-assess blockers closed every gate,
    # but later gates showed NO-GO with all counts 0 and no note.
    del example["communications"]
    _, report = runner.check(example)
    cannot = sum(f["outcome"] == "cannot-assess" and f["gate"] == "pilot-limited" for f in report["findings"])
    assert cannot > 0
    for g in report["gates"][1:]:
        assert g["decision"] == "NO-GO" and g["carried"]["cannot_assess"] == cannot
    assert report["gates"][0]["carried"]["cannot_assess"] == 0


def test_a_gate_chosen_alone_shows_the_whole_plan_findings_that_close_it(runner, example):
    # With --gate prod-3 the carried kickoff blocker closed prod-3, but every
    # format said "No findings" (and JUnit had no failure).
    example["communications"] = [c for c in example["communications"] if c["id"] != "kickoff"]
    code, report = runner.check(example, "--gate", "prod-3")
    assert code == 1 and [g["phase"] for g in report["gates"]] == ["prod-3"]
    [blocker] = [f for f in report["findings"] if f["severity"] == "blocker"]
    assert (blocker["rule"], blocker["gate"]) == ("COMMS-KICKOFF-BEFORE-START", "pilot-limited")
    path = runner.write(example)
    code, out, _ = runner.run("check", path, "--gate", "prod-3", "--format", "junit", "--as-of", "2027-06-01")
    assert code == 1 and 'failures="1"' in out.splitlines()[1] and "COMMS-KICKOFF-BEFORE-START" in out
    code, out, _ = runner.run("check", path, "--gate", "prod-3", "--as-of", "2027-06-01", "--lang", "en")
    assert "No findings" not in out and "BLOCKER  COMMS-KICKOFF-BEFORE-START" in out


def test_a_share_just_past_its_limit_is_past_it_in_a_large_organization(runner, example):
    # Shares were rounded to 6 decimals before the comparison: 10,000,049 of
    # 100,000,000 users (10.00005%) read as 10% and passed a 10% limit.
    example["organization"]["total_users"] = 100_000_000
    phase(example, "pilot-limited")["cohorts"][0]["users"] = 10_000_049
    next(g for g in example["groups"] if g["id"] == "it")["users"] = 10_000_300
    _, report = runner.check(example)
    [small] = [f for f in report["findings"]
               if f["subject"] == "phases[pilot-limited]" and "user_share" in f["evidence"]]
    assert small["evidence"]["user_share"] == 10_000_049 / 100_000_000
    # Shown with the places it takes not to read as the limit itself ("10,00 %").
    assert "10,00005\u00a0% av organisationen" in small["message"] and "10,00\u00a0%" not in small["message"]
    # Large counts are grouped: a space in Swedish (from five digits), a comma in English.
    assert "registrerar 10\u00a0000\u00a0049 användare" in small["message"]
    locale, example["organization"]["locale"] = example["organization"]["locale"], "en"
    [small] = [f for f in runner.check(example)[1]["findings"]
               if f["subject"] == "phases[pilot-limited]" and "user_share" in f["evidence"]]
    assert "enrols 10,000,049 users, 10.00005% of the organization" in small["message"]
    example["organization"]["locale"] = locale
    phase(example, "pilot-limited")["cohorts"][0]["users"] = 10_000_000
    _, report = runner.check(example)
    assert not [f for f in report["findings"] if "user_share" in f["evidence"] and f["gate"] == "pilot-limited"]


class _Fields(dict):
    def __init__(self, lang, **values):
        super().__init__(values)
        self.lang = lang


@pytest.mark.parametrize("template, values, lang, shown", [
    ("{v:.2%}", {"v": 0.1000049}, "en", "10.0005%"),  # would read as the limit: more places
    ("{v:.2%}", {"v": 0.3333}, "en", "33.33%"),  # not a round number: as the spec has it
    ("{v:.2%}", {"v": 0.5}, "en", "50.00%"),  # round, and exactly so
    ("{v:.2f}", {"v": 2.0000049}, "en", "2.000005"),
    ("{v:.2%}", {"v": 0.100000001}, "en", "10.0000001%"),  # six places more at most
    ("{v:.2%}", {"v": 0.10000000001}, "en", "10.00%"),
    ("{v:.2%}", {"v": 0.1000049}, "sv", "10,0005\u00a0%"),
    ("{n} department(s) ({d})", {"n": 1, "d": "IT"}, "en", "1 department (IT)"),
    ("{n} department(s)", {"n": 0}, "en", "0 departments"),
    ("{n} department(s)", {"n": 1.0}, "en", "1.0 department"),
    ("{n} teknisk(a) kunskapsnivå(er)", {"n": 1}, "sv", "1 teknisk kunskapsnivå"),
    ("{n} teknisk(a) kunskapsnivå(er)", {"n": 2}, "sv", "2 tekniska kunskapsnivåer"),
    ("{n} user(s) in {g}, group(s) {m}", {"n": 1, "g": "hr", "m": 3}, "en", "1 user in hr, group(s) 3"),
    ("Intune(MDM) {n} Intune(MDM)", {"n": 2}, "en", "Intune(MDM) 2 Intune(MDM)"),
    ("{n} users", {"n": 2000}, "en", "2,000 users"),
    ("{n} användare", {"n": 2000}, "sv", "2000 användare"),  # Swedish groups from five digits
    ("{n} användare", {"n": -12345}, "sv", "-12\u00a0345 användare"),
    ("{n:d} users", {"n": 2000}, "en", "2000 users"),  # a format of its own: as written
    ("{b}", {"b": True}, "en", "True"),
])
def test_rule_templates_show_numbers_and_counted_words(template, values, lang, shown):
    from readiness.assess import render_template

    assert render_template(template, _Fields(lang, **values)) == shown
