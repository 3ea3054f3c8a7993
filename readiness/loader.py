"""Loading a plan: parse, validate against plan format v1, resolve references.

The result is a `LoadedPlan`: the validated `Plan` plus the parsed document,
so that later stages can point a finding at the line a value stands on.
Every problem becomes an `InputError` naming the file, the place and what is
wrong; a plan with several problems reports each on its own line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass
from itertools import islice
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence, TypeVar, get_args, get_origin, get_type_hints

import msgspec

from .errors import InputError, PlanErrors
from .model import BLANKS, Plan, to_plan, visible
from .settings import setting_problem
from .source import Document, display_path, exactly, kind_of, read_document

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

MAX_REPORTED = 20
T = TypeVar("T")


@dataclass(frozen=True)
class LoadedPlan:
    plan: Plan
    document: Document

    @property
    def file(self) -> str:
        return self.document.file

    def display_path(self, tokens: Sequence[str | int]) -> str:
        return display_path(self.document.data, tokens)


def load_plan(path: str) -> LoadedPlan:
    try:
        document = read_document(path)
    except InputError as error:
        raise PlanErrors([error]) from None
    return validate_document(document)


def validate_document(document: Document) -> LoadedPlan:
    data = document.data
    if not isinstance(data, dict):
        raise PlanErrors([InputError(document.file, "a plan is a mapping of sections "
                                     f"(version, organization, groups, phases, ...), not a {kind_of(data)}",
                                     line=1, column=1)])
    plan = _validate(document)
    # Each message costs a did-you-mean search and each place a walk through
    # the text: only the problems shown are worked out.
    problems = _reference_problems(plan)
    shown = [_at(document, tokens, message) for tokens, message in islice(problems, MAX_REPORTED)]
    if shown:
        if next(problems, None) is not None:
            shown.append(InputError(document.file, "more problems not shown; fix these and check again"))
        raise PlanErrors(shown)
    return LoadedPlan(plan=plan, document=document)


def _validate(document: Document) -> Plan:
    """The plan, validated by msgspec (model.py): 100,000 people in 0.04 s.
    A plan it refuses is read again by the exact readers if msgspec read it
    (source.exactly) and validated again by pydantic (schema.py), which
    finds, orders, words and places every problem the same way whatever the
    plan's size. Data built in memory (not parsed from a file) may hold any
    Python object, so pydantic, the stricter judge of those, sees it first."""
    refused = None
    if document.parsed:
        try:
            return to_plan(document.data)
        except msgspec.ValidationError as error:
            refused = str(error)
        try:
            document = exactly(document)
        except InputError as error:
            raise PlanErrors([error]) from None
    from pydantic import ValidationError

    from . import schema

    try:
        checked = schema.Plan.model_validate(document.data)
    except ValidationError as error:
        raise PlanErrors(_validation_failure(document, error)) from None
    if refused is not None:  # a bug: model.py and schema.py must agree
        raise RuntimeError(f"{document.file}: msgspec refused what pydantic accepts: {refused}")
    return to_plan(checked.model_dump())


def validated(document: Document, fast: type[T], limit: int | None = MAX_REPORTED) -> T:
    """`document.data` as `fast`, a msgspec struct of model.py or
    rulebook.py. If msgspec refuses it, the pydantic model of the same name
    in schema.py words and places its problems (PlanErrors, the first
    `limit` of them)."""
    try:
        return msgspec.convert(document.data, fast, strict=True)
    except msgspec.ValidationError as refused:
        from pydantic import ValidationError

        from . import schema

        exact = getattr(schema, fast.__name__)
        try:
            exact.model_validate(document.data)
        except ValidationError as error:
            raise PlanErrors(validation_problems(document, error, exact, limit=limit)) from None
        raise RuntimeError(f"{document.file}: msgspec refused what pydantic accepts: {refused}") from None


LISTED = 1_000  # pydantic lists errors at about 4 µs each: a million would take seconds


def _validation_failure(document: Document, error: ValidationError) -> list[InputError]:
    """The first MAX_REPORTED problems of a plan that failed validation, and
    how many more there are. With more than LISTED errors (a roster export
    with a column too many: one error per person), the plan is validated
    again with every list cut to its first items, growing until enough
    problems show, so that only a few errors are ever listed."""
    from pydantic import ValidationError

    from .schema import Plan as Exact

    total = error.error_count()
    keep = MAX_REPORTED
    # Once nothing is cut any more, `error` (the whole plan's) is the answer.
    while total > LISTED and (clipped := _clipped(document.data, keep)) is not document.data:
        try:
            Exact.model_validate(clipped)
        except ValidationError as fewer:
            if fewer.error_count() >= MAX_REPORTED:
                error = fewer
                break
        keep *= 10
    shown = validation_problems(document, error, Exact, limit=MAX_REPORTED)
    if total > len(shown):
        more = total - len(shown)
        shown.append(InputError(document.file, f"{more:,} more {'problem' if more == 1 else 'problems'} not shown "
                                f"({total:,} in all)"))
    return shown


def _clipped(data: Any, keep: int) -> Any:
    """`data` with every list longer than `keep` cut to its first `keep`
    items; `data` itself when no list is that long."""
    if isinstance(data, list):
        items = [_clipped(item, keep) for item in data[:keep]]
        same = len(data) <= keep and all(a is b for a, b in zip(items, data))
        return data if same else items
    if isinstance(data, dict):
        values = {key: _clipped(value, keep) for key, value in data.items()}
        return data if all(values[key] is value for key, value in data.items()) else values
    return data


# -- where and what ------------------------------------------------------------

def _at(document: Document, tokens: Sequence[str | int], message: str) -> InputError:
    where = document.locate(tokens)
    line, column = where if where else (None, None)
    return InputError(document.file, message, path=display_path(document.data, tokens),
                      line=line, column=column)


def validation_problems(document: Document, error: ValidationError, root: type[BaseModel],
                        prefix: Sequence[str | int] = (), limit: int | None = None) -> list[InputError]:
    """A pydantic error on `document.data` (validated as `root`, found at
    `prefix` in the document) as located one-line problems, the first
    `limit` of them."""
    problems = (_from_pydantic(document, e, root, tuple(prefix)) for e in error.errors(include_url=False))
    return list(islice(_unique(problems), limit))


_EXPONENT = re.compile(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+")


def _from_pydantic(document: Document, error: dict, root: type[BaseModel], prefix: tuple) -> InputError:
    tokens = _data_tokens(document.data, error["loc"])
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        name = tokens[-1]
        allowed = _allowed_keys(root, tokens[:-1])
        hint = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
        message = f"unknown key {name!r}" + (f"; did you mean {hint[0]!r}?" if hint else
                                              f"; expected one of: {', '.join(allowed)}")
    elif kind == "missing":
        message = f"required key {tokens[-1]!r} is missing"
        tokens = tokens[:-1]
    elif kind == "literal_error":
        options = error.get("ctx", {}).get("expected", "")
        hint = difflib.get_close_matches(str(value), _literal_options(options), n=1, cutoff=0.6)
        if hint and hint[0] == str(value):  # the right value as the wrong type: "1" for 1
            message = f"expected {options}, got {kind_of(value)} {value!r}"
        else:
            message = f"{value!r} is not one of {options}" + (f"; did you mean {hint[0]!r}?" if hint else "")
    elif kind == "string_pattern_mismatch":
        message = f"{_short(value)} does not have the expected form ({error.get('ctx', {}).get('pattern')})"
    elif kind == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
    elif kind in ("int_type", "float_type", "bool_type", "string_type", "list_type",
                  "dict_type", "model_type", "model_attributes_type", "date_type"):
        expected = {"int_type": "a whole number", "float_type": "a number", "bool_type": "true or false",
                    "string_type": "a string", "list_type": "a list", "dict_type": "a mapping",
                    "model_type": "a mapping", "model_attributes_type": "a mapping",
                    "date_type": "a date"}[kind]
        message = f"expected {expected}, got {kind_of(value)}" + ("" if value is None else f" {_short(value)}")
        if kind in ("int_type", "float_type") and document.is_yaml and isinstance(value, str) \
                and _EXPONENT.fullmatch(value.strip()):
            # YAML 1.1 (PyYAML's) reads 1e-3 and 1.5e2 as text: 1.0e-3 and 1.5e+2 are numbers.
            number = float(value)
            plain = str(int(number)) if kind == "int_type" and number.is_integer() else repr(number)
            message += (f"; YAML reads a number with an exponent as text unless it has a decimal point and a "
                        f"signed exponent (1.0e-3, 1.5e+2): write {plain}")
    else:
        message = error["msg"][0].lower() + error["msg"][1:]
        if value is not None and not isinstance(value, (dict, list)):
            message += f" (got {_short(value)})"
    return _at(document, list(prefix) + tokens, message)


def _data_tokens(data: Any, loc: Sequence[str | int]) -> list[str | int]:
    """pydantic's error location as a path into the data: union and
    validator tags (`function-after[...]`, `list[...]`) dropped, while a
    key of the plan that merely contains '[' is kept."""
    tokens: list[str | int] = []
    node = data
    for token in loc:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and isinstance(token, int) and 0 <= token < len(node):
            node = node[token]
        elif isinstance(token, str) and "[" in token:
            continue  # a tag, not a place in the plan
        else:
            node = None
        tokens.append(token)
    return tokens


def _short(value: Any) -> str:
    if isinstance(value, dt.date):  # a YAML date where text was expected
        return value.isoformat()
    if isinstance(value, bytes):  # YAML !!binary
        return f"binary data ({len(value)} bytes)"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _literal_options(expected: str) -> list[str]:
    return [part.strip().strip("'") for part in expected.replace(" or ", ",").split(",") if part.strip()]


def _allowed_keys(root: type[BaseModel], tokens: Sequence[str | int]) -> list[str]:
    model: Any = root
    for token in tokens:
        if isinstance(token, int):
            continue
        fields = _fields_of(model)
        if token not in fields:
            return []
        model = _inner_model(fields[token])
    return list(_fields_of(model))


def _fields_of(model: Any) -> dict[str, Any]:
    """Field name -> annotation of a model or of a TypedDict (`Person`)."""
    from pydantic import BaseModel
    from typing_extensions import is_typeddict

    if isinstance(model, type) and issubclass(model, BaseModel):
        return {name: info.annotation for name, info in model.model_fields.items()}
    if is_typeddict(model):
        return get_type_hints(model)
    return {}


def _inner_model(annotation: Any) -> Any:
    while get_origin(annotation) is not None:
        args = [a for a in get_args(annotation) if a is not type(None)]
        if not args:
            break
        annotation = args[-1] if get_origin(annotation) is dict else args[0]
    return annotation


def _unique(errors: Iterable[InputError]) -> Iterator[InputError]:
    seen: set = set()
    for error in errors:
        if str(error) not in seen:
            seen.add(str(error))
            yield error


# -- references ------------------------------------------------------------------

_RESERVED = {"all": "a communication to everyone", "helpdesk": "a training session for the helpdesk"}


def _reference_problems(plan: Plan):
    """(tokens, message) for every duplicate id, dangling reference and
    impossible date in a structurally valid plan."""
    ids: dict[str, set[str]] = {}
    for section in ("goals", "objectives", "challenges", "success_criteria", "groups",
                    "people", "phases", "communications", "risks"):
        items = getattr(plan, section) or []
        listed = list(map(_ID, items))  # at C speed: a roster may hold a million people
        seen: set[str] = set(listed)
        if len(seen) < len(items):
            seen = set()
            for index, item in enumerate(items):
                if item.id in seen:
                    yield [section, index, "id"], f"duplicate id {item.id!r} in {section}"
                seen.add(item.id)
        lines = "\n".join(listed)  # all ids at once, for the checks below to run at C speed
        if len(seen) == len(items):
            yield from _look_alikes(section, items, seen, lines)
        yield from _unreadable_ids(section, items, lines)
        ids[section] = seen

    phase_forms = {_nfc(p): p for p in ids["phases"]}
    for index, group in enumerate(plan.groups):
        phase = phase_forms.get(_nfc(group.id))
        if phase == group.id:
            yield (["groups", index, "id"],
                   f"{group.id!r} is both a group id and a phase id; audiences could not tell them apart")
        elif phase is not None:
            yield (["groups", index, "id"], f"{group.id!r} looks the same as the phase id {phase!r} (written with "
                   "other Unicode characters); audiences could not tell them apart")
    # Audiences also name "all" (communications) and "helpdesk" (training
    # sessions): a phase or group of that name would be misread as them.
    for section in ("groups", "phases"):
        for index, item in enumerate(getattr(plan, section)):
            if item.id in _RESERVED:
                yield ([section, index, "id"],
                       f"{item.id!r} is a reserved word in audiences ({_RESERVED[item.id]}); choose another id")
            elif _nfc(item.id) in _RESERVED:  # 'all' with a variation selector prints as 'all'
                word = _nfc(item.id)
                yield ([section, index, "id"], f"{_escaped(item.id)} looks the same as {word!r}, a reserved word "
                       f"in audiences ({_RESERVED[word]}); choose another id")
    for name, value in plan.settings.items():
        problem = setting_problem(name, value)
        if problem:
            yield ["settings", name], problem

    def ref(tokens, value, section, what):
        if value is not None and value not in ids[section]:
            yield tokens, _dangling(value, what, ids[section])

    for i, objective in enumerate(plan.objectives):
        yield from ref(["objectives", i, "goal"], objective.goal, "goals", "goal")
    for i, criterion in enumerate(plan.success_criteria):
        yield from ref(["success_criteria", i, "goal"], criterion.goal, "goals", "goal")
        yield from ref(["success_criteria", i, "phase"], criterion.phase, "phases", "phase")
        if criterion.kind == "qualitative" and criterion.target is not None:
            yield (["success_criteria", i, "target"],
                   "a qualitative criterion has no numeric target; make it quantitative or drop the target")
    groups = ids["groups"]
    roster = plan.people or []
    if not set(map(_GROUP, roster)) <= groups | {None}:  # a million people: one pass at C speed first
        for i, person in enumerate(roster):
            if person.group is not None and person.group not in groups:
                yield ["people", i, "group"], _dangling(person.group, "group", groups)
    group_by_id = {g.id: g for g in plan.groups}
    total_users = plan.organization.total_users
    for i, phase in enumerate(plan.phases):
        if phase.end < phase.start:
            yield ["phases", i, "end"], f"ends {phase.end} before it starts ({phase.start})"
        if i and phase.start < plan.phases[i - 1].start:  # gates, "first" and "next" follow the list
            before = plan.phases[i - 1]
            yield (["phases", i, "start"], f"starts {phase.start}, before {before.id} listed ahead of it "
                   f"({before.start}); list the phases in rollout order")
        # A group may enrol in one phase in parts (some self-service, some at a
        # tech fair; a part without `users` is the rest of the group), but not
        # more users than it has, nor a phase more than the organization:
        # shares past 100% would follow.
        given: dict[str, int] = {}  # group -> users its cohorts here state
        rest: dict[str, int] = {}  # group -> cohorts here that state none
        for j, cohort in enumerate(phase.cohorts):
            yield from ref(["phases", i, "cohorts", j, "group"], cohort.group, "groups", "group")
            group = group_by_id.get(cohort.group)
            if group is None:
                continue
            if cohort.users is None:
                rest[group.id] = rest.get(group.id, 0) + 1
                if rest[group.id] == 2:
                    yield (["phases", i, "cohorts", j], f"group {group.id!r} enrols in this phase in parts, and "
                           "two of them give no `users`; give each part's users (one may be left as the rest)")
                continue
            given[group.id] = given.get(group.id, 0) + cohort.users
            if group.users is not None and given[group.id] > group.users:
                yield (["phases", i, "cohorts", j, "users"], f"the cohorts of group {group.id!r} in this phase "
                       f"enrol {given[group.id]:,} users (this one and any before it); the group has "
                       f"{group.users:,}")
        users = sum(max(given.get(g, 0), (group_by_id[g].users or 0) if g in rest else 0)
                    for g in given.keys() | rest.keys())
        if users > total_users:
            yield (["phases", i, "cohorts"], f"enrols {users:,} users, more than the organization's "
                   f"{total_users:,} (organization.total_users)")
        for j, person in enumerate(phase.participants):
            yield from ref(["phases", i, "participants", j], person, "people", "person")
        yield from _twice(["phases", i, "participants"], phase.participants)  # thousands: a set, not a scan
        for j, criterion in enumerate(phase.exit_criteria):
            yield from ref(["phases", i, "exit_criteria", j], criterion, "success_criteria",
                           "success criterion")
        yield from _twice(["phases", i, "exit_criteria"], phase.exit_criteria)
    audiences = ids["groups"] | ids["phases"]
    for i, communication in enumerate(plan.communications or []):
        for j, target in enumerate(communication.audience):
            if target != "all" and target not in audiences:
                yield (["communications", i, "audience", j],
                       _dangling(target, "audience (\"all\", a group or a phase)", audiences | {"all"}))
    if plan.support:
        for i, training in enumerate(plan.support.helpdesk_trainings):
            for j, phase in enumerate(training.phases):
                yield from ref(["support", "helpdesk_trainings", i, "phases", j], phase, "phases", "phase")
        periods: dict[str, int] = {}  # two periods for one phase: either would satisfy the rules
        for i, hypercare in enumerate(plan.support.hypercare):
            yield from ref(["support", "hypercare", i, "phase"], hypercare.phase, "phases", "phase")
            earlier = periods.setdefault(hypercare.phase, i)
            if earlier != i:
                yield (["support", "hypercare", i, "phase"], f"phase {hypercare.phase!r} has a hypercare period "
                       f"already (support.hypercare[{earlier}]); give each phase one")
    if plan.training:
        for i, session in enumerate(plan.training.sessions):
            for j, target in enumerate(session.audience):
                if target != "helpdesk" and target not in audiences:
                    yield (["training", "sessions", i, "audience", j],
                           _dangling(target, "audience (\"helpdesk\", a group or a phase)",
                                     audiences | {"helpdesk"}))
    for i, risk in enumerate(plan.risks):
        yield from ref(["risks", i, "phase"], risk.phase, "phases", "phase")
    kinds = {c.id: c.kind for c in plan.success_criteria}
    # Two results for one criterion (on one day, for one phase) contradict
    # each other: the decision would depend on which is listed last. A result
    # for no phase in particular counts for every phase listing the criterion.
    taken: dict[tuple[str, dt.date], list[tuple[int, str | None]]] = {}
    for i, measurement in enumerate(plan.results.measurements):
        earlier = _same_result(taken.setdefault((measurement.criterion, measurement.measured_on), []), i,
                               measurement.phase)
        if earlier is not None:
            apart = "" if measurement.phase else ", or say which phase each is for (phase)"
            yield (["results", "measurements", i], f"{measurement.criterion!r} is measured twice on "
                   f"{measurement.measured_on}{_for_phase(measurement.phase)} (also results.measurements[{earlier}]); "
                   f"keep the one that counts{apart}")
    judged: dict[tuple[str, dt.date | None], list[tuple[int, str | None]]] = {}
    for i, assessment in enumerate(plan.results.assessments):
        earlier = _same_result(judged.setdefault((assessment.criterion, assessment.assessed_on), []), i,
                               assessment.phase)
        if earlier is not None:
            when = f" on {assessment.assessed_on}" if assessment.assessed_on else " without a date"
            apart = ("" if assessment.phase else ", or say which phase each is for (phase)" if assessment.assessed_on
                     else ", or date each (assessed_on)")
            yield (["results", "assessments", i], f"{assessment.criterion!r} is assessed twice{when}"
                   f"{_for_phase(assessment.phase)} (also results.assessments[{earlier}]); keep the one that "
                   f"counts{apart}")
    exit_criteria = {p.id: set(p.exit_criteria) for p in plan.phases}
    starts = {p.id: p.start for p in plan.phases}
    for section, results in (("measurements", plan.results.measurements),
                             ("assessments", plan.results.assessments)):
        for i, result in enumerate(results):
            if result.phase is None:
                continue
            yield from ref(["results", section, i, "phase"], result.phase, "phases", "phase")
            listed = exit_criteria.get(result.phase)
            if listed is not None and result.criterion not in listed:
                yield (["results", section, i, "phase"], f"{result.criterion!r} is not an exit criterion of "
                       f"{result.phase!r} (its exit_criteria: {', '.join(sorted(listed)) or 'none'})")
            on = getattr(result, "measured_on", None) or getattr(result, "assessed_on", None)
            if listed is not None and on is not None and on < starts[result.phase]:
                yield (["results", section, i, "phase"], f"dated {on}, before {result.phase!r} starts "
                       f"({starts[result.phase]}): it cannot be that phase's result")
    for i, measurement in enumerate(plan.results.measurements):
        yield from ref(["results", "measurements", i, "criterion"], measurement.criterion,
                       "success_criteria", "success criterion")
        if kinds.get(measurement.criterion) == "qualitative":
            yield (["results", "measurements", i, "criterion"], f"{measurement.criterion!r} is a qualitative "
                   "criterion; record its result in results.assessments (met: true or false)")
    for i, assessment in enumerate(plan.results.assessments):
        yield from ref(["results", "assessments", i, "criterion"], assessment.criterion,
                       "success_criteria", "success criterion")
        if kinds.get(assessment.criterion) == "quantitative":
            yield (["results", "assessments", i, "criterion"], f"{assessment.criterion!r} is a quantitative "
                   "criterion; record its measured value in results.measurements")
    for i, phase in enumerate(plan.results.completed_phases):
        yield from ref(["results", "completed_phases", i], phase, "phases", "phase")
    yield from _twice(["results", "completed_phases"], plan.results.completed_phases)


def _same_result(earlier: list[tuple[int, str | None]], index: int, phase: str | None) -> int | None:
    """The index of an earlier result of the same criterion and day that
    this one contradicts (for the same phase, or either for every phase),
    after recording this one."""
    clash = next((i for i, other in earlier if phase is None or other is None or other == phase), None)
    earlier.append((index, phase))
    return clash


def _for_phase(phase: str | None) -> str:
    return f" for {phase!r}" if phase else ""


def _look_alikes(section: str, items, ids: set[str], lines: str):
    """(tokens, message) for each id that prints like an earlier one of its
    section but is written with other Unicode characters ('é' as one
    character or as 'e' and an accent). ASCII ids are their own normal form:
    only the others are normalized (a roster may hold a million people).
    `lines`: the ids, one a line."""
    if lines.isascii():  # nearly always
        return
    odd = {i for i in ids if not i.isascii()}
    first: dict[str, str] = {}
    for index, item in enumerate(items):
        form = _nfc(item.id) if item.id in odd else item.id
        if form in first and first[form] != item.id:
            yield ([section, index, "id"], f"{item.id!r} looks the same as {first[form]!r}, another id in {section} "
                   "(written with other Unicode characters)")
        first.setdefault(form, item.id)


# Ids that do not print as they are: white space at either end, control,
# zero-width and blank characters (model.BLANKS), or no character that shows
# (model.visible). A reference would have to repeat them exactly, and no
# report could show them. (The zero-width joiners U+200C and U+200D are part
# of how Persian words and emoji are written, so they stay.)
_INVISIBLE = {"Cc", "Cf", "Zl", "Zp", "Cs"}  # control, format, line and paragraph separators, surrogates
_JOINERS = {"\u200c", "\u200d"}


def _unreadable_ids(section: str, items, lines: str):
    """(tokens, message) for each id that does not print as it is. `lines`,
    the ids one a line, is checked at C speed (a roster may hold a million
    people); the ids one by one only when some character does not print or a
    space is at an end."""
    one_a_line = lines.count("\n") == len(items) - 1
    printable = lines.replace("\n", "").isprintable()  # then " " is the only white space
    # (Non-ASCII ids also need a character that shows: not only marks.)
    no_blanks = lines.isascii() or not BLANKS & set(lines) and all(
        any(map(visible, ident)) for ident in lines.split("\n") if not ident.isascii())
    no_edges = " \n" not in lines and "\n " not in lines and lines[:1] != " " and lines[-1:] != " "
    if one_a_line and printable and no_blanks and no_edges:
        return
    for index, item in enumerate(items):
        problem = _unreadable(item.id)
        if problem:
            yield [section, index, "id"], f"{_escaped(item.id)} {problem}; ids are matched exactly"


def _escaped(ident: str) -> str:
    """repr(ident), with the characters it leaves as they are but that do
    not show (a mark alone, a blank) written as their code too."""
    return "".join((f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}")  # as Python writes them
                   if c.isprintable() and c != " " and not visible(c) else c for c in repr(ident))


def _invisible(char: str) -> bool:
    return char in BLANKS or unicodedata.category(char) in _INVISIBLE and char not in _JOINERS


_UNNAMED = {"Cc": "a control character", "Cs": "half of a surrogate pair"}


def _unreadable(ident: str) -> str | None:
    char = next(filter(_invisible, ident), None)
    if char is not None:
        name = unicodedata.name(char, None) or _UNNAMED.get(unicodedata.category(char), "unnamed")
        return f"contains U+{ord(char):04X} ({name}), which does not print"
    if ident.isspace():
        return "is only white space"
    if not any(map(visible, ident)):
        return "prints as nothing (only marks, joiners or white space)"
    if ident != ident.strip():
        return "begins or ends with white space"
    for at, char in enumerate(ident):
        if char in _JOINERS and not _joins(ident, at):
            return (f"contains U+{ord(char):04X} ({unicodedata.name(char)}) where it joins nothing, "
                    "so it does not print")
    return None


def _joins(ident: str, at: int) -> bool:
    """Whether the joiner at `at` shapes what it stands between: letters of
    a script that joins (Persian, Devanagari), or emoji in a sequence. Next
    to ASCII, next to another joiner, or at the start it joins nothing ('it'
    + U+200D would pass for 'it'); at the end only after a mark (a virama:
    the chillu letters of older Malayalam spelling end so)."""
    before = ident[at - 1] if at else ""
    after = ident[at + 1] if at + 1 < len(ident) else ""
    if not before or before in _JOINERS or after in _JOINERS or before.isascii():
        return False
    if not after:
        return unicodedata.category(before) == "Mn"
    return not after.isascii()


def _twice(tokens: list, ids: list[str]):
    """(tokens, message) for each id listed a second time in `ids`."""
    if len(set(ids)) == len(ids):
        return
    seen: set[str] = set()
    for j, ident in enumerate(ids):
        if ident in seen:
            yield tokens + [j], f"{ident!r} is listed twice"
        seen.add(ident)


_ID, _GROUP = attrgetter("id"), attrgetter("group")


def _dangling(value: str, what: str, known: set[str]) -> str:
    same = [k for k in sorted(known) if _nfc(k) == _nfc(value)]
    if same:  # 'é' as one character or as e and an accent: they print alike
        return (f"{value!r} names no {what}; {same[0]!r} looks the same but is written with other Unicode "
                "characters (save the file in Unicode normal form NFC)")
    # Ids are case-sensitive; 'HR' for 'hr' is the likeliest slip, and too short for difflib to see.
    hint = ([k for k in sorted(known) if k.casefold() == value.casefold()]
            or difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6))
    return f"{value!r} names no {what}" + (f"; did you mean {hint[0]!r}?" if hint else "")


_VARIATION_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")


def _nfc(text: str) -> str:
    """How an id prints, for telling look-alikes apart: its NFC form, without
    variation selectors ('g' and 'g' with U+FE0F print alike) and without
    joiners ('all' + U+FE0F + U+200D prints as 'all'; two ids that differ
    only by a joiner are too close to tell apart even where it shapes)."""
    return unicodedata.normalize("NFC", _VARIATION_SELECTORS.sub("", text).replace("\u200c", "").replace("\u200d", ""))
