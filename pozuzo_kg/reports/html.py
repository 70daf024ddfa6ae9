"""The audit report as one self-contained HTML page (inline style, no remote asset, every value escaped)."""
from html import escape
from typing import TYPE_CHECKING

from ..i18n import Translator, language_of
from .summary import by_severity, by_shape, citation, compact, focus_title, labels, severity_label, \
    shape_set_title, shape_sets_text, verdict

if TYPE_CHECKING:
    from ..validation import Finding, ValidationResult

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; color: #1b1b1b; }
table { border-collapse: collapse; margin: 1rem 0; } th, td { border: 1px solid #bbb; padding: .3rem .6rem;
text-align: left; vertical-align: top; }
code, table.findings td { overflow-wrap: anywhere; } table.findings { width: 100%; table-layout: fixed; }
table.findings th:nth-child(1) { width: 2.5rem; } table.findings th:nth-child(2) { width: 7.5rem; }
table.findings th:nth-child(5) { width: 10%; } table.findings th:nth-child(7) { width: 15%; } td.n { text-align: right; } code { font-size: .9em; }
.Violation { color: #a00000; font-weight: bold; } .Warning { color: #8a5a00; font-weight: bold; }
"""


def _row(*cells: str, numeric_last: bool = False) -> str:
    tds = [f"<td>{cell}</td>" for cell in cells]
    if numeric_last:
        tds[-1] = tds[-1].replace("<td>", '<td class="n">', 1)
    return "<tr>" + "".join(tds) + "</tr>"


def _value(finding: "Finding", word: dict[str, str]) -> str:
    """The offending value under the message (as the Markdown report gives it), unless it is the focus node."""
    if not finding.value or finding.value == finding.focus_node:
        return ""
    return f"<br><small>{escape(word['value'])} <code>{escape(compact(finding.value))}</code></small>"


def _path(finding: "Finding", word: dict[str, str]) -> str:
    """The path the shape checked, under the shape's name."""
    return f"<br><small>{escape(word['path'])} <code>{escape(compact(finding.path))}</code></small>" if finding.path \
        else ""


def _headings(*names: str) -> str:
    return "".join(f"<th>{escape(name)}</th>" for name in names)


def render_html(result: "ValidationResult", t: Translator) -> str:
    """An audit report an auditor can file or print."""
    e, word = escape, labels(t)
    severity_rows = [_row(e(severity_label(s, t)), str(n), numeric_last=True) for s, n in by_severity(result)]
    shape_rows = [_row(f"<code>{e(compact(shape))}</code>", e(shape_set_title(shape_set, t)),
                       e(severity_label(severity, t)), str(n), numeric_last=True)
                  for shape, shape_set, severity, n in by_shape(result)]
    finding_rows = [_row(str(i), f'<span class="{e(f.severity)}">{e(severity_label(f.severity, t))}</span>',
                         e(focus_title(f)), e(f.message) + _value(f, word), e(citation(f, t)) or "—",
                         e(f.remedy or "—"), f"<code>{e(compact(f.shape))}</code> ({e(f.shape_set)})" + _path(f, word))
                    for i, f in enumerate(result.findings, start=1)]
    notes = "".join(f"<p><em>{e(word['note'])} {e(note)}</em></p>" for note in result.notes)
    finding_headings = _headings(word["severity"], word["node"], word["finding_heading"], word["legal_basis_heading"],
                                 word["remedy_heading"], word["shape"])
    return f"""<!DOCTYPE html>
<html lang="{language_of(t)}">
<head>
<meta charset="utf-8">
<title>{e(word['title'])}</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>{e(word['title'])}</h1>
<p><strong>{e(word['result'])}</strong> {e(verdict(result, t))}<br>
<strong>{e(word['shape_sets'])}</strong> {e(shape_sets_text(result, t))}</p>
{notes}<h2>{e(word['summary'])}</h2>
<table><thead><tr>{_headings(word["severity"], word["findings"])}</tr></thead>
<tbody>{''.join(severity_rows)}</tbody></table>
<table><thead><tr>{_headings(word["shape"], word["shape_set"], word["severity"], word["findings"])}</tr></thead>
<tbody>{''.join(shape_rows)}</tbody></table>
<h2>{e(word['findings'])}</h2>
<table class="findings"><thead><tr><th>#</th>{finding_headings}</tr></thead>
<tbody>{''.join(finding_rows)}</tbody></table>
</body>
</html>
"""
