"""Compiling a rule pack to one durable_rules ruleset (its JSON form).

Findings rules match plan facts; gate rules match `weighs` facts (a finding
on a gate), which the assessment asserts while the engine runs, so gate
decisions follow from findings by forward chaining, as the rule files say.
"""

from __future__ import annotations

from dataclasses import dataclass

from .conditions import _and, compile_condition
from .errors import InputError
from .rulebook import GateSpec, Rule, RulePack

START_RULE = "readiness-start"


@dataclass(frozen=True)
class CompiledPack:
    ruleset: dict
    rules: dict[str, Rule]  # durable rule name -> findings rule
    gates: dict[str, GateSpec]  # durable rule name -> gate rule
    matched_kinds: frozenset[str]  # fact kinds some rule reads
    negated_kinds: frozenset[str]  # kinds some rule requires to be absent
    # Assertion order: durable_rules' negation only blocks a match when the
    # blocking fact is there first, so every kind a rule negates is asserted
    # in an earlier batch than the kind that rule matches.
    batches: tuple[frozenset[str], ...] = ()


def compile_pack(pack: RulePack, settings: dict, skip: frozenset[str] = frozenset()) -> CompiledPack:
    ruleset: dict = {START_RULE: {"all": [{"m": {"$s": 1}}]}}  # see engine.py: keeps delete_state safe
    rules: dict[str, Rule] = {}
    matched: set[str] = set()
    negated: set[str] = set()
    before: dict[str, set[str]] = {}  # kind -> kinds that must be asserted before it
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
            before.setdefault(spec.match, set()).add(unless.kind)
        ruleset[spec.id] = {"all": patterns}
        rules[spec.id] = rule
        matched.add(spec.match)
    gates: dict[str, GateSpec] = {}
    for i, gate in enumerate(pack.gates):
        name = f"gate-{i + 1}-{gate.decision}"
        terms = [{"kind": "weighs"}, {"gate": {"g": "phase"}}] + compile_condition(gate.when, "finding", settings)
        ruleset[name] = {"all": [{"g": {"kind": "gate"}}, {"f": _and(terms)}]}
        gates[name] = gate
    kinds = matched | negated
    return CompiledPack(ruleset=ruleset, rules=rules, gates=gates, matched_kinds=frozenset(kinds),
                        negated_kinds=frozenset(negated), batches=_layers(kinds, before, rules))


def _layers(kinds: set[str], before: dict[str, set[str]], rules: dict[str, Rule]) -> tuple[frozenset[str], ...]:
    """Kinds in layers such that each kind comes after every kind it waits for."""
    remaining = set(kinds)
    layers = []
    while remaining:
        ready = {k for k in remaining if not (before.get(k, set()) & remaining)}
        if not ready:
            cycle = sorted(remaining)
            culprits = sorted(r.id for r in rules.values() if r.spec.match in remaining
                              and any(u.kind in remaining for u in r.spec.unless))
            raise InputError(rules[culprits[0]].file if culprits else "rules",
                             f"rules {', '.join(culprits)} negate each other's fact kinds ({', '.join(cycle)}); "
                             "durable_rules cannot order such negations")
        layers.append(frozenset(ready))
        remaining -= ready
    return tuple(layers)
