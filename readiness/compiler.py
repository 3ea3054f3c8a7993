"""Compiling a rule pack to one durable_rules ruleset (its JSON form).

Findings rules match plan facts; gate rules match `weighs` facts (a finding
on a gate), which the assessment asserts while the engine runs, so gate
decisions follow from findings by forward chaining, as the rule files say.
"""

from __future__ import annotations

from dataclasses import dataclass

from .conditions import _and, compile_condition
from .rulebook import GateSpec, Rule, RulePack

START_RULE = "readiness-start"


@dataclass(frozen=True)
class CompiledPack:
    ruleset: dict
    rules: dict[str, Rule]  # durable rule name -> findings rule
    gates: dict[str, GateSpec]  # durable rule name -> gate rule
    gate_order: tuple[str, ...]  # decisions, most severe first
    matched_kinds: frozenset[str]  # fact kinds some rule reads
    negated_kinds: frozenset[str]  # kinds some rule requires to be absent: asserted first


def compile_pack(pack: RulePack, settings: dict, skip: frozenset[str] = frozenset()) -> CompiledPack:
    ruleset: dict = {START_RULE: {"all": [{"m": {"$s": 1}}]}}  # see engine.py: keeps delete_state safe
    rules: dict[str, Rule] = {}
    matched: set[str] = set()
    negated: set[str] = set()
    for rule in pack.rules.values():
        if rule.id in skip:
            continue
        spec = rule.spec
        terms = [{"kind": spec.match}] + compile_condition(spec.where, spec.match, settings)
        patterns: list[dict] = [{"m": _and(terms)}]
        for j, unless in enumerate(spec.unless):
            negated_terms = ([{"kind": unless.kind}] + [{name: {"m": name}} for name in unless.same]
                             + compile_condition(unless.where, unless.kind, settings))
            patterns.append({f"n{j}$not": _and(negated_terms)})
            negated.add(unless.kind)
        ruleset[spec.id] = {"all": patterns}
        rules[spec.id] = rule
        matched.add(spec.match)
    gates: dict[str, GateSpec] = {}
    for i, gate in enumerate(pack.gates):
        name = f"gate-{i + 1}-{gate.decision}"
        terms = [{"kind": "weighs"}, {"gate": {"g": "phase"}}] + compile_condition(gate.when, "finding", settings)
        ruleset[name] = {"all": [{"g": {"kind": "gate"}}, {"f": _and(terms)}]}
        gates[name] = gate
    order = tuple(dict.fromkeys(g.decision for g in pack.gates))
    return CompiledPack(ruleset=ruleset, rules=rules, gates=gates, gate_order=order,
                        matched_kinds=frozenset(matched | negated), negated_kinds=frozenset(negated))
