"""The command line: thin commands over the library.

Exit codes: 0 every selected gate is GO or GO-WITH-RISKS, 1 a selected gate
is NO-GO (or, with --fail-on major, a major finding stands), 2 the input is
unusable (one located line per problem on stderr, never a traceback),
3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from contextlib import contextmanager

import click

from . import __version__
from .errors import InputError, PlanErrors

EXIT_INPUT = 2
EXIT_INTERNAL = 3


def _date(ctx, param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else _bad_date(value, param)
    except ValueError:
        return _bad_date(value, param)


def _bad_date(value: str, param) -> dt.date:
    raise click.BadParameter(f"{value!r} is not a date as YYYY-MM-DD", param=param)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="readiness")
def cli() -> None:
    """Readiness gates for Intune rollouts: checks a rollout plan against the
    Intune planning guidance and decides GO / GO-WITH-RISKS / NO-GO per phase."""


@cli.command()
@click.argument("plan", type=click.Path(dir_okay=True))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Report format.")
@click.option("--gate", "gates", multiple=True, metavar="PHASE",
              help="Report and decide only this phase's gate (repeatable).")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(), metavar="DIR",
              help="A rule pack directory to add to the built-in rules (repeatable; same ID replaces).")
@click.option("--lang", type=click.Choice(["en", "sv"]), default=None,
              help="Report language [default: from organization.locale, else en].")
@click.option("--as-of", "as_of", callback=_date, metavar="DATE",
              help="Assess as of this date (YYYY-MM-DD) [default: today].")
@click.option("--fail-on", type=click.Choice(["blocker", "major"]), default="blocker", show_default=True,
              help="Exit 1 on a NO-GO gate (blocker), or also on any major finding (major).")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
              help="Override a named threshold (see `readiness rules settings`; repeatable).")
@click.option("--waivers", "waivers_file", type=click.Path(), metavar="FILE",
              help="Waivers (YAML or JSON list) in addition to the plan's own.")
@click.option("--engine", type=click.Choice(["durable", "reference"]), default="durable", hidden=True,
              help="Rule engine: durable_rules, or the plain-Python reference interpreter (for cross-checks).")
def check(plan, fmt, gates, rule_dirs, lang, as_of, fail_on, assignments, waivers_file, engine):
    """Check PLAN (JSON or YAML) and print its readiness report."""
    from .assess import Options, assess, exit_code
    from .loader import load_plan
    from .render import render
    from .rulebook import load_pack

    with _no_cycle_collection():
        loaded = load_plan(plan)
        pack = load_pack(tuple(rule_dirs))
        options = Options(as_of=as_of or dt.date.today(), lang=lang, settings=_settings(assignments),
                          gates=tuple(gates), waivers=_waivers(waivers_file), engine=engine)
        report = assess(loaded, pack, options)
    click.echo(render(report, fmt), nl=False)
    sys.exit(exit_code(report, fail_on))


@cli.command()
@click.argument("plan", type=click.Path(dir_okay=True))
def validate(plan):
    """Check only that PLAN is a valid plan (format v1, references resolved)."""
    from .loader import load_plan

    with _no_cycle_collection():
        loaded = load_plan(plan)
    p = loaded.plan
    click.echo(f"{plan}: valid plan for {p.organization.name}: {len(p.phases)} phases, {len(p.groups)} groups, "
               f"{len(p.people or [])} people, {len(p.communications or [])} communications")


@cli.command()
def schema():
    """Print the plan format's JSON Schema (for editors and validators)."""
    import json

    from .model import Plan

    click.echo(json.dumps(Plan.model_json_schema(), indent=2, ensure_ascii=False))


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

    values = {}
    for assignment in assignments:
        try:
            name, value = parse_assignment(assignment)
            resolve_settings({name: value})
        except SettingError as error:
            raise InputError("--set", str(error)) from None
        values[name] = value
    return values


def _waivers(path: str | None):
    if path is None:
        return ()
    from pydantic import TypeAdapter, ValidationError

    from .loader import display_path
    from .model import Waiver
    from .source import read_document

    document = read_document(path, what="waivers")
    data = document.data.get("waivers") if isinstance(document.data, dict) else document.data
    try:
        return tuple(TypeAdapter(list[Waiver]).validate_python(data))
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        tokens = list(first["loc"])
        if isinstance(document.data, dict):
            tokens = ["waivers"] + tokens
        where = document.locate(tokens)
        raise InputError(path, first["msg"], path=display_path(document.data, tokens),
                         line=where[0] if where else None, column=where[1] if where else None) from None


def main(argv: list[str] | None = None) -> int:
    """Entry point: turns every expected failure into one line and an exit code."""

    try:
        cli.main(args=argv, prog_name="readiness", standalone_mode=False)
    except SystemExit as done:
        return int(done.code or 0)
    except PlanErrors as errors:
        for error in errors.errors:
            click.echo(str(error), err=True)
        return EXIT_INPUT
    except InputError as error:
        click.echo(str(error), err=True)
        return EXIT_INPUT
    except click.exceptions.Abort:
        click.echo("readiness: aborted", err=True)
        return EXIT_INPUT
    except click.UsageError as error:
        command = error.ctx.command_path if error.ctx else "readiness"
        click.echo(f"{command}: {error.format_message()} (see '{command} --help')", err=True)
        return EXIT_INPUT
    except click.ClickException as error:
        click.echo(f"readiness: {error.format_message()}", err=True)
        return error.exit_code
    except BrokenPipeError:
        return 0
    except Exception as error:  # a bug, not bad input
        if os.environ.get("READINESS_DEBUG"):
            raise
        click.echo(f"readiness: internal error: {type(error).__name__}: {error} "
                   "(set READINESS_DEBUG=1 for details, and please report it)", err=True)
        return EXIT_INTERNAL
    return 0


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
