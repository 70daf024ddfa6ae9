"""The bundle's HTML pages: one per resource, Spanish, relative links that resolve, nothing remote, escaped."""
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import select
from pozuzo_kg import load_graph
from pozuzo_kg.publish.model import Download
from pozuzo_kg.publish.pages import build_pages

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DOWNLOADS = (
    Download("pozuzo.ttl", "Grafo completo (Turtle)", "text/turtle", "Turtle"),
    Download("pozuzo.jsonld", "Grafo completo (JSON-LD)", "application/ld+json", "JSON-LD"),
    Download("tablas/unidades.csv", "Unidades orgánicas (CSV)", "text/csv", "CSV"),
    Download("organigrama.svg", "Organigrama (SVG)", "image/svg+xml", "SVG"),
)


class Page(HTMLParser):
    """Collects what the tests look at: links, the html lang, text, and whether the markup is balanced."""

    VOID = {"meta", "link", "br", "img", "input", "hr", "path", "rect", "line"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []
        self.lang = None
        self.stack: list[str] = []
        self.text: list[str] = []
        self.scripts = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "script":
            self.scripts += 1
        for name in ("href", "src"):
            if attrs.get(name) is not None:
                self.links.append((tag, name, attrs[name]))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag not in self.VOID:
            assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}> after {self.stack[-3:]}"
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def pages(kg):
    return build_pages(kg, DOWNLOADS)


@pytest.fixture(scope="module")
def parsed(pages):
    return {path: Page(body.decode()) for path, body in pages.items() if path.endswith(".html")}


def ids(kg, cls):
    rows = select(kg, f"SELECT ?s WHERE {{ ?s a {cls} }}")
    return sorted(r["s"].rsplit("/", 1)[1] for r in rows)


def test_exactly_one_page_per_unit_post_function_and_the_others(kg, pages):
    expected = {"index.html", "estilo.css"}
    expected |= {f"unidad/{u}.html" for u in ("al", "alcaldia", "concejo", "gaf", "gdss", "gidur", "gm", "gppr")}
    expected |= {"puesto/alcalde.html", "puesto/gerente-municipal.html"}
    expected |= {f"funcion/gm-{n:02d}.html" for n in range(1, 19)}
    expected |= {f"conflicto/{c}.html" for c in ("caracter-gm", "defensa-judicial", "denominacion-gm", "dependencia-gm")}
    expected |= {f"fuente/{s}.html" for s in ("gerencia-municipal", "organizacion")}
    expected |= {f"referencia/{s}.html" for s in ("ds-054-2018-pcm", "inei-ubigeo", "ley-27972", "pozuzo-kg")}  # shared sources
    expected |= {f"responsabilidad/{r}.html" for r in ids(kg, "pzo:Responsibility")}
    expected |= {f"instrumento/{i}.html" for i in ids(kg, "pzo:ManagementInstrument")}
    assert len(ids(kg, "pzo:Responsibility")) == 79 and len(ids(kg, "pzo:ManagementInstrument")) == 7
    assert set(pages) == expected and len(pages) == 126


def test_pages_parse_are_spanish_and_need_no_script(parsed):
    for path, page in parsed.items():
        assert page.lang == "es", path
        assert page.stack == [], path
        assert page.scripts == 0, path


def test_every_relative_link_resolves_to_a_page_or_a_download(pages, parsed):
    targets = set(pages) | {d.path for d in DOWNLOADS}
    for path, page in parsed.items():
        for tag, _attribute, value in page.links:
            assert not re.match(r"^[a-z]+:|^//|^/", value), (path, tag, value)
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), value.split("#")[0]))
            assert resolved in targets, (path, value)


def test_no_remote_asset_anywhere(pages):
    # Decision: pages contain no absolute URL in any href or src (identifiers are shown as text in <code>);
    # the only "http" in markup is the SVG namespace of the inlined org chart.
    for path, body in pages.items():
        text = body.decode()
        assert not re.search(r'(href|src)\s*=\s*"(https?:)?//', text), path
        assert "@import" not in text and "url(" not in text, path


def test_index_links_every_download_and_announces_the_rdf_ones(parsed, pages):
    index = parsed["index.html"]
    anchors = [v for tag, _, v in index.links if tag == "a"]
    assert all(d.path in anchors for d in DOWNLOADS)
    alternates = re.findall(r'<link rel="alternate" type="([^"]+)" href="([^"]+)"', pages["unidad/gm.html"].decode())
    assert alternates == [("application/ld+json", "../pozuzo.jsonld"), ("text/turtle", "../pozuzo.ttl")]
    html = pages["index.html"].decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and "<?xml" not in html
    assert [v for tag, _, v in index.links if tag == "a" and v.startswith("conflicto/")] == [
        "conflicto/caracter-gm.html", "conflicto/defensa-judicial.html", "conflicto/denominacion-gm.html",
        "conflicto/dependencia-gm.html"]
    assert "Municipalidad Distrital de Pozuzo" in html and "UBIGEO 190305" in html


def test_gerencia_municipal_page_lists_its_18_functions_in_order_both_names_and_the_conflicts(kg, pages):
    html = pages["unidad/gm.html"].decode()
    functions = re.search(r"<h2>Funciones \(18\)</h2>\n<ol>\n(.*?)</ol>", html, re.S).group(1)
    hrefs = re.findall(r'<li><a href="([^"]+)">', functions)
    assert hrefs == [f"../funcion/gm-{n:02d}.html" for n in range(1, 19)]
    labels = [r["label"] for r in select(kg, """SELECT ?label WHERE { unidad:gm pzo:hasFunction ?f . ?f pzo:order ?n ;
              skos:prefLabel ?label FILTER(lang(?label) = "es") } ORDER BY ?n""")]
    assert re.findall(r'<li><a href="[^"]+">([^<]+)</a></li>', functions) == labels
    assert "<h1>Gerencia Municipal</h1>" in html
    assert '<span lang="es">Gerencia General</span>' in html
    assert '<a href="../conflicto/dependencia-gm.html">Dependencia de la Gerencia Municipal</a>' in html
    assert '<a href="../conflicto/denominacion-gm.html">Denominación de la Gerencia Municipal</a>' in html
    assert ('<dd><a href="concejo.html">Concejo Municipal</a> <span class="nota">(en discrepancia entre fuentes; '
            "según «Gerencia Municipal», línea 2)</span></dd>") in html
    assert html.count("<p class=\"descripcion\">") == 2


def test_provenance_rows_name_source_line_and_quote(pages):
    html = pages["funcion/gm-07.html"].decode()
    row = re.search(r"<tr>\n<td>nombre</td>\n(.*?)</tr>", html, re.S).group(1)
    assert '<a href="../fuente/gerencia-municipal.html">Gerencia Municipal</a>' in row
    assert "<td>línea 11</td>" in row
    assert "<q>Supervisar el cumplimiento de los acuerdos y las ordenanzas municipales.</q>" in row
    conflict = pages["conflicto/dependencia-gm.html"].decode()
    assert conflict.count("<tr class=\"en-discrepancia\">") == 5
    assert "<td>art. 27</td>" in conflict and "<td>línea 5</td>" in conflict


def test_two_builds_are_byte_identical(pages):
    assert build_pages(load_graph(), DOWNLOADS) == pages


def test_labels_are_escaped(tmp_path):
    data = tmp_path / "malicioso.ttl"
    data.write_text("""@prefix org: <http://www.w3.org/ns/org#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <https://w3id.org/pozuzo-kg/id/190305/unidad/x> a org:OrganizationalUnit ;
            skos:prefLabel "<script>alert('x')</script> & Co"@es .
        <http://example.org/otra/Unidad%20Rara> a org:OrganizationalUnit ; skos:prefLabel "Otra"@es ;
            org:subOrganizationOf <https://w3id.org/pozuzo-kg/id/190305/unidad/x> .""", encoding="utf-8")
    pages = build_pages(load_graph([data]), ())
    html = pages["unidad/x.html"].decode()
    assert "<script>" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co" in html
    assert "<script>" not in pages["index.html"].decode()
    other = [p for p in pages if p.startswith("unidad/") and p != "unidad/x.html"]
    assert len(other) == 1 and re.fullmatch(r"unidad/unidad-20rara-[0-9a-f]{8}\.html", other[0])
    assert Page(pages["index.html"].decode()).scripts == 0
