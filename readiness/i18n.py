"""Fixed texts of reports and messages, in English and Swedish.

Rule texts live in the rule files; this holds what the tool itself says.
"""

from __future__ import annotations

LANGUAGES = ("en", "sv")

_TEXTS: dict[str, dict[str, str]] = {
    "not_given": {"en": "(not given)", "sv": "(saknas)"},
    "yes": {"en": "yes", "sv": "ja"},
    "no": {"en": "no", "sv": "nej"},
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
                  "sv": "undantag beviljat av {approved_by}, giltigt t.o.m. {expires}: {reason}"},
    "manual_checks": {"en": "Manual checks", "sv": "Manuella kontroller"},
    "verdict": {
        "en": "{decision}{at}: {blockers} blocker, {majors} major, {minors} minor, {infos} info; {next}",
        "sv": "{decision}{at}: {blockers} blockerande, {majors} {major_sv}, {minors} mindre, {infos} info; {next}",
    },
    # Which gates give a NO-GO or GO-WITH-RISKS verdict: " at prod-1", " at prod-1 and prod-2".
    "at_gate": {"en": " at {gate}", "sv": " vid {gate}"},
    "at_two_gates": {"en": " at {gate} and {other}", "sv": " vid {gate} och {other}"},
    "at_gates": {"en": " at {gate} and {n} more", "sv": " vid {gate} och {n} till"},
    "next_gate": {"en": "next gate {phase} is {decision}", "sv": "nästa grind {phase} är {decision}"},
    "no_next_gate": {"en": "no gate ahead", "sv": "ingen grind kvar"},
    "col_blocker": {"en": "Blocker", "sv": "Blocker."},
    "col_major": {"en": "Major", "sv": "Allv."},
    "col_minor": {"en": "Minor", "sv": "Mindre"},
    "col_info": {"en": "Info", "sv": "Info"},
    "col_notes": {"en": "Notes", "sv": "Noter"},
    "none": {"en": "none", "sv": "ingen"},
    "carried": {"en": "+{n} whole-plan", "sv": "+{n} hela planen"},
    "cannot_assess_count": {"en": "?{n}", "sv": "?{n}"},
    "waived_count": {"en": "({n} waived)", "sv": "({n} undantagna)"},
    "waived_count_one": {"en": "(1 waived)", "sv": "(1 undantagen)"},
    "cannot_assess_short": {"en": "cannot assess", "sv": "kan ej bedömas"},
    "expired_waiver": {"en": "Expired waiver (no longer applies): {rule} on {target}, expired {expires}",
                       "sv": "Utgånget undantag (gäller inte längre): {rule} för {target}, gick ut {expires}"},
    "unused_waiver": {"en": "Unused waiver (matches no finding): {rule} on {target}",
                      "sv": "Oanvänt undantag (matchar ingen avvikelse): {rule} för {target}"},
    "waiver_did_you_mean": {"en": "; did you mean target: {subject}?", "sv": "; menade du target: {subject}?"},
    "decision_GO": {"en": "GO", "sv": "GO"},
    # -- reports beyond the table (Markdown, HTML, JUnit, SARIF) ----------------
    "report_title": {"en": "Readiness report: {name}", "sv": "Beredskapsrapport: {name}"},
    "assessed_as_of": {"en": "assessed as of {date}", "sv": "bedömd per {date}"},
    "plan_file": {"en": "Plan file", "sv": "Planfil"},
    "next_gate_decision": {"en": "Decision for the next gate", "sv": "Beslut för nästa grind"},
    "overall_decision": {"en": "Worst gate decision", "sv": "Sämsta grindbeslut"},
    "name": {"en": "Name", "sv": "Namn"},
    "end": {"en": "End", "sv": "Slut"},
    "users": {"en": "Users", "sv": "Användare"},
    "users_n": {"en": "{n} users", "sv": "{n} användare"},
    "users_n_one": {"en": "1 user", "sv": "1 användare"},
    "cohorts": {"en": "Cohorts", "sv": "Kohorter"},
    "completed": {"en": "completed", "sv": "genomförd"},
    "carried_long": {"en": "{n} whole-plan findings from the first gate also weigh here",
                     "sv": "{n} avvikelser för hela planen från första grinden belastar även denna"},
    "carried_long_one": {"en": "1 whole-plan finding from the first gate also weighs here",
                         "sv": "1 avvikelse för hela planen från första grinden belastar även denna"},
    "timeline": {"en": "Timeline", "sv": "Tidslinje"},
    "lane_communication": {"en": "Communications", "sv": "Kommunikation"},
    "lane_helpdesk-training": {"en": "Helpdesk trainings", "sv": "Helpdeskutbildningar"},
    "lane_training-session": {"en": "Training sessions", "sv": "Utbildningstillfällen"},
    "findings_n": {"en": "{n} findings", "sv": "{n} avvikelser"},
    "findings_n_one": {"en": "1 finding", "sv": "1 avvikelse"},
    "as_of_marker": {"en": "assessment date", "sv": "bedömningsdatum"},
    "not_assessed": {"en": "not assessed", "sv": "ej bedömd"},
    "legend": {"en": "Legend", "sv": "Teckenförklaring"},
    "audience": {"en": "audience", "sv": "målgrupp"},
    "months": {"en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
               "sv": "jan feb mar apr maj jun jul aug sep okt nov dec"},
    "evidence": {"en": "Evidence", "sv": "Underlag"},
    "value": {"en": "Value", "sv": "Värde"},
    "details": {"en": "Fix, guidance and evidence", "sv": "Åtgärd, vägledning och underlag"},
    "why": {"en": "Why", "sv": "Varför"},
    "waivers": {"en": "Waivers", "sv": "Undantag"},
    "waived": {"en": "waived", "sv": "undantagen"},
    "produced_by": {"en": "Produced by readiness {version}; rule pack {rules_version}.",
                    "sv": "Framtagen av readiness {version}; regelpaket {rules_version}."},
    "print_hint": {"en": "Readiness report", "sv": "Beredskapsrapport"},
    "kind_pilot": {"en": "pilot", "sv": "pilot"},
    "kind_expanded-pilot": {"en": "expanded pilot", "sv": "utökad pilot"},
    "kind_production": {"en": "production", "sv": "produktion"},
    "passed": {"en": "No finding on this gate.", "sv": "Ingen avvikelse vid denna grind."},
    "summary_line": {
        "en": "{file}: {decision}{at} ({blockers} blocker, {majors} major, {minors} minor, {infos} info); "
              "next gate: {next}",
        "sv": "{file}: {decision}{at} ({blockers} blockerande, {majors} {major_sv}, {minors} mindre, {infos} info); "
              "nästa grind: {next}",
    },
    "summary_unusable": {"en": "{file}: no report (exit {code}; the reason is above)",
                         "sv": "{file}: ingen rapport (slutkod {code}; orsaken står ovan)"},
    # -- readiness diff -------------------------------------------------------------
    "diff_title": {"en": "Changes from {old} to {new}", "sv": "Ändringar från {old} till {new}"},
    "gate_changes": {"en": "Gate decisions", "sv": "Grindbeslut"},
    "before": {"en": "Before", "sv": "Före"},
    "after": {"en": "After", "sv": "Efter"},
    "change": {"en": "Change", "sv": "Förändring"},
    "change_better": {"en": "better", "sv": "bättre"},
    "change_worse": {"en": "worse", "sv": "sämre"},
    "change_same": {"en": "unchanged", "sv": "oförändrat"},
    "change_added": {"en": "new gate", "sv": "ny grind"},
    "change_removed": {"en": "gate removed", "sv": "grinden borttagen"},
    "resolved_findings": {"en": "Resolved findings", "sv": "Åtgärdade avvikelser"},
    "new_findings": {"en": "New findings", "sv": "Nya avvikelser"},
    "changed_findings": {"en": "Changed findings", "sv": "Ändrade avvikelser"},
    "unchanged_n": {"en": "{n} findings unchanged.", "sv": "{n} avvikelser oförändrade."},
    "unchanged_n_one": {"en": "1 finding unchanged.", "sv": "1 avvikelse oförändrad."},
    "none_listed": {"en": "None.", "sv": "Inga."},
    "diff_verdict": {
        "en": "{resolved} resolved, {new} new, {changed} changed; decision {old} → {after}.",
        "sv": "{resolved} {resolved_sv}, {new} {new_sv}, {changed} {changed_sv}; beslut {old} → {after}.",
    },
    # -- readiness rules show / list / coverage ---------------------------------------
    "doc_header": {"en": "Guidance: {guidance}   Severity: {severity}   Gate: {gate}",
                   "sv": "Vägledning: {guidance}   Allvar: {severity}   Grind: {gate}"},
    "doc_file": {"en": "Rule file: {file}", "sv": "Regelfil: {file}"},
    "doc_checks": {"en": "What it checks", "sv": "Vad den kontrollerar"},
    "doc_why": {"en": "Why it matters", "sv": "Varför det spelar roll"},
    "doc_guidance": {"en": "The guidance", "sv": "Vägledningen"},
    "doc_example": {"en": "Example that fires", "sv": "Exempel som utlöser regeln"},
    "doc_fix": {"en": "The fix", "sv": "Åtgärden"},
    "doc_message": {"en": "Message", "sv": "Meddelande"},
    "doc_remediation": {"en": "Remediation", "sv": "Åtgärdsförslag"},
    "doc_note": {"en": "Note", "sv": "Anmärkning"},
    "doc_kind": {"en": "Facts of kind {kind}: {doc}", "sv": "Fakta av slaget {kind}: {doc}"},
    "doc_for_each": {"en": "For each, the rule fires when:", "sv": "För var och en slår regeln till när:"},
    "doc_always": {"en": "(always)", "sv": "(alltid)"},
    "doc_unless": {"en": "and there is no {kind} fact{same} where {where}",
                   "sv": "och det finns inget faktum av slaget {kind}{same} där {where}"},
    "doc_same": {"en": " for the same {fields}", "sv": " med samma {fields}"},
    "doc_any_fact": {"en": "any", "sv": "vilken som helst"},
    "doc_requires": {"en": "Without {sections} in the plan it reports \"cannot assess\" instead.",
                     "sv": "Utan {sections} i planen rapporterar den i stället \"kan ej bedömas\"."},
    "doc_and": {"en": "and", "sv": "och"},
    "doc_or": {"en": "or", "sv": "eller"},
    "doc_any_of": {"en": "any of: ", "sv": "något av: "},
    "doc_is": {"en": "is", "sv": "är"},
    "doc_is_not": {"en": "is not", "sv": "är inte"},
    "doc_in": {"en": "is one of", "sv": "är något av"},
    "doc_not_in": {"en": "is none of", "sv": "är inget av"},
    "doc_below": {"en": "is below", "sv": "är under"},
    "doc_at_most": {"en": "is at most", "sv": "är högst"},
    "doc_above": {"en": "is above", "sv": "är över"},
    "doc_at_least": {"en": "is at least", "sv": "är minst"},
    "doc_given": {"en": "is given", "sv": "är angivet"},
    "doc_not_given": {"en": "is not given", "sv": "är inte angivet"},
    "doc_setting": {"en": "the setting {name} (default {default})", "sv": "inställningen {name} (standard {default})"},
    "doc_true": {"en": "true", "sv": "sant"},
    "doc_false": {"en": "false", "sv": "falskt"},
    "list_headers": {"en": "ID|severity|gate|guidance|title", "sv": "ID|allvar|grind|vägledning|titel"},
    "coverage_headers": {"en": "guidance|status|rules / manual check",
                         "sv": "vägledning|status|regler / manuell kontroll"},
    "coverage_status": {"en": "encoded|manual|missing", "sv": "regel|manuell|saknas"},
    "coverage_summary": {
        "en": "{ids} guidance IDs: {encoded} encoded by {rules} rules, {manual} by manual checks only, "
              "{missing} not covered; {manual_checks} manual checks in all",
        "sv": "{ids} vägledningspunkter: {encoded} täcks av {rules} regler, {manual} bara av manuella kontroller, "
              "{missing} täcks inte; {manual_checks} manuella kontroller i allt",
    },
}

# Words that facts carry in English and Swedish messages show: each item of
# a field's comma-separated value, in Swedish. (Plan keys such as
# measured_by stay as written: the user types them.)
FACT_WORDS_SV: dict[str, dict[str, str]] = {
    "awareness_gaps": {"who": "vem", "what": "vad", "when": "när", "where": "var", "why": "varför"},
    "member_type": {"group": "grupp", "person": "person"},
    "smart_gaps": {"due or phase": "due eller phase", "baseline or owner": "baseline eller owner"},
}


# Fields that carry a number inside text (a target such as ">= 0.9").
NUMBER_TEXT_FIELDS = frozenset({"target"})


# An exit criterion's result and what it must show (facts._result_text), in Swedish.
_RESULT_WORDS_SV = (("not met", "ej uppfyllt"), ("no target", "inget målvärde"), ("met", "uppfyllt"),
                    ("none", "saknas"), (" on ", " den "))


def fact_value(field: str, value: str, lang: str) -> str:
    if lang == "sv" and field in ("result", "expected"):
        for english, swedish in _RESULT_WORDS_SV:
            value = value.replace(english, swedish)
        return value.replace(".", ",")
    if lang == "sv" and field in NUMBER_TEXT_FIELDS:
        return value.replace(".", ",")
    words = FACT_WORDS_SV.get(field) if lang == "sv" else None
    if not words:
        return value
    return ", ".join(words.get(item, item) for item in value.split(", "))


def exact(number: float) -> str:
    """A recorded number as it was written: 0.8999999, not ':g''s 0.9, which
    reads as a pass of '>= 0.9'; a whole number without '.0'."""
    if float(number).is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(float(number))


def decimal(number: float, lang: str) -> str:
    """A number as the language writes it: 0.5, or 0,5 in Swedish."""
    text = f"{number:g}"
    return text.replace(".", ",") if lang == "sv" else text


GATE_SCOPES = {"start": {"en": "start", "sv": "start"}, "phase": {"en": "phase", "sv": "fas"},
               "broad": {"en": "broad", "sv": "bred"}}


SEVERITY_NAMES = {
    "blocker": {"en": "blocker", "sv": "blockerande"},
    "major": {"en": "major", "sv": "allvarlig"},
    "minor": {"en": "minor", "sv": "mindre"},
    "info": {"en": "info", "sv": "info"},
}


def text(key: str, lang: str) -> str:
    return _TEXTS[key].get(lang, _TEXTS[key]["en"])


def agreeing(n: int, one: str, many: str) -> str:
    """A Swedish adjective agreeing with a count: 1 allvarlig, 2 allvarliga."""
    return one if n == 1 else many


def counted(key: str, n: int, lang: str) -> str:
    """`key`'s text for n things: its `_one` form for one, where it has one."""
    return text(f"{key}_one" if n == 1 and f"{key}_one" in _TEXTS else key, lang).format(n=n)


def severity_name(severity: str, lang: str) -> str:
    return SEVERITY_NAMES[severity].get(lang, severity)


def month_names(lang: str) -> list[str]:
    return text("months", lang).split()


# What each fact kind is (facts.FACT_KINDS[...].doc), in Swedish, for `rules
# show --lang sv`. A kind missing here is described in English.
FACT_KIND_DOCS_SV = {
    "plan": "Planen som helhet (ett faktum).",
    "goal": "Ett distributionsmål.",
    "objective": "Ett delmål: en åtgärd som leder till ett mål.",
    "challenge": "En utmaning för distributionen.",
    "criterion": "Ett framgångskriterium, med sina SMART-delar.",
    "phase": "En distributionsfas; varje fas har en grind.",
    "group-overlap": "En grupp som registreras i två faser vars datum överlappar (ett faktum per par; dess sökväg är "
                     "gruppens kohort i den senare fasen).",
    "group": "En målgrupp och var den registreras.",
    "helpdesk-training": "En utbildning för supporten, en gång för varje fas den täcker.",
    "cohort": "En grupp som registreras i en fas.",
    "pilot-member": "En deltagare i en pilotfas: en grupp i en kohort eller en namngiven deltagare.",
    "pilot": "Alla pilotfaser tillsammans (ett faktum, saknas när planen inte har någon pilot).",
    "communication": "Ett kommunikationstillfälle i planen.",
    "comm-reach": "Ett kommunikationstillfälle som når en kohort (dess grupp i dess fas).",
    "phase-reach": "Ett daterat kommunikationstillfälle som når en fas: dess mottagare är alla, fasen, eller en "
                   "grupp som registreras eller deltar i den.",
    "risk": "En risk, ett övervägande eller en riskåtgärd i planen.",
    "exit-result": "Ett slutkriterium för en pilotfas och vad som mätts för det (för den breda grinden).",
    "handover": "Ett slutkriterium för en produktionsfas och vad som mätts för det, för grinden för fasen efter "
                "den (saknas när den fasen startar innan denna slutar: resultaten kan inte avgöra dess grind).",
    "wave-channels": "Kanalerna för en vågs kommunikation som når kohorterna i en fas (ett faktum per fas och våg som "
                     "har någon).",
    "campaign": "Kommunikationsplanen som helhet (ett faktum, saknas när planen inte har någon kommunikation).",
    "support": "Supportplanen (ett faktum, saknas utan avsnittet support).",
    "hypercare": "En period av förstärkt support (hypercare) i supportplanen.",
    "training": "Utbildningsplanen (ett faktum, saknas utan avsnittet training).",
    "training-reach": "Ett utbildningstillfälle som når en kohort (dess grupp i dess fas), eller supporten före "
                      "en fas.",
    "operations": "Vad piloten verifierat av driften (ett faktum, saknas utan avsnittet operations).",
    "governance": "Projektstyrningen (ett faktum, saknas utan avsnittet governance).",
    "team": "Planeringsteamet för distributionen (ett faktum, saknas utan avsnittet team).",
}
