"""The audit report in Markdown: summary by severity and by shape, then each finding with what to change."""
from typing import TYPE_CHECKING

from ..i18n import Translator
from .summary import by_severity, by_shape, citation, compact, focus_title, labels, severity_label, \
    shape_set_title, shape_sets_text, verdict

if TYPE_CHECKING:
    from ..validation import ValidationResult


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell or list item: no pipes, no line breaks, and no raw HTML (a label
    such as ``<script>`` from a user's file stays text; CommonMark renders the entities back as ``<``, ``&``)."""
    text = " ".join(str(text).split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|")


def render_markdown(result: "ValidationResult", t: Translator) -> str:
    """An audit report an auditor can file."""
    word = labels(t)
    lines = ["# " + word["title"], "", f"**{word['result']}** {verdict(result, t)}  ",
             f"**{word['shape_sets']}** {shape_sets_text(result, t)}", ""]
    lines += [f"> {word['note']} {_cell(note)}" for note in result.notes] + ([""] if result.notes else [])
    lines += [f"## {word['summary']}", "", f"| {word['severity']} | {word['findings']} |", "|---|---:|"]
    lines += [f"| {severity_label(level, t)} | {count} |" for level, count in by_severity(result)]
    lines += ["", f"| {word['shape']} | {word['shape_set']} | {word['severity']} | {word['findings']} |",
              "|---|---|---|---:|"]
    lines += [f"| `{compact(iri)}` | {shape_set_title(name, t)} | {severity_label(level, t)} | {count} |"
              for iri, name, level, count in by_shape(result)]
    lines += ["", f"## {word['findings']}", ""]
    if not result.findings:
        lines += [word["no_findings"], ""]
    for number, finding in enumerate(result.findings, start=1):
        lines += [f"### {number}. {severity_label(finding.severity, t)}: {_cell(focus_title(finding))}", "",
                  f"- **{word['finding']}** {_cell(finding.message)}"]
        if finding.value and finding.value != finding.focus_node:
            lines.append(f"- **{word['value']}** {_cell(compact(finding.value))}")
        lines.append(f"- **{word['legal_basis']}** {_cell(citation(finding, t)) or '—'}")
        lines.append(f"- **{word['remedy']}** {_cell(finding.remedy or '—')}")
        path = f" · {word['path']} `{compact(finding.path)}`" if finding.path else ""
        lines += [f"- **{word['shape_label']}** `{compact(finding.shape)}` ({finding.shape_set}){path}", ""]
    return "\n".join(lines)
