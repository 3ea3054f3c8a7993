"""`readiness diff`, `check --output` (atomic) and several plans in one call."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

from conftest import AS_OF, EXAMPLE
from report_helpers import fix_pilot


def info_count(runner, plan) -> int:
    """Info findings of a plan, as the JSON report counts them (the summary
    lines under test must agree with it, whatever the rules add)."""
    _, out, _ = runner.run("check", plan, "--format", "json", "--as-of", AS_OF)
    return json.loads(out)["summary"]["findings"]["info"]


# -- diff -----------------------------------------------------------------------------

def test_diff_json_shows_the_fixed_pil9_finding_resolved_and_prod1_turned_go(runner, example):
    fixed = runner.write(fix_pilot(example), "fixed.json")
    code, out, err = runner.run("diff", EXAMPLE, fixed, "--format", "json", "--as-of", AS_OF)
    assert code == 0, err
    diff = json.loads(out)
    assert [(f["rule"], f["guidance"], f["gate"]) for f in diff["resolved"]] == [
        ("PILOT-DIVERSITY", ["PIL-9"], "prod-1")]
    # The pilot's sales users leave prod-1's cohort: the tech-fair suggestion stands, for fewer users.
    assert diff["new_findings"] == []
    assert [(c["new"]["rule"], c["fields"]) for c in diff["changed"]] == [("ENROLL-TECH-FAIR-EARLY", ["evidence"])]
    gates = {g["phase"]: (g["old"], g["new"], g["change"]) for g in diff["gates"]}
    assert gates["prod-1"] == ("NO-GO", "GO", "better")
    assert all(change == "same" for phase, (_, _, change) in gates.items() if phase != "prod-1")
    _, old, _ = runner.run("check", EXAMPLE, "--format", "json", "--as-of", AS_OF)
    unchanged = len(json.loads(old)["findings"]) - 2
    assert diff["summary"] == {"resolved": 1, "new": 0, "changed": 1, "unchanged": unchanged, "old_decision": "NO-GO",
                               "new_decision": "GO", "gates_better": 1, "gates_worse": 0}


def test_diff_shows_a_finding_whose_evidence_changed(runner, example):
    # A pilot result measured between the versions left the blocker standing
    # with another result; the diff called everything unchanged.
    example["results"] = {"completed_phases": ["pilot-limited", "pilot-expanded"]}
    old = runner.write(example, "old.json")
    example["results"]["measurements"] = [{"criterion": "SC1", "value": 0.87, "measured_on": "2027-08-06"}]
    new = runner.write(example, "new.json")
    code, out, _ = runner.run("diff", old, new, "--format", "json", "--as-of", "2027-08-10", "--lang", "en")
    changed = {c["new"]["subject"]: c["fields"] for c in json.loads(out)["changed"]}
    assert code == 0 and changed == {"phases[pilot-limited].exit_criteria[SC1]": ["evidence"],
                                     "phases[pilot-expanded].exit_criteria[SC1]": ["evidence"]}
    _, out, _ = runner.run("diff", old, new, "--as-of", "2027-08-10", "--lang", "en")
    assert ("    -> Exit criterion SC1 of pilot phase pilot-limited: expected >= 0.9, result 0.87 on 2027-08-06.\n"
            in out)


def test_diff_the_other_way_shows_the_finding_new_and_the_gate_worse(runner, example):
    fixed = runner.write(fix_pilot(example), "fixed.json")
    code, out, _ = runner.run("diff", fixed, EXAMPLE, "--format", "json", "--as-of", AS_OF)
    diff = json.loads(out)
    assert [f["rule"] for f in diff["new_findings"]] == ["PILOT-DIVERSITY"] and diff["resolved"] == []
    assert next(g for g in diff["gates"] if g["phase"] == "prod-1")["change"] == "worse"


def test_diff_table_and_markdown(runner, example):
    fixed = runner.write(fix_pilot(example), "fixed.json")
    code, out, _ = runner.run("diff", EXAMPLE, fixed, "--as-of", AS_OF, "--lang", "en")
    assert code == 0
    lines = out.splitlines()
    assert next(line for line in lines if line.startswith("prod-1")).split() == ["prod-1", "NO-GO", "GO", "better"]
    resolved = lines.index("Resolved findings (1)")
    assert lines[resolved + 1].strip() == "BLOCKER PILOT-DIVERSITY [PIL-9] prod-1 · phases"
    assert lines[-1] == "1 resolved, 0 new, 1 changed; decision NO-GO → GO."
    code, out, _ = runner.run("diff", EXAMPLE, fixed, "--as-of", AS_OF, "--format", "markdown")
    assert "| `prod-1` | ⛔ NO-GO | ✅ GO | bättre |" in out  # the plan's locale: Swedish
    assert "## Åtgärdade avvikelser (1)" in out and "`PILOT-DIVERSITY`" in out


def test_diff_of_a_waiver_is_a_changed_finding(runner, example):
    waived = json.loads(json.dumps(example))
    waived["waivers"] = [{"rule": "PILOT-DIVERSITY", "target": "phases", "reason": "r", "approved_by": "Eva Lind",
                          "expires": "2027-12-31"}]
    code, out, _ = runner.run("diff", runner.write(example, "a.json"), runner.write(waived, "b.json"),
                              "--format", "json", "--as-of", AS_OF)
    diff = json.loads(out)
    assert [(c["new"]["rule"], c["fields"]) for c in diff["changed"]] == [("PILOT-DIVERSITY", ["waived"])]
    assert next(g for g in diff["gates"] if g["phase"] == "prod-1")["change"] == "better"


def test_diff_of_a_bad_plan_is_one_line_exit_2(runner):
    bad = runner.write("{", "bad.json")
    code, out, err = runner.run("diff", EXAMPLE, bad, "--as-of", AS_OF)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith(f"{bad}:1:2: invalid JSON")


# -- --output ---------------------------------------------------------------------------

def test_output_writes_the_report_and_prints_a_summary_line(runner, tmp_path):
    target = tmp_path / "report.html"
    info = info_count(runner, EXAMPLE)
    code, out, err = runner.run("check", EXAMPLE, "--format", "html", "--as-of", AS_OF, "--output", target,
                                "--lang", "en")
    assert code == 1, err
    assert out == (f"{EXAMPLE}: NO-GO at prod-1 (1 blocker, 0 major, 0 minor, {info} info); next gate: pilot-limited GO\n")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)  # an ordinary file, not mkstemp's private mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_output_on_an_input_error_leaves_no_file_and_keeps_an_old_one(runner, tmp_path):
    bad = runner.write('{"version": 1}', "bad.json")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, out, err = runner.run("check", bad, "--output", out_dir / "new.json", "--format", "json")
    assert code == 2 and out == "" and "required key" in err
    assert list(out_dir.iterdir()) == []
    old = out_dir / "old.json"
    old.write_text("previous report", encoding="utf-8")
    code, _, _ = runner.run("check", bad, "--output", old, "--format", "json")
    assert code == 2
    assert old.read_text(encoding="utf-8") == "previous report"
    assert [p.name for p in out_dir.iterdir()] == ["old.json"]


def test_a_failed_write_leaves_neither_a_partial_file_nor_a_temporary_one(tmp_path, monkeypatch):
    from readiness.errors import InputError
    from readiness.output import write_atomic

    target = tmp_path / "report.md"
    target.write_text("previous report", encoding="utf-8")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(InputError, match="No space left on device"):
        write_atomic(target, "new report")
    assert target.read_text(encoding="utf-8") == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_output_through_a_link_replaces_the_file_it_names(runner, tmp_path):
    target, link = tmp_path / "real.json", tmp_path / "link.json"
    target.write_text("previous report", encoding="utf-8")
    link.symlink_to(target)
    code, _, _ = runner.run("check", EXAMPLE, "--output", link, "--format", "json", "--as-of", AS_OF)
    assert code == 1 and link.is_symlink() and os.readlink(link) == str(target)
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["decision"] == "NO-GO"


def test_output_to_a_pipe_is_written_into_it_not_replaced(runner, tmp_path):
    import threading

    fifo = tmp_path / "reports.fifo"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    code, _, err = runner.run("check", EXAMPLE, "--output", fifo, "--format", "json", "--as-of", AS_OF)
    reader.join(timeout=30)
    assert code == 1, err
    assert json.loads(received[0])["summary"]["decision"] == "NO-GO"
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still the pipe, not a file put in its place


def test_standard_output_that_cannot_take_the_report(runner, monkeypatch):
    import click

    def full(*_, **__):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(click, "echo", lambda message=None, *a, err=False, **k: (
        print(message, file=sys.stderr) if err else full()))
    code, _, err = runner.run("check", EXAMPLE, "--format", "json", "--as-of", AS_OF)
    assert (code, err) == (2, "standard output: cannot take the report: No space left on device\n")


def test_a_reader_that_stops_early_does_not_change_the_exit_code(runner, monkeypatch):
    import click

    def closed(*_, **__):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(click, "echo", lambda message=None, *a, err=False, **k: (
        print(message, file=sys.stderr) if err else closed()))
    monkeypatch.setattr(sys, "stdout", sys.stdout)  # _emit swaps in /dev/null; restored after the test
    code, _, err = runner.run("check", EXAMPLE, "--format", "json", "--as-of", AS_OF)
    assert (code, err) == (1, "")


def test_output_into_a_missing_directory_is_an_input_error(runner, tmp_path):
    code, out, err = runner.run("check", EXAMPLE, "--output", tmp_path / "nowhere" / "r.json", "--as-of", AS_OF)
    assert code == 2 and out == ""
    assert err.strip() == f"--output: {tmp_path / 'nowhere'} is not an existing directory"


def test_output_onto_the_plan_itself_is_refused_and_the_plan_kept(runner, tmp_path, example):
    plan = runner.write(example)
    (tmp_path / "link.json").symlink_to(plan)
    before = plan.read_bytes()
    for args in (["check", plan, "-o", plan], ["check", plan, "-o", tmp_path / "link.json"],
                 ["check", plan, plan, "-o", str(tmp_path / "{stem}.json")], ["diff", plan, plan, "-o", plan]):
        code, out, err = runner.run(*args, "--as-of", AS_OF)
        assert (code, out) == (2, ""), args
        assert err.startswith("--output: ") and err.endswith(f" is the plan {plan}; the report would replace it\n")
    assert plan.read_bytes() == before


def test_output_onto_another_input_is_refused_and_the_input_kept(runner, tmp_path, example):
    # Only the report's own plan was guarded: `check a.json a-r.json -o
    # '{stem}-r.json'` replaced the plan a-r.json while it was being checked,
    # and `-o` onto the waivers file replaced it with the report.
    first, second = runner.write(example, "a.json"), runner.write(example, "a-r.json")
    waivers = tmp_path / "w.yaml"
    waivers.write_text("- {rule: PILOT-DIVERSITY, target: phases, reason: r, approved_by: CIO, expires: 2030-01-01}\n",
                       encoding="utf-8")
    before = {path: path.read_bytes() for path in (first, second, waivers)}
    code, out, err = runner.run("check", first, second, "-o", str(tmp_path / "{stem}-r.json"), "--as-of", AS_OF)
    assert (code, out, err) == (2, "", f"--output: {second} is the plan {second}; the report would replace it\n")
    for args in (["check", first, "--waivers", waivers, "-o", waivers],
                 ["diff", first, second, "--waivers", waivers, "-o", waivers]):
        code, out, err = runner.run(*args, "--as-of", AS_OF)
        assert (code, out, err) == (2, "", f"--output: {waivers} is read by this check; the report would replace "
                                           "it\n"), args
    assert {path: path.read_bytes() for path in before} == before


@pytest.mark.parametrize("pattern", ["{stem}{stem.foo}.txt", "{stem}{stem:>99999999999}.txt", "{stem}-{0}.txt",
                                     "{name}.txt", "{stem.txt", "{}/r.txt", "{{stem}}.txt"])
@pytest.mark.parametrize("several", [False, True])
def test_an_output_pattern_takes_stem_only(runner, tmp_path, pattern, several):
    # str.format took {stem.foo} (AttributeError) and {stem:>99999999999}
    # (MemoryError): internal errors. Without {stem} in it, a batch made a
    # directory named '{name}.txt' and wrote the reports into it.
    plans = [EXAMPLE, runner.write(json.loads(EXAMPLE.read_text(encoding="utf-8")), "b.json")] if several else [EXAMPLE]
    code, out, err = runner.run("check", *plans, "-o", str(tmp_path / pattern), "--as-of", AS_OF)
    assert (code, out, err) == (2, "", f"--output: {str(tmp_path / pattern)!r} is not a pattern with {{stem}} only\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == (["b.json"] if several else [])


def test_a_stem_pattern_ending_in_a_slash_gives_each_plan_a_directory(runner, tmp_path):
    # 'out/{stem}/' wrote a file named 'out/contoso-plan', with no extension.
    second = runner.write(json.loads(EXAMPLE.read_text(encoding="utf-8")), "b.json")
    code, _, _ = runner.run("check", EXAMPLE, second, "-o", str(tmp_path / "out" / "{stem}") + "/", "--format", "json",
                            "--as-of", AS_OF)
    assert code == 1
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()) == [
        "b.json", "out/b/b.json", "out/contoso-plan/contoso-plan.json"]
    # Where that directory would be a file, that is the problem named (it said the report would replace the plan).
    code, out, err = runner.run("check", second, "-o", str(tmp_path / "{stem}.json") + "/", "--as-of", AS_OF)
    assert (code, out, err) == (2, "", f"--output: {second}/ is a file, not a directory\n")


def test_braces_that_are_no_placeholder_are_taken_as_written(runner, tmp_path):
    for name in ("{2027}.json", "{3F2504E0-4F89}.json"):
        code, out, err = runner.run("check", EXAMPLE, "-o", str(tmp_path / name), "--as-of", AS_OF)
        assert code == 1 and (tmp_path / name).is_file(), err


def test_diff_output_is_checked_as_a_report_s_before_any_work(runner, tmp_path):
    # diff wrote 'x{stem}.json' literally and waited 10 s on a socket.
    import socket

    code, out, err = runner.run("diff", EXAMPLE, EXAMPLE, "-o", str(tmp_path / "x{stem}.json"))
    assert (code, out, err) == (2, "", f"--output: {str(tmp_path / 'x{stem}.json')!r} looks like a pattern; give "
                                       "the comparison's file name\n")
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(path))
        code, out, err = runner.run("diff", EXAMPLE, EXAMPLE, "-o", path, "--as-of", AS_OF)
    assert (code, out, err) == (2, "", f"--output: {path} is a socket, not a file\n")


def test_a_name_the_system_refuses_is_an_input_error(runner, tmp_path):
    long = "x" * 300  # past NAME_MAX: the system refuses it (ENAMETOOLONG), an internal error before
    code, out, err = runner.run("check", EXAMPLE, "-o", str(tmp_path / f"{long}.txt"), "--as-of", AS_OF)
    assert (code, out) == (2, "") and err.startswith("--output: cannot use ") and err.endswith(": File name too long\n")
    code, out, err = runner.run("check", EXAMPLE, "--rules", str(tmp_path / long), "--as-of", AS_OF)
    assert (code, out) == (2, "") and err.endswith(": File name too long\n") and "internal error" not in err


def test_output_that_is_empty_or_names_a_directory(runner, tmp_path):
    code, out, err = runner.run("check", EXAMPLE, "--output", "", "--as-of", AS_OF)
    assert (code, out, err) == (2, "", "--output: is empty; give a file name\n")
    (tmp_path / "reports").mkdir()
    code, out, _ = runner.run("check", EXAMPLE, "--output", f"{tmp_path / 'reports'}/", "--as-of", AS_OF)
    assert code == 1 and (tmp_path / "reports" / "contoso-plan.txt").is_file()


def test_a_directory_named_for_reports_is_made_when_missing_as_in_a_batch(runner, tmp_path, example):
    # A batch made `--output DIR` and the directory of a {stem} pattern; one
    # plan refused both.
    deep = tmp_path / "new" / "deep"
    for output, report in ((f"{tmp_path / 'missing'}/", tmp_path / "missing" / "contoso-plan.txt"),
                           (str(deep / "{stem}.json"), deep / "contoso-plan.json")):
        code, out, err = runner.run("check", EXAMPLE, "--output", output, "--as-of", AS_OF)
        assert code == 1 and report.is_file() and out.startswith(f"{EXAMPLE}: NO-GO"), err
    # Made only for a report: bad input leaves no directory behind.
    example["phases"][0]["start"] = "not a date"
    code, _, _ = runner.run("check", runner.write(example), "--output", str(tmp_path / "none" / "{stem}.json"))
    assert code == 2 and not (tmp_path / "none").exists()


def test_output_to_a_pipe_nobody_reads_is_an_error_not_a_hang(runner, tmp_path, monkeypatch):
    from readiness import output

    monkeypatch.setattr(output, "FIFO_WAIT", 0.2)
    fifo = tmp_path / "reports.fifo"
    os.mkfifo(fifo)
    code, out, err = runner.run("check", EXAMPLE, "--output", fifo, "--as-of", AS_OF)
    assert (code, out, err) == (2, "", f"--output: nothing read from {fifo} for 0.2 s; start its reader first\n")


def test_output_to_a_socket_is_refused_at_once(runner, tmp_path):
    # Opening a socket fails as a FIFO nobody reads does: it waited out the
    # FIFO's 10 s and then blamed a missing reader.
    import socket

    path = tmp_path / "s.json"
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(path))
        code, out, err = runner.run("check", EXAMPLE, "--output", path, "--as-of", AS_OF)
    assert (code, out, err) == (2, "", f"--output: {path} is a socket, not a file\n")


# -- several plans ------------------------------------------------------------------------

@pytest.fixture
def three_plans(runner, example):
    good = runner.write(fix_pilot(json.loads(json.dumps(example))), "fixed.json")
    bad = runner.write('{"version": 1}', "broken.json")
    return [EXAMPLE, good, bad]


def test_several_plans_write_one_report_each_and_one_summary_line_each_worst_exit(runner, tmp_path, three_plans):
    out_dir = tmp_path / "reports"
    info = [info_count(runner, plan) for plan in three_plans[:2]]
    code, out, err = runner.run("check", *three_plans, "--format", "junit", "--as-of", AS_OF, "--lang", "en",
                                "--output", out_dir)
    assert code == 2  # the worst: an unusable plan
    lines = out.splitlines()
    assert lines == [
        f"{EXAMPLE}: NO-GO at prod-1 (1 blocker, 0 major, 0 minor, {info[0]} info); next gate: pilot-limited GO "
        f"-> {out_dir / 'contoso-plan.xml'}",
        f"{three_plans[1]}: GO (0 blocker, 0 major, 0 minor, {info[1]} info); next gate: pilot-limited GO "
        f"-> {out_dir / 'fixed.xml'}",
        f"{three_plans[2]}: no report (exit 2; the reason is above)"]
    assert sorted(p.name for p in out_dir.iterdir()) == ["contoso-plan.xml", "fixed.xml"]
    assert (out_dir / "contoso-plan.xml").read_text(encoding="utf-8").count("<failure") == 1
    assert f"{three_plans[2]}:1:1: (document): required key 'organization' is missing" in err
    assert "readiness" not in err.replace(str(three_plans[2]), "")  # no progress bar: stderr is no terminal


def test_several_plans_exit_1_when_one_is_no_go(runner, tmp_path, three_plans):
    code, out, _ = runner.run("check", *three_plans[:2], "--format", "json", "--as-of", AS_OF,
                              "--output", str(tmp_path / "r-{stem}.json"))
    assert code == 1
    assert json.loads((tmp_path / "r-fixed.json").read_text(encoding="utf-8"))["summary"]["decision"] == "GO"
    assert json.loads((tmp_path / "r-contoso-plan.json").read_text(encoding="utf-8"))["summary"]["decision"] == "NO-GO"
    assert len(out.splitlines()) == 2


def test_several_plans_without_output_print_the_reports_then_summaries_on_stderr(runner, three_plans):
    info = [info_count(runner, plan) for plan in three_plans[:2]]
    code, out, err = runner.run("check", *three_plans[:2], "--as-of", AS_OF, "--lang", "en")
    assert code == 1
    assert out.count("Phase ") == 2 and out.index("NO-GO at prod-1: 1 blocker,") < out.index("GO: 0 blocker,")
    assert err.splitlines() == [
        f"{EXAMPLE}: NO-GO at prod-1 (1 blocker, 0 major, 0 minor, {info[0]} info); next gate: pilot-limited GO",
        f"{three_plans[1]}: GO (0 blocker, 0 major, 0 minor, {info[1]} info); next gate: pilot-limited GO"]


def test_two_plans_with_one_name_cannot_share_an_output_directory(runner, tmp_path, example):
    other = tmp_path / "other"
    other.mkdir()
    twin = other / "contoso-plan.json"
    twin.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = runner.run("check", EXAMPLE, twin, "--output", tmp_path / "out", "--as-of", AS_OF)
    assert code == 2 and out == ""
    assert err == (f"--output: {EXAMPLE} and {twin} would both be written to {tmp_path / 'out' / 'contoso-plan.txt'} "
                   "(reports are named after the plan's file name); rename one, or check them in separate calls\n")
    assert not (tmp_path / "out").exists()


# -- pipelines can trust the exit code -----------------------------------------------------

def _shell(command: str, cwd) -> int:
    readiness = [sys.executable, "-m", "readiness"]
    return subprocess.run(["bash", "-c", command.replace("READINESS", " ".join(readiness))], cwd=cwd,
                          capture_output=True, text=True, timeout=120).returncode


@pytest.mark.parametrize("command, expected", [
    ("READINESS check fixed.json --as-of 2027-06-01 2>&-", 0),  # stderr closed: the decision stands
    ("READINESS check fixed.json --as-of 2027-06-01 >&-", 2),  # stdout closed: the report is lost
    ("READINESS check fixed.json --as-of 2027-06-01 >/dev/full", 2),
    ("READINESS --version >/dev/full", 2),  # was an internal error (exit 3)
    ("READINESS schema >&-", 2),  # was exit 0, the schema lost
    ("READINESS rules list >&-", 2),
    ("READINESS check --help >/dev/full", 2),
    ("READINESS check fixed.json --as-of 2027-06-01 -o r.txt | false; exit ${PIPESTATUS[0]}", 0),
    ("READINESS validate fixed.json | false; exit ${PIPESTATUS[0]}", 0),
    ("READINESS rules facts | head -1; exit ${PIPESTATUS[0]}", 0),
    ("PYTHONIOENCODING=latin-1 READINESS check fixed.json --format json --as-of 2027-06-01 >/dev/null", 0),
    # The error line failed on a full stderr and escaped as exit 1, the NO-GO code.
    ("READINESS check missing.json 2>/dev/full", 2),
    ("READINESS validate missing.json 2>/dev/full", 2),
    ("READINESS check fixed.json --format pdf 2>/dev/full", 2),
])
def test_the_exit_code_is_the_decision_whatever_the_output_streams(tmp_path, example, command, expected):
    (tmp_path / "fixed.json").write_text(json.dumps(fix_pilot(example)), encoding="utf-8")
    assert _shell(command, tmp_path) == expected


def test_reports_for_programs_are_utf8_whatever_the_locale_and_the_table_follows_the_terminal(tmp_path, example):
    # In a Latin-1 locale JUnit and HTML declared UTF-8 but were Latin-1,
    # and an emoji became `\U0001f600` in JSON, which no JSON reader takes.
    example["organization"]["name"] = "Contoso 😀 ‹AB› åäö"
    (tmp_path / "plan.json").write_text(json.dumps(example), encoding="utf-8")
    latin1 = {**os.environ, "PYTHONIOENCODING": "latin-1"}

    def stdout(*args: str) -> bytes:
        return subprocess.run([sys.executable, "-m", "readiness", *args], cwd=tmp_path, capture_output=True,
                              timeout=120, env=latin1).stdout

    for fmt in ("json", "sarif", "junit", "html", "markdown"):
        out = stdout("check", "plan.json", "--format", fmt, "--as-of", AS_OF, "--lang", "sv")
        stdout("check", "plan.json", "--format", fmt, "--as-of", AS_OF, "--lang", "sv", "-o", f"r.{fmt}")
        assert out == (tmp_path / f"r.{fmt}").read_bytes() and "Contoso 😀 ‹AB› åäö".encode() in out, fmt
    assert json.loads(stdout("rules", "list", "--format", "json").decode("utf-8"))
    table = stdout("check", "plan.json", "--as-of", AS_OF, "--lang", "sv")
    assert "Contoso \\U0001f600 \\u2039AB\\u203a åäö".encode("latin-1") in table


def test_reports_reach_a_standard_output_that_takes_only_text():
    # A notebook's or io.StringIO's stdout has no bytes beneath it: the UTF-8
    # reports were an internal error there (TypeError).
    import contextlib
    import io

    from readiness.cli import main

    for args in (["check", str(EXAMPLE), "--format", "json", "--as-of", AS_OF], ["rules", "list", "--format", "json"]):
        captured = io.StringIO()
        with contextlib.redirect_stdout(captured):
            code = main(args)
        assert code in (0, 1) and json.loads(captured.getvalue()), args


def test_a_size_limit_past_the_machine_s_memory_is_no_error(tmp_path, example):
    # The limit was read as one buffer of its size: MemoryError, or
    # OverflowError past 2**62, both internal errors.
    (tmp_path / "fixed.json").write_text(json.dumps(fix_pilot(example)), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "readiness", "check", "fixed.json", "--as-of", "2027-06-01"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "READINESS_MAX_BYTES": str(10 ** 20)})
    assert (done.returncode, done.stderr) == (0, "")


def test_several_plans_run_the_installed_readiness_not_one_in_the_current_directory(runner, tmp_path, example,
                                                                                    monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "readiness.py").write_text("print('hijacked')\n", encoding="utf-8")
    runner.write(example, "-h.json")  # and a plan whose name looks like an option
    runner.write(example, "b.json")
    code, out, err = runner.run("check", "--as-of", AS_OF, "-o", "out", "--", "-h.json", "b.json")
    assert code == 1, err
    assert (tmp_path / "out" / "-h.txt").is_file() and (tmp_path / "out" / "b.txt").is_file()
    assert "hijacked" not in out


def test_several_plans_check_shared_options_once(runner, tmp_path, three_plans):
    code, _, err = runner.run("check", *three_plans, "--waivers", tmp_path / "missing.yaml")
    assert (code, err) == (2, f"{tmp_path / 'missing.yaml'}: no such file\n")


def test_a_batch_child_that_dies_is_no_go(runner, tmp_path, example, monkeypatch):
    # A child killed by a signal (the OOM killer) has a negative exit status:
    # max() of the plans' codes made that a GO.
    from readiness import batch

    real = subprocess.Popen

    def killed_child(argv, **kwargs):
        dying = any(arg.endswith("b.json") for arg in argv)
        return real(["bash", "-c", "kill -9 $$"], **kwargs) if dying else real(argv, **kwargs)

    monkeypatch.setattr(batch.subprocess, "Popen", killed_child)
    good = runner.write(fix_pilot(example), "a.json")
    code, out, err = runner.run("check", good, runner.write(example, "b.json"), "-o", tmp_path / "out",
                                "--as-of", AS_OF)
    assert code == 3
    assert "b.json: the check stopped with exit status -9" in err


def test_diff_reports_both_plans_problems_and_refuses_a_directory_output(runner):
    old, new = runner.write('{"version": 1}', "old.json"), runner.write('{"version": 2}', "new.json")
    code, _, err = runner.run("diff", old, new)
    assert code == 2 and f"{old}:1:1:" in err and f"{new}:1:13: version: 2 is not one of 1" in err
    code, _, err = runner.run("diff", EXAMPLE, EXAMPLE, "-o", "reports/")
    assert (code, err) == (2, "--output: reports/ names a directory; give the comparison's file name\n")


def test_the_summary_line_stays_one_line_whatever_the_phase_id_or_file_name(runner, tmp_path, example):
    # A phase id with a line break split the summary line that pipelines
    # read, and an escape sequence in it reached the terminal. Such an id is
    # now refused (on one line); a file name may still hold both.
    text = json.dumps(example).replace('"pilot-limited"', json.dumps("pilot\nlimited\x1b[2J"))
    code, out, err = runner.run("check", runner.write(text), "-o", tmp_path / "r.txt", "--as-of", AS_OF)
    assert (code, out, err.count("\n")) == (2, "", 1)
    assert err.endswith(": phases[\"pilot\\nlimited\\u001b[2J\"].id: 'pilot\\nlimited\\x1b[2J' contains "
                        "U+000A (a control character), which does not print; ids are matched exactly\n")
    plan = runner.write(example, "plan\n\x1b[2J.json")
    code, out, err = runner.run("check", plan, "-o", tmp_path / "r.txt", "--as-of", AS_OF)
    assert code == 1 and err == "" and out.count("\n") == 1
    assert "plan\\n\\x1b[2J.json" in out


def test_a_plan_given_as_a_descriptor_reads_the_same_in_a_batch(runner, tmp_path):
    # bash's <(...) names /dev/fd/63: a batch child did not have that
    # descriptor and said "no such file"; a single check says what it is.
    read, write = os.pipe()
    try:
        os.write(write, b"{}")
        os.close(write)
        plan = f"/dev/fd/{read}"
        code, _, err = runner.run("check", plan, EXAMPLE, "-o", tmp_path / "out", "--as-of", AS_OF)
        assert code == 2
        assert f"{plan}: is not a regular file; give the plan file itself\n" in err
        assert "no such file" not in err
    finally:
        os.close(read)
