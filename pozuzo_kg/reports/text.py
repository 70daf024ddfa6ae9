"""Plain-text reports: ``human`` (findings grouped by focus node) and ``table``."""
from itertools import groupby
from typing import TYPE_CHECKING

from ..output import format_table
from .summary import citation, compact, focus_title, severity_label, verdict

if TYPE_CHECKING:
    from ..validation import ValidationResult


def render_human(result: "ValidationResult") -> str:
    """Findings grouped by focus node, each with its Spanish message, citation and remedy; then a summary."""
    lines: list[str] = []
    ordered = sorted(result.findings, key=lambda f: (f.focus_node, f.sort_key()))
    for _, group in groupby(ordered, key=lambda f: f.focus_node):
        findings = list(group)
        lines.append(focus_title(findings[0]))
        for finding in findings:
            lines.append(f"  [{severity_label(finding.severity)}] {finding.message}")
            if finding.value and finding.value != finding.focus_node:
                lines.append(f"      valor: {compact(finding.value)}")
            if citation(finding):
                lines.append(f"      base legal: {citation(finding)}")
            if finding.remedy:
                lines.append(f"      qué cambiar: {finding.remedy}")
            lines.append(f"      forma: {compact(finding.shape)} ({finding.shape_set})")
        lines.append("")
    counts = f"{len(result.violations)} infracción(es), {len(result.warnings)} advertencia(s)"
    lines.append(f"{verdict(result)} {counts}; formas: {', '.join(result.shape_sets)}.")
    lines.extend(f"Nota: {note}" for note in result.notes)
    return "\n".join(lines) + "\n"


def render_table(result: "ValidationResult") -> str:
    """One row per finding: severity, shape set, shape, focus node, path, message."""
    headers = ["Severidad", "Conjunto", "Forma", "Nodo", "Ruta", "Mensaje"]
    rows = [[severity_label(f.severity), f.shape_set, compact(f.shape), compact(f.focus_node), compact(f.path),
             f.message] for f in result.findings]
    return format_table(headers, rows)
