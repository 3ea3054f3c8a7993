"""Renderers: one report model, many formats. Each module has
`render(report) -> str`; they are imported only when asked for, to keep
start-up fast (jinja2 is imported only for HTML)."""

from __future__ import annotations

import importlib

from ..report import Report

FORMATS = ("table", "json", "markdown", "html", "junit", "sarif")
# File name extensions for reports written into a directory (`check --output DIR`).
EXTENSIONS = {"table": "txt", "json": "json", "markdown": "md", "html": "html", "junit": "xml",
              "sarif": "sarif"}
# Formats that show where in the plan file a finding stands (Options.locate).
LOCATING = frozenset({"sarif"})


def render(report: Report, fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    content = importlib.import_module(f"{__name__}.{fmt.replace('-', '_')}").render(report)
    # Text a person reads: control characters from the plan or a rule (an
    # ANSI escape, a bell, \r) are shown, not obeyed by the terminal.
    return content.translate(_VISIBLE) if fmt in ("table", "markdown", "html") else content


_VISIBLE = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)] if chr(c) not in "\n\t"}
# Line and paragraph separators, and the bidi overrides and isolates that
# make text read in another order than it is written ("Trojan Source").
_VISIBLE.update({c: f"\\u{c:04x}" for c in [0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]})
