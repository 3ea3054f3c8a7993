"""The shipped example, end to end through the CLI."""

from __future__ import annotations

import json

from conftest import AS_OF, EXAMPLE, findings, gate


def test_json_report_has_five_gates_and_the_pil9_finding_on_the_first_production_gate(runner):
    code, out, err = runner.run("check", EXAMPLE, "--format", "json", "--as-of", AS_OF)
    report = json.loads(out)
    assert code == 1, err
    assert [g["phase"] for g in report["gates"]] == ["pilot-limited", "pilot-expanded", "prod-1", "prod-2",
                                                     "prod-3"]
    pil9 = findings(report, guidance="PIL-9")
    assert [(f["rule"], f["gate"], f["severity"]) for f in pil9] == [("PILOT-DIVERSITY", "prod-1", "blocker")]
    assert pil9[0]["evidence"]["departments"] == 1
    assert pil9[0]["evidence"]["it_share"] == 1.0
    assert gate(report, "prod-1")["decision"] == "NO-GO"
    assert gate(report, "pilot-limited")["decision"] == "GO"
    assert report["summary"] == {
        "decision": "NO-GO", "next_gate": "pilot-limited", "next_decision": "GO",
        "rules_evaluated": report["summary"]["rules_evaluated"], "rules_not_assessable": 0,
        "facts": report["summary"]["facts"],
        "findings": {"blocker": 1, "major": 0, "minor": 0, "info": 12, "waived": 0, "cannot_assess": 0}}
    # info: six pilot and four production exit criteria still to be measured, the tech-fair suggestion
    # (ENR-3) for prod-1 and the suggestion to use pilot stories in production communications (COM-11)
    assert sorted({f["rule"] for f in report["findings"] if f["severity"] == "info"}) == [
        "COMMS-PILOT-STORIES", "ENROLL-TECH-FAIR-EARLY", "PHASE-EXIT-CRITERIA-PENDING",
        "PILOT-EXIT-CRITERIA-PENDING"]


def test_report_contract_keys(runner):
    _, out, _ = runner.run("check", EXAMPLE, "--format", "json", "--as-of", AS_OF)
    report = json.loads(out)
    assert set(report) >= {"tool", "plan", "gates", "findings", "manual_checks", "summary"}
    assert set(report["tool"]) >= {"name", "version", "rules_version"}
    assert report["plan"] == {"name": "Contoso", "file": str(EXAMPLE), "as_of": AS_OF}
    for g in report["gates"]:
        assert set(g) >= {"phase", "name", "start", "decision", "counts"}
        assert set(g["counts"]) >= {"blocker", "major", "minor", "info", "waived"}
    for f in report["findings"]:
        assert set(f) >= {"rule", "guidance", "severity", "gate", "subject", "message", "remediation",
                          "evidence", "waived"}


def test_findings_are_sorted_by_gate_then_severity_then_rule(runner, example):
    example["phases"][0]["participants"] = []
    example["goals"].append({"id": "G5", "title": "Unmeasured"})
    code, report = runner.check(example)
    order = {g["phase"]: i for i, g in enumerate(report["gates"])}
    rank = {"blocker": 0, "major": 1, "minor": 2, "info": 3}
    keys = [(order[f["gate"]], rank[f["severity"]], f["rule"]) for f in report["findings"]]
    assert keys == sorted(keys) and len(keys) > 2


def test_a_rule_s_findings_come_in_plan_order(runner, example):
    # They came by subject: pilot-expanded before pilot-limited, prod-10 before prod-2.
    _, report = runner.check(example)
    assert [f["subject"] for f in report["findings"] if f["rule"] == "PILOT-EXIT-CRITERIA-PENDING"] == [
        "phases[pilot-limited].exit_criteria[SC1]", "phases[pilot-limited].exit_criteria[SC3]",
        "phases[pilot-expanded].exit_criteria[SC1]", "phases[pilot-expanded].exit_criteria[SC2]",
        "phases[pilot-expanded].exit_criteria[SC3]", "phases[pilot-expanded].exit_criteria[SC4]"]


def test_table_reads_gates_first_then_findings_then_verdict_in_80_columns(runner):
    code, out, _ = runner.run("check", EXAMPLE, "--as-of", AS_OF, "--lang", "en")
    assert code == 1
    lines = out.splitlines()
    assert max(len(line) for line in lines[:-1]) <= 80  # the verdict is one line, however long: pipelines grep it
    header = next(i for i, line in enumerate(lines) if line.startswith("Phase"))
    rows = lines[header + 2: header + 7]
    assert [row.split()[0] for row in rows] == ["pilot-limited", "pilot-expanded", "prod-1", "prod-2", "prod-3"]
    assert rows[2].split()[2] == "NO-GO"
    first_finding = next(i for i, line in enumerate(lines) if "PILOT-DIVERSITY" in line)
    assert first_finding > header + 7
    assert lines[first_finding - 1].startswith("Gate prod-1")
    assert lines[-1] == "NO-GO at prod-1: 1 blocker, 0 major, 0 minor, 12 info; next gate pilot-limited is GO"
    assert rows[2].split()[3:] == ["1", "0", "0", "8"]


def test_swedish_locale_gives_a_swedish_report_by_default(runner):
    _, out, _ = runner.run("check", EXAMPLE, "--as-of", AS_OF)
    assert "Fas" in out and "Pilotfaserna når tillsammans" in out
    assert out.splitlines()[-1] == "NO-GO vid prod-1: 1 blockerande, 0 allvarliga, 0 mindre, 12 info; nästa grind pilot-limited är GO"


def test_gate_option_selects_one_gate_and_decides_the_exit_code(runner):
    code, out, _ = runner.run("check", EXAMPLE, "--format", "json", "--as-of", AS_OF, "--gate", "pilot-limited")
    report = json.loads(out)
    assert code == 0
    assert [g["phase"] for g in report["gates"]] == ["pilot-limited"]
    assert report["findings"] == []
    code, _, _ = runner.run("check", EXAMPLE, "--format", "json", "--as-of", AS_OF, "--gate", "prod-1")
    assert code == 1


def test_unknown_gate_is_an_input_error(runner):
    code, out, err = runner.run("check", EXAMPLE, "--gate", "prod-9")
    assert code == 2 and out == ""
    assert err.strip() == (f"{EXAMPLE}: --gate 'prod-9' names no phase of this plan (phases: pilot-limited, "
                           "pilot-expanded, prod-1, prod-2, prod-3)")


def test_validate_counts_in_words(runner):
    # It said '1 phases, 1 groups'.
    plan = {"version": 1, "organization": {"name": "C\x1b[2J", "total_users": 10}, "groups": [{"id": "g", "users": 5}],
            "phases": [{"id": "p1", "kind": "pilot", "start": "2027-07-01", "end": "2027-07-10", "cohorts": []}],
            "people": [{"id": f"q{i}", "group": "g"} for i in range(1200)]}
    path = runner.write(plan)
    code, out, _ = runner.run("validate", path)
    assert (code, out) == (0, f"{path}: valid plan for C\\x1b[2J: 1 phase, 1 group, 1,200 people, 0 communications\n")


def test_validate_and_schema(runner):
    code, out, _ = runner.run("validate", EXAMPLE)
    assert code == 0 and "valid plan for Contoso: 5 phases, 7 groups" in out
    code, out, _ = runner.run("schema")
    schema = json.loads(out)
    assert code == 0
    assert "phases" in schema["required"] and schema["additionalProperties"] is False
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(json.loads(EXAMPLE.read_text(encoding="utf-8")))


def test_swedish_messages_write_numbers_the_swedish_way(runner):
    # "100.00% av pilotanvändarna" read as English in a Swedish report.
    reports = {}
    for lang in ("sv", "en"):
        _, out, _ = runner.run("check", EXAMPLE, "--format", "json", "--as-of", AS_OF, "--lang", lang)
        [pil9] = findings(json.loads(out), rule="PILOT-DIVERSITY")
        reports[lang] = pil9["message"]
    assert "och 100,00\u00a0% av pilotanvändarna" in reports["sv"] and "högst 50\u00a0% IT" in reports["sv"]
    assert "and 100.00% of pilot users" in reports["en"] and "at most 50% IT" in reports["en"]


def test_swedish_messages_name_the_awareness_questions_in_swedish(runner, example):
    # "tar upp who, when, why" in a Swedish message.
    example["communications"][0]["content"] = ["what"]
    for message in example["communications"][1:3]:
        message["content"] = ["resources"]
    messages = {}
    for lang in ("sv", "en"):
        _, report = runner.check(example, "--lang", lang)
        messages[lang] = findings(report, rule="PILOT-AWARENESS")[0]["message"]
        assert findings(report, rule="PILOT-AWARENESS")[0]["evidence"]["awareness_gaps"] == "who, when, why"
    assert messages["sv"].endswith("tar upp vem, när, varför.")
    assert messages["en"].endswith("covers who, when, why.")


def test_swedish_messages_write_a_target_with_a_decimal_comma(runner, example):
    # "målvärde >= 0.9, resultat 0,85": the target kept its decimal point.
    example["results"] = {"measurements": [{"criterion": "SC1", "value": 0.85, "measured_on": "2027-08-06"}],
                          "completed_phases": ["pilot-limited", "pilot-expanded"]}
    _, out, _ = runner.run("check", runner.write(example), "--format", "json", "--as-of", "2027-08-10",
                           "--lang", "sv")
    [limited] = [f for f in findings(json.loads(out), rule="PILOT-EXIT-CRITERIA-MET")
                 if f["subject"] == "phases[pilot-limited].exit_criteria[SC1]"]
    assert "förväntat >= 0,9, resultat 0,85 den 2027-08-06" in limited["message"]
    assert limited["evidence"]["target"] == ">= 0.9"  # the data keeps its own form


def test_a_result_message_says_what_counted_and_when(runner, example):
    # "target (not given), result (not given) (measured: yes, met: no)" for a
    # qualitative criterion; no date said which measurement counted.
    example["results"] = {"measurements": [{"criterion": "SC1", "value": 0.85, "measured_on": "2027-08-06"}],
                          "assessments": [{"criterion": "SC4", "met": False, "assessed_on": "2027-08-05"}],
                          "completed_phases": ["pilot-limited", "pilot-expanded"]}
    _, report = runner.check(example, "--as-of", "2027-08-10", "--lang", "en")
    messages = {f["subject"]: f["message"] for f in findings(report, rule="PILOT-EXIT-CRITERIA-MET")}
    assert messages["phases[pilot-expanded].exit_criteria[SC4]"] == (
        "Exit criterion SC4 of pilot phase pilot-expanded: expected met, result not met on 2027-08-05.")
    assert messages["phases[pilot-expanded].exit_criteria[SC2]"] == (
        "Exit criterion SC2 of pilot phase pilot-expanded: expected >= 4, result none.")
    assert messages["phases[pilot-limited].exit_criteria[SC1]"] == (
        "Exit criterion SC1 of pilot phase pilot-limited: expected >= 0.9, result 0.85 on 2027-08-06.")


def test_a_result_message_shows_the_value_as_recorded(runner, example):
    # ':g' showed 0.8999999 as 0.9: a failed '>= 0.9' read as a pass.
    example["results"] = {"measurements": [{"criterion": "SC1", "value": 0.8999999, "measured_on": "2027-08-06"},
                                           {"criterion": "SC3", "value": 1234567.5, "measured_on": "2027-08-06"}],
                          "completed_phases": ["pilot-limited", "pilot-expanded"]}
    _, report = runner.check(example, "--as-of", "2027-08-10", "--lang", "en")
    messages = {f["subject"]: f["message"] for f in findings(report, rule="PILOT-EXIT-CRITERIA-MET")}
    assert messages["phases[pilot-expanded].exit_criteria[SC1]"].endswith("result 0.8999999 on 2027-08-06.")
    assert messages["phases[pilot-expanded].exit_criteria[SC3]"].endswith("result 1234567.5 on 2027-08-06.")


def test_a_result_naming_its_phase_counts_on_a_hand_over_day_but_not_after_its_gate(runner, example):
    # Dated the day an earlier phase ended, it counted for no phase (the
    # window began the day after). One dated after production started did
    # not decide production's gate, named or not: a later result would
    # change a gate after the fact.
    example["phases"][1]["start"] = "2027-07-23"  # the day pilot-limited ends
    example["results"] = {"measurements": [
        {"criterion": "SC2", "value": 4.5, "measured_on": "2027-07-23", "phase": "pilot-expanded"},
        {"criterion": "SC3", "value": 0.1, "measured_on": "2027-08-20", "phase": "pilot-expanded"}],
        "completed_phases": ["pilot-limited", "pilot-expanded"]}
    _, report = runner.check(example, "--as-of", "2027-08-25", "--lang", "en")
    messages = {f["subject"]: f["message"] for f in findings(report, rule="PILOT-EXIT-CRITERIA-MET")}
    assert "phases[pilot-expanded].exit_criteria[SC2]" not in messages
    assert messages["phases[pilot-expanded].exit_criteria[SC3]"].endswith("result none.")


def test_a_result_that_names_its_phase_counts_for_that_phase_only(runner, example):
    # Both pilots list SC1: the expanded pilot's 0.95 stood in for the
    # limited pilot's failed 0.72 (the latest result in its window).
    example["results"] = {"measurements": [
        {"criterion": "SC1", "value": 0.72, "measured_on": "2027-07-23", "phase": "pilot-limited"},
        {"criterion": "SC1", "value": 0.95, "measured_on": "2027-08-06", "phase": "pilot-expanded"}],
        "completed_phases": ["pilot-limited", "pilot-expanded"]}
    _, report = runner.check(example, "--as-of", "2027-08-10", "--lang", "en")
    sc1 = {f["subject"]: f["evidence"]["value"] for f in findings(report, rule="PILOT-EXIT-CRITERIA-MET")
           if f["subject"].endswith("[SC1]")}
    assert sc1 == {"phases[pilot-limited].exit_criteria[SC1]": 0.72}
    del example["results"]["measurements"][1]["phase"]  # for every phase: the later one counts for both
    _, report = runner.check(example, "--as-of", "2027-08-10", "--lang", "en")
    assert [f for f in findings(report, rule="PILOT-EXIT-CRITERIA-MET") if f["subject"].endswith("[SC1]")] == []


def test_swedish_counts_agree_with_their_number(runner, example):
    # "1 allvarliga" (a plural) for one major finding; "resultat inget".
    del example["support"]["user_documentation"]  # one major finding
    _, out, _ = runner.run("check", runner.write(example), "--as-of", AS_OF, "--lang", "sv")
    assert out.splitlines()[-1].startswith("NO-GO vid prod-1: 1 blockerande, 1 allvarlig, 0 mindre,")
    example["results"] = {"completed_phases": ["pilot-limited", "pilot-expanded"]}
    _, report = runner.check(example, "--as-of", "2027-08-10", "--lang", "sv")
    assert findings(report, rule="PILOT-EXIT-CRITERIA-MET")[0]["message"].endswith(", resultat saknas.")
