"""Fixed texts of reports and messages, in English and Swedish.

Rule texts live in the rule files; this holds what the tool itself says.
"""

from __future__ import annotations

LANGUAGES = ("en", "sv")

_TEXTS: dict[str, dict[str, str]] = {
    "not_given": {"en": "(not given)", "sv": "(saknas)"},
    "cannot_assess": {
        "en": "Cannot assess \"{title}\": the plan has no {sections}.",
        "sv": "Kan inte bedöma \"{title}\": planen saknar {sections}.",
    },
    "cannot_assess_fix": {
        "en": "Add {sections} to the plan so this can be checked.",
        "sv": "Lägg till {sections} i planen så att detta kan kontrolleras.",
    },
    "gates": {"en": "Gates", "sv": "Grindar"},
    "as_of": {"en": "as of {date}", "sv": "per {date}"},
    "phase": {"en": "Phase", "sv": "Fas"},
    "start": {"en": "Start", "sv": "Start"},
    "decision": {"en": "Decision", "sv": "Beslut"},
    "findings": {"en": "Findings", "sv": "Avvikelser"},
    "severity": {"en": "Severity", "sv": "Allvar"},
    "rule": {"en": "Rule", "sv": "Regel"},
    "subject": {"en": "Subject", "sv": "Gäller"},
    "message": {"en": "Finding", "sv": "Avvikelse"},
    "fix": {"en": "Fix", "sv": "Åtgärd"},
    "guidance": {"en": "Guidance", "sv": "Vägledning"},
    "gate_for": {"en": "Gate {phase}", "sv": "Grind {phase}"},
    "no_findings": {"en": "No findings.", "sv": "Inga avvikelser."},
    "waived_by": {"en": "waived by {approved_by} until {expires}: {reason}",
                  "sv": "undantag beviljat av {approved_by} till {expires}: {reason}"},
    "manual_checks": {"en": "Manual checks", "sv": "Manuella kontroller"},
    "verdict": {
        "en": "{decision}: {blockers} blocker, {majors} major, {minors} minor, {infos} info; {next}",
        "sv": "{decision}: {blockers} blockerande, {majors} allvarliga, {minors} mindre, {infos} info; {next}",
    },
    "next_gate": {"en": "next gate {phase} is {decision}", "sv": "nästa grind {phase} är {decision}"},
    "no_next_gate": {"en": "no gate ahead", "sv": "ingen grind kvar"},
    "col_blocker": {"en": "Blocker", "sv": "Blocker."},
    "col_major": {"en": "Major", "sv": "Allv."},
    "col_minor": {"en": "Minor", "sv": "Mindre"},
    "col_info": {"en": "Info", "sv": "Info"},
    "col_notes": {"en": "Notes", "sv": "Noter"},
    "none": {"en": "none", "sv": "ingen"},
    "carried": {"en": "+{n} from start", "sv": "+{n} från start"},
    "cannot_assess_count": {"en": "?{n}", "sv": "?{n}"},
    "waived_count": {"en": "({n} waived)", "sv": "({n} undantagna)"},
    "cannot_assess_short": {"en": "cannot assess", "sv": "kan ej bedömas"},
    "expired_waiver": {"en": "Expired waiver (no longer applies): {rule} on {target}, expired {expires}",
                       "sv": "Utgånget undantag (gäller inte längre): {rule} för {target}, gick ut {expires}"},
    "unused_waiver": {"en": "Unused waiver (matches no finding): {rule} on {target}",
                      "sv": "Oanvänt undantag (matchar ingen avvikelse): {rule} för {target}"},
    "decision_GO": {"en": "GO", "sv": "GO"},
}

SEVERITY_NAMES = {
    "blocker": {"en": "blocker", "sv": "blockerande"},
    "major": {"en": "major", "sv": "allvarlig"},
    "minor": {"en": "minor", "sv": "mindre"},
    "info": {"en": "info", "sv": "info"},
}


def text(key: str, lang: str) -> str:
    return _TEXTS[key].get(lang, _TEXTS[key]["en"])


def severity_name(severity: str, lang: str) -> str:
    return SEVERITY_NAMES[severity].get(lang, severity)
