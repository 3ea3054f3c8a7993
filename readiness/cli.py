"""The command line: thin commands over the library.

Exit codes: 0 every selected gate is GO or GO-WITH-RISKS, 1 a selected gate
is NO-GO (or, with --fail-on major, a major finding stands), 2 the input is
unusable (one located line per problem on stderr, never a traceback),
3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import re
import signal
import sys
from collections import Counter
from contextlib import contextmanager

import click

from . import __version__
from .errors import InputError, PlanErrors, printable
from .output import need_stdout, say
from .render import FORMATS

EXIT_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130  # as a shell reports Ctrl-C


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date(ctx, param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        # fromisoformat alone also takes 2027-W01-1 and 20270101
        return dt.date.fromisoformat(value) if _ISO_DATE.fullmatch(value) else _bad_date(value, param)
    except ValueError:
        return _bad_date(value, param)


def _bad_date(value: str, param) -> dt.date:
    raise click.BadParameter(f"{value!r} is not a date as YYYY-MM-DD", param=param)


class _OnceCommand(click.Command):
    """A command that refuses an option of one value given more than once
    (`--waivers a.yaml --waivers b.yaml`): click keeps the last and drops
    the others without a word, and nothing the user gives may be dropped."""

    def make_parser(self, ctx):
        parser = super().make_parser(ctx)
        parse = parser.parse_args

        def parse_args(args):
            opts, rest, order = parse(args)
            if any(isinstance(p, click.Option) and p.is_eager for p in order):
                return opts, rest, order  # --help (and --version) win, as for any other mistake
            given = Counter(p for p in order if isinstance(p, click.Option) and not (p.multiple or p.count or p.is_flag))
            for option, times in given.items():
                if times > 1:
                    name = max(option.opts, key=len)
                    raise click.UsageError(f"{name} is given {'twice' if times == 2 else f'{times} times'}; it takes "
                                           "one value", ctx)
            return opts, rest, order

        parser.parse_args = parse_args
        return parser


class _Cli(click.Group):
    command_class = _OnceCommand
    group_class = type  # subgroups (`rules`) are made the same way


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="readiness")
def cli() -> None:
    """Readiness gates for Intune rollouts: checks a rollout plan against the
    Intune planning guidance and decides GO / GO-WITH-RISKS / NO-GO per phase."""


def _assessment_options(f):
    """Options `check` and `diff` share."""
    for decorator in reversed([
        click.option("--rules", "rule_dirs", multiple=True, type=click.Path(), metavar="DIR",
                     help="A rule pack directory to add to the built-in rules (repeatable; same ID replaces)."),
        click.option("--lang", type=click.Choice(["en", "sv"]), default=None,
                     help="Report language [default: from organization.locale, else en]."),
        click.option("--as-of", "as_of", callback=_date, metavar="DATE",
                     help="Assess as of this date (YYYY-MM-DD) [default: today]."),
        click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
                     help="Override a named threshold (see `readiness rules settings`; repeatable)."),
        click.option("--waivers", "waivers_file", type=click.Path(), metavar="FILE",
                     help="Waivers (YAML or JSON list) in addition to the plan's own."),
    ]):
        f = decorator(f)
    return f


@cli.command()
@click.argument("plans", nargs=-1, required=True, type=click.Path(dir_okay=True), metavar="PLAN...")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Report format.")
@click.option("--output", "-o", metavar="PATH",
              help="Write the report to this file (atomically; never onto a file the check reads) and print "
                   "a summary line. A path ending in '/' is a directory, and a pattern such as "
                   "'reports/{stem}.html' names each report after its plan file (its stem); either directory is "
                   "made if missing. With several plans: a directory (one <stem>.<ext> each) or a {stem} pattern.")
@click.option("--gate", "gates", multiple=True, metavar="PHASE",
              help="Report and decide only this phase's gate (repeatable).")
@_assessment_options
@click.option("--fail-on", type=click.Choice(["blocker", "major"]), default="blocker", show_default=True,
              help="Exit 1 on a NO-GO gate (blocker), or also on any major finding (major).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="With several plans: how many to check at once [default: CPUs].")
@click.option("--engine", type=click.Choice(["durable", "reference"]), default="durable", hidden=True,
              help="Rule engine: durable_rules, or the plain-Python reference interpreter (for cross-checks).")
def check(plans, fmt, output, gates, rule_dirs, lang, as_of, assignments, waivers_file, fail_on, jobs, engine):
    """Check each PLAN (JSON or YAML) and print or write its readiness report.

    With several plans each is checked in its own process, one report each,
    then one summary line per plan; the exit code is the worst of them."""
    as_of = as_of or dt.date.today()
    if len(plans) > 1:
        from .batch import check_many
        from .rulebook import load_pack

        # Options all plans share are checked once here, not once per plan.
        _waivers(waivers_file, load_pack(tuple(rule_dirs)))
        _settings(assignments)

        sys.exit(check_many(plans, fmt=fmt, output=output, gates=gates, rule_dirs=rule_dirs, lang=lang,
                            as_of=as_of, assignments=assignments, waivers_file=waivers_file, fail_on=fail_on,
                            jobs=jobs))
    from .assess import Options, assess, exit_code
    from .loader import load_plan
    from .render import EXTENSIONS, LOCATING, render
    from .rulebook import load_pack

    plan = plans[0]
    target = None
    if output is not None:
        from .output import inputs_of, target_for

        target = target_for(output, plan, EXTENSIONS[fmt], several=False,
                            inputs=inputs_of(waivers_file, rule_dirs))
    with _no_cycle_collection():
        loaded = load_plan(plan)
        pack = load_pack(tuple(rule_dirs))
        options = Options(as_of=as_of, lang=lang, settings=_settings(assignments), gates=tuple(gates),
                          waivers=_waivers(waivers_file, pack), locate=fmt in LOCATING, engine=engine)
        report = assess(loaded, pack, options)
    if _one_shot:
        _kept.append((loaded, report))  # see run()
    content = render(report, fmt)
    if target is None:
        from .output import print_report

        print_report(content, fmt)
    else:
        from .output import make_directory, names_a_directory, write_atomic
        from .render.common import summary_line

        if names_a_directory(output):  # made only now: an input error leaves nothing behind
            make_directory(target.parent)
        write_atomic(target, content)
        say(summary_line(report, plan))
    sys.exit(exit_code(report, fail_on))


@cli.command()
@click.argument("old", type=click.Path(dir_okay=True))
@click.argument("new", type=click.Path(dir_okay=True))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table",
              show_default=True, help="Output format.")
@click.option("--output", "-o", metavar="FILE", help="Write the comparison to this file (atomically).")
@_assessment_options
def diff(old, new, fmt, output, rule_dirs, lang, as_of, assignments, waivers_file):
    """Compare two versions of a plan: findings resolved, findings new, and
    how each gate's decision changed. Both are assessed with the same
    options, in NEW's language unless --lang says otherwise. Exit 0 unless
    the input is unusable."""
    from .assess import Options, assess, plan_language
    from .diff import diff_reports
    from .loader import load_plan
    from .render.diff import render_diff
    from .rulebook import load_pack

    target = None
    if output is not None:
        from .output import file_target, inputs_of

        target = file_target(output, [old, new], inputs_of(waivers_file, rule_dirs))
    problems = []  # both plans' problems at once
    for path in (old, new):
        try:
            problems.append(load_plan(path))
        except PlanErrors as errors:
            problems.append(errors)
    if any(isinstance(p, PlanErrors) for p in problems):
        raise PlanErrors([e for p in problems if isinstance(p, PlanErrors) for e in p.errors])
    old_plan, new_plan = problems
    pack = load_pack(tuple(rule_dirs))
    options = Options(as_of=as_of or dt.date.today(), lang=lang or plan_language(new_plan),
                      settings=_settings(assignments), waivers=_waivers(waivers_file, pack))
    content = render_diff(diff_reports(assess(old_plan, pack, options), assess(new_plan, pack, options)), fmt)
    if target is not None:
        from .output import write_atomic

        write_atomic(target, content)
    else:
        from .output import print_report

        print_report(content, fmt)


@cli.command()
@click.argument("plan", type=click.Path(dir_okay=True))
def validate(plan):
    """Check only that PLAN is a valid plan (format v1, references resolved)."""
    from .loader import load_plan

    with _no_cycle_collection():
        loaded = load_plan(plan)
    p = loaded.plan
    counts = [(len(p.phases), "phase", "phases"), (len(p.groups), "group", "groups"),
              (len(p.people or []), "person", "people"),
              (len(p.communications or []), "communication", "communications")]
    say(f"{printable(plan)}: valid plan for {printable(p.organization.name)}: "
        + ", ".join(f"{n:,} {one if n == 1 else many}" for n, one, many in counts))


@cli.command()
def schema():
    """Print the plan format's JSON Schema (for editors and validators)."""
    need_stdout()
    import json

    from .schema import Plan

    # pydantic writes draft 2020-12; saying so lets editors and validators pick it.
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **Plan.model_json_schema()}
    say(json.dumps(schema, indent=2, ensure_ascii=False), utf8=True)


@cli.group()
def rules():
    """The rules: list them, read one, see how the guidance is covered."""


_rules_option = click.option("--rules", "rule_dirs", multiple=True, type=click.Path(), metavar="DIR",
                             help="Also load this rule pack directory (repeatable).")
_lang_option = click.option("--lang", type=click.Choice(["en", "sv"]), default="en", show_default=True)


@rules.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_rules_option
@_lang_option
def rules_list(fmt, rule_dirs, lang):
    """Every rule: ID, title, severity, gate and the guidance it encodes."""
    need_stdout()
    import json

    from .rulebook import load_pack
    from .ruledocs import rule_rows

    rows = rule_rows(load_pack(tuple(rule_dirs)), lang)
    if fmt == "json":
        say(json.dumps(rows, indent=2, ensure_ascii=False), utf8=True)
        return
    from tabulate import tabulate

    from .i18n import GATE_SCOPES, severity_name, text

    say(tabulate([[r["id"], severity_name(r["severity"], lang), GATE_SCOPES[r["gate"]].get(lang, r["gate"]),
                   ",".join(r["guidance"]), r["title"]] for r in rows],
                 headers=text("list_headers", lang).split("|"), tablefmt="simple",
                 maxcolwidths=[None, None, None, 14, 34]))


@rules.command("show")
@click.argument("rule_id")
@_rules_option
@_lang_option
def rules_show(rule_id, rule_dirs, lang):
    """What RULE_ID checks, why, the guidance it quotes, an example and the fix."""
    need_stdout()
    import difflib

    from .rulebook import load_pack
    from .ruledocs import show

    pack = load_pack(tuple(rule_dirs))
    rule = pack.rules.get(rule_id) or pack.rules.get(rule_id.upper())
    if rule is None:
        hint = difflib.get_close_matches(rule_id.upper(), pack.rules, n=1)
        raise InputError("rules show", f"no rule {rule_id!r}" + (f"; did you mean {hint[0]!r}?" if hint else
                                                                  " (see `readiness rules list`)"))
    say(show(rule, lang), nl=False)


@rules.command("coverage")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_rules_option
@_lang_option
def rules_coverage(fmt, rule_dirs, lang):
    """Each guidance catalogue ID: the rules that encode it, or its manual check."""
    need_stdout()
    import json

    from .rulebook import load_pack
    from .ruledocs import coverage

    data = coverage(load_pack(tuple(rule_dirs)), lang)
    if fmt == "json":
        say(json.dumps(data, indent=2, ensure_ascii=False), utf8=True)
    else:
        from tabulate import tabulate

        from .i18n import text

        status = dict(zip(("encoded", "manual", "missing"), text("coverage_status", lang).split("|")))
        rows = [[e["id"], status[e["status"]], ", ".join(e["rules"]) or e["manual_check"] or "-"]
                for e in data["catalogue"]]
        say(tabulate(rows, headers=text("coverage_headers", lang).split("|"), tablefmt="simple",
                     maxcolwidths=[None, None, 58]))
        say("\n" + text("coverage_summary", lang).format(**data["summary"]))
    if data["summary"]["missing"]:
        sys.exit(1)


@rules.command("settings")
def rules_settings():
    """The named thresholds rules use, with defaults (override: plan `settings:` or --set)."""
    need_stdout()
    from tabulate import tabulate

    from .settings import SETTINGS

    say(tabulate([[s.name, f"{s.default:g}", s.doc] for s in SETTINGS.values()],
                        headers=["setting", "default", "meaning"], tablefmt="simple", maxcolwidths=[None, None, 50]))


@rules.command("facts")
def rules_facts():
    """The facts rule conditions can read: each kind and its fields."""
    need_stdout()
    from .facts import FACT_KINDS

    for kind in FACT_KINDS.values():
        say(f"{kind.name}: {kind.doc}")
        for name, (ftype, doc) in kind.fields.items():
            say(f"  {name} ({ftype}): {doc}")
        say()


@cli.command("test-rules")
@click.argument("pack_dir", required=False, type=click.Path())
def test_rules(pack_dir):
    """Run a rule pack's Gherkin scenarios and report per rule.

    PACK_DIR holds rule files (*.yaml) and scenarios (*.feature, in it or
    below it); its rules are added to the built-in ones. Without PACK_DIR,
    the built-in pack and its scenarios are tested. Exit 1 if a scenario
    fails or a rule of the pack has no scenario where it fires and one where
    it stays silent."""
    from pathlib import Path

    from tabulate import tabulate

    from .bdd.runner import per_rule, run_features
    from .rulebook import builtin_scenarios_dir, load_pack

    if pack_dir == "":
        raise InputError("PACK_DIR", "is empty; give a rule pack directory, or none for the built-in pack")

    if pack_dir is None:
        pack = load_pack()
        scenarios_dir, rule_dirs, own = builtin_scenarios_dir(), (), pack.rules
    else:
        pack = load_pack((pack_dir,))
        scenarios_dir, rule_dirs = Path(pack_dir), (pack_dir,)
        own = {k: r for k, r in pack.rules.items() if r.origin == pack_dir}
    results = run_features(scenarios_dir, rule_dirs=rule_dirs)
    if not results:
        raise InputError(str(scenarios_dir), "contains no scenarios (*.feature)")
    for result in results:
        if not result.passed:
            say(f"FAILED {result.feature}:{result.line}: {result.name}\n  {result.message}")
    reports = per_rule(results, own)
    say(tabulate([[r.rule, r.scenarios, r.fires_in, r.silent_in, r.failed, r.status] for r in reports],
                        headers=["rule", "scenarios", "fires in", "silent in", "failed", "status"],
                        tablefmt="simple"))
    failed = sum(not r.passed for r in results)
    unpinned = [r.rule for r in reports if r.status == "unpinned"]
    say(f"\n{len(results) - failed} passed, {failed} failed"
               + (f"; rules without a firing and a silent scenario: {', '.join(unpinned)}" if unpinned else ""))
    sys.exit(1 if failed or unpinned else 0)


@contextmanager
def _no_cycle_collection():
    """Pause Python's cyclic garbage collector for one command. A large plan
    is millions of small objects that live until the command ends; the
    collector would walk them again and again (a third of the time of a
    100,000-person check) and find nothing: a plan, its models and its facts
    hold no reference cycles. Restored afterwards: tests run many commands
    in one process."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _settings(assignments: tuple[str, ...]) -> dict[str, float]:
    from .settings import SettingError, parse_assignment, resolve_settings

    values: dict[str, float] = {}
    given: dict[str, str] = {}
    for assignment in assignments:
        try:
            name, value = parse_assignment(assignment)
            resolve_settings({name: value})
        except SettingError as error:
            raise InputError("--set", str(error)) from None
        if name in given:  # the last would win, the first dropped without a word
            raise InputError("--set", f"{name} is set twice ({given[name]!r} and {assignment!r}); set it once")
        values[name], given[name] = value, assignment
    return values


def _waivers(path: str | None, pack):
    """Waivers from a file: a list, or a mapping with `waivers:`; each for a
    rule of `pack`."""
    if path is None:
        return ()
    from .loader import validated
    from .model import WaiverFile
    from .source import read_document

    document = read_document(path, what="waivers")
    bare = not isinstance(document.data, dict)
    if bare:  # a bare list: places are found as if under `waivers:`, shown without it
        document = _UnderWaivers(document)
    try:
        waivers = tuple(validated(document, WaiverFile).waivers)
    except PlanErrors as errors:
        for problem in errors.errors:
            if bare:
                problem.path = problem.path.removeprefix("waivers") or "(document)"
        raise
    from .assess import waiver_problems

    # A waiver for a rule that does not exist is a typo; a second one for a target, dead weight.
    problems = waiver_problems(document.file, waivers, pack, document.locate, "" if bare else "waivers")
    if problems:  # each on its line, as for the waivers in a plan
        raise PlanErrors(problems)
    return waivers


class _UnderWaivers:
    """A waivers file that is a bare list, seen as `{waivers: [...]}`."""

    def __init__(self, document):
        self.file = document.file
        self.data = {"waivers": document.data}
        self._document = document

    def locate(self, tokens):
        return self._document.locate(list(tokens)[1:])


def main(argv: list[str] | None = None) -> int:
    """Entry point: turns every expected failure into one line and an exit code.
    The lines go through `say`: a standard error that cannot take them (full,
    closed) must not change the exit code."""

    try:
        cli.main(args=argv, prog_name="readiness", standalone_mode=False)
    except SystemExit as done:
        return int(done.code or 0)
    except PlanErrors as errors:
        for error in errors.errors:
            say(str(error), err=True)
        return EXIT_INPUT
    except InputError as error:
        say(str(error), err=True)
        return EXIT_INPUT
    except click.exceptions.Abort:  # Ctrl-C
        say("readiness: interrupted", err=True)
        return EXIT_INTERRUPTED
    except click.UsageError as error:
        command = error.ctx.command_path if error.ctx else "readiness"
        say(f"{command}: {error.format_message()} (see '{command} --help')", err=True)
        return EXIT_INPUT
    except click.ClickException as error:
        say(f"readiness: {error.format_message()}", err=True)
        return error.exit_code
    except BrokenPipeError:
        return 0
    except OSError as error:  # the system refused a file or a write (a name too long, a full disk)
        place = printable(os.fsdecode(error.filename)) if error.filename else "standard output"
        with contextlib.suppress(ValueError):
            say(f"{place}: {error.strerror or error}", err=True)
        return EXIT_INPUT
    except Exception as error:  # a bug, not bad input
        if os.environ.get("READINESS_DEBUG"):
            raise
        say(f"readiness: internal error: {type(error).__name__}: {error} "
                   "(set READINESS_DEBUG=1 for details, and please report it)", err=True)
        return EXIT_INTERNAL
    return 0


# Set by run(): this process ends with the command, so what the command built
# is kept (not freed object by object) until the process exits.
_one_shot = False
_kept: list = []


def run() -> None:
    """The `readiness` command and `python -m readiness`: one command, then
    the process ends. The cyclic collector stays off throughout (see
    _no_cycle_collection; with it back on, its first pass would walk every
    object the plan left behind), and the process ends with os._exit once
    the output is flushed: freeing a large plan object by object costs
    0.06 s at 100,000 people and 0.4 s at a million, for memory the
    operating system takes back at once. Tests call main(), which does
    neither."""
    global _one_shot
    _one_shot = True
    gc.disable()
    # SIGTERM ends the command as an exception would: a report being written
    # is removed (output.write_atomic), and a batch stops its children.
    signal.signal(signal.SIGTERM, _terminated)
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and (stream.encoding or "").lower().replace("-", "") != "utf8":
            with contextlib.suppress(AttributeError, ValueError):  # latin-1 output: \u2039, not a crash
                stream.reconfigure(errors="backslashreplace")
    code = main()
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # started with the stream closed (`>&-`)
            continue
        try:
            stream.flush()
        except BrokenPipeError:  # the reader stopped early: the decision stands
            pass
        except (OSError, ValueError):  # a full disk or closed stream: the output is lost
            if stream is sys.stdout and code in (0, 1):
                code = EXIT_INPUT
    os._exit(code)


def _terminated(signum, frame) -> None:
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    run()
