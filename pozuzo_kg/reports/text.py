"""Plain-text reports: ``human`` (findings grouped by focus node) and ``table``."""
from itertools import groupby
from typing import TYPE_CHECKING

from ..i18n import Translator
from ..output import format_table
from .summary import citation, compact, counts_text, focus_title, severity_label, shape_set_title, shape_sets_text, \
    verdict

if TYPE_CHECKING:
    from ..validation import ValidationResult


def render_human(result: "ValidationResult", t: Translator) -> str:
    """Findings grouped by focus node, each with its message, citation and remedy; then a summary."""
    lines: list[str] = []
    ordered = sorted(result.findings, key=lambda f: (f.focus_node, f.sort_key()))
    for _node, group in groupby(ordered, key=lambda f: f.focus_node):
        findings = list(group)
        lines.append(focus_title(findings[0]))
        for finding in findings:
            lines.append(f"  [{severity_label(finding.severity, t)}] {finding.message}")
            if finding.value and finding.value != finding.focus_node:
                lines.append("      " + t.gettext("value: {value}").format(value=compact(finding.value)))
            if citation(finding, t):
                lines.append("      " + t.gettext("legal basis: {citation}").format(citation=citation(finding, t)))
            if finding.remedy:
                lines.append("      " + t.gettext("what to change: {remedy}").format(remedy=finding.remedy))
            lines.append("      " + t.gettext("shape: {shape} ({shape_set})").format(
                shape=compact(finding.shape), shape_set=finding.shape_set))
        lines.append("")
    lines.append(t.gettext("{verdict} {counts}; shape sets: {shape_sets}.").format(
        verdict=verdict(result, t), counts=counts_text(result, t), shape_sets=shape_sets_text(result, t)))
    note = t.gettext("Note:")
    lines.extend(f"{note} {text}" for text in result.notes)
    return "\n".join(lines) + "\n"


def render_table(result: "ValidationResult", t: Translator) -> str:
    """One row per finding: severity, shape set, shape, focus node, path, message."""
    headers = [t.gettext("Severity"), t.gettext("Shape set"), t.gettext("Shape"), t.gettext("Node"),
               t.gettext("Path"), t.gettext("Message")]
    rows = [[severity_label(f.severity, t), shape_set_title(f.shape_set, t), compact(f.shape), compact(f.focus_node),
             compact(f.path), f.message] for f in result.findings]
    return format_table(headers, rows)
