"""The JSON report: the contract pipelines rely on (docs/report-format.md)."""

from __future__ import annotations

from ..report import Report
from .common import json_text


def render(report: Report) -> str:
    return json_text(report.to_dict())
