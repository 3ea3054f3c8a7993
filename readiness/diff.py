"""Comparing two reports of a plan (`readiness diff OLD NEW`).

Findings are matched by rule and subject (the plan path they are about):
one in OLD only is resolved, one in NEW only is new, one in both whose
severity, gate, outcome, waiver or evidence (what it found: a result now
measured, a count) changed is changed. Gates are matched by
phase id and each decision change is classed better, worse or the same
(GO < GO-WITH-RISKS < NO-GO). Both reports must be in one language (the CLI
assesses both with the same options).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .report import DECISION_RANK, Finding, Report


@dataclass
class GateChange:
    phase: str
    name: str
    old: Optional[str]  # None: the gate is new
    new: Optional[str]  # None: the gate is gone

    @property
    def change(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        difference = DECISION_RANK[self.new] - DECISION_RANK[self.old]
        return "better" if difference < 0 else "worse" if difference > 0 else "same"

    def to_dict(self) -> dict:
        return {"phase": self.phase, "name": self.name, "old": self.old, "new": self.new, "change": self.change}


@dataclass
class ReportDiff:
    old: Report
    new: Report
    gates: list[GateChange]
    resolved: list[Finding]
    added: list[Finding]
    changed: list[tuple[Finding, Finding]]  # (old, new)
    unchanged: int
    lang: str = field(default="en")

    def to_dict(self) -> dict:
        return {
            "old": {"plan": self.old.plan, "decision": self.old.summary["decision"]},
            "new": {"plan": self.new.plan, "decision": self.new.summary["decision"]},
            "gates": [g.to_dict() for g in self.gates],
            "resolved": [f.to_dict() for f in self.resolved],
            "new_findings": [f.to_dict() for f in self.added],
            "changed": [{"old": o.to_dict(), "new": n.to_dict(), "fields": _changed_fields(o, n)}
                        for o, n in self.changed],
            "summary": {"resolved": len(self.resolved), "new": len(self.added), "changed": len(self.changed),
                        "unchanged": self.unchanged, "old_decision": self.old.summary["decision"],
                        "new_decision": self.new.summary["decision"],
                        "gates_better": sum(g.change == "better" for g in self.gates),
                        "gates_worse": sum(g.change == "worse" for g in self.gates)},
        }


_COMPARED = ("severity", "gate", "outcome", "waived", "evidence")


def _changed_fields(old: Finding, new: Finding) -> list[str]:
    return [name for name in _COMPARED if getattr(old, name) != getattr(new, name)]


def diff_reports(old: Report, new: Report) -> ReportDiff:
    old_by_key = _by_key(old.findings)
    new_by_key = _by_key(new.findings)
    resolved = [f for key, f in old_by_key.items() if key not in new_by_key]
    added = [f for key, f in new_by_key.items() if key not in old_by_key]
    changed = []
    unchanged = 0
    for key, f in new_by_key.items():
        if key in old_by_key:
            if _changed_fields(old_by_key[key], f):
                changed.append((old_by_key[key], f))
            else:
                unchanged += 1

    gates = []
    old_gates = {g.phase: g for g in old.gates}
    new_phases = {g.phase for g in new.gates}
    for g in new.gates:
        before = old_gates.get(g.phase)
        gates.append(GateChange(g.phase, g.name, before.decision if before else None, g.decision))
    gates += [GateChange(g.phase, g.name, g.decision, None) for g in old.gates if g.phase not in new_phases]
    return ReportDiff(old=old, new=new, gates=gates, resolved=resolved, added=added, changed=changed,
                      unchanged=unchanged, lang=new.lang)


def _by_key(findings: list[Finding]) -> dict[tuple, Finding]:
    """Findings by (rule, subject); a rule that reports one subject on two
    gates keeps them apart by a running number, in report order."""
    out: dict[tuple, Finding] = {}
    for f in findings:
        n = 0
        while (f.rule, f.subject, n) in out:
            n += 1
        out[(f.rule, f.subject, n)] = f
    return out
