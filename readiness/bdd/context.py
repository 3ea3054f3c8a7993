"""What scenario steps do: start from a plan, change it, check it, assert.

Plain Python, shared by the pytest-bdd bindings and the in-process runner.
A change that makes the plan invalid is not an error of the step: checking
records the input error, and only a step that expects a report fails.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any


from ..errors import InputError
from ..loader import PlanErrors, kind_of


def example_plan_path() -> Path:
    here = Path(__file__).resolve().parent.parent
    packaged = here / "examples" / "contoso-plan.json"
    return packaged if packaged.is_file() else here.parent / "examples" / "contoso-plan.json"


@lru_cache(maxsize=1)
def _example_text() -> str:
    return example_plan_path().read_text(encoding="utf-8")


@lru_cache(maxsize=8)
def _pack(extra_dirs: tuple[str, ...], skip: frozenset[str]):
    from ..rulebook import load_pack

    pack = load_pack(extra_dirs)
    if skip:
        pack = type(pack)(rules={k: v for k, v in pack.rules.items() if k not in skip}, gates=pack.gates,
                          manual_checks=pack.manual_checks, version=pack.version, files=pack.files)
    return pack


class StepFailed(AssertionError):
    pass


@dataclass
class ScenarioContext:
    base_dir: Path = field(default_factory=Path.cwd)  # where plan files named by a scenario are
    rule_dirs: tuple[str, ...] = ()
    skip_rules: frozenset[str] = frozenset()
    plan: dict | None = None
    report: dict | None = None
    error: str | None = None
    mentioned_rules: set[str] = field(default_factory=set)  # rules the scenario asserts about
    asserted_firing: set[str] = field(default_factory=set)
    asserted_silent: set[str] = field(default_factory=set)
    asserted_silent_guidance: set[str] = field(default_factory=set)

    # -- given ------------------------------------------------------------------
    def start_from_example(self) -> None:
        self.plan = json.loads(_example_text())

    def start_from_file(self, name: str) -> None:
        from ..source import read_document

        try:  # as `readiness check` reads it: no FIFO, no /dev/zero, no YAML bomb
            self.plan = _jsonable(read_document(self.base_dir / name).data)
        except InputError as error:
            raise StepFailed(f"cannot read plan file: {error}") from None

    def merge(self, fragment_yaml: str) -> None:
        fragment = _yaml(fragment_yaml, "the YAML fragment")
        if not isinstance(fragment, dict):
            raise StepFailed("a plan fragment is a mapping of plan sections")
        self.plan = merge(self._plan(), _jsonable(fragment))

    def remove(self, path: str) -> None:
        parent, key = _resolve(self._plan(), path, parent=True)
        if isinstance(parent, list):
            parent.pop(key)
        else:
            parent.pop(key)

    def set(self, path: str, value_yaml: str) -> None:
        value = _jsonable(_yaml(value_yaml, "the value"))
        parent, key = _resolve(self._plan(), path, parent=True, create=True)
        parent[key] = value

    def people(self, table: list[list[str]] | None) -> None:
        if not table or "id" not in table[0]:
            raise StepFailed("the people step needs a table whose header row has an id column")
        header, *rows = table
        repeated = next((name for i, name in enumerate(header) if name in header[:i]), None)
        if repeated is not None:  # one of its two values would be lost
            raise StepFailed(f"the people table has the column {repeated!r} twice")
        people = self._plan().setdefault("people", [])
        if people is None:
            people = self._plan()["people"] = []
        if not isinstance(people, list):
            raise StepFailed(f"the plan's people is a {kind_of(people)}, not a list to add people to")
        # By id, found once: a scan of the roster per row was quadratic in a long table.
        at: dict = {}
        for i, item in enumerate(people):
            if isinstance(item, dict) and isinstance(item.get("id"), (str, int, float, bool)):
                at.setdefault(item["id"], i)  # the first, as merge_list_item finds it
        for row in rows:
            person = {name: _cell(value) for name, value in zip(header, row) if value != ""}
            if person.get("id") in at:
                people[at[person["id"]]] = merge(people[at[person["id"]]], person)
            else:
                if "id" in person:
                    at.setdefault(person["id"], len(people))
                people.append(person)

    def participate(self, person: str, phase: str) -> None:
        phases = self._plan().get("phases") or []
        target = _by_id(phases if isinstance(phases, list) else [], phase)
        participants = target.setdefault("participants", [])
        if not isinstance(participants, list):
            raise StepFailed(f"phase {phase}'s participants is a {kind_of(participants)}, not a list to add to")
        participants.append(person)

    # -- when -------------------------------------------------------------------
    def check(self, as_of: str | None = None, settings: dict | None = None, lang: str | None = None) -> None:
        from ..assess import Options, assess
        from ..loader import validate_document
        from ..source import parse_document

        plan = self._plan()
        self.report = self.error = None
        try:
            loaded = validate_document(parse_document("scenario-plan.json", json.dumps(plan).encode()))
            when = _date(as_of) if as_of else _day_before_first_phase(loaded.plan)
            report = assess(loaded, _pack(self.rule_dirs, self.skip_rules),
                            Options(as_of=when, lang=lang, settings=settings or {}))
            self.report = report.to_dict()
        except PlanErrors as errors:
            self.error = "\n".join(str(e) for e in errors.errors)
        except InputError as error:
            self.error = str(error)

    # -- then -------------------------------------------------------------------
    def expect_decision(self, phase: str, decision: str) -> None:
        gate = next((g for g in self._report()["gates"] if g["phase"] == phase), None)
        if gate is None:
            raise StepFailed(f"there is no gate {phase!r}")
        if gate["decision"] != decision:
            raise StepFailed(f"gate {phase} is {gate['decision']}, expected {decision}; findings there: "
                             f"{self._describe(self._on(phase))}")

    def expect_fires(self, rule: str, phase: str, subject: str | None = None) -> None:
        self._known(rule)
        self.mentioned_rules.add(rule)
        self.asserted_firing.add(rule)
        found = [f for f in self._report()["findings"] if f["rule"] == rule and f["outcome"] == "finding"]
        on_gate = [f for f in found if f["gate"] == phase]
        if subject is not None:
            on_gate = [f for f in on_gate if f["subject"] == subject]
        if not on_gate:
            raise StepFailed(f"rule {rule} does not fire on gate {phase}"
                             + (f" about {subject!r}" if subject else "")
                             + f"; it fires on: {self._describe(found) or 'nothing'}")

    def expect_count(self, rule: str, count: int) -> None:
        if count == 0:  # as "does not fire": a cannot-assess report is no silence
            self.expect_silent(rule)
            return
        self._known(rule)
        self.mentioned_rules.add(rule)
        self.asserted_firing.add(rule)
        found = [f for f in self._report()["findings"] if f["rule"] == rule and f["outcome"] == "finding"]
        if len(found) != count:
            raise StepFailed(f"rule {rule} fires {len(found)} times, expected {count}: "
                             f"{self._describe(found) or 'nothing'}")

    def expect_silent(self, rule: str) -> None:
        self._known(rule)
        self.mentioned_rules.add(rule)
        self.asserted_silent.add(rule)
        found = [f for f in self._report()["findings"] if f["rule"] == rule]
        if found:
            raise StepFailed(f"rule {rule} fires: {self._describe(found)}")

    def expect_no_guidance(self, guidance: str) -> None:
        self.asserted_silent_guidance.add(guidance)
        found = [f for f in self._report()["findings"] if guidance in f["guidance"]]
        if found:
            raise StepFailed(f"findings cite {guidance}: {self._describe(found)}")

    def expect_cannot_assess(self, rule: str) -> None:
        self._known(rule)
        self.mentioned_rules.add(rule)
        self.asserted_firing.add(rule)
        found = [f for f in self._report()["findings"] if f["rule"] == rule]
        if not any(f["outcome"] == "cannot-assess" for f in found):
            raise StepFailed(f"rule {rule} was not reported as cannot-assess; findings: {self._describe(found)}")

    def expect_rejected(self, text: str) -> None:
        if self.error is None:
            raise StepFailed("the plan was accepted")
        if text not in self.error:
            raise StepFailed(f"the plan was rejected, but with: {self.error}")

    def expect_manual_check(self, guidance: str) -> None:
        if not any(c["guidance"] == guidance for c in self._report()["manual_checks"]):
            raise StepFailed(f"no manual check for {guidance}")

    # -- helpers ----------------------------------------------------------------
    def _known(self, rule: str) -> None:
        # A misspelt rule never fires, so "does not fire" would pass for ever.
        rules = _pack(self.rule_dirs, frozenset()).rules
        if rule not in rules:
            hint = difflib.get_close_matches(rule, rules, n=1)
            raise StepFailed(f"there is no rule {rule!r}" + (f"; did you mean {hint[0]!r}?" if hint else ""))

    def _plan(self) -> dict:
        if self.plan is None:
            raise StepFailed("no plan yet: start with 'Given the example plan' or 'Given the plan file ...'")
        return self.plan

    def _report(self) -> dict:
        if self.error is not None:
            raise StepFailed(f"the plan was rejected: {self.error}")
        if self.report is None:
            raise StepFailed("the plan was not checked: add 'When the plan is checked'")
        return self.report

    def _on(self, phase: str) -> list[dict]:
        return [f for f in self._report()["findings"] if f["gate"] == phase]

    @staticmethod
    def _describe(findings: list[dict]) -> str:
        return "; ".join(f"{f['rule']} on {f['gate']} about {f['subject']}" for f in findings)


def _yaml(text: str, what: str) -> Any:
    """YAML in a step, read as strictly as a plan (no anchors, no tags)."""
    from ..source import parse_document

    if not text.strip():
        return None
    try:
        return parse_document("step.yaml", text.encode()).data
    except InputError as error:
        raise StepFailed(f"{what}: {error.message}"
                         + (f" (line {error.line})" if error.line else "")) from None


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) else _no_date(text)
    except ValueError:
        return _no_date(text)


def _no_date(text: str) -> dt.date:
    raise StepFailed(f"{text!r} is not a date as YYYY-MM-DD")


def _day_before_first_phase(plan) -> dt.date:
    # Scenarios are about a plan being prepared: by default, assess it the
    # day before the rollout starts (pilot results are then still pending).
    return plan.phases[0].start - dt.timedelta(days=1)


def _jsonable(value: Any) -> Any:
    """YAML gives dates; the plan is checked as JSON text, as a file would be."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        raise StepFailed("binary data (!!binary) is no plan value")
    return value


def _cell(value: str) -> Any:
    lowered = value.strip().lower()
    if lowered in ("true", "yes", "ja"):
        return True
    if lowered in ("false", "no", "nej"):
        return False
    return value.strip()


def merge(base: Any, change: Any) -> Any:
    """Mappings merge key by key; lists of items with ids merge item by id
    (a new id is appended); any other value replaces."""
    if isinstance(base, dict) and isinstance(change, dict):
        out = dict(base)
        for key, value in change.items():
            out[key] = merge(base[key], value) if key in base else value
        return out
    if isinstance(base, list) and isinstance(change, list) and change and all(
            isinstance(item, dict) and "id" in item for item in change):
        out = list(base)
        for item in change:
            merge_list_item(out, item)
        return out
    return change


def merge_list_item(items: list, item: dict) -> None:
    for index, existing in enumerate(items):
        if isinstance(existing, dict) and existing.get("id") == item["id"]:
            items[index] = merge(existing, item)
            return
    items.append(item)


def _by_id(items: list, ident: str) -> dict:
    for item in items:
        if isinstance(item, dict) and item.get("id") == ident:
            return item
    raise StepFailed(f"no item with id {ident!r}")


def _tokens(path: str) -> list:
    tokens: list = []
    for part in path.replace("]", "").split("."):
        name, *indexes = part.split("[")
        if name:
            tokens.append(name)
        tokens.extend(indexes)
    return tokens


def _resolve(plan: dict, path: str, parent: bool = False, create: bool = False):
    """`phases[prod-3].cohorts[2].enrollment`: list items by id or index."""
    node: Any = plan
    tokens = _tokens(path)
    if not tokens:
        raise StepFailed(f"{path!r} names no place in the plan (e.g. phases[prod-1].start)")
    for i, token in enumerate(tokens):
        last = i == len(tokens) - 1
        if isinstance(node, list):
            if token.isdigit() and int(token) < len(node):
                key: Any = int(token)
            else:
                key = next((j for j, item in enumerate(node)
                            if isinstance(item, dict) and item.get("id") == token or item == token), None)
                if key is None:
                    raise StepFailed(f"{path}: no item {token!r}")
        elif isinstance(node, dict):
            key = token
            if key not in node and not (create and last):
                raise StepFailed(f"{path}: no key {token!r}")
        else:
            raise StepFailed(f"{path}: {token!r} is inside a value, not a section")
        if last and parent:
            return node, key
        node = node[key]
    return node
