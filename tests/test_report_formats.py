"""Markdown, JUnit, SARIF and HTML (as text) reports of the example, through
the CLI: what each audience reads, and what CI systems parse."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from conftest import AS_OF, EXAMPLE, ROOT, phase
from report_helpers import XSS, Elements

SARIF_SCHEMA = Path(__file__).parent / "sarif-schema-2.1.0.json"
FORMATS = ("table", "json", "markdown", "html", "junit", "sarif")


def report_json(runner, plan_path, *args) -> dict:
    code, out, err = runner.run("check", plan_path, "--format", "json", "--as-of", AS_OF, *args)
    assert code in (0, 1), err
    return json.loads(out)


def render(runner, plan_path, fmt, *args) -> str:
    code, out, err = runner.run("check", plan_path, "--format", fmt, "--as-of", AS_OF, *args)
    assert code in (0, 1), err
    assert err == ""
    return out


def two_blockers_one_waived(plan: dict) -> dict:
    """The example with PIL-9 waived and prod-2's enrollment message gone:
    one unwaived blocker (COM-4 on prod-2), one waived (PIL-9 on prod-1)."""
    plan["communications"] = [c for c in plan["communications"] if c["id"] != "prod-2-enroll"]
    plan["waivers"] = [{"rule": "PILOT-DIVERSITY", "target": "phases", "reason": "Business pilot runs in prod-1",
                        "approved_by": "Eva Lind", "expires": "2027-12-31"}]
    return plan


# -- every format -------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_byte_identical_for_the_same_input(runner, fmt):
    first = render(runner, EXAMPLE, fmt)
    assert first and render(runner, EXAMPLE, fmt) == first


def test_table_format_does_not_import_jinja2():
    code = ("import sys; from readiness.cli import main; "
            f"main(['check', {str(EXAMPLE)!r}, '--as-of', {AS_OF!r}]); "
            "sys.stderr.write('JINJA=' + str('jinja2' in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert "JINJA=False" in done.stderr, done.stderr


# -- Markdown -----------------------------------------------------------------------

def test_markdown_has_the_decision_a_gates_table_findings_per_gate_and_collapsed_details(runner):
    report = report_json(runner, EXAMPLE)
    prod1 = next(g for g in report["gates"] if g["phase"] == "prod-1")["counts"]
    out = render(runner, EXAMPLE, "markdown", "--lang", "en")
    lines = out.splitlines()
    assert lines[0] == "# Readiness report: Contoso"
    assert "**Decision for the next gate: ✅ GO**" in out
    header = lines.index("| Phase | Name | Start | End | Decision | Blocker | Major | Minor | Info | Notes |")
    rows = lines[header + 2: header + 7]
    assert [r.split("|")[1].strip() for r in rows] == ["`pilot-limited`", "`pilot-expanded`", "`prod-1`",
                                                       "`prod-2`", "`prod-3`"]
    assert f"⛔ NO-GO | 1 | 0 | 0 | {prod1['info']} |" in rows[2]
    prod1 = lines.index("### Gate prod-1 · Production phase 1 · ⛔ NO-GO")
    assert lines.index("#### BLOCKER · `PILOT-DIVERSITY` · The pilot spans the organization, not only IT") > prod1
    assert out.count("<details><summary>Fix, guidance and evidence</summary>") == len(report["findings"])
    assert out.count("<details>") == out.count("</details>")
    assert "- PIL\\-9: The pilot includes participants from across the organization" not in out  # not over-escaped
    assert "- PIL-9: The pilot includes participants from across the organization" in out
    assert out.count("- [ ] ") == len(report["manual_checks"]) > 0


MANUAL_CHECKS = """\
manual_checks:
  - guidance: PIL-9
    question:
      en: "Did the pilot users <b>really</b> come from every department?"
      sv: "Kom pilotanvändarna verkligen från alla avdelningar?"
"""


@pytest.fixture
def manual_pack(tmp_path) -> Path:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "checks.yaml").write_text(MANUAL_CHECKS, encoding="utf-8")
    return pack


def test_manual_checks_are_a_checklist_in_markdown_and_html(runner, manual_pack):
    out = render(runner, EXAMPLE, "markdown", "--lang", "en", "--rules", manual_pack)
    assert "- [ ] **PIL-9**: Did the pilot users &lt;b&gt;really&lt;/b&gt; come from every department?" in out
    dom = Elements(render(runner, EXAMPLE, "html", "--lang", "en", "--rules", manual_pack))
    assert [t for t, a in dom.elements if t == "b"] == []
    assert "☐PIL-9: Did the pilot users <b>really</b> come from every department?" in dom.text


def test_markdown_escapes_plan_strings(runner, example):
    phase(example, "prod-1")["name"] = f"{XSS} | *bold* [link](https://evil.example)"
    out = render(runner, runner.write(example), "markdown", "--lang", "en")
    assert "<img" not in out
    assert "&lt;img src=x onerror=alert(1)&gt; \\| \\*bold\\* \\[link\\](https://evil.example)" in out


# -- JUnit --------------------------------------------------------------------------

def test_junit_parses_with_a_suite_per_gate_and_failures_equal_to_blockers(runner):
    report = report_json(runner, EXAMPLE)
    root = ET.fromstring(render(runner, EXAMPLE, "junit").encode("utf-8"))
    suites = root.findall("testsuite")
    assert [s.find("properties/property[@name='phase']").get("value") for s in suites] == [
        g["phase"] for g in report["gates"]]
    failures = root.findall(".//failure")
    assert len(failures) == report["summary"]["findings"]["blocker"] == 1
    case = root.find(".//failure/..")
    assert case.get("classname") == "prod-1" and case.get("name").startswith("PILOT-DIVERSITY: ")
    # one test case per rule x gate the rule can weigh on, taken from the report's rule index
    for suite, gate in zip(suites, report["gates"]):
        expected = sorted(r["id"] for r in report["rules"] if gate["phase"] in r["gates"])
        names = sorted(c.get("name").split(":")[0] for c in suite.findall("testcase"))
        assert names == expected and suite.get("tests") == str(len(expected))
    # the info findings are reported, not failed
    out = root.findall(".//system-out")
    assert sum(s.text.count("PILOT-EXIT-CRITERIA-PENDING") for s in out) == 6
    assert root.get("failures") == "1" and root.get("tests") == str(sum(len(s.findall("testcase")) for s in suites))


def test_junit_waived_blockers_are_skipped_not_failed(runner, example):
    plan = runner.write(two_blockers_one_waived(example))
    report = report_json(runner, plan)
    assert report["summary"]["findings"]["blocker"] == 1 and report["summary"]["findings"]["waived"] == 1
    root = ET.fromstring(render(runner, plan, "junit").encode("utf-8"))
    failures = root.findall(".//failure")
    assert len(failures) == 1
    assert root.find(".//failure/..").get("name").startswith("COMMS-ENROLLMENT-WAVE: ")
    skipped = root.find(".//skipped/..")
    assert skipped.get("name").startswith("PILOT-DIVERSITY: ") and skipped.get("classname") == "prod-1"
    assert "Eva Lind" in root.find(".//skipped").get("message")


# -- SARIF --------------------------------------------------------------------------

def _validate_sarif(text: str) -> dict:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    log = json.loads(text)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    return log


def test_the_shipped_schema_is_the_published_sarif_2_1_0_schema_and_rejects_bad_logs():
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    assert schema["id"].endswith("/sarif-schema-2.1.0.json") and len(schema["definitions"]) == 52
    validator = jsonschema.Draft4Validator(schema)
    assert not validator.is_valid({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]})  # driver needs a name
    assert not validator.is_valid({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
                                                                  "results": [{"level": "blocker",
                                                                               "message": {"text": "m"}}]}]})


def test_sarif_validates_with_rule_help_levels_and_the_line_of_the_value(runner):
    report = report_json(runner, EXAMPLE)
    log = _validate_sarif(render(runner, EXAMPLE, "sarif", "--lang", "en"))
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r["id"] for r in report["rules"]]
    diversity = next(r for r in rules if r["id"] == "PILOT-DIVERSITY")
    assert diversity["defaultConfiguration"]["level"] == "error"
    assert diversity["shortDescription"]["text"] == "The pilot spans the organization, not only IT"
    assert "Why: A pilot of IT users only tests what IT users do." in diversity["help"]["text"]
    assert "Fix: Add cohorts or named participants from business departments" in diversity["help"]["text"]
    assert "PIL-9: The pilot includes participants" in diversity["help"]["text"]

    results = run["results"]
    assert len(results) == len(report["findings"]) > 1
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels["PILOT-DIVERSITY"] == "error" and levels["PILOT-EXIT-CRITERIA-PENDING"] == "note"
    assert set(levels.values()) == {"error", "note"}  # the example has one blocker, the rest are info
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for result in results:
        location = result["locations"][0]
        assert location["physicalLocation"]["artifactLocation"]["uri"] == EXAMPLE.as_uri()
        region = location["physicalLocation"]["region"]
        path = location["logicalLocations"][0]["fullyQualifiedName"]
        line = lines[region["startLine"] - 1]
        if path.endswith("]"):  # a list item: an id string ("SC1") or an object (a phase) starts there
            item = line[region["startColumn"] - 1:]
            assert item.startswith(f'"{path.split("[")[-1][:-1]}"') or item.startswith("{")
        else:  # a finding about a whole section (PIL-9: phases): the section's value starts there
            assert path in ("phases", "communications") and line[region["startColumn"] - 1] == "["
            assert lines[region["startLine"] - 1].strip().startswith(f'"{path}"')


def test_sarif_without_a_line_points_at_the_plan_path_and_marks_cannot_assess_open(runner, example):
    del example["communications"]
    plan = runner.write(example)
    log = _validate_sarif(render(runner, plan, "sarif"))
    cannot = [r for r in log["runs"][0]["results"] if r["properties"]["outcome"] == "cannot-assess"]
    assert cannot and all(r["kind"] == "open" and r["level"] == "none" for r in cannot)
    for r in cannot:
        location = r["locations"][0]
        assert "region" not in location["physicalLocation"]
        assert location["logicalLocations"][0]["fullyQualifiedName"] == "communications"


def test_sarif_waived_findings_carry_a_suppression(runner, example):
    log = _validate_sarif(render(runner, runner.write(two_blockers_one_waived(example)), "sarif"))
    waived = [r for r in log["runs"][0]["results"] if r.get("suppressions")]
    assert [r["ruleId"] for r in waived] == ["PILOT-DIVERSITY"]
    assert waived[0]["suppressions"][0]["kind"] == "external"


# -- HTML as text (Chromium tests are in test_html_report.py) ---------------------------

def test_html_is_self_contained(runner):
    out = render(runner, EXAMPLE, "html")
    assert out.startswith("<!DOCTYPE html>")
    assert not re.search(r"https?://", out)
    assert not re.search(r"<script|<link|<iframe|<object|<embed|@import|url\(", out, re.I)
    assert "Content-Security-Policy" in out and "default-src 'none'" in out


def test_html_escapes_every_plan_string(runner, example):
    next(g for g in example["groups"] if g["id"] == "it")["name"] = XSS
    phase(example, "pilot-limited")["name"] = XSS
    example["organization"]["name"] = XSS
    out = render(runner, runner.write(example), "html")
    assert "<img" not in out
    assert out.count("&lt;img src=x onerror=alert(1)&gt;") >= 5
    dom = Elements(out)
    assert dom.tags("img") == []
    assert XSS in dom.text


def test_html_cards_timeline_and_findings(runner):
    report = report_json(runner, EXAMPLE)
    dom = Elements(render(runner, EXAMPLE, "html"))
    cards = dom.with_class("gate-card")
    assert [c["data-phase"] for c in cards] == [g["phase"] for g in report["gates"]]
    bars = dom.with_class("phase-bar", "rect")
    assert [(b["data-phase"], b["data-decision"]) for b in bars] == [(g["phase"], g["decision"])
                                                                     for g in report["gates"]]
    # cohort strips, one per cohort; markers for every dated communication, helpdesk training and session
    assert len(dom.with_class("cohort", "rect")) == sum(len(p["cohorts"]) for p in report["timeline"]["phases"])
    events = report["timeline"]["events"]
    for kind in ("communication", "helpdesk-training", "training-session"):
        assert len(dom.with_class(f"marker-{kind}")) == sum(e["kind"] == kind for e in events) > 0
    pins = dom.with_class("finding-pin")
    per_gate = [sum(f["gate"] == g["phase"] for f in report["findings"]) for g in report["gates"]]
    assert [p["data-count"] for p in pins] == [str(n) for n in per_gate if n]
    assert [a["data-rule"] for a in dom.with_class("finding")] == [f["rule"] for f in report["findings"]]


@pytest.mark.parametrize("as_of", ["2027-06-01", "0001-01-01", "9999-12-31"])
def test_html_timeline_of_a_plan_that_spans_the_calendar(runner, example, as_of):
    # A plan from year 1 to 9999 (the widest dates a plan can hold): the axis
    # shows at most 48 ticks, in years, and nothing overflows.
    example["phases"][0]["start"] = "0001-01-01"
    example["phases"][-1]["end"] = "9999-12-31"
    code, out, err = runner.run("check", runner.write(example), "--format", "html", "--as-of", as_of)
    assert code == 1, err
    dom = Elements(out)
    assert 0 < len(dom.with_class("month", "text")) <= 48
    assert len(dom.with_class("phase-bar", "rect")) == len(example["phases"])


def test_html_timeline_labels_stay_in_their_place(runner, example):
    # Long phase and group names ran over the bars, into each other and off
    # the chart. Each is drawn in a box of its own that cuts it (an svg with
    # overflow hidden: no url() reference, the report stays self-contained):
    # a row's name left of the chart (which starts at x=200), a cohort label
    # between the chart's start and its bar, or its bar and the chart's edge.
    for p in example["phases"]:
        p["name"] = "Produktionsfas för hela försäljnings- och marknadsorganisationen " + p["id"]
    for g in example["groups"]:
        g["name"] = "Försäljning och marknadsföring region " + g["id"]
    report = json.loads(render(runner, runner.write(example), "json"))
    out = render(runner, runner.write(example), "html")
    boxes = re.findall(r'<svg class="row-name" x="0" y="[0-9.]+" width="([0-9.]+)"[^>]*overflow="hidden">\s*'
                       r'<text class="row-label"[^>]*>([^<]*)</text>', out)
    assert [name for _, name in boxes] == [p["name"] for p in example["phases"]]
    assert all(float(width) < 200 for width, _ in boxes)
    bars = [(float(x), float(x) + float(w)) for x, w in
            re.findall(r'<rect class="phase-bar" data-phase="[^"]*" data-decision="[^"]*" x="([0-9.]+)" '
                       r'y="[0-9.]+" width="([0-9.]+)"', out)]
    labels = re.findall(r'<svg class="cohort-label-box" x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)"[^>]*'
                        r'overflow="hidden">\s*<text class="cohort-label" x="[0-9.]+" y="21" '
                        r'text-anchor="(start|end)">', out)
    assert len(labels) == len(bars) == len(report["gates"]) and {a for *_, a in labels} == {"start", "end"}
    for (left, right), (x, width, anchor) in zip(bars, labels):
        box = (float(x), float(x) + float(width))
        assert box == pytest.approx((right + 6, 1000) if anchor == "start" else (200, left - 6), abs=0.2)


# -- Swedish fixed texts in every format ------------------------------------------------

SWEDISH = {
    "table": ["Fas", "nästa grind"],
    "markdown": ["# Beredskapsrapport: Contoso", "## Grindar", "Beslut för nästa grind", "Åtgärd, vägledning"],
    "html": ['<html lang="sv">', "Beslut för nästa grind", "Tidslinje", "Kommunikation", "bedömningsdatum"],
    "junit": ['name="Grind prod-1', "Åtgärd:", "Underlag:"],
    "sarif": ["Varför:", "Åtgärd:", "Vägledning:", '"language": "sv"'],
    "json": ['"lang": "sv"'],
}
ENGLISH = {
    "table": ["Phase", "next gate"],
    "markdown": ["# Readiness report: Contoso", "## Gates", "Decision for the next gate"],
    "html": ['<html lang="en">', "Decision for the next gate", "Timeline", "assessment date"],
    "junit": ['name="Gate prod-1', "Fix:", "Evidence:"],
    "sarif": ["Why:", "Fix:", "Guidance:", '"language": "en"'],
    "json": ['"lang": "en"'],
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_lang_sv_covers_the_fixed_texts_of_every_format(runner, fmt):
    swedish = render(runner, EXAMPLE, fmt, "--lang", "sv")
    english = render(runner, EXAMPLE, fmt, "--lang", "en")
    for phrase in SWEDISH[fmt]:
        assert phrase in swedish and phrase not in english
    for phrase in ENGLISH[fmt]:
        assert phrase in english and phrase not in swedish


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_control_characters_from_the_plan_are_shown_not_obeyed(runner, example, fmt):
    example["organization"]["name"] = "Contoso\x1b[2J\x07\rGO"  # clear screen, bell, back to column 1
    code, out, err = runner.run("check", runner.write(example), "--format", fmt, "--as-of", "2027-06-01")
    assert code == 1, err
    assert not any(c in out for c in "\x1b\x07\r") and "Contoso\\x1b" in out and "\\x07" in out
    _, out, _ = runner.run("check", runner.write(example), "--format", "json", "--as-of", "2027-06-01")
    assert json.loads(out)["plan"]["name"] == "Contoso\x1b[2J\x07\rGO"  # the data itself is kept


def test_a_line_break_in_a_phase_name_keeps_the_gate_heading_one_line(runner, example):
    # (A line break in a phase id is refused as input.)
    example["phases"][2]["name"] = "Production\nphase 1"
    example["organization"]["name"] = "Contoso\u202eevil"  # right-to-left override
    code, out, err = runner.run("check", runner.write(example), "--as-of", "2027-06-01", "--lang", "en")
    assert code == 1, err
    assert "\nGate prod-1 · Production\\nphase 1 · NO-GO\n" in out
    assert "\u202e" not in out and "Contoso\\u202eevil" in out


@pytest.mark.parametrize("lang,worst,decision,expected", [
    ("en", 0, "GO", "GO: "),
    ("en", 1, "NO-GO", "NO-GO at pilot-limited: "),
    ("en", 2, "GO-WITH-RISKS", "GO-WITH-RISKS at pilot-limited and pilot-expanded: "),
    ("en", 3, "NO-GO", "NO-GO at pilot-limited and 2 more: "),
    ("sv", 2, "NO-GO", "NO-GO vid pilot-limited och pilot-expanded: "),
    ("sv", 4, "NO-GO", "NO-GO vid pilot-limited och 3 till: ")])
def test_the_verdict_names_the_gates_its_decision_comes_from(lang, worst, decision, expected):
    # "NO-GO: ...; next gate pilot-limited is GO" left the reader to find
    # which gate closed; the gate table lists them all.
    import dataclasses
    import datetime as dt

    from readiness.assess import Options, assess
    from readiness.loader import load_plan
    from readiness.render.common import summary_line, verdict
    from readiness.rulebook import load_pack

    report = assess(load_plan(str(EXAMPLE)), load_pack(), Options(as_of=dt.date.fromisoformat(AS_OF), lang=lang))
    gates = [dataclasses.replace(g, decision=decision if i < worst else "GO") for i, g in enumerate(report.gates)]
    report = dataclasses.replace(report, gates=gates, summary={**report.summary, "decision": decision})
    assert verdict(report).startswith(expected)
    assert summary_line(report, "p.json").startswith(f"p.json: {expected[:-2]} (")
