"""Shared helpers: start from the shipped example plan, change what a test is
about, and check it through the same entry points users have."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

pytest_plugins = ["readiness.bdd.steps"]  # the Gherkin step library for scenarios/

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "contoso-plan.json"
AS_OF = "2027-06-01"  # before the example's first phase: results are still pending


@pytest.fixture
def example() -> dict:
    return copy.deepcopy(_example())


_cache: dict = {}


def _example() -> dict:
    if "plan" not in _cache:
        _cache["plan"] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return _cache["plan"]


def phase(plan: dict, phase_id: str) -> dict:
    return next(p for p in plan["phases"] if p["id"] == phase_id)


class Runner:
    """Runs `readiness` in-process (the same `main` the console script calls)."""

    def __init__(self, tmp_path: Path, capsys):
        self.tmp_path = tmp_path
        self.capsys = capsys

    def write(self, plan: dict | str | bytes, name: str = "plan.json") -> Path:
        path = self.tmp_path / name
        if isinstance(plan, dict):
            plan = json.dumps(plan, indent=2)
        if isinstance(plan, str):
            plan = plan.encode("utf-8")
        path.write_bytes(plan)
        return path

    def run(self, *args: str) -> tuple[int, str, str]:
        from readiness.cli import main

        self.capsys.readouterr()
        code = main([str(a) for a in args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def check(self, plan: dict, *args: str) -> tuple[int, dict]:
        path = self.write(plan)
        default = () if "--as-of" in args else ("--as-of", AS_OF)  # an option given twice is refused
        code, out, err = self.run("check", path, "--format", "json", *default, *args)
        assert code in (0, 1), err
        return code, json.loads(out)


@pytest.fixture
def runner(tmp_path, capsys) -> Runner:
    return Runner(tmp_path, capsys)


def findings(report: dict, rule: str | None = None, guidance: str | None = None) -> list[dict]:
    return [f for f in report["findings"]
            if (rule is None or f["rule"] == rule) and (guidance is None or guidance in f["guidance"])]


def gate(report: dict, phase_id: str) -> dict:
    return next(g for g in report["gates"] if g["phase"] == phase_id)


def today() -> dt.date:
    return dt.date.today()


# -- slow tests: opt in with --run-slow (CI runs them once, see .ci/run) ---------

def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", default=False,
                     help="also run tests marked slow (plans with more than 100,000 facts)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
