"""The durable_rules driver: exact, deterministic, no lost or duplicated firing."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from conftest import AS_OF, EXAMPLE, ROOT
from readiness import engine
from readiness.assess import Options, assess
from readiness.loader import load_plan
from readiness.render import render
from readiness.rulebook import load_pack


def test_fnv1_matches_the_reference_values():
    assert engine.fnv1_32("") == 0x811C9DC5
    assert engine.fnv1_32("a") == 0x050C5D7E
    assert engine.fnv1_32("foobar") == 0x31F0B262


def test_an_id_whose_hash_collides_is_skipped(monkeypatch):
    monkeypatch.setattr(engine, "fnv1_32", lambda text: 7 if text in ("1", "2") else int(text))
    ids = engine._Ids()
    assert [ids.take(), ids.take(), ids.take()] == ["1", "3", "4"]


def test_every_firing_is_delivered_once_on_the_callers_thread():
    ruleset = {
        "start": {"all": [{"m": {"$s": 1}}]},
        "either": {"all": [{"m": {"$and": [{"kind": "x"}, {"$or": [{"a": True}, {"b": True}]}]}}]},
        "chained": {"all": [{"m": {"kind": "derived"}}]},
    }
    facts = [{"kind": "x", "a": True, "b": True, "n": n} for n in range(500)]
    seen = []

    def on_firing(firing):
        seen.append(firing.rule)
        return [{"kind": "derived", "n": firing.facts["m"]["n"]}] if firing.rule == "either" else []

    firings = engine.evaluate(ruleset, [facts], on_firing, ignore=frozenset({"start"}))
    assert len(firings) == 1000  # 500 matches (each once, although both branches hold) + 500 chained
    assert sorted(f.facts["m"]["n"] for f in firings if f.rule == "either") == list(range(500))
    assert sorted(f.facts["m"]["n"] for f in firings if f.rule == "chained") == list(range(500))
    assert all("id" not in f.facts["m"] for f in firings)


def test_negated_kinds_asserted_first_block_the_match():
    ruleset = {
        "start": {"all": [{"m": {"$s": 1}}]},
        "lonely": {"all": [{"m": {"kind": "cohort"}}, {"n$not": {"$and": [{"kind": "reach"},
                                                                         {"group": {"m": "group"}}]}}]},
    }
    reach = [{"kind": "reach", "group": g} for g in ("a", "b")]
    cohorts = [{"kind": "cohort", "group": g} for g in ("a", "b", "c")]
    firings = engine.evaluate(ruleset, [reach, cohorts], lambda f: (), ignore=frozenset({"start"}))
    assert [f.facts["m"]["group"] for f in firings] == ["c"]


def test_the_same_plan_gives_byte_identical_reports_in_one_process():
    loaded, pack = load_plan(str(EXAMPLE)), load_pack()
    options = Options(as_of=dt.date.fromisoformat(AS_OF))
    outputs = {render(assess(loaded, pack, options), "json") for _ in range(20)}
    assert len(outputs) == 1


def test_the_same_plan_gives_byte_identical_reports_across_processes():
    command = [sys.executable, "-m", "readiness", "check", str(EXAMPLE), "--format", "json", "--as-of", AS_OF]
    outputs = {subprocess.run(command, capture_output=True, cwd=ROOT).stdout for _ in range(3)}
    assert len(outputs) == 1 and json.loads(outputs.pop())["gates"]


def test_only_facts_some_rule_can_match_are_asserted(example, tmp_path):
    # PILOT-NO-VIP reads pilot members and needs `executive` or `vip` true:
    # of the example's six pilot members none can match, so none is asserted,
    # until an executive joins the pilot.
    from readiness.loader import validate_document
    from readiness.source import parse_document

    full = load_pack()
    only = type(full)(rules={"PILOT-NO-VIP": full.rules["PILOT-NO-VIP"]}, gates=full.gates,
                      manual_checks=[], version=full.version)
    options = Options(as_of=dt.date.fromisoformat(AS_OF))
    report = assess(load_plan(str(EXAMPLE)), only, options)
    assert report.summary["facts"] == len(report.gates)
    example["people"].append({"id": "p9", "name": "Eva Lind", "executive": True})
    example["phases"][0]["participants"].append("p9")
    loaded = validate_document(parse_document("plan.json", json.dumps(example).encode()))
    report = assess(loaded, only, options)
    assert report.summary["facts"] == 1 + len(report.gates)
    assert [f.rule for f in report.findings] == ["PILOT-NO-VIP"]


def test_repeated_blocking_facts_are_asserted_once(example):
    # Five copies of every mail: five times the reach facts, which only ever
    # block matches (the rules' `unless`); as many are asserted as for one
    # copy, and the report is the reference evaluator's, which sees them all.
    from readiness.compiler import compile_pack
    from readiness.facts import derive_facts
    from readiness.loader import validate_document
    from readiness.settings import resolve_settings
    from readiness.source import parse_document

    def reach_facts(plan):
        loaded = validate_document(parse_document("plan.json", json.dumps(plan).encode()))
        facts = derive_facts(loaded, dt.date.fromisoformat(AS_OF)).facts
        compiled = compile_pack(load_pack(), resolve_settings(loaded.plan.settings))
        return ([f for f in facts if f["kind"] == "comm-reach"],
                [f for f in compiled.assertable(facts) if f["kind"] == "comm-reach"], loaded)

    derived, asserted, _ = reach_facts(example)
    example["communications"] = [dict(c, id=f"{c['id']}-{n}") for c in example["communications"] for n in range(5)]
    derived5, asserted5, loaded = reach_facts(example)
    assert len(derived5) == 5 * len(derived) and len(asserted5) == len(asserted) < len(derived)
    options = Options(as_of=dt.date.fromisoformat(AS_OF))
    durable = assess(loaded, load_pack(), options)
    plain = assess(loaded, load_pack(), Options(as_of=options.as_of, engine="reference"))
    assert durable.to_dict() == plain.to_dict() and durable.findings


def test_the_prefilter_judges_each_combination_of_values_once_by_value_and_type():
    # Verdicts are remembered per combination of the tested values: true and
    # 1 are equal in Python but not in JSON, so a rule asking for `flag: true`
    # keeps the fact with true whichever comes first; a list is judged alone.
    from readiness.compiler import CompiledPack

    pack = CompiledPack(ruleset={}, rules={}, gates={}, matched_kinds=frozenset({"k"}), negated_kinds=frozenset(),
                        patterns={"k": ({"flag": True, "tier": {"at_least": 2.0}},)}, tested={"k": ("flag", "tier")})
    yes, one, low = {"kind": "k", "flag": True, "tier": 2}, {"kind": "k", "flag": 1, "tier": 2}, \
        {"kind": "k", "flag": True, "tier": 1}
    assert pack.assertable([one, yes, one, low, yes]) == [yes, yes]
    assert pack.assertable([yes, one, low]) == [yes]
    listed = {"kind": "k", "flag": True, "tier": [2]}
    assert pack.assertable([listed, yes, {"kind": "other"}]) == [listed, yes]
    # Blocking facts are repeats only if equal in value and type, or on the same side of each limit.
    blocking = CompiledPack(ruleset={}, rules={}, gates={}, matched_kinds=frozenset(), negated_kinds=frozenset({"b"}),
                            patterns={"b": ({},)}, tested={"b": ()},
                            blocker_fields={"b": (("flag", None), ("days", (("at_least", 0.0),)))})
    facts = [{"kind": "b", "flag": True, "days": 3}, {"kind": "b", "flag": 1, "days": 3},
             {"kind": "b", "flag": True, "days": 9}, {"kind": "b", "flag": True, "days": -1},
             {"kind": "b", "flag": True, "days": 3, "other": "ignored"}, {"kind": "b", "flag": [1], "days": 3},
             {"kind": "b", "flag": [1], "days": 3}]
    assert blocking.assertable(facts) == [facts[0], facts[1], facts[3], facts[5], facts[6]]


def test_a_kind_both_matched_and_negated_is_ordered_after_what_it_waits_for(runner, tmp_path):
    # SUPPORT-TRAINED-BEFORE-PHASE matches `phase` unless a `helpdesk-training`;
    # this rule also negates `phase`, so phases join the negated kinds. The
    # trainings must still be asserted before the phases, or SUP-2 misfires.
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "extra.yaml").write_text("""\
rules:
  - id: ORG-COHORT-WITHOUT-PHASE
    title: {en: t, sv: t}
    guidance: [GRP-1]
    severity: minor
    gate: phase
    match: cohort
    unless:
      - kind: phase
        same: [phase]
    message: {en: m, sv: m}
    remediation: {en: r, sv: r}
""", encoding="utf-8")
    from readiness.compiler import compile_pack
    from readiness.settings import resolve_settings

    compiled = compile_pack(load_pack((str(pack),)), resolve_settings())
    layer = {kind: i for i, batch in enumerate(compiled.batches) for kind in batch}
    assert layer["helpdesk-training"] < layer["phase"] < layer["cohort"]
    code, out, _ = runner.run("check", EXAMPLE, "--rules", pack, "--format", "json", "--as-of", AS_OF)
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert "SUPPORT-TRAINED-BEFORE-PHASE" not in rules and "ORG-COHORT-WITHOUT-PHASE" not in rules


def test_rules_that_negate_each_others_kinds_are_refused(runner, tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    rule = """\
  - id: ORG-{name}
    title: {{en: t, sv: t}}
    guidance: [GRP-1]
    severity: minor
    gate: phase
    match: {match}
    unless:
      - kind: {negated}
        same: [phase]
    message: {{en: m, sv: m}}
    remediation: {{en: r, sv: r}}
"""
    (pack / "cycle.yaml").write_text("rules:\n" + rule.format(name="A", match="cohort", negated="phase")
                                     + rule.format(name="B", match="phase", negated="cohort"), encoding="utf-8")
    code, _, err = runner.run("check", EXAMPLE, "--rules", pack)
    assert (code, err) == (2, f"{pack / 'cycle.yaml'}:20:15: rules[ORG-B].unless[0].kind: rules ORG-A (cohort "
                              "unless phase), ORG-B (phase unless cohort) negate each other's fact kinds in a "
                              "circle; durable_rules cannot order such negations\n")
    code, _, err2 = runner.run("rules", "list", "--rules", pack)  # refused where the pack is loaded
    assert (code, err2) == (2, err)


def test_a_new_rule_closing_a_circle_with_built_in_rules_is_the_one_named(runner, tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "r.yaml").write_text("""\
rules:
  - id: ORG-U-TEN
    title: {en: t, sv: t}
    guidance: [COM-4]
    severity: minor
    gate: phase
    match: comm-reach
    message: {en: m, sv: m}
    remediation: {en: r, sv: r}
    unless:
      - {kind: cohort, same: [phase, group], where: {executive: true}}
""", encoding="utf-8")
    code, _, err = runner.run("check", EXAMPLE, "--rules", pack)
    assert code == 2 and err.startswith(f"{pack / 'r.yaml'}:11:16: rules[ORG-U-TEN].unless[0].kind: rules ")
    assert "ORG-U-TEN (comm-reach unless cohort)" in err and err.count("(") == 2  # only the circle's two rules


def test_numbers_written_with_an_exponent_are_read_exactly():
    # Python writes 0.00001 as 1e-05, which durable_rules refused in a ruleset
    # and misread in a fact (the finding below was silently lost).
    tiny, huge = 0.00001, 1e16
    ruleset = {
        "start": {"all": [{"m": {"$s": 1}}]},
        "small": {"all": [{"m": {"$and": [{"kind": "x"}, {"$lt": {"v": 0.001}}]}}]},
        "below-tiny": {"all": [{"m": {"$and": [{"kind": "x"}, {"$lt": {"v": tiny}}]}}]},
        "large": {"all": [{"m": {"$and": [{"kind": "x"}, {"$gte": {"v": huge}}]}}]},
    }
    facts = [{"kind": "x", "v": v, "n": n} for n, v in enumerate([tiny, 0.0, huge, 5e-324, 0.5])]
    firings = engine.evaluate(ruleset, [facts], lambda f: (), ignore=frozenset({"start"}))
    assert sorted((f.rule, f.facts["m"]["n"]) for f in firings) == [
        ("below-tiny", 1), ("below-tiny", 3), ("large", 2), ("small", 0), ("small", 1), ("small", 3)]
    assert {f.facts["m"]["n"]: f.facts["m"]["v"] for f in firings} == {0: tiny, 1: 0.0, 2: huge, 3: 5e-324}


def test_text_beyond_ascii_matches_as_written():
    # Facts and rulesets reach durable_rules as raw UTF-8 (orjson), not as
    # \u escapes: equal text must still match, and only equal text.
    name = "Åsa Öberg ✓ \u2028 😀"
    ruleset = {"start": {"all": [{"m": {"$s": 1}}]},
               "named": {"all": [{"m": {"$and": [{"kind": "x"}, {"name": name}]}}]}}
    facts = [{"kind": "x", "name": text} for text in (name, "Asa Oberg", name[:-1], name + " ")]
    firings = engine.evaluate(ruleset, [facts], lambda f: (), ignore=frozenset({"start"}))
    assert [f.facts["m"]["name"] for f in firings] == [name]


def test_integers_past_64_bits_are_still_written():
    assert engine.durable_json({"v": 2 ** 70, "w": 0.5}) == '{"v": 1180591620717411303424, "w": 0.5}'
    with pytest.raises(engine.EngineError, match="past 64 bits"):
        engine.durable_json({"v": 2 ** 70, "w": 0.00001})


def test_a_tiny_threshold_from_the_command_line_works(runner):
    code, out, err = runner.run("check", str(EXAMPLE), "--as-of", AS_OF, "--format", "json",
                                "--set", "pilot_max_it_share=0.00001")
    assert (code, err) == (1, "")
    assert json.loads(out)["settings"]["pilot_max_it_share"] == 0.00001
