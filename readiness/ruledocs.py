"""Rule documentation, in the style of ruff's: what a rule checks, why it
matters (quoting the guidance), an example that fires and the fix; the list
of rules; and the coverage of the guidance catalogue."""

from __future__ import annotations

from typing import Any

from .facts import FACT_KINDS
from .i18n import FACT_KIND_DOCS_SV, decimal, severity_name, text
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


def rule_rows(pack: RulePack, lang: str = "en") -> list[dict]:
    return [{"id": r.id, "title": r.spec.title.get(lang), "severity": r.spec.severity, "gate": r.spec.gate,
             "guidance": list(r.spec.guidance), "file": r.file, "origin": r.origin}
            for r in sorted(pack.rules.values(), key=lambda r: r.id)]


def describe_condition(condition: dict, lang: str = "en") -> list[str]:
    """The condition in words, one clause a line."""
    def t(key: str) -> str:
        return text(key, lang)

    clauses = []
    for key, test in condition.items():
        if key in ("all", "any"):
            parts = [f" {t('doc_and')} ".join(describe_condition(sub, lang)) for sub in test]
            joined = (f" {t('doc_or')} ".join(f"({p})" for p in parts) if key == "any"
                      else f" {t('doc_and')} ".join(parts))
            clauses.append(f"{t('doc_any_of') if key == 'any' else ''}{joined}")
        elif not isinstance(test, dict) or set(test) == {"setting"}:
            clauses.append(f"{key} {t('doc_is')} {_value(test, lang)}")
        else:
            for op, operand in test.items():
                if op == "present":
                    clauses.append(f"{key} {t('doc_given') if operand else t('doc_not_given')}")
                elif op in ("in", "not_in"):
                    clauses.append(f"{key} {t('doc_' + op)} {', '.join(_value(v, lang) for v in operand)}")
                else:
                    clauses.append(f"{key} {t('doc_' + op)} {_value(operand, lang)}")
    return clauses


def _value(value: Any, lang: str) -> str:
    if isinstance(value, dict) and "setting" in value:
        setting = SETTINGS[value["setting"]]
        return text("doc_setting", lang).format(name=setting.name, default=decimal(setting.default, lang))
    if isinstance(value, bool):
        return text("doc_true" if value else "doc_false", lang)
    return str(value)


def what_it_checks(rule: Rule, lang: str = "en") -> list[str]:
    spec = rule.spec
    kind = FACT_KINDS[spec.match]
    # Two lines: a description ends in its own parenthesis, colon or semicolon.
    doc = FACT_KIND_DOCS_SV.get(kind.name, kind.doc) if lang == "sv" else kind.doc
    lines = [text("doc_kind", lang).format(kind=spec.match, doc=doc), text("doc_for_each", lang)]
    lines += [f"  - {clause}" for clause in describe_condition(spec.where, lang)] or [f"  - {text('doc_always', lang)}"]
    for unless in spec.unless:
        same = text("doc_same", lang).format(fields=", ".join(unless.same)) if unless.same else ""
        where = f" {text('doc_and', lang)} ".join(describe_condition(unless.where, lang)) or text("doc_any_fact", lang)
        lines.append("  - " + text("doc_unless", lang).format(kind=unless.kind, same=same, where=where))
    if spec.requires:
        lines.append(text("doc_requires", lang).format(sections=", ".join(spec.requires)))
    return lines


def show(rule: Rule, lang: str = "en") -> str:
    """The rule documented, ruff-style. The guidance statements and notes are
    in English only (the catalogue and the rule files hold no Swedish for
    them); the quote is always in Swedish, the guidance's own words."""
    spec = rule.spec
    cat = catalogue()

    def t(key: str) -> str:
        return text(key, lang)

    header = t("doc_header").format(guidance=", ".join(spec.guidance), severity=severity_name(spec.severity, lang),
                                    gate=_GATES[spec.gate][lang])
    out = [f"{spec.id}: {spec.title.get(lang)}", "", header, t("doc_file").format(file=rule.file), "",
           t("doc_checks"), *what_it_checks(rule, lang), ""]
    if spec.docs.why:
        out += [t("doc_why"), spec.docs.why.get(lang), ""]
    out += [t("doc_guidance")]
    for gid in spec.guidance:
        out.append(f"  {gid}: {cat[gid]['statement']} ({cat[gid]['source']})")
    if spec.docs.quote:
        out += ["", f"  > {spec.docs.quote.sv}"] + ([f"  ({spec.docs.quote.en})"] if lang != "sv" else [])
    out.append("")
    if spec.docs.example:
        out += [t("doc_example"), *_indent(spec.docs.example), ""]
    if spec.docs.fix:
        out += [t("doc_fix"), *_indent(spec.docs.fix), ""]
    out += [t("doc_message"), "  " + spec.message.get(lang), "",
            t("doc_remediation"), "  " + spec.remediation.get(lang)]
    if spec.docs.note:
        out += ["", t("doc_note"), "  " + spec.docs.note]
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
