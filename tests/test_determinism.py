"""Determinism and isolation: the same plan gives a byte-identical report
however often it is checked, in one process (the library API) or in
separate processes running side by side."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from conftest import ROOT
from readiness.assess import Options, assess
from readiness.loader import load_plan
from readiness.render import render
from readiness.rulebook import load_pack

sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402


def bench_plan(tmp_path, size="small"):
    plan, expected = generate.write(size, tmp_path)
    return plan, dt.date.fromisoformat(__import__("json").loads(expected.read_text())["as_of"])


def test_one_process_many_checks_identical_reports(tmp_path):
    plan, as_of = bench_plan(tmp_path)
    pack = load_pack()
    outputs = set()
    for _ in range(30):
        report = assess(load_plan(str(plan)), pack, Options(as_of=as_of))
        outputs.add(render(report, "json"))
        outputs.add(render(report, "table"))
    assert len(outputs) == 2  # one JSON text, one table text
    assert '"PILOT-NO-VIP"' in next(o for o in outputs if o.startswith("{"))


def test_reusing_one_loaded_plan_and_pack_changes_nothing(tmp_path):
    plan, as_of = bench_plan(tmp_path)
    loaded, pack = load_plan(str(plan)), load_pack()
    first = render(assess(loaded, pack, Options(as_of=as_of)), "json")
    for _ in range(10):
        assert render(assess(loaded, pack, Options(as_of=as_of)), "json") == first


def test_parallel_processes_give_the_report_of_the_library(tmp_path):
    plan, as_of = bench_plan(tmp_path, "medium")
    expected = render(assess(load_plan(str(plan)), load_pack(), Options(as_of=as_of)), "json")
    command = [sys.executable, "-m", "readiness", "check", str(plan), "--format", "json", "--as-of", as_of.isoformat()]

    def run(_):
        return subprocess.run(command, capture_output=True, text=True, timeout=300).stdout

    with ThreadPoolExecutor(max_workers=4) as pool:
        outputs = list(pool.map(run, range(8)))
    assert outputs == [expected] * 8


def test_the_report_does_not_depend_on_string_hashing(tmp_path, example):
    # One department written "IT" and "it": which spelling the report showed
    # depended on the order of a set of strings, i.e. on PYTHONHASHSEED.
    example["people"][2]["department"] = "it"
    plan = tmp_path / "plan.json"
    plan.write_text(__import__("json").dumps(example), encoding="utf-8")
    command = [sys.executable, "-m", "readiness", "check", str(plan), "--format", "json", "--as-of", "2027-06-01"]
    outputs = {subprocess.run(command, capture_output=True, text=True, timeout=300,
                              env={**__import__("os").environ, "PYTHONHASHSEED": str(seed)}).stdout
               for seed in range(6)}
    assert len(outputs) == 1 and "(IT)" in outputs.pop()


def test_findings_that_differ_only_in_their_place_come_in_plan_order_from_either_engine(tmp_path):
    # A rule with a fixed subject gives findings that differ only in where
    # their fact is; they came in firing order, which durable_rules gives
    # last-in-plan first, so SARIF listed p3, p2, p1 (the reference: p1, p2, p3).
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "named.yaml").write_text("""\
rules:
  - id: ORG-NAMED-PILOT
    title: {en: Named pilot participants, sv: Namngivna pilotdeltagare}
    guidance: [PIL-4]
    severity: info
    gate: phase
    match: pilot-member
    where: {member_type: person}
    evidence: [member_type]
    subject: "pilot participants"
    message: {en: "A named participant.", sv: "En namngiven deltagare."}
    remediation: {en: Check them., sv: Kontrollera dem.}
""", encoding="utf-8")
    loaded, rules = load_plan(str(ROOT / "examples" / "contoso-plan.json")), load_pack((str(pack),))
    places = {}
    for engine in ("durable", "reference"):
        report = assess(loaded, rules, Options(as_of=dt.date(2027, 6, 1), locate=True, engine=engine))
        places[engine] = [f.location["path"] for f in report.findings if f.rule == "ORG-NAMED-PILOT"]
    assert places["durable"] == places["reference"] == [
        f"phases[pilot-limited].participants[{p}]" for p in ("p1", "p2", "p3")]
