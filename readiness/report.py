"""The report model: one structure that every output format renders.

`Report.to_dict()` is the JSON contract of docs/report-format.md; keys may be
added, never renamed. Ordering is part of the contract: gates in rollout
order; findings by gate order, then severity, then rule, then subject.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Optional

SEVERITY_ORDER = {"blocker": 0, "major": 1, "minor": 2, "info": 3}
DECISION_RANK = {"GO": 0, "GO-WITH-RISKS": 1, "NO-GO": 2}


@dataclass
class Finding:
    rule: str
    title: str
    guidance: list[str]
    severity: str
    gate: str
    subject: str
    message: str
    remediation: str
    evidence: dict[str, Any]
    outcome: str = "finding"  # or "cannot-assess": the plan lacks what the rule needs
    waived: bool = False
    waiver: Optional[dict] = None
    # Where in the plan file, filled only when a format asks for it (Options.locate):
    # {"path": plan path, "line": int, "column": int}; line and column when known.
    location: Optional[dict] = None
    plan_tokens: Optional[tuple] = field(default=None, repr=False, compare=False)  # for locating
    # It concerns the whole plan (a `gate: start` rule, or a rule the plan
    # lacks the sections for): it also weighs on every later gate.
    whole_plan: bool = field(default=False, repr=False, compare=False)

    def to_dict(self) -> dict:
        data = {"rule": self.rule, "title": self.title, "guidance": self.guidance, "severity": self.severity,
                "gate": self.gate, "subject": self.subject, "message": self.message,
                "remediation": self.remediation, "evidence": self.evidence, "outcome": self.outcome,
                "waived": self.waived}
        if self.waiver:
            data["waiver"] = self.waiver
        if self.location:
            data["location"] = self.location
        return data


@dataclass
class Gate:
    phase: str
    name: str
    kind: str
    start: str
    end: str
    decision: str
    counts: dict[str, int]
    # Unwaived whole-plan findings of the first gate that also weigh here: by
    # severity, and cannot_assess.
    carried: dict[str, int]
    completed: bool = False

    def to_dict(self) -> dict:
        return {"phase": self.phase, "name": self.name, "kind": self.kind, "start": self.start, "end": self.end,
                "decision": self.decision, "counts": self.counts, "carried": self.carried,
                "completed": self.completed}


@dataclass
class Report:
    tool: dict[str, str]
    plan: dict[str, Any]
    lang: str
    gates: list[Gate]
    findings: list[Finding]
    manual_checks: list[dict]
    waivers: dict[str, list[dict]]  # "expired" and "unused"
    summary: dict[str, Any]
    settings: dict[str, float] = field(default_factory=dict)
    # What the renderers need besides the findings (docs/report-format.md):
    # the rules evaluated, with their help text and the gates they can weigh on;
    rules: list[dict] = field(default_factory=list)
    # the guidance catalogue entries that findings and manual checks cite;
    guidance: dict[str, dict] = field(default_factory=dict)
    # and the plan's schedule (readiness.timeline), for pictures of the rollout.
    timeline: dict[str, Any] = field(default_factory=dict)
    _by_gate: Any = field(default=None, init=False, repr=False, compare=False)  # see findings_on

    def to_dict(self) -> dict:
        data = {"tool": self.tool, "plan": self.plan, "lang": self.lang,
                "gates": [g.to_dict() for g in self.gates],
                "findings": [f.to_dict() for f in self.findings],
                "manual_checks": self.manual_checks, "waivers": self.waivers,
                "settings": self.settings, "summary": self.summary}
        if self.rules:
            data["rules"] = self.rules
        if self.guidance:
            data["guidance"] = self.guidance
        if self.timeline:
            data["timeline"] = self.timeline
        return data

    def gate(self, phase: str) -> Optional[Gate]:
        return next((g for g in self.gates if g.phase == phase), None)

    def findings_on(self, phase: str) -> list[Finding]:
        """The findings that weigh on a gate of this report: its own, and when
        --gate left the first gate out, the whole-plan findings carried from
        it (shown nowhere else, they would leave a NO-GO unexplained)."""
        # Indexed once: renderers ask for every gate, and plans have thousands.
        if self._by_gate is None or self._by_gate[:2] != (id(self.findings), len(self.findings)):
            by_gate: dict[str, list[Finding]] = {}
            for finding in self.findings:
                by_gate.setdefault(finding.gate, []).append(finding)
            shown = {g.phase for g in self.gates}
            carried = [f for gate, found in by_gate.items() if gate not in shown for f in found]
            self._by_gate = (id(self.findings), len(self.findings), by_gate, carried)
        return self._by_gate[3] + self._by_gate[2].get(phase, [])


def sort_findings(findings: list[Finding], gate_index: dict[str, int]) -> None:
    """Sort in place: by gate, severity and rule, then in plan order (where
    the finding's fact is in the plan: pilot-limited before pilot-expanded,
    prod-2 before prod-10, participants as a phase lists them), then by subject
    and message, then by evidence where all of those tie (one plan path can
    stand for several facts, e.g. a training covering several phases), so
    the order never depends on the order in which the engine fired. The
    evidence is serialised only for findings that tie."""
    findings.sort(key=lambda f: (gate_index[f.gate], SEVERITY_ORDER[f.severity], f.rule, _plan_order(f.plan_tokens),
                                 f.subject, f.message))
    start = 0
    while start < len(findings):
        end = start + 1
        first = findings[start]
        while end < len(findings) and _same_place(findings[end], first):
            end += 1
        if end - start > 1:
            findings[start:end] = sorted(findings[start:end],
                                         key=lambda f: json.dumps(f.evidence, sort_keys=True, ensure_ascii=False))
        start = end


def _plan_order(tokens: tuple | None) -> tuple:
    """Plan paths as comparable keys: list indexes in plan order (numbers),
    keys by name; where an index meets a key, the index comes first."""
    return tuple((0, t, "") if isinstance(t, int) else (1, 0, t) for t in tokens or ())


def _same_place(a: Finding, b: Finding) -> bool:
    return ((a.gate, a.severity, a.rule, a.plan_tokens, a.subject, a.message)
            == (b.gate, b.severity, b.rule, b.plan_tokens, b.subject, b.message))


def worst(decisions) -> str:
    return max(decisions, key=DECISION_RANK.__getitem__, default="GO")
