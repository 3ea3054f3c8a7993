"""Rule documentation, in the style of ruff's: what a rule checks, why it
matters (quoting the guidance), an example that fires and the fix; the list
of rules; and the coverage of the guidance catalogue."""

from __future__ import annotations

from typing import Any

from .facts import FACT_KINDS
from .rulebook import Rule, RulePack, catalogue
from .settings import SETTINGS

_GATES = {
    "start": {"en": "start (the first phase's gate; carries forward to every later gate)",
              "sv": "start (första fasens grind; gäller även alla senare grindar)"},
    "phase": {"en": "phase (the gate of the phase the finding is about; a finding about no phase weighs "
                    "as a start finding)",
              "sv": "fas (grinden för den fas avvikelsen gäller; en avvikelse som inte gäller någon fas "
                    "väger som en startavvikelse)"},
    "broad": {"en": "broad (the first production phase's gate: from pilot to enterprise rollout)",
              "sv": "bred (första produktionsfasens grind: från pilot till bred distribution)"},
}

_OPS = {"is": "is", "is_not": "is not", "in": "is one of", "not_in": "is none of", "below": "is below",
        "at_most": "is at most", "above": "is above", "at_least": "is at least"}


def rule_rows(pack: RulePack, lang: str = "en") -> list[dict]:
    return [{"id": r.id, "title": r.spec.title.get(lang), "severity": r.spec.severity, "gate": r.spec.gate,
             "guidance": list(r.spec.guidance), "file": r.file, "origin": r.origin}
            for r in sorted(pack.rules.values(), key=lambda r: r.id)]


def describe_condition(condition: dict) -> list[str]:
    """The condition in words, one clause a line."""
    clauses = []
    for key, test in condition.items():
        if key in ("all", "any"):
            parts = [" and ".join(describe_condition(sub)) for sub in test]
            joined = " or ".join(f"({p})" for p in parts) if key == "any" else " and ".join(parts)
            clauses.append(f"{'any of: ' if key == 'any' else ''}{joined}")
        elif not isinstance(test, dict) or set(test) == {"setting"}:
            clauses.append(f"{key} is {_value(test)}")
        else:
            for op, operand in test.items():
                if op == "present":
                    clauses.append(f"{key} is {'given' if operand else 'not given'}")
                elif op in ("in", "not_in"):
                    clauses.append(f"{key} {_OPS[op]} {', '.join(_value(v) for v in operand)}")
                else:
                    clauses.append(f"{key} {_OPS[op]} {_value(operand)}")
    return clauses


def _value(value: Any) -> str:
    if isinstance(value, dict) and "setting" in value:
        setting = SETTINGS[value["setting"]]
        return f"the setting {setting.name} (default {setting.default:g})"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def what_it_checks(rule: Rule) -> list[str]:
    spec = rule.spec
    kind = FACT_KINDS[spec.match]
    lines = [f"For each {spec.match} fact ({kind.doc[0].lower() + kind.doc[1:].rstrip('.')}), the rule fires when:"]
    lines += [f"  - {clause}" for clause in describe_condition(spec.where)] or ["  - (always)"]
    for unless in spec.unless:
        same = f" for the same {', '.join(unless.same)}" if unless.same else ""
        where = " and ".join(describe_condition(unless.where)) or "any"
        lines.append(f"  - and there is no {unless.kind} fact{same} where {where}")
    if spec.requires:
        lines.append(f"Without {', '.join(spec.requires)} in the plan it reports \"cannot assess\" instead.")
    return lines


def show(rule: Rule, lang: str = "en") -> str:
    spec = rule.spec
    cat = catalogue()
    out = [f"{spec.id}: {spec.title.get(lang)}", "",
           f"Guidance: {', '.join(spec.guidance)}   Severity: {spec.severity}   Gate: {_GATES[spec.gate][lang]}",
           f"Rule file: {rule.file}", "", "What it checks", *what_it_checks(rule), ""]
    if spec.docs.why:
        out += ["Why it matters", spec.docs.why.get(lang), ""]
    out += ["The guidance"]
    for gid in spec.guidance:
        out.append(f"  {gid}: {cat[gid]['statement']} ({cat[gid]['source']})")
    if spec.docs.quote:
        out += ["", f"  > {spec.docs.quote.sv}", f"  ({spec.docs.quote.en})"]
    out.append("")
    if spec.docs.example:
        out += ["Example that fires", *_indent(spec.docs.example), ""]
    if spec.docs.fix:
        out += ["The fix", *_indent(spec.docs.fix), ""]
    out += ["Message", "  " + spec.message.get(lang), "", "Remediation", "  " + spec.remediation.get(lang)]
    if spec.docs.note:
        out += ["", "Note", "  " + spec.docs.note]
    return "\n".join(out) + "\n"


def _indent(block: str) -> list[str]:
    return ["    " + line for line in block.rstrip("\n").splitlines()]


def coverage(pack: RulePack, lang: str = "en") -> dict:
    """Each catalogue id: the rules that encode it, or its manual check."""
    by_id: dict[str, list[str]] = {gid: [] for gid in catalogue()}
    for rule in sorted(pack.rules.values(), key=lambda r: r.id):
        for gid in rule.spec.guidance:
            by_id[gid].append(rule.id)
    manual: dict[str, list[str]] = {}
    for check in pack.manual_checks:
        manual.setdefault(check.guidance, []).append(check.question.get(lang))
    entries = []
    for gid, entry in catalogue().items():
        rules = by_id[gid]
        status = "encoded" if rules else "manual" if gid in manual else "missing"
        questions = manual.get(gid, [])
        entries.append({"id": gid, "statement": entry["statement"], "default": entry["default"], "status": status,
                        "rules": rules, "manual_check": questions[0] if questions else None,
                        "manual_checks": questions})
    counts = {s: sum(e["status"] == s for e in entries) for s in ("encoded", "manual", "missing")}
    return {"catalogue": entries, "summary": {"ids": len(entries), **counts, "rules": len(pack.rules),
                                              "manual_checks": len(pack.manual_checks)}}
