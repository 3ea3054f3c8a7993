"""Waivers: an accepted risk is reported with its reason, approver and expiry,
and does not count on the gate; an expired one no longer applies; one that
matches nothing is reported as unused."""

from __future__ import annotations

import json

import pytest

from conftest import findings, gate

PIL9 = {"rule": "PILOT-DIVERSITY", "target": "phases", "reason": "Business pilot runs in parallel",
        "approved_by": "Eva Lind (CIO)", "expires": "2027-09-30"}


def test_a_waived_finding_is_reported_but_does_not_count(runner, example):
    example["waivers"] = [PIL9]
    code, report = runner.check(example)
    [finding] = findings(report, "PILOT-DIVERSITY")
    assert finding["waived"] is True
    assert finding["waiver"] == {"reason": "Business pilot runs in parallel", "approved_by": "Eva Lind (CIO)",
                                 "expires": "2027-09-30"}
    prod1 = gate(report, "prod-1")
    assert prod1["decision"] == "GO" and prod1["counts"]["blocker"] == 0 and prod1["counts"]["waived"] == 1
    assert code == 0


def test_an_expired_waiver_no_longer_applies_and_is_reported(runner, example):
    example["waivers"] = [dict(PIL9, expires="2027-05-31")]
    code, report = runner.check(example)  # as of 2027-06-01
    assert findings(report, "PILOT-DIVERSITY")[0]["waived"] is False
    assert gate(report, "prod-1")["decision"] == "NO-GO" and code == 1
    assert report["waivers"]["expired"] == [{"rule": "PILOT-DIVERSITY", "target": "phases",
                                             "reason": "Business pilot runs in parallel",
                                             "approved_by": "Eva Lind (CIO)", "expires": "2027-05-31"}]
    assert report["waivers"]["unused"] == []


def test_a_waiver_that_matches_nothing_is_reported_as_unused(runner, example):
    example["waivers"] = [dict(PIL9, target="phases[pilot-limited]")]
    _, report = runner.check(example)
    assert findings(report, "PILOT-DIVERSITY")[0]["waived"] is False
    assert [w["target"] for w in report["waivers"]["unused"]] == ["phases[pilot-limited]"]


def test_an_unused_waiver_suggests_the_target_its_rule_found(runner, example):
    # The target must be the finding's subject; a user who wrote the phase id
    # was told only "matches no finding".
    example["waivers"] = [dict(PIL9, target="phases[pilot-limited]"), dict(PIL9, rule="PILOT-NO-VIP")]
    _, report = runner.check(example)
    assert [(w["target"], w["did_you_mean"]) for w in report["waivers"]["unused"]] == [
        ("phases[pilot-limited]", "phases"), ("phases", None)]  # PILOT-NO-VIP found nothing to suggest
    code, out, _ = runner.run("check", runner.write(example), "--as-of", "2027-06-01", "--lang", "en")
    assert ("Unused waiver (matches no finding): PILOT-DIVERSITY on phases[pilot-limited];\n"
            "  did you mean target: phases?\n") in out


def test_waivers_from_a_separate_file(runner, example, tmp_path):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n  - rule: PILOT-DIVERSITY\n    target: phases\n    reason: Accepted by the "
                       "steering group\n    approved_by: Steering group\n    expires: 2027-12-31\n", encoding="utf-8")
    code, report = runner.check(example, "--waivers", str(waivers))
    assert findings(report, "PILOT-DIVERSITY")[0]["waiver"]["approved_by"] == "Steering group"
    assert code == 0


def test_a_waiver_for_an_unknown_rule_is_an_input_error(runner, example):
    example["waivers"] = [dict(PIL9, rule="PILOT-DIVERSTY")]
    path = runner.write(example)
    code, _, err = runner.run("check", path)
    assert code == 2
    assert err.strip().endswith("waivers[0].rule: 'PILOT-DIVERSTY' names no rule of the loaded rule packs; "
                                "did you mean 'PILOT-DIVERSITY'?")


def test_the_table_shows_waived_findings(runner, example):
    example["waivers"] = [PIL9]
    path = runner.write(example)
    _, out, _ = runner.run("check", path, "--as-of", "2027-06-01", "--lang", "en")
    assert "(1 waived)" in out and "waived by Eva Lind (CIO) until 2027-09-30" in out
    _, out, _ = runner.run("check", path, "--as-of", "2027-06-01", "--lang", "sv")
    assert "(1 undantagen)" in out  # was "(1 undantagna)", the plural


def test_counts_in_words_are_singular_for_one():
    from readiness.i18n import counted

    assert [counted("findings_n", n, "en") for n in (0, 1, 2)] == ["0 findings", "1 finding", "2 findings"]
    assert [counted("unchanged_n", n, "sv") for n in (1, 5)] == ["1 avvikelse oförändrad.", "5 avvikelser oförändrade."]
    assert [counted("users_n", n, "en") for n in (1, 2)] == ["1 user", "2 users"]  # the HTML timeline said "1 users"


def test_a_malformed_waivers_file(runner, example, tmp_path):
    waivers = tmp_path / "w.json"
    waivers.write_text(json.dumps({"waivers": [{"rule": "PILOT-DIVERSITY"}]}), encoding="utf-8")
    path = runner.write(example)
    code, _, err = runner.run("check", path, "--waivers", waivers)
    # Every problem, each on its line (only the first was shown).
    assert code == 2 and err.splitlines() == [f"{waivers}:1:14: waivers[0]: required key {key!r} is missing"
                                              for key in ("target", "reason", "approved_by", "expires")]


def test_every_unknown_rule_of_a_waivers_file_is_listed(runner, example, tmp_path):
    waivers = tmp_path / "w.yaml"
    waivers.write_text("".join(f"- {{rule: {rule}, target: phases, reason: r, approved_by: CIO, expires: 2030-01-01}}\n"
                               for rule in ("PILOT-DIVERSTY", "PILOT-DIVERSITY", "NOPE")), encoding="utf-8")
    code, _, err = runner.run("check", runner.write(example), "--waivers", waivers)
    assert (code, err) == (2, f"{waivers}:1:10: [0].rule: 'PILOT-DIVERSTY' names no rule of the loaded rule packs; "
                              f"did you mean 'PILOT-DIVERSITY'?\n{waivers}:3:10: [2].rule: 'NOPE' names no rule of "
                              "the loaded rule packs\n")


def test_a_waivers_file_that_is_a_bare_list_is_located_within_it(runner, example, tmp_path):
    waivers = tmp_path / "w.yaml"
    waivers.write_text("- rule: PILOT-DIVERSITY\n  target: phases\n  reason: r\n  approved_by: CIO\n"
                       "  expires: 2030-01-01\n  bogus: 1\n", encoding="utf-8")
    code, _, err = runner.run("check", runner.write(example), "--waivers", waivers)
    assert (code, err) == (2, f"{waivers}:6:10: [0].bogus: unknown key 'bogus'; expected one of: rule, target, "
                              "reason, approved_by, expires\n")


@pytest.mark.parametrize("text, place", [("- {rule: PILOT-DIVERSTY, target: phases, reason: r, approved_by: CIO, "
                                          "expires: 2030-01-01}\n", ":1:10: [0].rule"),
                                         ("waivers:\n  - {rule: PILOT-DIVERSTY, target: phases, reason: r, "
                                          "approved_by: CIO, expires: 2030-01-01}\n", ":2:12: waivers[0].rule")])
def test_a_waivers_file_for_an_unknown_rule_names_the_file_and_place(runner, example, tmp_path, text, place):
    waivers = tmp_path / "w.yaml"
    waivers.write_text(text, encoding="utf-8")
    code, _, err = runner.run("check", runner.write(example), "--waivers", waivers)
    assert (code, err) == (2, f"{waivers}{place}: 'PILOT-DIVERSTY' names no rule of the loaded rule packs; "
                              "did you mean 'PILOT-DIVERSITY'?\n")


def test_a_waiver_with_a_blank_reason_or_approver_is_refused(runner, example, tmp_path):
    # " " passed the length check: a blocker waived for no reason, by nobody.
    blank = "is blank (only white space or invisible characters); say it in words"
    waivers = tmp_path / "w.yaml"
    waivers.write_text('- {rule: PILOT-DIVERSITY, target: phases, reason: " ", approved_by: "\\u200b", '
                       'expires: 2027-12-31}\n', encoding="utf-8")
    code, _, err = runner.run("check", runner.write(example), "--waivers", waivers)
    assert code == 2 and err.splitlines() == [f"{waivers}:1:51: [0].reason: {blank} (got ' ')",
                                              f"{waivers}:1:69: [0].approved_by: {blank} (got '\\u200b')"]
    example["waivers"] = [{**PIL9, "reason": "\t"}]
    code, _, err = runner.run("check", runner.write(example))
    assert code == 2 and err.strip().endswith(f"waivers[0].reason: {blank} (got '\\t')")
    for invisible in ("\u2800", "\u034f", "\ufe0f"):  # blank braille, a grapheme joiner, a variation selector
        example["waivers"] = [{**PIL9, "approved_by": invisible}]
        code, _, err = runner.run("check", runner.write(example))
        assert code == 2 and f"waivers[0].approved_by: {blank} (got " in err, invisible


def test_a_waiver_rule_in_lower_case_gets_its_spelling(runner, example, tmp_path):
    waivers = tmp_path / "w.yaml"
    waivers.write_text("- {rule: pilot-diversity, target: phases, reason: Accepted, approved_by: CIO, "
                       "expires: 2027-12-31}\n", encoding="utf-8")
    code, _, err = runner.run("check", runner.write(example), "--waivers", waivers)
    assert (code, err) == (2, f"{waivers}:1:10: [0].rule: 'pilot-diversity' names no rule of the loaded rule "
                              "packs; did you mean 'PILOT-DIVERSITY'?\n")


def test_a_second_waiver_for_one_rule_and_target_is_refused(runner, example):
    # It was reported as "unused ... did you mean target: phases?", its own target.
    example["waivers"] = [PIL9, dict(PIL9, reason="again", expires="2028-12-31")]
    path = runner.write(example)
    code, out, err = runner.run("check", path, "--as-of", "2027-06-01")
    assert (code, out) == (2, "") and err.endswith(
        "waivers[1]: a second waiver for PILOT-DIVERSITY on 'phases' (also waivers[0]); keep one\n")
