"""The benchmark: `readiness check --format json` as a whole process, on
generated plans of four sizes, against a plain-Python floor.

    .venv/bin/python bench/run.py                       # all sizes, writes bench/RESULTS.md
    .venv/bin/python bench/run.py --sizes small,large --runs 3 --no-write

For each size it generates the plan (bench/out/, cached), runs the tool and
`bench/floor.py` (a separate process that json-loads the plan and computes
the same findings by hand) several times each, takes the median wall time
and the peak resident memory (from wait4's rusage of that very process),
and checks both against the finding counts the generator wrote beside the
plan. Then it times the shipped example plan, and judges the targets of
issue 5. Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

EXAMPLE = ROOT / "examples" / "contoso-plan.json"
EXAMPLE_AS_OF = "2027-06-01"
MIB = 1024 * 1024


def readiness_command() -> list[str]:
    script = Path(sys.executable).with_name("readiness")
    return [str(script)] if script.exists() else [sys.executable, "-m", "readiness"]


def measure(command: list[str]) -> tuple[float, int, int, bytes]:
    """(wall seconds, peak RSS bytes, exit code, stdout) of one process."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        err = process.stderr.read()
        process.stderr.close()
        out.seek(0)
        data = out.read()
    if err.strip() and process.returncode not in (0, 1):
        sys.stderr.write(err.decode(errors="replace"))
    return wall, usage.ru_maxrss * 1024, process.returncode, data


def runs(command: list[str], n: int) -> dict:
    return interleaved([command], n)[0]


def interleaved(commands: list[list[str]], n: int) -> list[dict]:
    """`n` runs of each command, taken in turns (a, b, a, b, ...): this
    machine's speed drifts by a third from minute to minute, and turns
    expose the tool and the floor to the same drift."""
    results = [{"walls": [], "peaks": [], "codes": set(), "outputs": set(), "last": b""} for _ in commands]
    for _ in range(n):
        for command, result in zip(commands, results):
            wall, peak, code, out = measure(command)
            result["walls"].append(wall)
            result["peaks"].append(peak)
            result["codes"].add(code)
            result["outputs"].add(hash(out))
            result["last"] = out
    return [{"median": statistics.median(r["walls"]), "min": min(r["walls"]), "peak": max(r["peaks"]),
             "codes": r["codes"], "identical": len(r["outputs"]) == 1, "output": r["last"]} for r in results]


def plan_for(size: str, directory: Path) -> tuple[Path, dict]:
    plan = directory / f"{size}.json"
    expected = directory / f"{size}.expected.json"
    source = Path(generate.__file__)
    if not plan.exists() or not expected.exists() or plan.stat().st_mtime < source.stat().st_mtime:
        print(f"generating {size} ...", file=sys.stderr, flush=True)
        generate.write(size, directory)
    return plan, json.loads(expected.read_text(encoding="utf-8"))


def tool_counts(report: dict) -> Counter:
    return Counter(f["rule"] for f in report["findings"] if f["outcome"] == "finding" and not f["waived"])


def cannot_assess(report: dict) -> list[str]:
    return sorted({f["rule"] for f in report["findings"] if f["outcome"] == "cannot-assess"})


def check_counts(found: Counter | dict, expected: dict) -> list[str]:
    problems = [f"{rule}: {found.get(rule, 0)} found, {count} expected"
                for rule, count in expected.items() if found.get(rule, 0) != count]
    problems += [f"{rule}: {count} found, none expected (a rule the generator does not know)"
                 for rule, count in sorted(found.items()) if rule not in expected and count]
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(generate.SIZES))
    parser.add_argument("--runs", type=int, default=5, help="runs per size (huge: at most 3)")
    parser.add_argument("--plans", type=Path, default=HERE / "out", help="where generated plans are kept")
    parser.add_argument("--markdown", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args()
    sizes = [s for s in args.sizes.split(",") if s]
    readiness = readiness_command()
    # The package's bytecode, as `pip install` compiles it: an editable
    # install under PYTHONDONTWRITEBYTECODE would otherwise compile every
    # module again in every timed process (~0.03 s).
    compileall.compile_dir(ROOT / "readiness", quiet=1)
    load, busy = os.getloadavg(), _Busy()

    rows, results, failures = [], {}, []
    for size in sizes:
        plan, expected = plan_for(size, args.plans)
        n = min(args.runs, 3) if size == "huge" else args.runs
        as_of = expected["as_of"]
        tool, floor = interleaved([readiness + ["check", str(plan), "--format", "json", "--as-of", as_of],
                                   [sys.executable, str(HERE / "floor.py"), str(plan), as_of]], n)
        problems = []
        if tool["codes"] - {0, 1}:
            problems.append(f"readiness exited {sorted(tool['codes'])}")
        else:
            report = json.loads(tool["output"])
            problems += [f"readiness {p}" for p in check_counts(tool_counts(report), expected["findings"])]
            problems += [f"readiness cannot assess {rule} (the generated plan lacks a section)"
                         for rule in cannot_assess(report)]
        if not tool["identical"]:
            problems.append("readiness gave different reports across runs")
        problems += [f"floor {p}" for p in check_counts(json.loads(floor["output"]), expected["findings"])]
        failures += [f"{size}: {p}" for p in problems]
        results[size] = (tool, floor)
        planted = sum(expected["findings"].values())
        rows.append([size, f"{expected['people']:,}", f"{expected['groups']:,}", f"{expected['phases']:,}",
                     f"{expected['communications']:,}", f"{plan.stat().st_size / MIB:,.0f}",
                     f"{tool['median']:.2f}", f"{tool['peak'] / MIB:,.0f}", f"{floor['median']:.2f}",
                     f"{floor['peak'] / MIB:,.0f}", f"{tool['median'] / floor['median']:.1f}x",
                     f"{planted:,}", "exact" if not problems else "MISMATCH", str(n)])
        print(" | ".join(rows[-1]), file=sys.stderr, flush=True)

    example = runs(readiness + ["check", str(EXAMPLE), "--format", "json", "--as-of", EXAMPLE_AS_OF], args.runs)

    end_load, others = os.getloadavg(), busy.others()
    targets = []

    def target(name: str, value: str, limit: str, ok: bool | None) -> None:
        targets.append([name, value, limit, "n/a" if ok is None else "met" if ok else "MISSED"])

    if "large" in results:
        tool, floor = results["large"]
        ratio = tool["median"] / floor["median"]
        target("large: readiness / floor wall time", f"{tool['median']:.2f} s / {floor['median']:.2f} s = "
               f"{ratio:.2f}x", "<= 2x", ratio <= 2)
        target("large: peak memory", f"{tool['peak'] / MIB:,.0f} MiB", "< 400 MiB", tool["peak"] < 400 * MIB)
    if "huge" in results:
        tool, _ = results["huge"]
        target("huge: completes, exact", "yes" if not [f for f in failures if f.startswith("huge")] else "no",
               "exact counts", not [f for f in failures if f.startswith("huge")])
        if "large" in results:
            growth = tool["median"] / results["large"][0]["median"]
            target("huge / large wall time", f"{growth:.1f}x", "<= 12x", growth <= 12)
        target("huge: peak memory", f"{tool['peak'] / MIB:,.0f} MiB", "< 3 GiB", tool["peak"] < 3 * 1024 * MIB)
    target("example plan: whole process", f"{example['median']:.3f} s (min {example['min']:.3f})", "< 0.4 s",
           example["median"] < 0.4)

    header = ["size", "people", "groups", "phases", "comms", "plan MiB", "readiness s", "readiness MiB",
              "floor s", "floor MiB", "ratio", "expected findings", "findings", "runs"]
    lines = [
        "# Benchmark results",
        "",
        f"Measured {dt.date.today().isoformat()} by `bench/run.py` on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()}. Wall time is the "
        "median of the runs of the whole process (start-up included; the tool and the floor run in turns); memory is the peak resident set of "
        "that process. *floor* is `bench/floor.py`: json.load and the same checks written by hand in "
        "plain Python (no validation, no engine, no report). *findings* says whether both the tool and the "
        "floor found exactly the findings the generator expects (its planted defects, and the production "
        "results still to come), per rule (and the tool no finding of any other rule, and no rule it could not assess). The package's bytecode is compiled before timing, "
        "as `pip install` does.",
        "",
        f"Load average (1, 5, 15 min) when the run started: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}; "
        f"when it ended: {end_load[0]:.2f}, {end_load[1]:.2f}, {end_load[2]:.2f} ({os.cpu_count()} CPUs). "
        + ("" if others is None else
           f"Other processes used {others:.2f} CPUs on average during the run: "
           + ("the machine was busy, so the wall times are perturbed." if others > 0.1
              else "the machine was otherwise idle.")),
        "",
        _table(header, rows),
        "",
        "## Targets (issue 5)",
        "",
        _table(["target", "measured", "limit", ""], targets),
        "",
    ]
    if failures:
        lines += ["## Problems", ""] + [f"- {f}" for f in failures] + [""]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        args.markdown.write_text(text, encoding="utf-8")
    return 1 if failures else 0


class _Busy:
    """CPU time the rest of the machine used while the benchmark ran: all
    busy time (/proc/stat) less this process's and its children's."""

    def __init__(self) -> None:
        self.start = (time.perf_counter(), self._machine(), self._ours())

    @staticmethod
    def _machine() -> float | None:
        try:
            with open("/proc/stat", encoding="ascii") as stat:
                fields = [int(v) for v in stat.readline().split()[1:]]
        except (OSError, ValueError):
            return None
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
        return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _ours() -> float:
        own, children = os.times()[:2], os.times()[2:4]
        return sum(own) + sum(children)

    def others(self) -> float | None:
        """Average CPUs used by other processes since the start, or None."""
        wall0, machine0, ours0 = self.start
        machine = self._machine()
        if machine is None or machine0 is None:
            return None
        return max(0.0, (machine - machine0) - (self._ours() - ours0)) / (time.perf_counter() - wall0)


def _table(header: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
