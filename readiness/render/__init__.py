"""Renderers: one report model, many formats. Each module has
`render(report) -> str`; they are imported only when asked for, to keep
start-up fast."""

from __future__ import annotations

import importlib

from ..report import Report

FORMATS = ("table", "json")


def render(report: Report, fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    return importlib.import_module(f"{__name__}.{fmt.replace('-', '_')}").render(report)
