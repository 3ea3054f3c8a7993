"""Running a compiled ruleset over facts with durable_rules, exactly.

We drive durable_rules' C extension directly, on the caller's thread, and
never its `Host`: the Host delivers firings late from timer threads and
swallows exceptions (see docs/durable-rules.md). The recipe:

    create_ruleset -> assert_facts -> start_action / complete_and_start_action
    until no action is left -> delete_state -> delete_ruleset

Facts get engine ids from us ("1", "2", ...), checked against durable_rules'
32-bit FNV-1 fact hash, so no two facts can silently merge. A callback turns
each firing into derived facts, which are asserted from inside the loop and
chain forward. Every firing is returned, in the order it was delivered.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable

import durable_rules_engine as dre
import orjson

SID = "0"
_names = itertools.count(1)


class EngineError(RuntimeError):
    """The engine did something it must not: a lost fact, a failed call."""


class RulesetRefused(EngineError):
    """durable_rules would not build the ruleset: `rule` is the first rule
    (in ruleset order) it refuses, with its error `code`."""

    def __init__(self, rule: str, code: int):
        super().__init__(f"durable_rules refused rule {rule} (error {code})")
        self.rule, self.code = rule, code


# durable_rules' refusals when building a ruleset (rules.h), in words.
REFUSALS = {106: "too many rules", 107: "too many `unless` tests", 108: "too many joined facts",
            113: "more than 32 tests in one comparison chain (an `any` of several tests per branch counts each)"}
_CODE = re.compile(r"error code: (\d+)")


@dataclass(frozen=True)
class Firing:
    rule: str
    facts: dict[str, dict]  # alias -> fact (engine properties removed)


OnFiring = Callable[[Firing], Iterable[dict]]


def fnv1_32(text: str) -> int:
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = (value * 0x01000193) & 0xFFFFFFFF
        value ^= byte
    return value


class _Ids:
    """Sequential decimal ids that cannot collide in durable_rules' hash."""

    def __init__(self) -> None:
        self._next = 1
        self._hashes: set[int] = set()

    def take(self) -> str:
        while True:
            ident = str(self._next)
            self._next += 1
            digest = fnv1_32(ident)
            if digest not in self._hashes:  # a colliding id is skipped, never reused
                self._hashes.add(digest)
                return ident


def evaluate(ruleset: dict, batches: list[list[dict]], on_firing: OnFiring,
             ignore: frozenset[str] = frozenset()) -> list[Firing]:
    """Assert each batch in turn (kinds that rules negate must come first),
    run every action, and return the firings. `ignore` names rules whose
    firings are bookkeeping (not reported)."""
    ids = _Ids()
    try:
        handle = dre.create_ruleset(f"readiness-{next(_names)}", durable_json(ruleset))
    except dre.error:
        raise _refusal(ruleset) from None
    firings: list[Firing] = []
    seen: set[tuple] = set()
    try:
        for batch in batches:
            if batch:
                _assert(handle, batch, ids)
        while True:
            result = dre.start_action(handle)
            if not result:
                break
            _, message, offset = result
            while message:
                action = json.loads(message)
                if len(action) != 1:
                    raise EngineError(f"unexpected action shape: {sorted(action)}")
                (rule, matched), = action.items()
                # durable_rules fires once per satisfied branch of an `$or`;
                # a rule fires once per tuple of facts.
                key = (rule, tuple(sorted((alias, fact["id"]) for alias, fact in matched.items())))
                if rule not in ignore and key not in seen:
                    seen.add(key)
                    firing = Firing(rule, {alias: _clean(fact) for alias, fact in matched.items()})
                    firings.append(firing)
                    derived = list(on_firing(firing))
                    if derived:
                        _assert(handle, derived, ids)
                message = dre.complete_and_start_action(handle, offset)
    finally:
        # Safe only because the start rule always ran once (delete_state on a
        # state where no action ran frees an invalid pointer).
        dre.delete_state(handle, SID)
        dre.delete_ruleset(handle)
    return firings


def _refusal(ruleset: dict) -> EngineError:
    """Which rule durable_rules refuses: the shortest refused prefix of the
    ruleset, found by bisection (a refused ruleset is rare; each try takes a
    millisecond or two)."""
    names = list(ruleset)

    def refused(count: int) -> int | None:
        try:
            handle = dre.create_ruleset(f"readiness-probe-{next(_names)}",
                                        durable_json({name: ruleset[name] for name in names[:count]}))
        except dre.error as error:
            match = _CODE.search(str(error))
            return int(match.group(1)) if match else -1
        dre.delete_ruleset(handle)
        return None

    code = refused(len(names))
    if code is None:  # refused once, built now: not a matter of its rules
        return EngineError("durable_rules refused the ruleset, then built it")
    low, high = 0, len(names)  # prefix `low` is built, prefix `high` refused
    while high - low > 1:
        middle = (low + high) // 2
        found = refused(middle)
        if found is None:
            low = middle
        else:
            high, code = middle, found
    return RulesetRefused(names[high - 1], code)


def _assert(handle: int, facts: list[dict], ids: _Ids) -> None:
    stamped = [{**fact, "id": ids.take(), "sid": SID} for fact in facts]
    code, _ = dre.assert_facts(handle, durable_json(stamped))
    # 0: every fact matched a rule; 1: some matched none (harmless); 2: a
    # duplicate id, which our id scheme rules out.
    if code not in (0, 1):
        raise EngineError(f"durable_rules refused facts (code {code})")


def _clean(fact: dict) -> dict:
    return {k: v for k, v in fact.items() if k not in ("id", "sid")}


# durable_rules reads a number whose mantissa has no decimal point wrongly:
# `1e-05` (Python's spelling of 0.00001) fails a ruleset, and as a fact it
# silently compares as some other value. `1.0e-05` it reads right.
_BARE_EXPONENT = re.compile(rb"[0-9]e[-+]?[0-9]")


def durable_json(value: Any) -> str:
    """`value` as JSON that durable_rules reads exactly. orjson writes it
    about ten times faster than the json module (0.03 s of the 100,000-person
    check); durable_rules reads its raw UTF-8 as it reads `\\u` escapes."""
    try:
        raw = orjson.dumps(value)
    except orjson.JSONEncodeError:  # an integer past 64 bits (a rule's limit): only the json module writes it
        text = json.dumps(value)
        if _BARE_EXPONENT.search(text.encode()) is not None:
            raise EngineError("cannot write a number past 64 bits beside one with an exponent exactly") from None
        return text
    if _BARE_EXPONENT.search(raw) is not None:  # a float written with an exponent (hardly ever)
        raw = orjson.dumps(_exact_floats(value))
    return raw.decode()


def _exact_floats(value: Any) -> Any:
    kind = type(value)
    if kind is float:
        mantissa, e, exponent = repr(value).partition("e")
        return orjson.Fragment(f"{mantissa if '.' in mantissa else mantissa + '.0'}{e}{exponent}")
    if kind is dict:
        return {key: _exact_floats(item) for key, item in value.items()}
    if kind is list or kind is tuple:
        return [_exact_floats(item) for item in value]
    return value
