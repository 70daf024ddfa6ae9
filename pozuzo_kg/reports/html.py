"""The audit report as one self-contained HTML page (inline style, no remote asset, every value escaped)."""
from html import escape
from typing import TYPE_CHECKING

from .summary import by_severity, by_shape, citation, compact, focus_title, severity_label, verdict

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


def _value(finding: "Finding") -> str:
    """The offending value under the message (as the Markdown report gives it), unless it is the focus node."""
    if not finding.value or finding.value == finding.focus_node:
        return ""
    return f"<br><small>Valor: <code>{escape(compact(finding.value))}</code></small>"


def _path(finding: "Finding") -> str:
    """The path the shape checked, under the shape's name."""
    return f"<br><small>ruta <code>{escape(compact(finding.path))}</code></small>" if finding.path else ""


def render_html(result: "ValidationResult") -> str:
    """An audit report an auditor can file or print."""
    e = escape
    severity_rows = [_row(e(severity_label(s)), str(n), numeric_last=True) for s, n in by_severity(result)]
    shape_rows = [_row(f"<code>{e(compact(shape))}</code>", e(shape_set), e(severity_label(severity)), str(n),
                       numeric_last=True) for shape, shape_set, severity, n in by_shape(result)]
    finding_rows = [_row(str(i), f'<span class="{e(f.severity)}">{e(severity_label(f.severity))}</span>',
                         e(focus_title(f)), e(f.message) + _value(f), e(citation(f)) or "—", e(f.remedy or "—"),
                         f"<code>{e(compact(f.shape))}</code> ({e(f.shape_set)})" + _path(f))
                    for i, f in enumerate(result.findings, start=1)]
    notes = "".join(f"<p><em>Nota: {e(note)}</em></p>" for note in result.notes)
    return f"""<!DOCTYPE html>
<html lang="es">
<head>
<meta charset="utf-8">
<title>Informe de validación de pozuzo-kg</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>Informe de validación de pozuzo-kg</h1>
<p><strong>Resultado:</strong> {e(verdict(result))}<br>
<strong>Conjuntos de formas:</strong> {e(', '.join(result.shape_sets))}</p>
{notes}<h2>Resumen</h2>
<table><thead><tr><th>Severidad</th><th>Hallazgos</th></tr></thead>
<tbody>{''.join(severity_rows)}</tbody></table>
<table><thead><tr><th>Forma</th><th>Conjunto</th><th>Severidad</th><th>Hallazgos</th></tr></thead>
<tbody>{''.join(shape_rows)}</tbody></table>
<h2>Hallazgos</h2>
<table class="findings"><thead><tr><th>#</th><th>Severidad</th><th>Nodo</th><th>Hallazgo</th><th>Base legal</th><th>Qué cambiar</th><th>Forma</th></tr></thead>
<tbody>{''.join(finding_rows)}</tbody></table>
</body>
</html>
"""
