"""A plain-Python interpreter of the condition language.

Independent of durable_rules on purpose: it decides cannot-assess gate
outcomes (findings made outside the engine), and it is the reference the
differential tests hold the engine to.
"""

from __future__ import annotations

from typing import Any, Iterable

_MISSING = object()


def matches(condition: dict, fact: dict, settings: dict) -> bool:
    """Whether `fact` satisfies `condition` (already validated by the rule loader)."""
    for key, test in condition.items():
        if key == "all":
            if not all(matches(sub, fact, settings) for sub in test):
                return False
        elif key == "any":
            if not any(matches(sub, fact, settings) for sub in test):
                return False
        elif not _test(fact.get(key, _MISSING), test, settings):
            return False
    return True


def _value(value: Any, settings: dict) -> Any:
    return settings[value["setting"]] if isinstance(value, dict) else value


def _equal(actual: Any, expected: Any) -> bool:
    # durable_rules compares JSON values: true is not 1, and a missing field equals nothing.
    if actual is _MISSING or isinstance(actual, bool) != isinstance(expected, bool):
        return False
    return actual == expected


def _test(actual: Any, test: Any, settings: dict) -> bool:
    if not isinstance(test, dict) or set(test) == {"setting"}:
        return _equal(actual, _value(test, settings))
    for op, operand in test.items():
        if op == "is":
            ok = _equal(actual, _value(operand, settings))
        elif op == "is_not":
            ok = actual is not _MISSING and not _equal(actual, _value(operand, settings))
        elif op == "in":
            ok = any(_equal(actual, _value(v, settings)) for v in operand)
        elif op == "not_in":
            ok = actual is not _MISSING and not any(_equal(actual, _value(v, settings)) for v in operand)
        elif op == "present":
            ok = (actual is not _MISSING) == operand
        else:
            if actual is _MISSING or isinstance(actual, (bool, str)):
                return False
            limit = _value(operand, settings)
            ok = {"below": actual < limit, "at_most": actual <= limit,
                  "above": actual > limit, "at_least": actual >= limit}[op]
        if not ok:
            return False
    return True


# -- whole rules ------------------------------------------------------------------

def fire(rules: Iterable[Any], facts: list[dict], settings: dict) -> list[tuple[str, dict]]:
    """(rule id, matched fact) for every firing of findings rules over
    `facts`, as durable_rules would produce them (in another order): a rule
    fires once for each fact of its `match` kind that meets its `where`, unless
    for one of its `unless` entries some fact of that kind has the same values
    in the `same` fields and meets that entry's `where`. `rules` are
    `rulebook.Rule`s; gate rules are the assessment's business."""
    by_kind: dict[str, list[dict]] = {}
    for fact in facts:
        by_kind.setdefault(fact["kind"], []).append(fact)
    out = []
    for rule in rules:
        spec = rule.spec
        blockers = [(unless.same, _blocking_keys(unless, by_kind.get(unless.kind, ()), settings))
                    for unless in spec.unless]
        for fact in by_kind.get(spec.match, ()):
            if not matches(spec.where, fact, settings):
                continue
            if any(_key(fact, same) in keys for same, keys in blockers):
                continue
            out.append((spec.id, fact))
    return out


def _blocking_keys(unless: Any, candidates: Iterable[dict], settings: dict) -> set:
    """The `same`-field values of the facts that meet the entry's condition."""
    keys = set()
    for other in candidates:
        if matches(unless.where, other, settings):
            key = _key(other, unless.same)
            if key is not None:
                keys.add(key)
    return keys


def _key(fact: dict, same: list[str]) -> tuple | None:
    """A join key; None (joins nothing) if a field is missing. Booleans are
    kept apart from numbers, as JSON keeps them."""
    key = []
    for name in same:
        value = fact.get(name, _MISSING)
        if value is _MISSING:
            return None
        key.append((type(value) is bool, value))
    return tuple(key)
