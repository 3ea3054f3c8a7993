"""Rule packs: declarative YAML rule files, loaded as data.

A pack is a directory of `*.yaml` files (its subdirectories hold scenarios
and their plans). Each file holds `rules:` (findings rules); one file of a
pack may hold `gates:` (how findings decide a gate). Loading parses
YAML safely and validates every rule: its condition against the fact kinds
(see `facts.FACT_KINDS`), its guidance IDs against the catalogue, its
templates against the fields they may use. Nothing in a rule file is ever
executed. The built-in pack (top-level `rules/`) ships inside the package.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Iterator, Literal, Optional, Union

import msgspec
import yaml

from . import conditions
from .errors import InputError, PlanErrors
from .facts import FACT_KINDS
from .loader import display_path, validated
from .source import Document, read_document

Severity = Literal["blocker", "major", "minor", "info"]
SEVERITIES: tuple[str, ...] = ("blocker", "major", "minor", "info")
GateKind = Literal["start", "phase", "broad"]
Requirement = Literal["people", "communications", "support", "training", "operations", "success_criteria", "goals",
                      "governance", "team"]
_RULE_ID = re.compile(r"[A-Z][A-Z0-9]*(-[A-Z0-9]+)+")


def rule_id_problem(value: str) -> str | None:
    if not _RULE_ID.fullmatch(value):
        return f"rule id {value!r} must be upper-case words joined by '-', e.g. PILOT-NO-VIP"
    return None


Line = Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]
Words = Annotated[str, msgspec.Meta(min_length=1)]


# A rule file as msgspec reads it (schema.py words the problems of one it
# refuses, as for plans). kw_only on each: msgspec does not inherit it.
class _Strict(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    pass


class Text(_Strict, kw_only=True):
    """A text in English and Swedish."""

    en: Line
    sv: Line

    def get(self, lang: str) -> str:
        return self.sv if lang == "sv" else self.en


class Quote(_Strict, kw_only=True):
    sv: Words
    en: Words


class Docs(_Strict, kw_only=True):
    """ruff-style documentation: what, why (quoting the guidance), an example
    that fires and the fix."""

    why: Optional[Text] = None
    quote: Optional[Quote] = None
    example: Optional[str] = None  # a plan fragment (YAML) that makes the rule fire
    fix: Optional[str] = None  # the same fragment, fixed
    note: Optional[str] = None  # e.g. why a severity departs from the catalogue's default


class Unless(_Strict, kw_only=True):
    kind: str
    where: dict[str, Any] = {}
    same: list[str] = []


class RuleSpec(_Strict, kw_only=True):
    id: str
    title: Text
    guidance: Annotated[list[str], msgspec.Meta(min_length=1)]
    severity: Severity
    gate: GateKind
    match: str
    where: dict[str, Any] = {}
    unless: list[Unless] = []
    requires: list[Requirement] = []
    subject: Line = "{path}"
    evidence: list[str] = []
    message: Text
    remediation: Text
    docs: Docs = msgspec.field(default_factory=Docs)

    def __post_init__(self) -> None:
        problem = rule_id_problem(self.id)
        if problem:
            raise ValueError(problem)


class GateSpec(_Strict, kw_only=True):
    decision: Literal["NO-GO", "GO-WITH-RISKS"]
    title: Text
    when: dict[str, Any]


class ManualCheck(_Strict, kw_only=True):
    guidance: str
    question: Text


class PackFile(_Strict, kw_only=True):
    rules: list[RuleSpec] = []
    # Left out (UNSET): the gate rules of the packs before stay.
    gates: Union[Optional[list[GateSpec]], msgspec.UnsetType] = msgspec.UNSET
    manual_checks: list[ManualCheck] = []


@dataclass(frozen=True)
class Gate:
    """A gate rule as loaded: what it decides and when, where it was
    written (for problems found after loading, such as engine limits), and
    the rule ids its condition names, each with its place."""

    decision: str
    title: Text
    when: dict[str, Any]
    file: str
    index: int
    rule_refs: tuple[tuple[str, InputError], ...]

    @property
    def place(self) -> tuple[str, str]:
        return self.file, f"gates[{self.index}].when"


@dataclass(frozen=True)
class Rule:
    spec: RuleSpec
    file: str
    origin: str  # "built-in" or the pack directory

    @property
    def id(self) -> str:
        return self.spec.id


@dataclass(frozen=True)
class RulePack:
    rules: dict[str, Rule]  # by id, in load order
    gates: list[Gate]
    manual_checks: list[ManualCheck]
    version: str  # content digest: the same files give the same version
    files: tuple[str, ...] = field(default=())


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict]:
    path = Path(__file__).parent / "data" / "catalogue.yaml"
    entries = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {entry["id"]: entry for entry in entries["catalogue"]}


def builtin_pack_dir() -> Path:
    here = Path(__file__).resolve().parent
    packaged = here / "rulepack"  # an installed wheel
    return packaged if packaged.is_dir() else here.parent / "rules"  # a source checkout


def builtin_scenarios_dir() -> Path:
    here = Path(__file__).resolve().parent
    packaged = here / "scenariopack"
    return packaged if packaged.is_dir() else here.parent / "scenarios"


def load_pack(extra_dirs: tuple[str, ...] = (), *, builtin: bool = True) -> RulePack:
    """The built-in pack, then each extra directory in turn: a rule with the
    id of an earlier one replaces it; `gates:` in a later pack replace the
    earlier gate rules."""
    rules: dict[str, Rule] = {}
    gates: list[Gate] = []
    manual: dict[tuple[str, str], ManualCheck] = {}  # a later pack's identical question replaces
    digest = hashlib.sha256()
    files: list[str] = []
    if "" in extra_dirs:  # Path("") is the current directory
        raise InputError("--rules", "is empty; give a rule pack directory")
    sources = ([(builtin_pack_dir(), "built-in")] if builtin else []) + [(Path(d), d) for d in extra_dirs]
    for directory, origin in sources:
        pack_rules, pack_gates, pack_manual = _load_dir(directory, origin, digest, files)
        rules.update(pack_rules)
        if pack_gates:
            gates = pack_gates
        for check in pack_manual:
            manual[(check.guidance, check.question.en)] = check
    if not gates:
        raise InputError(str(sources[-1][0]) if sources else "rules", "no pack defines `gates:`; "
                         "a pack needs gate rules to decide its gates")
    for gate in gates:  # a misspelt rule id would never match: the gate would never close
        for name, place in gate.rule_refs:
            if name not in rules:
                hint = difflib.get_close_matches(name, sorted(rules), n=1)
                raise InputError(place.file, f"{name!r} names no rule of the loaded packs"
                                 + (f"; did you mean {hint[0]!r}?" if hint else ""),
                                 path=place.path, line=place.line, column=place.column)
    check_negation_order(rules)
    return RulePack(rules=rules, gates=gates, manual_checks=list(manual.values()),
                    version=digest.hexdigest()[:12], files=tuple(files))


def check_negation_order(rules: dict[str, Rule]) -> None:
    """durable_rules blocks a match only when the negated fact came first,
    so a rule's `unless` kinds are asserted before its `match` kind. That
    order must exist: no kind may wait, through negations, on itself. The
    rule that closes such a circle (the last loaded: usually the new one)
    is named, at its `unless`."""
    waits: dict[str, dict[str, tuple[Rule, int]]] = {}  # kind -> negated kind -> (last rule, unless index)
    for rule in rules.values():
        for index, unless in enumerate(rule.spec.unless):
            waits.setdefault(rule.spec.match, {})[unless.kind] = (rule, index)
    cycle = _cycle({kind: sorted(after) for kind, after in waits.items()})
    if not cycle:
        return
    edges = [waits[a][b] for a, b in zip(cycle, cycle[1:] + cycle[:1])]
    order = {rule_id: n for n, rule_id in enumerate(rules)}
    culprit, index = max(edges, key=lambda edge: order[edge[0].id])
    if len(cycle) == 1:
        message = (f"rule {culprit.id} matches {cycle[0]!r} facts unless another {cycle[0]!r} fact exists; "
                   "durable_rules cannot order a negation of a rule's own fact kind")
    else:
        involved = ", ".join(f"{rule.id} ({rule.spec.match} unless {rule.spec.unless[i].kind})" for rule, i in edges)
        message = (f"rules {involved} negate each other's fact kinds in a circle; durable_rules cannot order "
                   "such negations")
    where = _rule_place(culprit, index)
    raise InputError(culprit.file, message, path=f"rules[{culprit.id}].unless[{index}].kind",
                     line=where[0] if where else None, column=where[1] if where else None) from None


def _cycle(graph: dict[str, list[str]]) -> list[str]:
    """Some cycle of `graph` (kinds in order), or []: depth first, in sorted order."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(graph):
        if state.get(start):
            continue
        path, stack = [start], [iter(graph.get(start, ()))]
        state[start] = 1
        while stack:
            following = next(stack[-1], None)
            if following is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(following) == 1:
                return path[path.index(following):]
            elif not state.get(following):
                state[following] = 1
                path.append(following)
                stack.append(iter(graph.get(following, ())))
    return []


def _rule_place(rule: Rule, unless_index: int) -> tuple[int, int] | None:
    """Line and column of a rule's `unless[i].kind`, read again (only for this error)."""
    path = builtin_pack_dir() / Path(rule.file).name if rule.origin == "built-in" else Path(rule.file)
    try:
        document = read_document(path, what="rule", limited=rule.origin != "built-in")
        position = next(i for i, item in enumerate(document.data["rules"]) if item.get("id") == rule.id)
    except (InputError, KeyError, TypeError, AttributeError, StopIteration):
        return None
    return document.locate(["rules", position, "unless", unless_index, "kind"])


def pack_files(directory: Path, suffixes: tuple[str, ...], what: str, *, nested: bool) -> list[Path]:
    """The files of a pack with these suffixes (in any case: `ORG.YAML` is
    a rule file, as a plan `.YAML` is a plan), in a stable order: in
    `directory` itself, or (`nested`) in its subdirectories too, linked ones
    included. Hidden files and directories (.git, an editor's .#lock) are
    not the pack's. What cannot be read (a subdirectory, a broken link, a
    directory named like one of these files) is an error, never skipped."""
    found: list[Path] = []
    visited: set[tuple[int, int]] = set()

    def unreadable(error: OSError) -> None:
        raise InputError(str(error.filename or directory), f"cannot be read ({error.strerror or error})")

    for root, dirs, names in os.walk(directory, onerror=unreadable, followlinks=nested):
        here = os.stat(root)
        if (here.st_dev, here.st_ino) in visited:  # a link back up the tree: walked already
            dirs[:] = []
            continue
        visited.add((here.st_dev, here.st_ino))
        named_like = [d for d in dirs if Path(d).suffix.lower() in suffixes]  # a directory `x.yaml`: refused below
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")) if nested else []
        for name in names + named_like:
            path = Path(root) / name
            if path.suffix.lower() in suffixes and not name.startswith("."):
                if not path.is_file():
                    raise InputError(str(path), f"is not a readable {what} file")
                found.append(path)
    return sorted(found, key=lambda path: path.relative_to(directory).parts)


_RULE_FILE = re.compile(r"^(rules|gates)\s*:", re.MULTILINE)


def _refuse_nested_rule_files(directory: Path) -> None:
    """Rule files are read from the pack directory itself; its subdirectories
    hold scenarios and their plans. A rule file left in one would be ignored
    without a word, so one is refused."""
    for root, dirs, names in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if Path(root) == directory:
            continue
        for name in sorted(names):
            path = Path(root) / name
            if path.suffix.lower() in (".yaml", ".yml") and not name.startswith(".") and path.is_file():
                try:
                    with path.open(encoding="utf-8", errors="replace") as handle:
                        text = handle.read(100_000)  # a plan beside the scenarios may be large
                except OSError:
                    continue
                if _RULE_FILE.search(text):
                    raise InputError(str(path), "looks like a rule file, but rule files are read from the pack "
                                     f"directory itself ({directory}); move it there, or give its directory as "
                                     "a pack of its own (--rules)")


def _load_dir(directory: Path, origin: str, digest, files: list[str]):
    shown = str(directory)
    if not directory.exists():
        raise InputError(shown, "no such rule pack directory")
    if not directory.is_dir():
        raise InputError(shown, "a rule pack is a directory of .yaml files")
    paths = pack_files(directory, (".yaml", ".yml"), "rule", nested=False)
    if origin != "built-in":
        _refuse_nested_rule_files(directory)
    if not paths:
        raise InputError(shown, "contains no rule files (*.yaml)")
    rules: dict[str, Rule] = {}
    gates: list[Gate] = []
    manual: list[ManualCheck] = []
    for path in paths:
        relative = path.relative_to(directory).as_posix()
        file = str(path) if origin != "built-in" else f"rules/{relative}"
        document = read_document(path, what="rule", limited=origin != "built-in")
        document.file = file
        digest.update(relative.encode() + b"\0" + document.text.encode())
        files.append(file)
        pack_file = _validate(document)
        for index, spec in enumerate(pack_file.rules):
            if spec.id in rules:
                where = f"in {rules[spec.id].file}"
                if rules[spec.id].file == file:  # in this very file: say where
                    earlier = next(i for i, other in enumerate(pack_file.rules) if other.id == spec.id)
                    where = f"at line {(document.locate(['rules', earlier, 'id']) or ('?',))[0]} of this file"
                raise _error(document, ["rules", index, "id"], f"duplicate rule id {spec.id!r} (also {where})")
            _check_rule(document, index, spec)
            rules[spec.id] = Rule(spec=spec, file=file, origin=origin)
        if pack_file.gates is not msgspec.UNSET:
            # One file decides a pack's gates: two would both apply unseen, and
            # an empty list (or `gates:` with every rule commented out) would
            # silently keep the earlier pack's.
            if not pack_file.gates:
                raise _error(document, ["gates"], "`gates:` is empty, which leaves no gate rules; leave `gates:` "
                             "out to keep those of the packs before it, or write the gate rules this pack "
                             "decides with")
            if gates:
                raise _error(document, ["gates"], f"gate rules are already written in {gates[0].file}; a "
                             "pack writes its gate rules in one file")
            for index, spec in enumerate(pack_file.gates):
                _check_condition(document, ["gates", index, "when"], "finding", spec.when)
                refs = tuple((name, _error(document, tokens, ""))
                             for tokens, name in _rule_names(spec.when, ["gates", index, "when"]))
                gates.append(Gate(decision=spec.decision, title=spec.title, when=spec.when, file=file, index=index,
                                  rule_refs=refs))
        for index, check in enumerate(pack_file.manual_checks):
            if check.guidance not in catalogue():
                raise _error(document, ["manual_checks", index, "guidance"],
                             f"unknown guidance id {check.guidance!r}")
        manual.extend(pack_file.manual_checks)
    return rules, gates, manual


def _rule_names(condition: dict, tokens: list) -> Iterator[tuple[list, str]]:
    """The rule ids a gate condition compares `rule` with, and where."""
    for key, test in condition.items():
        if key in ("all", "any") and isinstance(test, list):
            for i, sub in enumerate(test):
                if isinstance(sub, dict):
                    yield from _rule_names(sub, tokens + [key, i])
        elif key == "rule":
            if isinstance(test, str):
                yield tokens + ["rule"], test
            elif isinstance(test, dict):
                for op, operand in test.items():
                    if op in ("is", "is_not") and isinstance(operand, str):
                        yield tokens + ["rule", op], operand
                    elif op in ("in", "not_in") and isinstance(operand, list):
                        yield from ((tokens + ["rule", op, j], v) for j, v in enumerate(operand)
                                    if isinstance(v, str))


def _validate(document: Document) -> PackFile:
    if not isinstance(document.data, dict):
        raise InputError(document.file, "a rule file is a mapping with `rules:` (and optionally `gates:`)",
                         line=1, column=1)
    try:
        return validated(document, PackFile, limit=1)
    except PlanErrors as errors:
        raise errors.errors[0] from None


def _error(document: Document, tokens, message: str) -> InputError:
    where = document.locate(tokens)
    return InputError(document.file, message, path=display_path(document.data, tokens),
                      line=where[0] if where else None, column=where[1] if where else None)


def _check_condition(document: Document, tokens: list, kind: str, condition: dict) -> set[str]:
    try:
        return conditions.check(condition, kind)
    except conditions.ConditionError as error:
        raise _error(document, tokens + list(error.tokens), str(error)) from None


def _check_rule(document: Document, index: int, spec: RuleSpec) -> None:
    at = ["rules", index]
    known = catalogue()
    for j, gid in enumerate(spec.guidance):
        if gid in spec.guidance[:j]:  # twice in a SARIF rule's tags makes the report invalid
            raise _error(document, at + ["guidance", j], f"guidance id {gid!r} is listed twice")
        if gid not in known:
            raise _error(document, at + ["guidance", j], f"unknown guidance id {gid!r}; "
                         "guidance ids are those of the catalogue (see `readiness rules coverage`)")
    kind = FACT_KINDS.get(spec.match)
    if kind is None:
        raise _error(document, at + ["match"], conditions.unknown_kind(spec.match))
    if spec.gate == "phase" and not kind.has_phase:
        raise _error(document, at + ["gate"], f"gate 'phase' needs facts with a phase; "
                     f"{spec.match} facts have none (use 'start' or 'broad')")
    _check_condition(document, at + ["where"], spec.match, spec.where)
    for j, unless in enumerate(spec.unless):
        where = at + ["unless", j]
        if unless.kind == "finding":
            raise _error(document, where + ["kind"], "a rule cannot depend on the absence of findings "
                         "(they are derived in the same evaluation, and durable_rules' negation is order "
                         "dependent); use gate rules instead")
        if unless.kind not in FACT_KINDS:
            raise _error(document, where + ["kind"], conditions.unknown_kind(unless.kind))
        _check_condition(document, where + ["where"], unless.kind, unless.where)
        try:
            conditions.check_no_any(unless.where)
        except conditions.ConditionError as error:
            raise _error(document, where + ["where"] + list(error.tokens), str(error)) from None
        for k, name in enumerate(unless.same):
            if name == "id":
                raise _error(document, where + ["same", k], "joining on 'id' reads freed memory in "
                             "durable_rules; join on a copied property such as 'phase' or 'group'")
            for kind_name in (spec.match, unless.kind):
                if name not in FACT_KINDS[kind_name].fields:
                    raise _error(document, where + ["same", k], conditions.unknown_field(name, kind_name))
    fields = FACT_KINDS[spec.match].fields
    for j, name in enumerate(spec.evidence):
        if name not in fields:
            raise _error(document, at + ["evidence", j], conditions.unknown_field(name, spec.match))
    for key in ("subject", "message", "remediation"):
        value = getattr(spec, key)
        texts = [(key, value)] if isinstance(value, str) else [(f"{key}.{lang}", value.get(lang))
                                                                for lang in ("en", "sv")]
        for place, text in texts:
            problem = template_problem(text, spec.match)
            if problem:
                raise _error(document, at + place.split("."), problem)


_FORMAT_SPEC = re.compile(r"^(\.\d)?[%fdg]?$")


def template_problem(text: str, kind: str) -> str | None:
    """Templates use `{field}` of the matched fact, `{setting.NAME}`, and a
    simple number format (`{it_share:.0%}`) at most; anything else is refused."""
    import string

    from .settings import SETTINGS

    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as error:
        return f"invalid template: {error} (write {{{{ and }}}} for literal braces)"
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if conversion or (spec and not _FORMAT_SPEC.match(spec)):
            return f"template field {{{name}}} may only carry a number format such as :.0% or :.1f"
        if name.startswith("setting."):
            if name[8:] not in SETTINGS:
                return f"unknown setting {name[8:]!r} in template"
        elif name not in FACT_KINDS[kind].fields:
            return f"template: {conditions.unknown_field(name, kind)}"
    return None
