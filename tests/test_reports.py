"""Report renderers: each format from one small ValidationResult with awkward text (pipes, markup, quotes)."""
import json
from dataclasses import asdict, replace
from html.parser import HTMLParser

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from pozuzo_kg.errors import UsageError
from pozuzo_kg.i18n import published_translator, translations
from pozuzo_kg.reports import FORMATS, render
from pozuzo_kg.reports.summary import citation
from pozuzo_kg.validation import SHAPES, Finding, ValidationResult

UNIT = "https://w3id.org/pozuzo-kg/id/190305/unidad/x"
REPORT = """@prefix sh: <http://www.w3.org/ns/shacl#> .
[] a sh:ValidationReport ; sh:conforms false ; sh:result [ a sh:ValidationResult ;
    sh:focusNode <https://w3id.org/pozuzo-kg/id/190305/unidad/x> ; sh:resultSeverity sh:Violation ;
    sh:sourceShape <https://w3id.org/pozuzo-kg/shapes#A> ] ."""


@pytest.fixture
def result() -> ValidationResult:
    violation = Finding(focus_node=UNIT, focus_label="Unidad <X> & «Y»", severity="Violation", shape=f"{SHAPES}A",
                        shape_set="structure", path="http://www.w3.org/ns/org#unitOf", value=None,
                        message="Falta | org:unitOf <script>alert(1)</script>", legal_basis="Ley 27972, art. 4",
                        rule_status="confirmada", remedy="Añadir \"org:unitOf\".")
    warning = Finding(focus_node="http://example.org/z", focus_label=None, severity="Warning", shape=f"{SHAPES}B",
                      shape_set="quality", path=None, value="http://example.org/v", message="Advertencia",
                      legal_basis=None, rule_status=None, remedy=None)
    report = tuple(ox.parse(REPORT, format=ox.RdfFormat.TURTLE))
    return ValidationResult(findings=(violation, warning), report_graph=tuple(q.triple for q in report),
                            shape_sets=("quality", "structure"), conforms=False, notes=("una nota",))


def test_formats_and_unknown_format(result):
    assert FORMATS == ("human", "table", "turtle", "json", "markdown", "html")
    with pytest.raises(UsageError, match="^formato de informe desconocido 'pdf'; elija entre human, table, turtle, json, markdown, html$"):
        render(result, "pdf")


def test_human_groups_by_focus_node(result):
    lines = render(result, "human").splitlines()
    assert lines[:6] == [
        "http://example.org/z", "  [Advertencia] Advertencia", "      valor: http://example.org/v",
        "      forma: pzsh:B (quality)", "", "Unidad <X> & «Y» (unidad:x)"]
    assert "      base legal: Ley 27972, art. 4 (regla confirmada)" in lines
    assert lines[-2:] == ["No conforme: 1 infracción. 1 infracción, 1 advertencia; conjuntos de formas: calidad (quality),"
                          " estructura (structure).", "Nota: una nota"]


def test_human_in_english(result, english):
    lines = render(result, "human").splitlines()
    assert lines[:4] == ["http://example.org/z", "  [Warning] Advertencia", "      value: http://example.org/v",
                         "      shape: pzsh:B (quality)"]
    assert "      legal basis: Ley 27972, art. 4 (rule confirmed)" in lines
    assert lines[-2:] == ["Does not conform: 1 violation. 1 violation, 1 warning; shape sets: quality (quality),"
                          " structure (structure).", "Note: una nota"]


def test_the_translator_given_wins_over_the_locale(result, english):
    """The bundle renders its report with the Spanish translator, whatever the locale."""
    assert render(result, "markdown", published_translator()).startswith("# Informe de validación de pozuzo-kg\n")
    assert render(result, "markdown").startswith("# pozuzo-kg validation report\n")
    assert render(result, "html", translations("es")).startswith('<!DOCTYPE html>\n<html lang="es">')
    assert render(result, "html").startswith('<!DOCTYPE html>\n<html lang="en">')


def test_table(result):
    lines = render(result, "table").splitlines()
    assert lines[0].split() == ["Severidad", "Conjunto", "Forma", "Nodo", "Ruta", "Mensaje"]
    assert lines[2].split()[:6] == ["Infracción", "estructura", "(structure)", "pzsh:A", "unidad:x", "org:unitOf"]


def test_json_round_trips(result):
    document = json.loads(render(result, "json"))
    assert document["findings"] == [asdict(f) for f in result.findings]
    assert document["counts"] == {"Violation": 1, "Warning": 1, "Info": 0}
    assert (document["conforms"], document["passed"], document["notes"]) == (False, False, ["una nota"])
    assert document["passed_strict"] is False
    assert list(document) == ["conforms", "passed", "passed_strict", "shape_sets", "notes", "counts", "findings"]


def test_turtle_is_the_report_graph(result):
    text = render(result, "turtle")
    expected = rdflib.Graph().parse(data=REPORT, format="turtle")
    assert isomorphic(rdflib.Graph().parse(data=text, format="turtle"), expected)
    prefixes = [line for line in text.splitlines() if line.startswith("@prefix ")]
    assert prefixes == sorted(prefixes) and "@prefix sh: <http://www.w3.org/ns/shacl#> ." in prefixes
    assert text == render(result, "turtle")


def test_markdown_has_summary_tables_and_escaped_cells(result):
    text = render(result, "markdown")
    assert "| Severidad | Hallazgos |\n|---|---:|\n| Infracción | 1 |\n| Advertencia | 1 |\n| Información | 0 |" in text
    assert "| `pzsh:A` | estructura (structure) | Infracción | 1 |" in text
    assert "- **Hallazgo:** Falta \\| org:unitOf &lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script>" not in text and "Unidad &lt;X&gt; &amp; «Y» (unidad:x)" in text  # no raw HTML from the data
    assert "- **Qué cambiar:** Añadir \"org:unitOf\"." in text and "> Nota: una nota" in text


class _Checker(HTMLParser):
    """Records open/close balance, remote references and script elements."""

    VOID = {"meta", "br"}

    def __init__(self):
        super().__init__()
        self.stack, self.remote, self.scripts, self.text = [], [], 0, []

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"
        self.remote += [v for k, v in attrs if k in ("src", "href") and v and "//" in v]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack.pop() == tag

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained_and_escaped(result):
    page = render(result, "html")
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.stack == [] and checker.remote == [] and checker.scripts == 0
    text = "".join(checker.text)
    assert "Falta | org:unitOf <script>alert(1)</script>" in text and "Unidad <X> & «Y» (unidad:x)" in text
    assert "&lt;script&gt;" in page and "Ley 27972, art. 4 (regla confirmada)" in text
    # like the Markdown report: the offending value and the path the shape checked
    assert "Valor: http://example.org/v" in text and "ruta org:unitOf" in text
    # long IRIs and blank node ids wrap inside a page-wide findings table instead of pushing it off the page
    assert '<table class="findings">' in page and "table.findings { width: 100%; table-layout: fixed; }" in page
    assert "code, table.findings td { overflow-wrap: anywhere; }" in page


@pytest.mark.parametrize("basis, status, expected", [
    ("Ley 27972, art. 29", "confirmada", "Ley 27972, art. 29 (regla confirmada)"),
    ("Ley 27972, art. 7 (véanse arts. 98 a 105)", "por confirmar",
     "Ley 27972, art. 7 (véanse arts. 98 a 105; regla por confirmar)"),
    ("D.S. 054-2018-PCM (Lineamientos de Organización del Estado)", "por confirmar",
     "D.S. 054-2018-PCM (Lineamientos de Organización del Estado; regla por confirmar)"),
    ("CPOV-AP 2.1.2, clase Public Organisation", None, "CPOV-AP 2.1.2, clase Public Organisation"),
    (None, None, ""),
])
def test_citation_never_puts_two_parentheses_side_by_side(result, basis, status, expected):
    finding = replace(result.findings[0], legal_basis=basis, rule_status=status)
    assert citation(finding, published_translator()) == expected
    assert f"- **Base legal:** {expected or '—'}" in render(replace(result, findings=(finding,)), "markdown")
