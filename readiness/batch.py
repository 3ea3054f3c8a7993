"""`readiness check` with several plans: each in its own process.

durable_rules keeps global state in its C extension and a process's memory
grows with every evaluation (docs/durable-rules.md), so each plan is checked
by a fresh `python -m readiness check PLAN --output FILE`, several at a time.
Reports go to `--output` (a directory or a `{stem}` pattern) or, without it,
to standard output one after another; then one summary line per plan, in the
order given: on standard output when the reports went to files, on standard
error when they went to standard output. A progress bar is drawn only when
standard error is a terminal. The exit code is the worst of the plans'.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import click

EXIT_INTERNAL = 3  # as cli.EXIT_INTERNAL: a child that crashed or was killed

from .errors import InputError, printable
from .i18n import text
from .output import inputs_of, make_directory, print_report, say, target_for
from .render import EXTENSIONS


@dataclass
class _Outcome:
    plan: str
    target: Path
    code: int
    stdout: str
    stderr: str


def check_many(plans, *, fmt, output, gates, rule_dirs, lang, as_of: dt.date, assignments, waivers_file,
               fail_on, jobs) -> int:
    with tempfile.TemporaryDirectory(prefix="readiness-") as scratch:
        if output is not None:
            inputs = inputs_of(waivers_file, rule_dirs)  # no report may replace a plan or another input
            targets = [target_for(output, plan, EXTENSIONS[fmt], several=True, plans=tuple(plans), inputs=inputs)
                       for plan in plans]
            _check_targets(plans, targets, output)
            for directory in sorted({t.parent for t in targets}):
                make_directory(directory)
        else:
            targets = [Path(scratch) / f"{i}.{EXTENSIONS[fmt]}" for i in range(len(plans))]

        common = ["--format", fmt, "--as-of", as_of.isoformat(), "--fail-on", fail_on]
        for flag, values in (("--gate", gates), ("--rules", rule_dirs), ("--set", assignments)):
            for value in values:
                common += [flag, value]
        if lang:
            common += ["--lang", lang]
        if waivers_file:
            common += ["--waivers", waivers_file]

        outcomes = _run_all(plans, targets, common, jobs or os.cpu_count() or 1)

        summaries = []
        for outcome in outcomes:
            if not output and outcome.code in (0, 1):
                print_report(outcome.target.read_text(encoding="utf-8"), fmt)
            if outcome.stderr:
                say(outcome.stderr, nl=False, err=True)
            line = outcome.stdout.strip() if outcome.code in (0, 1) else ""
            if not line:
                line = text("summary_unusable", lang or "en").format(file=printable(outcome.plan),
                                                                     code=outcome.code)
            elif output:
                line += f" -> {outcome.target}"
            summaries.append(line)
        for line in summaries:
            say(line, err=not output)
        return max(outcome.code for outcome in outcomes)


def _check_targets(plans, targets: list[Path], output: str) -> None:
    seen: dict[Path, str] = {}
    for plan, target in zip(plans, targets):
        if target in seen:
            raise InputError("--output", f"{seen[target]} and {plan} would both be written to {target} "
                             "(reports are named after the plan's file name); rename one, or check them "
                             "in separate calls")
        seen[target] = plan


def _run_all(plans, targets, common, jobs: int) -> list[_Outcome]:
    results: dict[int, _Outcome] = {}
    show = sys.stderr.isatty()
    children = _Children()
    pool = ThreadPoolExecutor(max_workers=min(jobs, len(plans)))
    try:
        futures = {pool.submit(_run_one, plan, target, common, children): i
                   for i, (plan, target) in enumerate(zip(plans, targets))}
        if show:
            with click.progressbar(length=len(plans), label="readiness", file=sys.stderr,
                                   show_pos=True) as bar:
                for future in as_completed(futures):
                    results[futures[future]] = future.result()
                    bar.update(1)
        else:
            for future in as_completed(futures):
                results[futures[future]] = future.result()
    except BaseException:
        # Interrupted (Ctrl-C, SIGTERM): start no more plans and stop the
        # running ones, rather than leave them writing after we are gone.
        children.stop()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()
    return [results[i] for i in range(len(plans))]


class _Children:
    """The running child processes, so that an interrupted batch can stop them."""

    def __init__(self):
        self.lock = threading.Lock()
        self.running: set[subprocess.Popen] = set()
        self.stopping = False

    def start(self, argv: list[str], env: dict, pass_fds: tuple[int, ...] = ()) -> subprocess.Popen | None:
        with self.lock:
            if self.stopping:
                return None
            child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                     text=True, encoding="utf-8", errors="replace", env=env, pass_fds=pass_fds)
            self.running.add(child)
            return child

    def done(self, child: subprocess.Popen) -> None:
        with self.lock:
            self.running.discard(child)

    def stop(self) -> None:
        with self.lock:
            self.stopping = True
            for child in self.running:
                child.terminate()  # its own SIGTERM handling removes a half-written report


def _run_one(plan: str, target: Path, common: list[str], children: _Children) -> _Outcome:
    # -P: never `readiness` from the current directory; `--`: a plan named
    # `-h.json` is a plan, not an option.
    argv = [sys.executable, "-P", "-m", "readiness", "check", "--output", str(target), *common, "--", plan]
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    # A plan given as /dev/fd/N (bash's <(...)) names a descriptor of ours:
    # the child gets it too, so that it reads, or refuses, the same thing.
    inherited = _FD_PATH.fullmatch(plan)
    try:
        child = children.start(argv, env, (int(inherited[1]),) if inherited else ())
    except OSError as error:  # too many open files, an interpreter we may not run: say so, per plan
        return _Outcome(plan=plan, target=target, code=EXIT_INTERNAL, stdout="",
                        stderr=f"{printable(plan)}: cannot start its check: {error.strerror or error}\n")
    if child is None:
        return _Outcome(plan=plan, target=target, code=EXIT_INTERNAL, stdout="", stderr="")
    try:
        stdout, stderr = child.communicate()
    finally:
        children.done(child)
    code = child.returncode
    if code < 0 or code > EXIT_INTERNAL:  # killed (the OOM killer, a signal): never a GO
        stderr += f"{printable(plan)}: the check stopped with exit status {code}\n"
        code = EXIT_INTERNAL
    elif code in (0, 1) and not _is_file(target):
        stderr += f"{printable(plan)}: the check wrote no report\n"
        code = EXIT_INTERNAL
    return _Outcome(plan=plan, target=target, code=code, stdout=stdout, stderr=stderr)


_FD_PATH = re.compile(r"/(?:dev|proc/self)/fd/([0-9]{1,9})")


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name the system refuses: no report there
        return False
