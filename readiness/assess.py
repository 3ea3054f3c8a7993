"""The assessment: a loaded plan and a rule pack in, a report out.

This is the library entry point the CLI and the tests call:

    report = assess(load_plan("plan.json"), load_pack(), Options(as_of=date(2027, 7, 1)))

It derives the facts, compiles the pack with the resolved settings, runs the
engine, turns each findings-rule firing into a finding (and the `weighs`
facts that let gate rules decide), and assembles gates, waivers and manual
checks into the report.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import string
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

from . import __version__
from .compiler import START_RULE, compile_pack
from .engine import REFUSALS, Firing, RulesetRefused, evaluate
from .errors import InputError, PlanErrors, printable
from .facts import completed_phases, derive_facts
from .i18n import fact_value, text
from .loader import LoadedPlan
from .model import Waiver
from .report import SEVERITY_ORDER, Finding, Gate, Report, sort_findings, worst
from .conditions import check
from .reference import fire, matches
from .rulebook import Rule, RulePack, catalogue
from .settings import SettingError, resolve_settings
from .timeline import build_timeline

_SECTIONS_PRESENT = {
    "people": lambda plan: bool(plan.people),
    "communications": lambda plan: bool(plan.communications),
    "support": lambda plan: plan.support is not None,
    "training": lambda plan: plan.training is not None,
    "operations": lambda plan: plan.operations is not None,
    "success_criteria": lambda plan: bool(plan.success_criteria),
    "goals": lambda plan: bool(plan.goals),
    "governance": lambda plan: plan.governance is not None,
    "team": lambda plan: plan.team is not None,
}


@dataclass(frozen=True)
class Options:
    as_of: dt.date
    lang: str | None = None  # None: from organization.locale
    settings: dict[str, float] = field(default_factory=dict)  # --set overrides
    gates: tuple[str, ...] = ()  # --gate: only these gates (default: all)
    waivers: tuple[Waiver, ...] = ()  # --waivers FILE, in addition to the plan's
    locate: bool = False  # fill Finding.location (line:column re-parses the plan: only formats that show it)
    engine: str = "durable"  # or "reference": reference.py's plain-Python interpreter, for cross-checking


def plan_language(loaded: LoadedPlan) -> str:
    locale = (loaded.plan.organization.locale or "").lower()
    return "sv" if locale == "sv" or locale.startswith(("sv-", "sv_")) else "en"


def assess(loaded: LoadedPlan, pack: RulePack, options: Options) -> Report:
    plan = loaded.plan
    lang = options.lang or plan_language(loaded)
    try:
        settings = resolve_settings(plan.settings, options.settings)
    except SettingError as error:
        raise InputError(loaded.file, str(error), path="settings") from None
    for phase_id in options.gates:
        if phase_id not in {p.id for p in plan.phases}:
            raise InputError(loaded.file, f"--gate {phase_id!r} names no phase of this plan "
                             f"(phases: {', '.join(p.id for p in plan.phases)})")

    _check_waiver_rules(loaded, pack, options.waivers)
    facts = derive_facts(loaded, options.as_of)
    missing = {name for name, present in _SECTIONS_PRESENT.items() if not present(plan)}
    unassessable = [r for r in pack.rules.values() if set(r.spec.requires) & missing]
    compiled = compile_pack(pack, settings, skip=frozenset(r.id for r in unassessable))

    phases = plan.phases
    first_production = next((p.id for p in phases if p.kind == "production"), phases[-1].id)
    gate_index = {p.id: i for i, p in enumerate(phases)}
    waivers = list(plan.waivers) + list(options.waivers)
    matcher = _WaiverMatcher(waivers, options.as_of)
    findings: list[Finding] = []
    decisions: dict[str, set[str]] = {p.id: set() for p in phases}

    weighed: set[tuple] = set()

    def weighs(finding: Finding) -> list[dict]:
        # Gate rules see only these fields, so a second equal fact cannot
        # change a decision: each is asserted once (50 whole-plan findings
        # x 200 gates would otherwise be 10,000 facts).
        base = {"kind": "weighs", "rule": finding.rule, "severity": finding.severity, "outcome": finding.outcome,
                "waived": finding.waived}
        new = []
        own = tuple(base.values()) + (finding.gate, False)
        if own not in weighed:
            weighed.add(own)
            new.append({**base, "gate": finding.gate, "carried": False})
        carry = tuple(base.values()) + (True,)
        if finding.whole_plan and carry not in weighed:  # whole-plan findings weigh on every later gate
            weighed.add(carry)
            new += [{**base, "gate": p.id, "carried": True} for p in phases[1:]]
        return new

    fields: dict[str, list[str]] = {}  # rule id -> its evidence fields, worked out once

    def on_firing(firing: Firing) -> Iterable[dict]:
        rule = compiled.rules.get(firing.rule)
        if rule is not None:
            if rule.id not in fields:
                fields[rule.id] = evidence_fields(rule)
            finding = _finding(rule, fields[rule.id], firing.facts["m"], lang, settings, phases[0].id,
                               first_production, matcher)
            finding.plan_tokens = facts.locations.get(firing.facts["m"].get("path", ""))
            findings.append(finding)
            return weighs(finding)
        gate = compiled.gates[firing.rule]
        decisions[firing.facts["g"]["phase"]].add(gate.decision)
        return ()

    # Facts no rule can match, and repeats among facts that only block, are not
    # asserted (compiler.CompiledPack.assertable); a kind some rule negates is
    # asserted before the kind that rule matches (compiler.CompiledPack.batches).
    asserted = compiled.assertable(facts.facts)
    batches = [[f for f in asserted if f["kind"] in layer] for layer in compiled.batches]
    gate_facts = [{"kind": "gate", "phase": p.id} for p in phases]
    if options.engine == "reference":
        # Every derived fact, not only the asserted ones: the prefilter is under test too.
        for rule_id, fact in fire(compiled.rules.values(), facts.facts, settings):
            _decide(pack, on_firing(Firing(rule_id, {"m": fact})), decisions)
    else:
        try:
            evaluate(compiled.ruleset, batches + [gate_facts], on_firing, ignore=frozenset({START_RULE}))
        except RulesetRefused as refusal:
            raise _refused_rule(compiled, refusal) from None

    # Rules that cannot be assessed still report, and still weigh (the gate
    # rules decide how much); their evaluation was never attempted.
    for rule in unassessable:
        finding = _cannot_assess(rule, lang, sorted(set(rule.spec.requires) & missing), phases[0].id,
                                 first_production)
        findings.append(finding)
        _decide(pack, weighs(finding), decisions)

    sort_findings(findings, gate_index)
    selected = [p for p in phases if not options.gates or p.id in options.gates]
    completed = completed_phases(plan, options.as_of)
    gates = []
    by_gate: dict[str, list[Finding]] = {}
    for f in findings:
        by_gate.setdefault(f.gate, []).append(f)
    # Whole-plan findings weigh on every later gate: counted there as carried,
    # cannot-assess ones too (a missing section closes later gates as well).
    whole = [f for f in by_gate.get(phases[0].id, []) if f.whole_plan and not f.waived]
    carried_counts = {**_counts([f for f in whole if f.outcome == "finding"], False),
                      "cannot_assess": sum(f.outcome == "cannot-assess" for f in whole)}
    for phase in selected:
        own = by_gate.get(phase.id, [])
        carried = carried_counts if phase is not phases[0] else dict.fromkeys(carried_counts, 0)
        gates.append(Gate(phase=phase.id, name=phase.name or phase.id, kind=phase.kind,
                          start=phase.start.isoformat(), end=phase.end.isoformat(),
                          decision=worst(decisions[phase.id]), counts=_counts(own), carried=dict(carried),
                          completed=phase.id in completed))
    selected_ids = {g.phase for g in gates}
    # A selected gate also weighs the whole-plan findings of the first gate,
    # selected or not: they are reported (and counted) with it.
    shown = [f for f in findings if f.gate in selected_ids or f.whole_plan]
    upcoming = [g for g in gates if not g.completed and g.start >= options.as_of.isoformat()]
    next_gate = upcoming[0] if upcoming else None
    manual = _manual_checks(pack, lang)
    if options.locate:
        _locate(loaded, shown)
    summary = {
        "decision": worst(g.decision for g in gates),
        "next_gate": next_gate.phase if next_gate else None,
        "next_decision": next_gate.decision if next_gate else None,
        "rules_evaluated": len(compiled.rules),
        "rules_not_assessable": len(unassessable),
        "facts": len(asserted) + len(gate_facts),
        "findings": _counts(shown),
    }
    return Report(
        tool={"name": "readiness", "version": __version__, "rules_version": pack.version},
        plan={"name": plan.organization.name, "file": printable(loaded.file), "as_of": options.as_of.isoformat()},
        lang=lang, gates=gates, findings=shown, manual_checks=manual,
        waivers={"expired": matcher.expired_report(), "unused": matcher.unused_report()},
        summary=summary, settings=settings, rules=_rule_index(pack, lang, settings, gates, facts.facts,
                                                               unassessable, phases[0].id, first_production),
        guidance=_guidance(pack, manual), timeline=build_timeline(plan))


def _refused_rule(compiled, refusal: RulesetRefused) -> InputError:
    """A rule durable_rules will not build (past a limit the compiler does
    not foresee), as a problem of the rule file that holds it."""
    rule = compiled.rules.get(refusal.rule)
    gate = compiled.gates.get(refusal.rule)
    file, path = (rule.file, f"rules[{rule.id}]") if rule is not None else gate.place if gate is not None \
        else ("rules", refusal.rule)
    reason = REFUSALS.get(refusal.code, f"error {refusal.code}")
    return InputError(file, f"durable_rules cannot build this rule: {reason}; split it into simpler rules",
                      path=path)


def _check_waiver_rules(loaded: LoadedPlan, pack: RulePack, extra: tuple[Waiver, ...]) -> None:
    """A waiver for a rule that does not exist is a typo, not an unused waiver.
    (A --waivers file is checked as it is read: cli._waivers.)"""
    problems = waiver_problems(loaded.file, loaded.plan.waivers, pack, loaded.document.locate)
    problems += waiver_problems("--waivers", extra, pack, lambda tokens: None)
    if problems:  # every one of them, as for any other problem of a plan
        raise PlanErrors(problems)


def waiver_problems(file: str, waivers, pack: RulePack, locate, prefix: str = "waivers") -> list[InputError]:
    """A located problem for each waiver whose rule is not in the pack, with
    a did-you-mean (rule ids are upper case; `rules show` takes any case),
    and for each waiver of a rule and target waived before: the second one
    could only ever be reported as unused."""
    problems = []
    first: dict[tuple[str, str], int] = {}
    for index, waiver in enumerate(waivers):
        earlier = first.setdefault((waiver.rule, waiver.target), index)
        if earlier != index:
            where = locate(["waivers", index])
            problems.append(InputError(file, f"a second waiver for {waiver.rule} on {waiver.target!r} (also "
                                       f"{prefix}[{earlier}]); keep one", path=f"{prefix}[{index}]",
                                       line=where[0] if where else None, column=where[1] if where else None))
        if waiver.rule not in pack.rules:
            hint = difflib.get_close_matches(waiver.rule.upper(), pack.rules, n=1)
            where = locate(["waivers", index, "rule"])
            problems.append(InputError(file, f"{waiver.rule!r} names no rule of the loaded rule packs"
                                       + (f"; did you mean {hint[0]!r}?" if hint else ""),
                                       path=f"{prefix}[{index}].rule", line=where[0] if where else None,
                                       column=where[1] if where else None))
    return problems


def exit_code(report: Report, fail_on: str = "blocker") -> int:
    """0: every gate shown is GO or GO-WITH-RISKS; 1: one is NO-GO, or with
    `fail_on="major"`, an unwaived major finding weighs on one."""
    if any(g.decision == "NO-GO" for g in report.gates):
        return 1
    if fail_on == "major" and any(f.severity in ("blocker", "major") and not f.waived and f.outcome == "finding"
                                  for f in report.findings):
        return 1
    return 0


# -- findings ---------------------------------------------------------------------

class _Values(dict):
    """Template values: fact fields, `setting.NAME`, and a placeholder for
    fields the fact does not have."""

    def __init__(self, fact: dict, settings: dict, lang: str):
        super().__init__(fact)
        self.settings = settings
        self.lang = lang

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        if value is True or value is False:  # a message reads "yes", not Python's True
            return text("yes" if value else "no", self.lang)
        if isinstance(value, str):
            return fact_value(key, value, self.lang)
        return value

    def __missing__(self, key: str) -> Any:
        if key.startswith("setting."):
            return self.settings[key[8:]]
        return text("not_given", self.lang)


def render_template(template: str, values: dict) -> str:
    out = []
    decimal_comma = getattr(values, "lang", "en") == "sv"  # 100,00 %, not 100.00%
    count = None  # the number shown last: words after it agree with it
    for literal, name, spec in _parsed(template):
        out.append(literal if count is None else _agreeing(literal, count))
        if name is not None:
            value = values[name]
            count = value if type(value) in (int, float) else None
            try:
                shown = _shown(value, spec or "")
            except (TypeError, ValueError):
                shown = str(value)
            if type(value) is int and not spec and (not decimal_comma or abs(value) >= 10_000):
                # 2,000 users; 10 000 användare (Swedish groups from five digits)
                shown = f"{value:,}".replace(",", "\u00a0" if decimal_comma else ",")
            if decimal_comma and isinstance(value, float):
                shown = shown.replace(".", ",").replace("%", "\u00a0%")
            out.append(shown)
    return "".join(out)


# department(s), avdelning(ar), teknisk(a): a lower-case ending (not Intune(MDM))
_COUNTED_WORD = re.compile(r"([^\W\d_]+)\(([a-zåäö]{1,3})\)")


def _agreeing(text: str, count: float) -> str:
    """`text` with each word(s) after a number made to agree with it:
    "1 department(s)" reads "1 department", "3 avdelning(ar)" "3 avdelningar"."""
    if "(" not in text:
        return text
    return _COUNTED_WORD.sub(lambda m: m[1] if count == 1 else m[1] + m[2], text)


_FIXED_POINT = re.compile(r"\.([0-9]+)([f%])")


def _shown(value: Any, spec: str) -> str:
    """`value` as `spec` writes it, but never as a round number it is not:
    a share of 0.1000049 as `.2%` is "10.0005%", not "10.00%", which reads
    as within a limit of "at most 10%" that it breaks (`.0%`: 0.125 is
    "12.5%", not "12%"). Up to six more places, then as `spec` has it (0.1
    is 10.000000000000002% in binary)."""
    shown = format(value, spec)
    fixed = _FIXED_POINT.fullmatch(spec)
    if fixed is None or type(value) not in (int, float):
        return shown
    places, kind = int(fixed[1]), fixed[2]
    if shown.rstrip("%").partition(".")[2].strip("0"):
        return shown  # not a round number: 33.33%
    for more in range(places + 1, places + 7):
        longer = format(value, f".{more}{kind}")
        if not longer.rstrip("%").endswith("0"):
            return longer
    return shown


@lru_cache(maxsize=4096)
def _parsed(template: str) -> tuple[tuple[str, str | None, str | None], ...]:
    # A rule's templates are rendered for every finding: parsed once each.
    return tuple((literal, name, spec) for literal, name, spec, _ in string.Formatter().parse(template))


def _resolve_gate(rule: Rule, fact: dict, first: str, first_production: str) -> tuple[str, bool]:
    """The gate a finding weighs on, and whether it concerns the whole plan
    (and so weighs on every later gate too). A `gate: phase` rule on a fact
    of no phase (a risk or a group that names none) concerns the whole plan."""
    if rule.spec.gate == "start":
        return first, True
    if rule.spec.gate == "broad":
        return first_production, False
    phase = fact.get("phase")
    return (phase, False) if phase is not None else (first, True)


def evidence_fields(rule: Rule) -> list[str]:
    """What a finding shows as evidence: the rule's `evidence`, then every
    field its condition reads."""
    return list(rule.spec.evidence) + sorted(check(rule.spec.where, rule.spec.match) - set(rule.spec.evidence))


def _evidence(names: list[str], fact: dict) -> dict:
    if "phase" in fact and "phase" not in names:
        names = ["phase", *names]
    return {name: fact[name] for name in names if name in fact}


def _finding(rule: Rule, evidence: list[str], fact: dict, lang: str, settings: dict, first: str,
             first_production: str, matcher: "_WaiverMatcher") -> Finding:
    spec = rule.spec
    values = _Values(fact, settings, lang)
    subject = render_template(spec.subject, values)
    waiver = matcher.match(spec.id, subject)
    gate, whole_plan = _resolve_gate(rule, fact, first, first_production)
    return Finding(rule=spec.id, title=spec.title.get(lang), guidance=list(spec.guidance), severity=spec.severity,
                   gate=gate, subject=subject,
                   message=render_template(spec.message.get(lang), values),
                   remediation=render_template(spec.remediation.get(lang), values),
                   evidence=_evidence(evidence, fact), waived=waiver is not None, waiver=waiver,
                   whole_plan=whole_plan)


def _cannot_assess(rule: Rule, lang: str, missing: list[str], first: str, first_production: str) -> Finding:
    spec = rule.spec
    # A missing section leaves a start or phase rule unchecked for every
    # phase: the finding weighs on every gate.
    whole_plan = spec.gate in ("start", "phase")
    gate = first if whole_plan else first_production
    sections = ", ".join(missing)
    return Finding(rule=spec.id, title=spec.title.get(lang), guidance=list(spec.guidance), severity=spec.severity,
                   gate=gate, subject=missing[0], outcome="cannot-assess",
                   message=text("cannot_assess", lang).format(sections=sections, title=spec.title.get(lang)),
                   remediation=text("cannot_assess_fix", lang).format(sections=sections),
                   evidence={"missing_sections": missing}, whole_plan=whole_plan)


def _decide(pack: RulePack, weighs: Iterable[dict], decisions: dict[str, set[str]]) -> None:
    """Gate rules applied outside the engine, to `weighs` facts."""
    for fact in weighs:
        for gate in pack.gates:
            if matches(gate.when, fact, {}):  # the reference interpreter: one fact, no engine needed
                decisions[fact["gate"]].add(gate.decision)


def _counts(findings: list[Finding], with_waived: bool = True) -> dict[str, int]:
    counts = {severity: 0 for severity in SEVERITY_ORDER}
    waived = cannot = 0
    for f in findings:
        if f.waived:
            waived += 1
        elif f.outcome == "cannot-assess":
            cannot += 1
        else:
            counts[f.severity] += 1
    if with_waived:
        counts["waived"] = waived
        counts["cannot_assess"] = cannot
    return counts


def _locate(loaded: LoadedPlan, findings: list[Finding]) -> None:
    """Point each finding at the plan: its plan path, and the line and column
    of the value where the text can be mapped (lazily re-parsed, once)."""
    for f in findings:
        if f.plan_tokens is None:
            f.location = {"path": f.subject}
            continue
        location = {"path": loaded.display_path(f.plan_tokens)}
        where = loaded.document.locate(f.plan_tokens)
        if where:
            location["line"], location["column"] = where
        f.location = location


class _Placeholders(dict):
    """Rule texts out of context (help text): settings filled in, fact
    fields shown as ‹name›."""

    def __init__(self, settings: dict):
        super().__init__()
        self.settings = settings

    def __missing__(self, key: str) -> Any:
        if key.startswith("setting."):
            return self.settings[key[8:]]
        return f"‹{key}›"


def _rule_index(pack: RulePack, lang: str, settings: dict, gates: list[Gate], facts: list[dict],
                unassessable: list[Rule], first: str, first_production: str) -> list[dict]:
    """Every rule of the pack, by id: what reports need to explain it (SARIF
    rule help, JUnit test cases) and the shown gates it can weigh on: a
    phase rule on the phases that have a fact of the kind it matches."""
    shown = [g.phase for g in gates]
    phases_of = {}
    for fact in facts:
        if "phase" in fact:
            phases_of.setdefault(fact["kind"], set()).add(fact["phase"])
    cannot = {r.id for r in unassessable}
    out = []
    for rule_id in sorted(pack.rules):
        spec = pack.rules[rule_id].spec
        if rule_id in cannot:
            gate = first if spec.gate in ("start", "phase") else first_production
            weighs_on = [p for p in shown if p == gate]
        elif spec.gate == "phase":
            weighs_on = [p for p in shown if p in phases_of.get(spec.match, ())]
        else:
            weighs_on = [p for p in shown if p == (first if spec.gate == "start" else first_production)]
        placeholders = _Placeholders(settings)
        out.append({"id": spec.id, "title": spec.title.get(lang), "severity": spec.severity,
                    "guidance": list(spec.guidance), "scope": spec.gate, "gates": weighs_on,
                    "why": spec.docs.why.get(lang) if spec.docs.why else None,
                    "remediation": render_template(spec.remediation.get(lang), placeholders)})
    return out


def _guidance(pack: RulePack, manual: list[dict]) -> dict[str, dict]:
    """The catalogue entries the rules and manual checks cite, by id."""
    entries = catalogue()
    cited = {g for rule in pack.rules.values() for g in rule.spec.guidance} | {c["guidance"] for c in manual}
    return {gid: {k: entries[gid][k] for k in ("statement", "source", "area") if k in entries[gid]}
            for gid in sorted(cited) if gid in entries}


def _manual_checks(pack: RulePack, lang: str) -> list[dict]:
    order = {gid: i for i, gid in enumerate(catalogue())}
    checks = sorted(pack.manual_checks, key=lambda c: order.get(c.guidance, len(order)))
    return [{"guidance": c.guidance, "question": c.question.get(lang)} for c in checks]


class _WaiverMatcher:
    """Waivers match a finding by rule id and subject. An expired waiver no
    longer applies and is reported; one that matches nothing is unused."""

    def __init__(self, waivers: list[Waiver], as_of: dt.date):
        self.waivers = waivers
        self.as_of = as_of
        self.used: set[int] = set()
        self.expired_hits: set[int] = set()
        self.by_target: dict[tuple[str, str], list[int]] = {}  # (rule, target) -> waivers, in order
        for i, waiver in enumerate(waivers):
            self.by_target.setdefault((waiver.rule, waiver.target), []).append(i)
        self.subjects: dict[str, set[str]] = {}  # rule -> its findings' subjects, for a waiver that missed

    def match(self, rule: str, subject: str) -> dict | None:
        if self.waivers:
            self.subjects.setdefault(rule, set()).add(subject)
        for i in self.by_target.get((rule, subject), ()):
            waiver = self.waivers[i]
            if waiver.expires < self.as_of:
                self.expired_hits.add(i)
                continue
            self.used.add(i)
            return {"reason": waiver.reason, "approved_by": waiver.approved_by,
                    "expires": waiver.expires.isoformat()}
        return None

    def _describe(self, i: int) -> dict:
        w = self.waivers[i]
        # The reason too: whoever renews or removes a waiver needs to know why it was granted.
        return {"rule": w.rule, "target": w.target, "reason": w.reason, "approved_by": w.approved_by,
                "expires": w.expires.isoformat()}

    def expired_report(self) -> list[dict]:
        return [self._describe(i) for i, w in enumerate(self.waivers) if w.expires < self.as_of]

    def unused_report(self) -> list[dict]:
        return [{**self._describe(i), "did_you_mean": self._closest_subject(w)} for i, w in enumerate(self.waivers)
                if i not in self.used and i not in self.expired_hits and w.expires >= self.as_of]

    def _closest_subject(self, waiver: Waiver) -> str | None:
        """What the waiver's target was likely meant to be: the subject of a
        finding of its rule ('prod-2' for 'phases[prod-2].cohorts[0]'), as
        the report shows it. None when the rule found nothing."""
        subjects = sorted(self.subjects.get(waiver.rule, set()) - {waiver.target})  # never its own target
        if len(subjects) == 1:
            return subjects[0]
        close = difflib.get_close_matches(waiver.target, subjects, n=1, cutoff=0.3)
        return close[0] if close else next((s for s in subjects if waiver.target in s), None)
