"""The audit report in Markdown: summary by severity and by shape, then each finding with what to change."""
from typing import TYPE_CHECKING

from .summary import by_severity, by_shape, citation, compact, focus_title, severity_label, verdict

if TYPE_CHECKING:
    from ..validation import ValidationResult


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell or list item: no pipes, no line breaks, and no raw HTML (a label
    such as ``<script>`` from a user's file stays text; CommonMark renders the entities back as ``<``, ``&``)."""
    text = " ".join(str(text).split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|")


def render_markdown(result: "ValidationResult") -> str:
    """An audit report an auditor can file."""
    lines = ["# Informe de validación de pozuzo-kg", "",
             f"**Resultado:** {verdict(result)}  ", f"**Conjuntos de formas:** {', '.join(result.shape_sets)}", ""]
    lines += [f"> Nota: {_cell(note)}" for note in result.notes] + ([""] if result.notes else [])
    lines += ["## Resumen", "", "| Severidad | Hallazgos |", "|---|---:|"]
    lines += [f"| {severity_label(severity)} | {count} |" for severity, count in by_severity(result)]
    lines += ["", "| Forma | Conjunto | Severidad | Hallazgos |", "|---|---|---|---:|"]
    lines += [f"| `{compact(shape)}` | {shape_set} | {severity_label(severity)} | {count} |"
              for shape, shape_set, severity, count in by_shape(result)]
    lines += ["", "## Hallazgos", ""]
    if not result.findings:
        lines += ["Ningún hallazgo.", ""]
    for number, finding in enumerate(result.findings, start=1):
        lines += [f"### {number}. {severity_label(finding.severity)}: {_cell(focus_title(finding))}", "",
                  f"- **Hallazgo:** {_cell(finding.message)}"]
        if finding.value and finding.value != finding.focus_node:
            lines.append(f"- **Valor:** {_cell(compact(finding.value))}")
        lines.append(f"- **Base legal:** {_cell(citation(finding)) or '—'}")
        lines.append(f"- **Qué cambiar:** {_cell(finding.remedy or '—')}")
        path = f" · ruta `{compact(finding.path)}`" if finding.path else ""
        lines += [f"- **Forma:** `{compact(finding.shape)}` ({finding.shape_set}){path}", ""]
    return "\n".join(lines)
