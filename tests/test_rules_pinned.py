"""Every rule is pinned by the scenarios: each has a scenario where it fires
and one where it stays silent, all pass, and taking any one rule out of the
pack makes at least one scenario fail."""

from __future__ import annotations

import pytest

from readiness.bdd.runner import per_rule, run_features
from readiness.rulebook import builtin_scenarios_dir, load_pack

PACK = load_pack()


@pytest.fixture(scope="module")
def results():
    return run_features(builtin_scenarios_dir())


def test_every_scenario_passes_with_the_full_pack(results):
    failed = [f"{r.feature}:{r.line} {r.name}: {r.message}" for r in results if not r.passed]
    assert failed == []


def test_every_rule_has_a_firing_and_a_silent_scenario(results):
    unpinned = [r.rule for r in per_rule(results, PACK.rules) if r.status != "ok"]
    assert unpinned == []


@pytest.mark.parametrize("rule_id", sorted(PACK.rules))
def test_removing_the_rule_makes_a_scenario_fail(rule_id):
    results = run_features(builtin_scenarios_dir(), skip_rules=frozenset({rule_id}), only_rules={rule_id})
    assert results, f"no scenario names {rule_id}"
    assert any(not r.passed for r in results), f"no scenario notices that {rule_id} is gone"
