"""The org chart: SVG (own layout), DOT and Mermaid drawn from the graph; conflicts drawn apart; same bytes."""
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pozuzo_kg import load_graph
from pozuzo_kg.publish.orgchart import CONFLICT_COLOUR, build_orgchart
from conftest import select

SVG = "{http://www.w3.org/2000/svg}"
FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "orgchart" / "sintetico.ttl"
POZUZO_UNITS = ("al", "alcaldia", "concejo", "gaf", "gdss", "gidur", "gm", "gppr")


@pytest.fixture(scope="module")
def files(kg):
    return build_orgchart(kg)


@pytest.fixture(scope="module")
def svg(files):
    return ET.fromstring(files["organigrama.svg"])


@pytest.fixture(scope="module")
def synthetic():
    files = build_orgchart(load_graph([FIXTURE]))
    return files, ET.fromstring(files["organigrama.svg"])


def unit_groups(root):
    return {g.find(f"{SVG}title").text.split(". ")[0]: g for g in root.iter(f"{SVG}g") if g.get("class") == "unidad"}


def unit_name(group):
    return " ".join(t.text for t in group.findall(f"{SVG}text") if t.get("font-weight") == "bold")


def lines(root, kind):
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == f"linea {kind}"]


def rect_of(group):
    r = group.find(f"{SVG}rect")
    return tuple(float(r.get(k)) for k in ("x", "y", "width", "height"))


def test_bundle_files_are_the_svg_and_its_sources(files):
    assert sorted(files) == ["organigrama.dot", "organigrama.mmd", "organigrama.svg"]
    assert files["organigrama.svg"].startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<svg ')


def test_svg_has_a_box_with_the_spanish_name_of_every_unit(kg, svg):
    labels = {r["label"] for r in select(kg, """SELECT ?label WHERE { ?u a org:OrganizationalUnit ; skos:prefLabel ?label
                                               FILTER(lang(?label) = "es") }""")}
    groups = unit_groups(svg)
    assert len(labels) == 8 and set(groups) == labels
    assert {name: unit_name(g) for name, g in groups.items()} == {name: name for name in labels}


def test_svg_is_accessible_and_self_contained(svg, files):
    assert svg.get("viewBox") == f"0 0 {svg.get('width')} {svg.get('height')}"
    assert svg.find(f"{SVG}title").text == "Organigrama — Municipalidad Distrital de Pozuzo"
    assert svg.get("font-family") == "sans-serif"
    assert b"@import" not in files["organigrama.svg"] and b"<style" not in files["organigrama.svg"]
    assert b"http" not in files["organigrama.svg"].replace(b'xmlns="http://www.w3.org/2000/svg"', b"")
    assert all(g.find(f"{SVG}title") is not None for g in svg.iter(f"{SVG}g") if g.get("class") not in ("lineas", "unidades"))


def test_boxes_link_to_the_unit_pages(svg):
    assert sorted(a.get("href") for a in svg.iter(f"{SVG}a")) == [f"unidad/{u}.html" for u in POZUZO_UNITS]


def test_posts_are_shown_in_their_unit(svg):
    groups = unit_groups(svg)
    posts = {name: [t.text for t in g.findall(f"{SVG}text") if t.get("font-style") == "italic"] for name, g in groups.items()}
    assert posts["Alcaldía"] == ["Puesto: Alcalde"]
    assert posts["Gerencia Municipal"] == ["Puesto: gerente municipal"]
    assert sum(len(p) for p in posts.values()) == 2


def test_organ_types_have_their_own_colours_and_legend(svg):
    groups = unit_groups(svg)
    fills = {name: g.find(f"{SVG}rect").get("fill") for name, g in groups.items()}
    assert fills["Concejo Municipal"] == fills["Alcaldía"] == fills["Gerencia Municipal"]
    assert fills["Asesoría Legal"] == fills["Gerencia de Planeamiento, Presupuesto y Racionalización"]
    assert len({fills["Alcaldía"], fills["Asesoría Legal"], fills["Gerencia de Administración y Finanzas"],
                fills["Gerencia de Desarrollo Social y Servicios Públicos"]}) == 4
    captions = {name: g.findall(f"{SVG}text")[0].text for name, g in groups.items()}
    assert captions["Gerencia de Infraestructura, Desarrollo Urbano y Rural"] == "Línea"
    legend = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "leyenda")
    assert [t.text for t in legend.findall(f"{SVG}text") if t.text.startswith("Tipo")] == [
        "Tipo de órgano: Alta dirección", "Tipo de órgano: Asesoramiento", "Tipo de órgano: Apoyo",
        "Tipo de órgano: Línea"]


def test_exactly_the_two_conflicting_reporting_lines_are_drawn_apart(svg):
    conflicting = lines(svg, "en-conflicto")
    assert len(conflicting) == 2 and len(lines(svg, "arbol")) == 5 and lines(svg, "adicional") == []
    tooltips = sorted(g.find(f"{SVG}title").text for g in conflicting)
    assert tooltips[0].startswith("Gerencia Municipal depende de Alcaldía. En discrepancia entre fuentes: "
                                  "Dependencia de la Gerencia Municipal. Fuente: «Organización», línea 2. Cita: «Bajo la dirección del Alcalde")
    assert tooltips[1].startswith("Gerencia Municipal depende de Concejo Municipal. En discrepancia entre fuentes: "
                                  "Dependencia de la Gerencia Municipal. Fuente: «Gerencia Municipal», línea 2. Cita: «Depende del Concejo")
    assert sorted(g.find(f"{SVG}text").text for g in conflicting) == [
        "según «Gerencia Municipal», línea 2", "según «Organización», línea 2"]
    for group in conflicting:
        path = group.find(f"{SVG}path")
        assert (path.get("stroke"), path.get("stroke-dasharray")) == (CONFLICT_COLOUR, "8 4")
    for group in lines(svg, "arbol"):
        path = group.find(f"{SVG}path")
        assert path.get("stroke") != CONFLICT_COLOUR and path.get("stroke-dasharray") is None


def test_boxes_do_not_overlap_and_children_sit_below_parents(svg):
    rects = {name: rect_of(g) for name, g in unit_groups(svg).items()}
    names = sorted(rects)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            (ax, ay, aw, ah), (bx, by, bw, bh) = rects[a], rects[b]
            assert ax + aw <= bx or bx + bw <= ax or ay + ah <= by or by + bh <= ay, (a, b)
    assert rects["Alcaldía"][1] == rects["Concejo Municipal"][1] < rects["Gerencia Municipal"][1] < rects["Asesoría Legal"][1]


def test_dot_and_mermaid_have_every_unit_and_the_same_conflicting_lines(files):
    dot, mermaid = files["organigrama.dot"].decode(), files["organigrama.mmd"].decode()
    for unit in POZUZO_UNITS:
        assert f'  unidad_{unit} [label="' in dot and f'URL="unidad/{unit}.html"' in dot
        assert f'  unidad_{unit}["' in mermaid and f'click unidad_{unit} href "unidad/{unit}.html"' in mermaid
    assert "Gerencia de\\nInfraestructura,\\nDesarrollo Urbano y Rural" in dot
    assert "Gerencia de<br/>Infraestructura,<br/>Desarrollo Urbano y Rural" in mermaid
    conflicting_dot = [line for line in dot.splitlines() if f'color="{CONFLICT_COLOUR}"' in line and "->" in line]
    assert [line.split(" [")[0].strip() for line in conflicting_dot] == ["unidad_alcaldia -> unidad_gm", "unidad_concejo -> unidad_gm"]
    assert all('style="dashed"' in line for line in conflicting_dot)
    assert dot.count(" -> ") == 7 and mermaid.count(" --- ") == 5
    assert [line for line in mermaid.splitlines() if " -.-|" in line] == [
        '  unidad_alcaldia -.-|"según «Organización», línea 2"| unidad_gm',
        '  unidad_concejo -.-|"según «Gerencia Municipal», línea 2"| unidad_gm']
    assert mermaid.count(f"stroke:{CONFLICT_COLOUR}") == 2
    for text in ("Tipo de órgano: Alta dirección", "Tipo de órgano: Línea"):
        assert text in dot and text in mermaid


def test_two_builds_are_byte_identical(files):
    assert build_orgchart(load_graph()) == files


def test_synthetic_graph_draws_the_expected_boxes_and_lines(synthetic):
    files, svg = synthetic
    groups = unit_groups(svg)
    assert sorted(groups) == ["Consejo", "Dirección <General> & Cía", "Oficina A", "Oficina B", "Oficina C"]
    assert b"Direcci\xc3\xb3n &lt;General&gt; &amp; C\xc3\xada" in files["organigrama.svg"]
    assert "Dirección #lt;General#gt; #amp; Cía" in files["organigrama.mmd"].decode()
    assert 'label="Alta dirección\\nDirección <General> & Cía\\nPuesto: Director"' in files["organigrama.dot"].decode()
    assert svg.find(f"{SVG}title").text == "Organigrama — Ente Sintético"
    rects = {name: rect_of(g) for name, g in groups.items()}
    # Oficina B depends on Dirección and on Oficina A (no conflict): drawn under Dirección, the first alphabetically.
    assert rects["Oficina A"][1] == rects["Oficina B"][1] == rects["Oficina C"][1] > rects["Dirección <General> & Cía"][1]
    assert groups["Consejo"].find(f"{SVG}rect").get("fill") == "#ffffff"
    assert groups["Consejo"].findall(f"{SVG}text")[0].text == "Sin clasificar"
    extra, = lines(svg, "adicional")
    assert extra.find(f"{SVG}title").text == "Oficina B depende de Oficina A. Sin fuente indicada"
    conflict, = lines(svg, "en-conflicto")
    assert conflict.find(f"{SVG}title").text == ("Oficina C depende de Consejo. En discrepancia entre fuentes: "
                                                 "Dependencia de la Oficina C. Fuente: «Acta», línea 3. Cita: «Depende del Consejo»")
    tree = sorted(g.find(f"{SVG}title").text for g in lines(svg, "arbol"))
    assert tree == ["Oficina A depende de Dirección <General> & Cía. Sin fuente indicada",
                    "Oficina B depende de Dirección <General> & Cía. Sin fuente indicada",
                    "Oficina C depende de Dirección <General> & Cía. Fuente: Ley N.º 1, art. 9"]
    legend = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "leyenda")
    assert [t.text for t in legend.findall(f"{SVG}text")][1:] == [
        "Tipo de órgano: Alta dirección", "Tipo de órgano: Apoyo", "Tipo de órgano: Línea", "Dependencia",
        "Dependencia en discrepancia entre fuentes (según la fuente indicada)", "Otra dependencia de la misma unidad"]


def test_a_cycle_of_reporting_lines_still_draws_every_unit(tmp_path):
    data = tmp_path / "ciclo.ttl"
    data.write_text("""@prefix org: <http://www.w3.org/ns/org#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <https://w3id.org/pozuzo-kg/id/190305/unidad/a> a org:OrganizationalUnit ; skos:prefLabel "A"@es ;
            org:subOrganizationOf <https://w3id.org/pozuzo-kg/id/190305/unidad/b> .
        <https://w3id.org/pozuzo-kg/id/190305/unidad/b> a org:OrganizationalUnit ; skos:prefLabel "B"@es ;
            org:subOrganizationOf <https://w3id.org/pozuzo-kg/id/190305/unidad/a> .""", encoding="utf-8")
    svg = ET.fromstring(build_orgchart(load_graph([data]))["organigrama.svg"])
    assert sorted(unit_groups(svg)) == ["A", "B"]
    assert len(lines(svg, "arbol")) == 1 and len(lines(svg, "adicional")) == 1
