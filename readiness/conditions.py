"""The condition language of rule files, and its compilation to durable_rules.

Written for deployment leads, not programmers. A condition is a mapping of a
fact's field to a test; every entry must hold:

    where:
      kind: production              # equals
      enrollment: {is_not: assisted}
      users: {at_least: {setting: tech_fair_min_users}}
      any:                          # at least one of these holds
        - executive: true
        - needs_assistance: true

Tests: a plain value (equals), `is`, `is_not`, `in: [...]`, `not_in: [...]`,
`below`, `at_most`, `above`, `at_least`, `present: true|false`. A value may be
`{setting: NAME}`, a named threshold. `all:` and `any:` take lists of
conditions.

Only constants appear on the right-hand side: durable_rules crashes when it
compares two facts (upstream issue #381), so relations between facts are
derived as fields before the engine runs (see facts.py).
"""

from __future__ import annotations

import difflib
from typing import Any, get_args

from .facts import FACT_KINDS
from .model import Enrollment, Level, PhaseKind, Wave
from .settings import SETTINGS
from .source import described

FINDING_FIELDS = {
    "rule": ("str", "rule id"),
    "severity": ("str", "blocker | major | minor | info"),
    "outcome": ("str", "finding | cannot-assess"),
    "carried": ("bool", "weighs on this gate because it concerns the whole plan (start gate)"),
    "waived": ("bool", "covered by a valid waiver"),
}

# Fields with a fixed set of values. A test for any other value could never
# hold, so it is a typo: a gate rule with `severity: bloker` let every gate
# through, silently.
VALUES: dict[str, tuple[str, ...]] = {
    "severity": ("blocker", "major", "minor", "info"), "outcome": ("finding", "cannot-assess"),
    "phase_kind": get_args(PhaseKind), "first_phase_kind": get_args(PhaseKind), "wave": get_args(Wave),
    "enrollment": get_args(Enrollment), "change_readiness": get_args(Level),
    "strategy": ("department", "geography", "platform", "other"), "criterion_kind": ("quantitative", "qualitative"),
    "member_type": ("group", "person"),
}

_COMPARE = {"below": "$lt", "at_most": "$lte", "above": "$gt", "at_least": "$gte"}
OPERATORS = ("is", "is_not", "in", "not_in", *_COMPARE, "present")


class ConditionError(ValueError):
    def __init__(self, message: str, tokens: tuple = ()):
        super().__init__(message)
        self.tokens = tokens


def fields_of(kind: str) -> dict[str, tuple[str, str]]:
    return FINDING_FIELDS if kind == "finding" else FACT_KINDS[kind].fields


def unknown_kind(name: str) -> str:
    hint = difflib.get_close_matches(name, FACT_KINDS, n=1)
    return (f"unknown fact kind {name!r}" + (f"; did you mean {hint[0]!r}?" if hint else "")
            + f" (kinds: {', '.join(FACT_KINDS)})")


def unknown_field(name: str, kind: str) -> str:
    hint = difflib.get_close_matches(name, fields_of(kind), n=1)
    return f"unknown field {name!r} of {kind} facts" + (f"; did you mean {hint[0]!r}?" if hint else "")


def check(condition: Any, kind: str) -> set[str]:
    """Validate a condition against a fact kind; return the fields it reads."""
    used: set[str] = set()
    compile_condition(condition, kind, settings=None, used=used)
    return used


def check_no_any(condition: Any, tokens: tuple = ()) -> None:
    # durable_rules silently misses matches for an `$or` inside a negation.
    if isinstance(condition, dict):
        for key, value in condition.items():
            if key == "any" or (isinstance(value, dict) and "in" in value):
                raise ConditionError("`any` and `in` cannot be used under `unless` (durable_rules misses "
                                     "matches for alternatives inside a negation); write one `unless` "
                                     "entry per alternative", tokens + (key,))
            if key == "all":
                for i, sub in enumerate(value):
                    check_no_any(sub, tokens + (key, i))


def compile_condition(condition: Any, kind: str, settings: dict | None, used: set | None = None,
                      tokens: tuple = ()) -> list[dict]:
    """A list of durable_rules terms, all of which must hold. With
    `settings=None` only validates (settings are checked by name)."""
    if not isinstance(condition, dict):
        raise ConditionError(f"a condition is a mapping of field: test, got {described(condition)}", tokens)
    fields = fields_of(kind)
    terms: list[dict] = []
    for key, test in condition.items():
        at = tokens + (key,)
        if key in ("all", "any"):
            if not isinstance(test, list) or not test:
                raise ConditionError(f"`{key}` takes a non-empty list of conditions", at)
            parts = []
            for i, sub in enumerate(test):
                compiled = compile_condition(sub, kind, settings, used, at + (i,))
                if not compiled:
                    raise ConditionError(f"empty condition in `{key}`", at + (i,))
                parts.append(_and(compiled))
            terms.append(_and(parts) if key == "all" else _or(parts))
            continue
        if key not in fields:
            raise ConditionError(unknown_field(str(key), kind), at)
        if used is not None:
            used.add(key)
        terms.extend(_compile_test(key, fields[key][0], test, settings, at))
    return terms


def _compile_test(name: str, ftype: str, test: Any, settings: dict | None, at: tuple) -> list[dict]:
    if not isinstance(test, dict):
        return [{name: _value(name, ftype, test, settings, at, "is")}]
    if not test:
        raise ConditionError(f"empty test for {name!r}; use e.g. {{is: value}}", at)
    terms = []
    for op, operand in test.items():
        where = at + (op,)
        if op == "setting":
            return [{name: _value(name, ftype, test, settings, at, "is")}]
        if op not in OPERATORS:
            hint = difflib.get_close_matches(str(op), OPERATORS, n=1)
            raise ConditionError(f"unknown test {op!r}" + (f"; did you mean {hint[0]!r}?" if hint else "")
                                 + f" (tests: {', '.join(OPERATORS)})", where)
        if op == "is":
            terms.append({name: _value(name, ftype, operand, settings, where, op)})
        elif op == "is_not":
            terms.append({"$neq": {name: _value(name, ftype, operand, settings, where, op)}})
        elif op in ("in", "not_in"):
            if not isinstance(operand, list) or not operand:
                raise ConditionError(f"`{op}` takes a non-empty list of values", where)
            values = [_value(name, ftype, v, settings, where + (i,), op) for i, v in enumerate(operand)]
            if op == "in":
                terms.append(_or([{name: v} for v in values]))
            else:
                terms.append(_and([{"$neq": {name: v}} for v in values]))
        elif op == "present":
            if not isinstance(operand, bool):
                raise ConditionError("`present` takes true or false", where)
            terms.append({"$ex" if operand else "$nex": {name: 1}})
        else:
            if ftype not in ("int", "number"):
                raise ConditionError(f"`{op}` compares numbers; {name!r} is {_FIELD_TYPES[ftype]}", where)
            terms.append({_COMPARE[op]: {name: _value(name, ftype, operand, settings, where, op)}})
    return terms


def _value(name: str, ftype: str, value: Any, settings: dict | None, at: tuple, op: str) -> Any:
    if isinstance(value, dict):
        if set(value) != {"setting"}:
            raise ConditionError(f"a value is a constant or {{setting: NAME}}; got {value!r}", at)
        setting = value["setting"]
        if not isinstance(setting, str):
            raise ConditionError(f"a setting name is text; got {described(setting)}", at + ("setting",))
        if setting not in SETTINGS:
            hint = difflib.get_close_matches(str(setting), SETTINGS, n=1)
            raise ConditionError(f"unknown setting {setting!r}" + (f"; did you mean {hint[0]!r}?" if hint else ""),
                                 at + ("setting",))
        if ftype not in ("int", "number"):
            raise ConditionError(f"settings are numbers; {name!r} is {_FIELD_TYPES[ftype]}", at)
        return settings[setting] if settings is not None else 0
    expected = {"bool": (bool,), "str": (str,), "int": (int, float), "number": (int, float)}[ftype]
    if not isinstance(value, expected) or (ftype in ("int", "number") and isinstance(value, bool)):
        raise ConditionError(f"{name!r} is {_FIELD_TYPES[ftype]}; `{op}` cannot compare it with {described(value)}", at)
    allowed = VALUES.get(name)
    if allowed is not None and value not in allowed:
        hint = difflib.get_close_matches(value, allowed, n=1)
        raise ConditionError(f"{name} is never {value!r}" + (f"; did you mean {hint[0]!r}?" if hint else "")
                             + f" (it is one of: {', '.join(allowed)})", at)
    return value


def _and(terms: list[dict]) -> dict:
    return terms[0] if len(terms) == 1 else {"$and": terms}


def _or(terms: list[dict]) -> dict:
    return terms[0] if len(terms) == 1 else {"$or": terms}


_FIELD_TYPES = {"str": "text", "int": "a whole number", "number": "a number", "bool": "true or false"}

