"""The step library: every step in English and Swedish.

Rule authors write only `.feature` files. This module is a pytest plugin
(`pytest_plugins = ["readiness.bdd.steps"]`) that binds each step to
pytest-bdd, and `STEPS` is the same library for the in-process runner.

    Given the example plan                      Givet exempelplanen
    Given the plan file "plans/x.yaml"          Givet planfilen "plans/x.yaml"
    Given the plan has:  (YAML doc string)      Givet att planen har:
    Given the plan has no "communications[kickoff]"
                                                Givet att planen saknar "communications[kickoff]"
    Given "phases[prod-3].start" is 2027-10-20  Givet att "phases[prod-3].start" är 2027-10-20
    Given these people:  (a table)              Givet dessa personer:
    Given "p4" takes part in "pilot-limited"    Givet att "p4" deltar i "pilot-limited"
    When the plan is checked                    När planen kontrolleras
    When the plan is checked as of 2027-08-10   När planen kontrolleras per 2027-08-10
    When the plan is checked with pilot_min_departments set to 2
                                                När planen kontrolleras med pilot_min_departments satt till 2
    Then the gate "prod-1" is NO-GO             Så är grinden "prod-1" NO-GO
    Then rule "PILOT-NO-VIP" fires on gate "pilot-limited"
                                                Så slår regeln "PILOT-NO-VIP" till på grinden "pilot-limited"
    Then rule "X" fires on gate "g" about "phases[g].participants[p4]"
                                                Så slår regeln "X" till på grinden "g" för "..."
    Then rule "X" does not fire                 Så slår regeln "X" inte till
    Then rule "X" cannot assess                 Så kan regeln "X" inte bedömas
    Then no finding cites "PIL-4"               Så hänvisar ingen avvikelse till "PIL-4"
    Then the plan is rejected with "names no group"
                                                Så avvisas planen med "names no group"
    Then a manual check asks about "GOAL-4"     Så finns en manuell kontroll för "GOAL-4"

("Givet att ..." and "Givet ..." both work in Swedish.)
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from parse import with_pattern
from pytest_bdd import given, parsers, then, when

from .context import ScenarioContext, StepFailed

_BINDERS = {"given": given, "when": when, "then": then}


@with_pattern(r'[^"]+')
def _quoted(text: str) -> str:
    return text


# {x:q} matches inside double quotes only, so a longer step is never taken
# for a shorter one with a quote swallowed into an argument.
_TYPES = {"q": _quoted}


@dataclass(frozen=True)
class StepDef:
    type: str
    pattern: str
    func: Callable
    parser: parsers.parse

    def call(self, context: ScenarioContext, text: str, docstring: str | None, datatable) -> bool:
        if not self.parser.is_matching(text):
            return False
        parsed = self.parser.parse_arguments(text) or {}
        params = inspect.signature(self.func).parameters
        kwargs = dict(parsed)
        if "docstring" in params:
            kwargs["docstring"] = docstring or ""
        if "datatable" in params:
            kwargs["datatable"] = datatable or []
        self.func(context, **kwargs)
        return True


STEPS: list[StepDef] = []


def step(kind: str, *patterns: str):
    """Register a step under each pattern, for pytest-bdd and for the runner."""
    def decorate(func):
        for pattern in patterns:
            parser = parsers.parse(pattern, extra_types=_TYPES)
            STEPS.append(StepDef(kind, pattern, func, parser))
            _BINDERS[kind](parser, stacklevel=2)(func)
        return func
    return decorate


@pytest.fixture
def readiness_context(request) -> ScenarioContext:
    options = request.config
    rule_dirs = tuple(options.getoption("readiness_rules", default=None) or ())
    skip = frozenset(options.getoption("readiness_skip_rule", default=None) or ())
    # Plan files named by a scenario are relative to its .feature file.
    scenario = getattr(request.function, "__scenario__", None)
    base = Path(scenario.feature.filename).parent if scenario is not None else request.path.parent
    return ScenarioContext(base_dir=base, rule_dirs=rule_dirs, skip_rules=skip)


def pytest_addoption(parser) -> None:
    group = parser.getgroup("readiness")
    group.addoption("--readiness-rules", dest="readiness_rules", action="append", metavar="DIR",
                    help="rule pack directory added to the built-in rules for scenarios")
    group.addoption("--readiness-skip-rule", dest="readiness_skip_rule", action="append", metavar="ID",
                    help="leave this rule out of the pack (to prove a scenario notices it)")


# -- given -----------------------------------------------------------------------

@step("given", "the example plan", "exempelplanen")
def _example(readiness_context):
    readiness_context.start_from_example()


@step("given", 'the plan file "{name:q}"', 'planfilen "{name:q}"')
def _plan_file(readiness_context, name):
    readiness_context.start_from_file(name)


@step("given", "the plan has:", "planen har:", "att planen har:")
def _plan_has(readiness_context, docstring):
    readiness_context.merge(docstring)


@step("given", 'the plan has no "{path:q}"', 'planen saknar "{path:q}"', 'att planen saknar "{path:q}"')
def _plan_has_no(readiness_context, path):
    readiness_context.remove(path)


@step("given", '"{path:q}" is {value}', '"{path:q}" är {value}', 'att "{path:q}" är {value}')
def _set(readiness_context, path, value):
    readiness_context.set(path, value)


@step("given", "these people:", "dessa personer:", "följande personer:")
def _people(readiness_context, datatable):
    readiness_context.people(datatable)


@step("given", '"{person:q}" takes part in "{phase:q}"', '"{person:q}" deltar i "{phase:q}"',
      'att "{person:q}" deltar i "{phase:q}"')
def _participates(readiness_context, person, phase):
    readiness_context.participate(person, phase)


# -- when ------------------------------------------------------------------------

@step("when", "the plan is checked", "planen kontrolleras")
def _check(readiness_context):
    readiness_context.check()


@step("when", "the plan is checked as of {date}", "planen kontrolleras per {date}")
def _check_as_of(readiness_context, date):
    readiness_context.check(as_of=date)


@step("when", "the plan is checked with {name} set to {value:g}",
      "planen kontrolleras med {name} satt till {value:g}")
def _check_with(readiness_context, name, value):
    readiness_context.check(settings={name: int(value) if float(value).is_integer() else value})


_LANGUAGES = {"english": "en", "swedish": "sv", "engelska": "en", "svenska": "sv", "en": "en", "sv": "sv"}


@step("when", "the plan is checked in {lang:w}", "planen kontrolleras på {lang:w}")
def _check_in(readiness_context, lang):
    if lang.lower() not in _LANGUAGES:  # an unknown one was checked in the plan's own language
        raise StepFailed(f"unknown language {lang!r}; the report speaks English or Swedish "
                         "(english, swedish, engelska, svenska)")
    readiness_context.check(lang=_LANGUAGES[lang.lower()])


# -- then ------------------------------------------------------------------------

@step("then", 'the gate "{phase:q}" is {decision}', 'är grinden "{phase:q}" {decision}',
      'grinden "{phase:q}" är {decision}')
def _gate(readiness_context, phase, decision):
    readiness_context.expect_decision(phase, decision)


@step("then", 'rule "{rule:q}" fires on gate "{phase:q}" about "{subject:q}"',
      'slår regeln "{rule:q}" till på grinden "{phase:q}" för "{subject:q}"',
      'regeln "{rule:q}" slår till på grinden "{phase:q}" för "{subject:q}"')
def _fires_about(readiness_context, rule, phase, subject):
    readiness_context.expect_fires(rule, phase, subject)


@step("then", 'rule "{rule:q}" fires on gate "{phase:q}"', 'slår regeln "{rule:q}" till på grinden "{phase:q}"',
      'regeln "{rule:q}" slår till på grinden "{phase:q}"')
def _fires(readiness_context, rule, phase):
    readiness_context.expect_fires(rule, phase)


@step("then", 'rule "{rule:q}" fires {count:d} times', 'slår regeln "{rule:q}" till {count:d} gånger',
      'regeln "{rule:q}" slår till {count:d} gånger')
def _fires_times(readiness_context, rule, count):
    readiness_context.expect_count(rule, count)


@step("then", 'rule "{rule:q}" fires once', 'slår regeln "{rule:q}" till en gång', 'regeln "{rule:q}" slår till en gång')
def _fires_once(readiness_context, rule):
    readiness_context.expect_count(rule, 1)


@step("then", 'rule "{rule:q}" does not fire', 'slår regeln "{rule:q}" inte till', 'regeln "{rule:q}" slår inte till')
def _silent(readiness_context, rule):
    readiness_context.expect_silent(rule)


@step("then", 'rule "{rule:q}" cannot assess', 'kan regeln "{rule:q}" inte bedömas',
      'regeln "{rule:q}" kan inte bedömas')
def _cannot(readiness_context, rule):
    readiness_context.expect_cannot_assess(rule)


@step("then", 'no finding cites "{guidance:q}"', 'hänvisar ingen avvikelse till "{guidance:q}"',
      'ingen avvikelse hänvisar till "{guidance:q}"')
def _no_guidance(readiness_context, guidance):
    readiness_context.expect_no_guidance(guidance)


@step("then", 'the plan is rejected with "{text:q}"', 'avvisas planen med "{text:q}"', 'planen avvisas med "{text:q}"')
def _rejected(readiness_context, text):
    readiness_context.expect_rejected(text)


@step("then", 'a manual check asks about "{guidance:q}"', 'finns en manuell kontroll för "{guidance:q}"')
def _manual(readiness_context, guidance):
    readiness_context.expect_manual_check(guidance)
