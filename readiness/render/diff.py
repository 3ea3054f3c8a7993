"""`readiness diff` output: table (terminal), JSON and Markdown."""

from __future__ import annotations

from ..diff import ReportDiff
from ..i18n import agreeing, counted, text
from ..report import Finding
from .common import DECISION_ICONS, finding_label, json_text

DIFF_FORMATS = ("table", "json", "markdown")


def render_diff(diff: ReportDiff, fmt: str) -> str:
    if fmt == "json":
        return json_text(diff.to_dict())
    if fmt == "markdown":
        return _markdown(diff)
    if fmt == "table":
        return _table(diff)
    raise ValueError(f"unknown diff format {fmt!r}")


def _verdict(diff: ReportDiff) -> str:
    resolved, new, changed = len(diff.resolved), len(diff.added), len(diff.changed)
    return text("diff_verdict", diff.lang).format(
        resolved=resolved, new=new, changed=changed, old=diff.old.summary["decision"],
        after=diff.new.summary["decision"], resolved_sv=agreeing(resolved, "åtgärdad", "åtgärdade"),
        new_sv=agreeing(new, "ny", "nya"), changed_sv=agreeing(changed, "ändrad", "ändrade"))


def _label(f: Finding, lang: str) -> str:
    return finding_label(f, lang) + (f" ({text('waived', lang)})" if f.waived else "")


def _line(f: Finding, lang: str) -> str:
    return f"{_label(f, lang)} {f.rule} [{', '.join(f.guidance)}] {f.gate} · {f.subject}"


def _table(diff: ReportDiff) -> str:
    from tabulate import tabulate

    lang = diff.lang
    out = [text("diff_title", lang).format(old=diff.old.plan["file"], new=diff.new.plan["file"]), ""]
    rows = [[g.phase, g.old or "–", g.new or "–", text(f"change_{g.change}", lang)] for g in diff.gates]
    out.append(tabulate(rows, headers=[text("phase", lang), text("before", lang), text("after", lang),
                                       text("change", lang)], tablefmt="simple"))
    for key, findings in (("resolved_findings", diff.resolved), ("new_findings", diff.added)):
        out += ["", f"{text(key, lang)} ({len(findings)})"]
        out += [f"  {_line(f, lang)}" for f in findings] or [f"  {text('none_listed', lang)}"]
    if diff.changed:
        out += ["", f"{text('changed_findings', lang)} ({len(diff.changed)})"]
        for o, n in diff.changed:
            out.append(f"  {_line(o, lang)}  ->  {_line(n, lang)}")
            if o.message != n.message:  # the same finding, saying something else (a result now measured)
                out += [f"    {o.message}", f"    -> {n.message}"]
    out += ["", counted("unchanged_n", diff.unchanged, lang), _verdict(diff)]
    return "\n".join(out) + "\n"


def _markdown(diff: ReportDiff) -> str:
    from .markdown import code, md

    lang = diff.lang
    out = [f"# {md(text('diff_title', lang).format(old=diff.old.plan['file'], new=diff.new.plan['file']))}", "",
           f"## {text('gate_changes', lang)}", "",
           f"| {text('phase', lang)} | {text('before', lang)} | {text('after', lang)} | {text('change', lang)} |",
           "|---|---|---|---|"]
    for g in diff.gates:
        old = f"{DECISION_ICONS[g.old]} {g.old}" if g.old else "–"
        new = f"{DECISION_ICONS[g.new]} {g.new}" if g.new else "–"
        out.append(f"| {code(g.phase, True)} | {old} | {new} | {text(f'change_{g.change}', lang)} |")
    for key, findings in (("resolved_findings", diff.resolved), ("new_findings", diff.added)):
        out += ["", f"## {text(key, lang)} ({len(findings)})", ""]
        if not findings:
            out.append(text("none_listed", lang))
        for f in findings:
            out.append(f"- **{_label(f, lang)}** {code(f.rule)} ({code(f.gate)}, {code(f.subject)}): "
                       f"{md(f.message)}")
    if diff.changed:
        out += ["", f"## {text('changed_findings', lang)} ({len(diff.changed)})", ""]
        for o, n in diff.changed:
            out.append(f"- {code(n.rule)} ({code(n.subject)}): {_label(o, lang)} {code(o.gate)} → "
                       f"{_label(n, lang)} {code(n.gate)}")
            if o.message != n.message:
                out.append(f"  {md(o.message)} → {md(n.message)}")
    out += ["", md(counted("unchanged_n", diff.unchanged, lang)), "", md(_verdict(diff))]
    return "\n".join(out) + "\n"
