"""Custom rule packs: added or replaced rules, located errors for broken rule
files, and `readiness test-rules` on a pack in a temporary directory."""

from __future__ import annotations

import json

import pytest

from conftest import AS_OF, EXAMPLE, findings
from readiness.rulebook import load_pack

RULE = """\
rules:
  - id: ORG-MIN-PHASES
    title: {en: At least six phases, sv: Minst sex faser}
    guidance: [ROL-2]
    severity: major
    gate: start
    match: plan
    where:
      phases: {below: 6}
    subject: phases
    message: {en: "Only {phases} phases.", sv: "Bara {phases} faser."}
    remediation: {en: Split a wave., sv: Dela en våg.}
"""

FEATURE = """\
Feature: Our own phase count
  Scenario: The example has five phases
    Given the example plan
    When the plan is checked
    Then rule "ORG-MIN-PHASES" fires on gate "pilot-limited" about "phases"

  Scenario: Six phases are enough
    Given the example plan
    And the plan has:
      \"\"\"
      phases:
        - {id: prod-4, kind: production, strategy: geography, start: 2027-11-08, end: 2027-11-19}
      \"\"\"
    When the plan is checked
    Then rule "ORG-MIN-PHASES" does not fire
"""


def write_pack(tmp_path, rules: str, feature: str | None = None, name: str = "pack"):
    pack = tmp_path / name
    pack.mkdir()
    (pack / "org.yaml").write_text(rules, encoding="utf-8")
    if feature is not None:
        (pack / "org.feature").write_text(feature, encoding="utf-8")
    return pack


def test_a_custom_pack_adds_a_rule(runner, tmp_path):
    pack = write_pack(tmp_path, RULE)
    code, out, err = runner.run("check", EXAMPLE, "--rules", pack, "--format", "json", "--as-of", AS_OF,
                                "--lang", "en")
    [finding] = findings(json.loads(out), "ORG-MIN-PHASES")
    assert finding["message"] == "Only 5 phases." and finding["gate"] == "pilot-limited"


def test_a_custom_rule_replaces_a_built_in_one_by_id(runner, tmp_path):
    replaced = RULE.replace("ORG-MIN-PHASES", "PILOT-DIVERSITY").replace("below: 6", "below: 2")
    pack = write_pack(tmp_path, replaced)
    _, out, _ = runner.run("check", EXAMPLE, "--rules", pack, "--format", "json", "--as-of", AS_OF)
    assert findings(json.loads(out), "PILOT-DIVERSITY") == []


def test_test_rules_runs_a_custom_pack(runner, tmp_path):
    pack = write_pack(tmp_path, RULE, FEATURE)
    code, out, err = runner.run("test-rules", pack)
    assert code == 0, out + err
    assert "ORG-MIN-PHASES" in out and "2 passed, 0 failed" in out


def test_test_rules_fails_a_pack_whose_rule_no_scenario_pins(runner, tmp_path):
    feature = FEATURE.split("  Scenario: Six")[0]
    pack = write_pack(tmp_path, RULE, feature)
    code, out, _ = runner.run("test-rules", pack)
    assert code == 1 and "rules without a firing and a silent scenario: ORG-MIN-PHASES" in out


def test_test_rules_reports_a_failing_scenario(runner, tmp_path):
    pack = write_pack(tmp_path, RULE, FEATURE.replace('about "phases"', 'about "goals"'))
    code, out, _ = runner.run("test-rules", pack)
    assert code == 1 and "FAILED org.feature:2: The example has five phases" in out


@pytest.mark.parametrize("feature, expected", [
    ("not gherkin at all\n", ":1: invalid Gherkin: unexpected token found ('not gherkin at all')"),
    (FEATURE.replace("  Scenario: Six", "  Scenario Outline: Six").replace(
        "    Then rule \"ORG-MIN-PHASES\" does not fire\n",
        "    Then rule \"ORG-MIN-PHASES\" does not fire\n  Examples:\n    | a |\n    | 1 | 2 |\n"),
     ":18: invalid Gherkin: unknown parsing error: Parser errors: (18:5): inconsistent cell count within the table "
     "('| 1 | 2 |')"),
    ("Feature: \xff\n".encode("latin-1"), ": is not valid UTF-8 (byte 0xff)"),
])
def test_test_rules_on_a_broken_feature_file_is_one_located_line(runner, tmp_path, feature, expected):
    pack = write_pack(tmp_path, RULE)
    target = pack / "org.feature"
    target.write_bytes(feature) if isinstance(feature, bytes) else target.write_text(feature, encoding="utf-8")
    code, out, err = runner.run("test-rules", pack)
    assert (code, out, err) == (2, "", f"{target}{expected}\n")


@pytest.mark.parametrize("feature, expected", [
    ("", ":1: has no Feature: a feature file starts with 'Feature:'"),
    ("# only a comment\n", ":1: has no Feature: a feature file starts with 'Feature:'"),
    ("\ufeff" + FEATURE, ":1:1: starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM"),
])
def test_test_rules_on_a_feature_file_without_a_feature(runner, tmp_path, feature, expected):
    pack = write_pack(tmp_path, RULE, feature)
    code, out, err = runner.run("test-rules", pack)
    assert (code, out, err) == (2, "", f"{pack / 'org.feature'}{expected}\n")


STEPS = """Feature: x
  Scenario: y
    Given the example plan
"""


@pytest.mark.parametrize("steps, expected", [
    ('    Then rule "ORG-MIN-PHASEZ" does not fire\n', "line 4: there is no rule 'ORG-MIN-PHASEZ'; did you mean "
                                                     "'ORG-MIN-PHASES'?"),
    ('    And "organization.name" is [oops\n', "line 4: the value: invalid YAML: did not find expected ',' or ']' "
                                               "(line 2)"),
    ('    And ".." is 1\n', "line 4: '..' names no place in the plan (e.g. phases[prod-1].start)"),
    ("    And these people:\n      | name |\n      | Bob  |\n",
     "line 4: the people step needs a table whose header row has an id column"),
    ("    And these people:\n      | id | name | name |\n      | p9 | A    | B    |\n",  # A was dropped
     "line 4: the people table has the column 'name' twice"),
    ("    When the plan is checked as of 2027-02-30\n", "line 4: '2027-02-30' is not a date as YYYY-MM-DD"),
    ('    And the plan has:\n      """\n      a: &x [1]\n      b: *x\n      """\n',
     "line 4: the YAML fragment: invalid YAML: YAML anchors and aliases (&name, *name) are not allowed; "
     "write the value out (line 1)"),
    ('    And the plan has:\n      """\n      organization: {name: !!binary aGVsbG8=}\n      """\n',
     "line 4: binary data (!!binary) is no plan value"),
    ('    And "people" is 5\n    And these people:\n      | id |\n      | p9 |\n',
     "line 5: the plan's people is a number, not a list to add people to"),
    ('    And "phases[prod-1].participants" is 5\n    And "p1" takes part in "prod-1"\n',
     "line 5: phase prod-1's participants is a number, not a list to add to"),
    ('    And the plan has no "communications"\n    When the plan is checked\n'
     '    Then rule "COMMS-KICKOFF-BEFORE-START" fires 0 times\n',  # it was reported as cannot-assess
     "line 6: rule COMMS-KICKOFF-BEFORE-START fires: COMMS-KICKOFF-BEFORE-START on pilot-limited about "
     "communications"),
    ("    When the plan is checked in klingon\n",  # it passed, checked in the plan's language
     "line 4: unknown language 'klingon'; the report speaks English or Swedish (english, swedish, engelska, "
     "svenska)"),
])
def test_a_step_that_cannot_be_carried_out_fails_its_scenario_on_one_line(runner, tmp_path, steps, expected):
    # Each of these was an internal error, a hang or (a misspelt rule) a pass.
    pack = write_pack(tmp_path, RULE, STEPS + steps)
    code, out, err = runner.run("test-rules", pack)
    assert (code, err) == (1, "")
    assert f"FAILED org.feature:2: y\n  {expected}\n" in out


def test_a_plan_file_step_reads_as_check_does(runner, tmp_path):
    pack = write_pack(tmp_path, RULE, 'Feature: x\n  Scenario: y\n    Given the plan file "/dev/zero"\n')
    code, out, _ = runner.run("test-rules", pack)
    assert code == 1 and "line 3: cannot read plan file: /dev/zero: is not a regular file" in out


@pytest.mark.parametrize("change, message", [
    (("ORG-MIN-PHASES", "ORG-min"), "rules[ORG-min].id: rule id 'ORG-min' must be upper-case words joined by '-'"),
    (("guidance: [ROL-2]", "guidance: [ROL-99]"), "rules[ORG-MIN-PHASES].guidance[ROL-99]: unknown guidance id "
                                                  "'ROL-99'"),
    (("below: 6", "blow: 6"), "rules[ORG-MIN-PHASES].where.phases.blow: unknown test 'blow'; did you mean "
                              "'below'?"),
    (("below: 6", "$ne: 6"), "rules[ORG-MIN-PHASES].where.phases.$ne: unknown test '$ne'"),
    (("phases: {below: 6}", "phaze: {below: 6}"), "rules[ORG-MIN-PHASES].where.phaze: unknown field 'phaze' of "
                                                  "plan facts; did you mean 'phases'?"),
    (("match: plan", "match: plans"), "rules[ORG-MIN-PHASES].match: unknown fact kind 'plans'; did you mean "
                                      "'plan'?"),
    (("phases: {below: 6}", "organization: {below: 6}"), "where.organization.below: `below` compares numbers; "
                                                         "'organization' is text"),
    (("Only {phases} phases.", "Only {phases.__class__} phases."), "message.en: template: unknown field "
                                                                    "'phases.__class__'"),
    (("gate: start", "gate: phase"), "rules[ORG-MIN-PHASES].gate: gate 'phase' needs facts with a phase"),
    (("severity: major", "severity: huge"), "rules[ORG-MIN-PHASES].severity: 'huge' is not one of "
                                            "'blocker', 'major', 'minor' or 'info'"),
])
def test_broken_rule_files_are_located_errors(runner, tmp_path, change, message):
    pack = write_pack(tmp_path, RULE.replace(*change))
    code, out, err = runner.run("check", EXAMPLE, "--rules", pack)
    assert (code, out) == (2, "") and len(err.splitlines()) == 1 and "Traceback" not in err
    assert err.startswith(f"{pack / 'org.yaml'}:") and message in err


UNLESS = """\
rules:
  - id: ORG-JOIN
    title: {en: t, sv: t}
    guidance: [COM-4]
    severity: major
    gate: phase
    match: cohort
    unless:
      - kind: %s
        same: [%s]
        where: %s
    message: {en: m, sv: m}
    remediation: {en: r, sv: r}
"""


@pytest.mark.parametrize("kind, same, where, message", [
    ("comm-reach", "id", "{}", "joining on 'id' reads freed memory in durable_rules"),
    ("comm-reach", "phase", "{any: [{wave: enrollment}, {wave: kickoff}]}", "`any` and `in` cannot be used under "
                                                                            "`unless`"),
    ("comm-reach", "phase", "{wave: {in: [enrollment, kickoff]}}", "`any` and `in` cannot be used under `unless`"),
    ("finding", "phase", "{}", "a rule cannot depend on the absence of findings"),
])
def test_constructs_durable_rules_gets_wrong_are_refused(runner, tmp_path, kind, same, where, message):
    pack = write_pack(tmp_path, UNLESS % (kind, same, where))
    code, _, err = runner.run("check", EXAMPLE, "--rules", pack)
    assert code == 2 and message in err and "rules[ORG-JOIN].unless[0]" in err


def test_duplicate_rule_id_within_a_pack(runner, tmp_path):
    pack = write_pack(tmp_path, RULE)
    (pack / "more.yaml").write_text(RULE, encoding="utf-8")
    code, _, err = runner.run("check", EXAMPLE, "--rules", pack)
    assert code == 2 and err.endswith(f"duplicate rule id 'ORG-MIN-PHASES' (also in {pack / 'more.yaml'})\n")
    (pack / "more.yaml").unlink()
    (pack / "org.yaml").write_text(RULE + RULE.removeprefix("rules:\n"), encoding="utf-8")
    code, _, err = runner.run("check", EXAMPLE, "--rules", pack)
    assert code == 2 and err.endswith("duplicate rule id 'ORG-MIN-PHASES' (also at line 2 of this file)\n")


def test_missing_pack_directory(runner, tmp_path):
    code, _, err = runner.run("check", EXAMPLE, "--rules", tmp_path / "nope")
    assert (code, err) == (2, f"{tmp_path / 'nope'}: no such rule pack directory\n")


def test_a_rule_file_named_in_capitals_is_read(runner, tmp_path):
    # ORG.YAML was skipped without a word when the pack had another rule file.
    pack = write_pack(tmp_path, "rules: []\n")
    (pack / "ORG.YAML").write_text(RULE, encoding="utf-8")
    code, out, _ = runner.run("rules", "list", "--rules", pack, "--format", "json")
    assert code == 0 and "ORG-MIN-PHASES" in {r["id"] for r in json.loads(out)}


def test_rule_files_are_never_executed(runner, tmp_path):
    marker = tmp_path / "pwned"
    evil = RULE.replace("subject: phases", f"subject: !!python/object/apply:os.system ['touch {marker}']")
    pack = write_pack(tmp_path, evil)
    code, _, err = runner.run("check", EXAMPLE, "--rules", pack)
    assert code == 2 and "YAML tag" in err and not marker.exists()


def test_rules_list_show_and_coverage(runner):
    code, out, _ = runner.run("rules", "list", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and {"PILOT-NO-VIP", "PILOT-DIVERSITY"} <= {r["id"] for r in rows}
    assert all(r["guidance"] for r in rows)
    code, out, _ = runner.run("rules", "show", "PILOT-NO-VIP")
    assert code == 0
    for heading in ("What it checks", "Why it matters", "The guidance", "Example that fires", "The fix"):
        assert heading in out
    assert "Dessa användare får inte vara företagsledare eller VIP-användare." in out
    code, _, err = runner.run("rules", "show", "PILOT-NO-VPI")
    assert code == 2 and "did you mean 'PILOT-NO-VIP'?" in err


def test_every_built_in_rule_is_documented_in_full():
    # `rules show` promises what, why, the guidance quoted, an example and the
    # fix; three rules lacked parts of it and nothing noticed.
    incomplete = {rule_id: [part for part in ("why", "quote", "example", "fix") if not getattr(rule.spec.docs, part)]
                  for rule_id, rule in load_pack(()).rules.items()}
    assert {rule_id: parts for rule_id, parts in incomplete.items() if parts} == {}


def test_every_fact_kind_is_described_in_swedish():
    from readiness.facts import FACT_KINDS
    from readiness.i18n import FACT_KIND_DOCS_SV

    assert set(FACT_KIND_DOCS_SV) == set(FACT_KINDS)


def test_rule_docs_in_swedish_have_swedish_headings_and_conditions(runner):
    # --lang sv gave Swedish titles and messages under English headings.
    code, out, _ = runner.run("rules", "show", "COMMS-ENROLLMENT-WAVE", "--lang", "sv")
    assert code == 0
    for heading in ("Vägledning: COM-4   Allvar: blockerande", "Vad den kontrollerar", "Varför det spelar roll",
                    "Vägledningen", "Exempel som utlöser regeln", "Åtgärden", "Meddelande", "Åtgärdsförslag",
                    "Fakta av slaget cohort: En grupp som registreras i en fas.\nFör var och en slår regeln till när:",
                    "och det finns inget faktum av slaget comm-reach med samma phase, group där wave är enrollment",
                    'Utan communications i planen rapporterar den i stället "kan ej bedömas".'):
        assert heading in out, heading
    assert "What it checks" not in out and "Example that fires" not in out
    assert "(standard 0,5)" in runner.run("rules", "show", "PILOT-DIVERSITY", "--lang", "sv")[1]
    code, out, _ = runner.run("rules", "list", "--lang", "sv")
    assert code == 0 and out.split()[:5] == ["ID", "allvar", "grind", "vägledning", "titel"]
    assert "PILOT-DIVERSITY                    blockerande  bred" in out
    code, out, _ = runner.run("rules", "coverage", "--lang", "sv")
    assert code == 0 and "vägledningspunkter:" in out and "täcks av" in out and "guidance IDs" not in out


def test_a_broken_link_in_a_pack_is_an_error_not_skipped(runner, tmp_path):
    pack = write_pack(tmp_path, RULE)
    (pack / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    code, _, err = runner.run("check", EXAMPLE, "--rules", pack)
    assert (code, err) == (2, f"{pack / 'gone.yaml'}: is not a readable rule file\n")
    (pack / "gone.yaml").unlink()
    (pack / "more.yaml").mkdir()  # a directory named like a rule file: not skipped either
    code, _, err = runner.run("check", EXAMPLE, "--rules", pack)
    assert (code, err) == (2, f"{pack / 'more.yaml'}: is not a readable rule file\n")


@pytest.mark.parametrize("lang, expected", [("en", "Executive: yes."), ("sv", "Chef: ja.")])
def test_a_true_or_false_field_reads_as_words_in_a_message(runner, tmp_path, lang, expected):
    rule = RULE.replace("match: plan", "match: cohort").replace("phases: {below: 6}", "executive: true").replace(
        'message: {en: "Only {phases} phases.", sv: "Bara {phases} faser."}',
        'message: {en: "Executive: {executive}.", sv: "Chef: {executive}."}').replace("gate: start", "gate: phase")
    pack = write_pack(tmp_path, rule)
    code, out, err = runner.run("check", EXAMPLE, "--rules", pack, "--format", "json", "--as-of", AS_OF,
                                "--lang", lang)
    assert {f["message"] for f in findings(json.loads(out), "ORG-MIN-PHASES")} == {expected}, err


def test_a_phase_rule_on_a_fact_of_no_phase_weighs_as_a_whole_plan_finding(runner, tmp_path, example):
    # Risks and groups may name no phase; a `gate: phase` rule on them was an
    # internal error (KeyError) on a valid plan.
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "risks.yaml").write_text(
        "rules:\n  - id: ORG-RISK-MITIGATED\n    title: {en: Risks are mitigated, sv: Risker hanteras}\n"
        "    guidance: [PIL-4]\n    severity: major\n    gate: phase\n    match: risk\n"
        "    where: {has_mitigation: true}\n    message: {en: 'Risk {risk} is mitigated', sv: m}\n"
        "    remediation: {en: r, sv: r}\n", encoding="utf-8")
    example["risks"] += [{"id": "R8", "description": "Licences may be late", "mitigation": "Order early"},
                         {"id": "R9", "description": "Stores lose Wi-Fi", "mitigation": "4G", "phase": "prod-2"}]
    code, out, err = runner.run("check", runner.write(example), "--rules", pack, "--format", "json",
                                "--as-of", "2027-06-01")
    assert code == 1, err
    report = json.loads(out)
    assert sorted((f["subject"], f["gate"]) for f in report["findings"] if f["rule"] == "ORG-RISK-MITIGATED") == [
        ("risks[R1]", "pilot-expanded"), ("risks[R8]", "pilot-limited"), ("risks[R9]", "prod-2")]
    carried = {g["phase"]: g["carried"]["major"] for g in report["gates"]}
    assert carried["prod-3"] == 1 and carried["pilot-limited"] == 0  # R8 concerns the whole plan


@pytest.mark.parametrize("when, place, name", [
    ("{rule: PILOT-NO-VIPS}", "4:18: gates[0].when.rule", "PILOT-NO-VIPS"),
    ("\n      any:\n        - rule: {in: [PILOT-NO-VIP, CRITERIA-SMRT]}", "6:37: gates[0].when.any[0].rule.in[CRITERIA-SMRT]",
     "CRITERIA-SMRT"),
])
def test_a_gate_rule_naming_no_rule_is_refused(runner, tmp_path, when, place, name):
    # A misspelt rule id never matches: the gate never closed, and every
    # gate passed as GO although the rule it meant fired as a blocker.
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "gates.yaml").write_text(f"gates:\n  - decision: NO-GO\n    title: {{en: t, sv: t}}\n    when: {when}\n",
                                     encoding="utf-8")
    code, out, err = runner.run("check", EXAMPLE, "--rules", pack)
    assert (code, out) == (2, "")
    hint = {"PILOT-NO-VIPS": "PILOT-NO-VIP", "CRITERIA-SMRT": "CRITERIA-SMART"}[name]
    assert err == f"{pack / 'gates.yaml'}:{place}: {name!r} names no rule of the loaded packs; did you mean {hint!r}?\n"


def test_a_guidance_id_listed_twice_is_refused(runner, tmp_path):
    # It was accepted, and the SARIF report's tags were no longer unique
    # (invalid against the SARIF schema).
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "r.yaml").write_text(
        "rules:\n  - id: X-TEST\n    title: {en: t, sv: t}\n    guidance: [PIL-4, PIL-4]\n    severity: major\n"
        "    gate: start\n    match: plan\n    where: {phases: {above: 0}}\n    message: {en: m, sv: m}\n"
        "    remediation: {en: r, sv: r}\n", encoding="utf-8")
    code, out, err = runner.run("check", EXAMPLE, "--rules", pack)
    assert (code, out, err) == (2, "", f"{pack / 'r.yaml'}:4:23: rules[X-TEST].guidance[PIL-4]: guidance id 'PIL-4' "
                                       "is listed twice\n")


GATE = "gates:\n  - {decision: NO-GO, title: {en: t, sv: t}, when: {severity: blocker, waived: false}}\n"


def test_a_pack_decides_its_gates_in_one_file_and_never_with_none(runner, tmp_path):
    # `gates: []` silently kept the built-in gate rules; gate rules in two
    # files of one pack both applied.
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "gates.yaml").write_text("gates: []\n", encoding="utf-8")
    code, _, err = runner.run("rules", "list", "--rules", pack)
    message = ("gates: `gates:` is empty, which leaves no gate rules; leave `gates:` out to keep those of the packs "
               "before it, or write the gate rules this pack decides with\n")
    assert (code, err) == (2, f"{pack / 'gates.yaml'}:1:8: {message}")
    (pack / "gates.yaml").write_text("rules: []\ngates:\n  # - {decision: NO-GO, ...}\n", encoding="utf-8")
    code, _, err = runner.run("rules", "list", "--rules", pack)
    assert (code, err) == (2, f"{pack / 'gates.yaml'}:2:7: {message}")
    (pack / "a.yaml").write_text(GATE, encoding="utf-8")
    (pack / "gates.yaml").write_text(GATE, encoding="utf-8")
    code, _, err = runner.run("rules", "list", "--rules", pack)
    assert (code, err) == (2, f"{pack / 'gates.yaml'}:2:3: gates: gate rules are already written in "
                              f"{pack / 'a.yaml'}; a pack writes its gate rules in one file\n")


def test_a_rule_file_in_a_subdirectory_is_refused_a_plan_there_is_not(runner, tmp_path):
    # Rule files in a subdirectory were ignored without a word, while
    # test-rules ran the scenarios beside them ("there is no rule"). Plans
    # that scenarios read sit in subdirectories too, and stay fine.
    pack = tmp_path / "pack"
    (pack / "org" / "plans").mkdir(parents=True)
    (pack / ".git").mkdir()
    (pack / ".#lock.yaml").symlink_to(tmp_path / "nowhere")  # an editor's lock file: not the pack's
    rule = ("rules:\n  - id: {id}\n    title: {{en: t, sv: t}}\n    guidance: [ROL-2]\n    severity: minor\n"
            "    gate: start\n    match: plan\n    where: {{phases: {{above: 3}}}}\n    message: {{en: m, sv: m}}\n"
            "    remediation: {{en: r, sv: r}}\n")
    (pack / "phases.yaml").write_text(rule.format(id="ORG-PHASES"), encoding="utf-8")
    (pack / ".git" / "config.yaml").write_text("rules: not ours\n", encoding="utf-8")
    (pack / "org" / "plans" / "plan.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (pack / "org" / "phases.feature").write_text(
        "Feature: f\n  Scenario: fires\n    Given the plan file \"plans/plan.yaml\"\n    When the plan is checked\n"
        "    Then rule \"ORG-PHASES\" fires on gate \"pilot-limited\"\n", encoding="utf-8")
    code, out, err = runner.run("test-rules", pack)
    assert out.splitlines()[2].split() == ["ORG-PHASES", "1", "1", "0", "0", "unpinned"]  # found, and it fires
    assert (code, err) == (1, "")  # no scenario where it stays silent yet
    (pack / "org" / "more.yaml").write_text(rule.format(id="ORG-MORE"), encoding="utf-8")
    code, out, err = runner.run("check", EXAMPLE, "--rules", pack)
    assert (code, out, err) == (2, "", f"{pack / 'org' / 'more.yaml'}: looks like a rule file, but rule files are "
                                       f"read from the pack directory itself ({pack}); move it there, or give its "
                                       "directory as a pack of its own (--rules)\n")