"""Compiling a rule pack to one durable_rules ruleset (its JSON form).

Findings rules match plan facts; gate rules match `weighs` facts (a finding
on a gate), which the assessment asserts while the engine runs, so gate
decisions follow from findings by forward chaining, as the rule files say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from typing import Any

from .conditions import _and, compile_condition
from .errors import InputError
from .rulebook import Gate, Rule, RulePack, check_negation_order

START_RULE = "readiness-start"


@dataclass(frozen=True)
class CompiledPack:
    ruleset: dict
    rules: dict[str, Rule]  # durable rule name -> findings rule
    gates: dict[str, Gate]  # durable rule name -> gate rule
    matched_kinds: frozenset[str]  # fact kinds some rule reads
    negated_kinds: frozenset[str]  # kinds some rule requires to be absent
    # Assertion order: durable_rules' negation only blocks a match when the
    # blocking fact is there first, so every kind a rule negates is asserted
    # in an earlier batch than the kind that rule matches.
    batches: tuple[frozenset[str], ...] = ()
    patterns: dict[str, tuple[dict, ...]] = field(default_factory=dict)  # kind -> the conditions rules test it with
    # Kinds only ever negated (never matched, so never shown): kind -> the
    # fields rules read from it, each with the numeric limits it is compared
    # against when that is all rules do with it (else None: its value counts).
    blocker_fields: dict[str, tuple[tuple[str, tuple | None], ...]] = field(default_factory=dict)
    tested: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> the fields its patterns test

    def may_match(self, fact: dict) -> bool:
        """False only if no rule can match `fact`: it is of a kind no rule
        reads, or it fails a plain equality or a numeric limit that every rule
        reading its kind requires (`wave: enrollment`, `executive: true`,
        `missing_factor_count: {above: 0}`). Such facts are not
        asserted: durable_rules' cost grows faster than the facts it stores
        (docs/durable-rules.md). Everything else is left to the engine."""
        conditions = self.patterns.get(fact["kind"])
        return conditions is not None and any(_may_hold(c, fact) for c in conditions)

    def assertable(self, facts: list[dict]) -> list[dict]:
        """The facts worth asserting, in their order: those `may_match`
        admits, less repeats among facts of kinds that are only ever negated.
        Such a fact only blocks matches, so of several that agree on every
        field a rule reads (a number: on which side of each limit it is
        compared with) one blocks exactly what all of them would. Mails to
        "all" give one reach fact per mail, phase and group; without this,
        2,000 mails and 800 cohorts meant 1.6 million facts."""
        out = []
        seen: set = set()
        verdicts: dict[tuple, bool] = {}  # may_match, by the values of the fields it reads
        for fact in facts:
            names = self.tested.get(fact["kind"])
            if names is None:
                continue  # a kind no rule reads
            # Facts of a kind mostly repeat a few values on the fields rules
            # test (a wave, a flag): judged once per combination, with the
            # values' types (true is not 1).
            values = tuple(map(fact.get, names, repeat(_ABSENT)))
            key = (fact["kind"], values, tuple(map(type, values)))
            try:
                verdict = verdicts[key]
            except KeyError:
                verdict = verdicts[key] = self.may_match(fact)
            except TypeError:  # a value that cannot be a key (a list): judged alone
                verdict = self.may_match(fact)
            if not verdict:
                continue
            fields = self.blocker_fields.get(fact["kind"])
            if fields is not None:
                key = _blocker_key(fact, fields)
                if key in seen:
                    continue
                seen.add(key)
            out.append(fact)
        return out


def compile_pack(pack: RulePack, settings: dict, skip: frozenset[str] = frozenset()) -> CompiledPack:
    ruleset: dict = {START_RULE: {"all": [{"m": {"$s": 1}}]}}  # see engine.py: keeps delete_state safe
    rules: dict[str, Rule] = {}
    matched: set[str] = set()
    negated: set[str] = set()
    kind_patterns: dict[str, list[dict]] = {}
    before: dict[str, set[str]] = {}  # kind -> kinds that must be asserted before it
    for rule in pack.rules.values():
        if rule.id in skip:
            continue
        spec = rule.spec
        terms = [{"kind": spec.match}] + compile_condition(spec.where, spec.match, settings)
        patterns: list[dict] = [{"m": _and(terms)}]
        kind_patterns.setdefault(spec.match, []).append(_with_limits(spec.where, settings))
        for j, unless in enumerate(spec.unless):
            negated_terms = ([{"kind": unless.kind}] + [{name: {"m": name}} for name in unless.same]
                             + compile_condition(unless.where, unless.kind, settings))
            patterns.append({f"n{j}$not": _and(negated_terms)})
            negated.add(unless.kind)
            before.setdefault(spec.match, set()).add(unless.kind)
            kind_patterns.setdefault(unless.kind, []).append(_with_limits(unless.where, settings))
        ruleset[spec.id] = {"all": patterns}
        rules[spec.id] = rule
        matched.add(spec.match)
    gates: dict[str, Gate] = {}
    for i, gate in enumerate(pack.gates):
        name = f"gate-{i + 1}-{gate.decision}"
        terms = [{"kind": "weighs"}, {"gate": {"g": "phase"}}] + compile_condition(gate.when, "finding", settings)
        ruleset[name] = {"all": [{"g": {"kind": "gate"}}, {"f": _and(terms)}]}
        gates[name] = gate
    _check_engine_limits(rules, pack.gates)
    kinds = matched | negated
    return CompiledPack(ruleset=ruleset, rules=rules, gates=gates, matched_kinds=frozenset(kinds),
                        negated_kinds=frozenset(negated), batches=_layers(kinds, before, rules),
                        patterns={kind: tuple(conditions) for kind, conditions in kind_patterns.items()},
                        tested={kind: _tested_fields(conditions) for kind, conditions in kind_patterns.items()},
                        blocker_fields=_blocker_fields(rules, negated - matched, settings))


# durable_rules' table sizes, measured (tests/test_robustness.py holds them):
# - it walks what a fact of one kind may reach depth first, with a stack of
#   64: more entries pending at once abort the process ("free(): invalid
#   pointer") or fail an assertion (error 303), and 512 under one test make
#   it loop forever. On the stack go the paths of tests (each value of `in`
#   and each branch of `any` is a path of its own; rules with the very same
#   tests share them) and every join of that kind as a rule's second fact
#   (each `unless`, and each gate rule joining a finding to its gate; joins
#   are never shared). 60 paths alone ran, 64 joins alone ran, and 72 of the
#   two together (built-in ones included) crashed: together they are kept
#   to 60 per kind;
# - 256 single-fact rules on one kind are its limit (error 108): 200.
# The built-in pack uses at most 15 (paths and joins) and 17 rules of a kind.
MAX_PATHS_PER_KIND = 60  # paths of tests and joins together
MAX_RULES_PER_KIND = 200


def _check_engine_limits(rules: dict[str, Rule], gates: list[Gate]) -> None:
    """Refuse a pack durable_rules could not run, naming the first rule (in
    load order) or gate rule that goes past a limit."""
    load: dict[str, int] = {}  # kind -> paths and joins so far
    count: dict[str, int] = {}
    seen: set[tuple] = set()

    # (file, path, matched kind, [(kind, joined on, condition)], kinds joined as second facts)
    entries = [(rule.file, f"rules[{rule.spec.id}]", rule.spec.match,
                [(rule.spec.match, (), rule.spec.where)] + [(u.kind, tuple(u.same), u.where) for u in rule.spec.unless],
                [u.kind for u in rule.spec.unless])
               for rule in rules.values()]
    # Gate rules test findings (engine facts of kind "weighs"), as their authors call them.
    entries += [(*gate.place, "finding", [("finding", ("gate",), gate.when)], ["finding"]) for gate in gates]
    for file, path, matched, conditions, joined in entries:
        count[matched] = count.get(matched, 0) + 1
        if count[matched] > MAX_RULES_PER_KIND:
            raise InputError(file, f"more than {MAX_RULES_PER_KIND} rules match {matched!r} facts, more than "
                             "durable_rules can hold; merge some of them", path=path)
        for kind in joined:
            load[kind] = load.get(kind, 0) + 1
        for kind, same, where in conditions:
            if (kind, same, repr(where)) not in seen:
                seen.add((kind, same, repr(where)))
                load[kind] = load.get(kind, 0) + _paths(where)
        for kind in dict.fromkeys([kind for kind, _, _ in conditions] + joined):
            if load.get(kind, 0) > MAX_PATHS_PER_KIND:
                raise InputError(file, f"the rules test {kind!r} facts in more than {MAX_PATHS_PER_KIND} ways "
                                 "(each value of `in`, each branch of `any`, each `unless` on them and each gate "
                                 "rule counts), more than durable_rules can evaluate; use fewer rules, values or "
                                 "joins", path=path)


def _paths(condition: dict) -> int:
    """How many chains of tests durable_rules makes of `condition`: `in`
    and `any` branch, `all` multiplies."""
    total = 1
    for key, test in condition.items():
        if key == "all":
            for sub in test:
                total *= _paths(sub)
        elif key == "any":
            total *= sum(_paths(sub) for sub in test)
        elif isinstance(test, dict) and isinstance(test.get("in"), list):
            total *= max(len(test["in"]), 1)
    return total


_LIMITS = {"below": float.__lt__, "at_most": float.__le__, "above": float.__gt__, "at_least": float.__ge__}


def _blocker_fields(rules: dict[str, Rule], kinds: set[str], settings: dict) -> dict:
    tests: dict[str, dict[str, list]] = {kind: {} for kind in kinds}
    for rule in rules.values():
        for unless in rule.spec.unless:
            if unless.kind in tests:
                fields = tests[unless.kind]
                for name in unless.same:
                    fields.setdefault(name, []).append(None)
                _collect_tests(unless.where, fields)
    out = {}
    for kind, fields in tests.items():
        spec = []
        for name in sorted(fields):
            limits: set | None = set()
            for test in fields[name]:
                if isinstance(test, dict) and test and set(test) <= set(_LIMITS):
                    limits |= {(op, _limit(operand, settings)) for op, operand in test.items()}
                else:
                    limits = None  # compared for equality, joined on, or tested for presence
                    break
            spec.append((name, tuple(sorted(limits)) if limits is not None else None))
        out[kind] = tuple(spec)
    return out


def _tested_fields(conditions: list[dict]) -> tuple[str, ...]:
    fields: dict[str, list] = {}
    for condition in conditions:
        _collect_tests(condition, fields)
    return tuple(sorted(fields))


def _collect_tests(condition: dict, fields: dict[str, list]) -> None:
    for key, test in condition.items():
        if key in ("all", "any"):
            for sub in test:
                _collect_tests(sub, fields)
        else:
            fields.setdefault(key, []).append(test)


def _limit(operand: Any, settings: dict) -> float:
    return float(settings[operand["setting"]] if isinstance(operand, dict) else operand)


def _blocker_key(fact: dict, fields: tuple) -> tuple:
    """What of `fact` the rules that negate its kind can see: each field's
    value and type (true is not 1), or, for a number only compared with
    limits, on which side of each limit it lies. A fact with a value that is
    not plain (a list) gets a key of its own: never taken for a repeat."""
    names, limited = _blocker_plan(fields)
    values = tuple(map(fact.get, names, repeat(_ABSENT)))
    types = tuple(map(type, values))
    if not _PLAIN.issuperset(types):
        return ("unique", id(fact))
    if limited:
        numbers = list(values)
        for i, limits in limited:
            if types[i] is int or types[i] is float:
                numbers[i] = tuple(_LIMITS[op](float(values[i]), limit) for op, limit in limits)
        values = tuple(numbers)
    return fact["kind"], values, types


_PLAIN = frozenset({str, int, float, bool, type(None), object})  # object: the type of _ABSENT


@lru_cache(maxsize=256)
def _blocker_plan(fields: tuple) -> tuple[tuple[str, ...], tuple[tuple[int, tuple], ...]]:
    """The names `fields` lists, and where among them the numbers compared
    only with limits are."""
    return (tuple(name for name, _ in fields),
            tuple((i, limits) for i, (_, limits) in enumerate(fields) if limits is not None))


def _layers(kinds: set[str], before: dict[str, set[str]], rules: dict[str, Rule]) -> tuple[frozenset[str], ...]:
    """Kinds in layers such that each kind comes after every kind it waits for."""
    remaining = set(kinds)
    layers = []
    while remaining:
        ready = {k for k in remaining if not (before.get(k, set()) & remaining)}
        if not ready:  # load_pack refuses such a pack; a pack built by hand gets the same error
            check_negation_order(rules)
            raise AssertionError(f"no order for the fact kinds {sorted(remaining)}")
        layers.append(frozenset(ready))
        remaining -= ready
    return tuple(layers)


def _may_hold(condition: dict, fact: dict) -> bool:
    """Whether `condition` may hold for `fact`, judged by its plain
    equalities (a value, `is`, `in`) and by comparisons of a number with a
    numeric limit, through `all` and `any`; any other test counts as
    possibly true. Deliberately partial: the engine decides; this only
    spares it facts that cannot matter."""
    for key, test in condition.items():
        if key == "all":
            if not all(_may_hold(sub, fact) for sub in test):
                return False
        elif key == "any":
            if not any(_may_hold(sub, fact) for sub in test):
                return False
        elif not _may_equal(fact.get(key, _ABSENT), test):
            return False
    return True


_ABSENT = object()


def _may_equal(actual: Any, test: Any) -> bool:
    if not isinstance(test, dict):
        return _same(actual, test)
    if "is" in test and not isinstance(test["is"], dict) and not _same(actual, test["is"]):
        return False
    if "in" in test and not any(isinstance(v, dict) or _same(actual, v) for v in test["in"]):
        return False
    if type(actual) in (int, float):  # a number against a numeric limit: exact
        for op, compare in _LIMITS.items():
            limit = test.get(op)
            if type(limit) in (int, float) and not compare(float(actual), float(limit)):
                return False
    return True


def _with_limits(condition: dict, settings: dict) -> dict:
    """`condition` with each comparison's `{setting: NAME}` replaced by its
    value, for `_may_hold`."""
    out: dict = {}
    for key, test in condition.items():
        if key in ("all", "any"):
            out[key] = [_with_limits(sub, settings) for sub in test]
        elif isinstance(test, dict):
            out[key] = {op: (_limit(operand, settings) if op in _LIMITS else operand) for op, operand in test.items()}
        else:
            out[key] = test
    return out


def _same(actual: Any, expected: Any) -> bool:
    # Missing fields equal nothing; true is not 1 (JSON values).
    return actual is not _ABSENT and type(actual) is type(expected) and actual == expected \
        or isinstance(actual, (int, float)) and isinstance(expected, (int, float)) \
        and not isinstance(actual, bool) and not isinstance(expected, bool) and actual == expected
