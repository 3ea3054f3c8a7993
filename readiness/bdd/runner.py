"""Running a rule pack's scenarios in-process, reporting per rule.

Features are parsed by pytest-bdd's own parser (so keywords, languages,
Backgrounds and Scenario Outlines mean exactly what they mean under pytest),
and steps are the library in steps.py. This is what `readiness test-rules`
uses, and what the pin test uses to take each rule out in turn quickly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import InputError
from ..rulebook import pack_files
from .context import ScenarioContext, StepFailed


@dataclass
class ScenarioResult:
    feature: str  # file, relative to the scenarios directory
    name: str
    line: int
    passed: bool
    message: str = ""  # why it failed
    rules: set[str] = field(default_factory=set)  # rules its steps assert about
    fires: set[str] = field(default_factory=set)  # rules it expects to fire (or cannot-assess)
    silent: set[str] = field(default_factory=set)  # rules it expects silent
    silent_guidance: set[str] = field(default_factory=set)  # guidance ids it expects no finding to cite


def feature_files(directory: Path) -> list[Path]:
    return pack_files(directory, (".feature",), "feature", nested=True)


def run_features(directory: Path, *, rule_dirs: tuple[str, ...] = (),
                 skip_rules: frozenset[str] = frozenset(), only_rules: set[str] | None = None
                 ) -> list[ScenarioResult]:
    """Every scenario under `directory`; with `only_rules`, only scenarios
    whose steps name one of those rules (scanned before running)."""
    from .steps import STEPS

    results = []
    for path in feature_files(directory):
        feature = _read_feature(path)
        for template in feature.scenarios.values():
            # An outline whose Examples have no rows runs no scenario (as under pytest).
            contexts = ([c for examples in template.examples for c in examples.as_contexts()]
                        if template.examples else [{}])
            for context_values in contexts:
                scenario = template.render(context_values)
                if only_rules is not None and not any(
                        f'"{rule}"' in step.name for step in scenario.steps for rule in only_rules):
                    continue
                ctx = ScenarioContext(base_dir=path.parent, rule_dirs=rule_dirs, skip_rules=skip_rules)
                result = ScenarioResult(feature=str(path.relative_to(directory)), name=scenario.name,
                                        line=scenario.line_number, passed=True)
                for step in scenario.steps:
                    try:
                        matched = _run_step(ctx, step, STEPS)
                    except StepFailed as failure:
                        result.passed, result.message = False, f"line {step.line_number}: {_one_line(failure)}"
                        break
                    except Exception as error:  # a step the library cannot carry out fails its scenario
                        result.passed = False
                        result.message = f"line {step.line_number}: {type(error).__name__}: {_one_line(error)}"
                        break
                    if not matched:
                        result.passed = False
                        result.message = f"line {step.line_number}: no step matches {step.keyword} {step.name!r}"
                        break
                result.rules = set(ctx.mentioned_rules)
                result.fires = set(ctx.asserted_firing)
                result.silent = set(ctx.asserted_silent)
                result.silent_guidance = set(ctx.asserted_silent_guidance)
                results.append(result)
    return results


def _one_line(error: BaseException) -> str:
    return "; ".join(line.strip() for line in str(error).splitlines() if line.strip())


def _read_feature(path: Path):
    """The parsed feature file; a file that cannot be read or is not Gherkin
    is an input error located at its line."""
    from pytest_bdd.exceptions import GherkinParseError

    try:
        with path.open("rb") as source:
            start = source.read(3)
        if start == b"\xef\xbb\xbf":
            raise InputError(str(path), "starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM",
                             line=1, column=1)
        return _parse(path, path.stat().st_mtime_ns)
    except GherkinParseError as error:
        reason = error.message.split(". ")[0].rstrip(".")
        reason = reason[:1].lower() + reason[1:]
        got = f" ({error.line_content.strip()!r})" if error.line_content and error.line_content.strip() else ""
        raise InputError(str(path), f"invalid Gherkin: {reason}{got}", line=error.line or None) from None
    except UnicodeDecodeError as error:
        raise InputError(str(path), f"is not valid UTF-8 (byte 0x{error.object[error.start]:02x})") from None
    except OSError as error:
        raise InputError(str(path), f"cannot be read: {error.strerror or error}") from None
    except KeyError:  # pytest-bdd's parser, on a file with no Feature
        raise InputError(str(path), "has no Feature: a feature file starts with 'Feature:'", line=1) from None


@lru_cache(maxsize=256)
def _parse(path: Path, mtime: int):
    # Parsed once per file version: the pin test runs the features once per rule.
    from pytest_bdd.parser import FeatureParser

    return FeatureParser(str(path.parent), path.name).parse()


def _run_step(ctx: ScenarioContext, step, steps) -> bool:
    datatable = step.datatable.raw() if step.datatable is not None else None
    for definition in steps:
        if definition.type == step.type and definition.call(ctx, step.name, step.docstring, datatable):
            return True
    return False


@dataclass
class RuleReport:
    rule: str
    scenarios: int  # scenarios that assert about it
    failed: int
    fires_in: int  # scenarios expecting it to fire
    silent_in: int  # scenarios expecting it (or its guidance) silent

    @property
    def status(self) -> str:
        if self.failed:
            return "failing"
        if not self.fires_in or not self.silent_in:
            return "unpinned"
        return "ok"


def per_rule(results: list[ScenarioResult], rules: dict) -> list[RuleReport]:
    """For each rule of the pack: how its scenarios went. A rule needs a
    scenario where it fires and one where it stays silent."""
    out = []
    for rule_id, rule in rules.items():
        guidance = set(rule.spec.guidance)
        mine = [r for r in results if rule_id in r.rules]
        out.append(RuleReport(
            rule=rule_id, scenarios=len(mine), failed=sum(not r.passed for r in mine),
            fires_in=sum(rule_id in r.fires for r in results),
            silent_in=sum(rule_id in r.silent or bool(guidance & r.silent_guidance) for r in results)))
    return out
