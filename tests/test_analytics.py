"""Organizational analytics: the Pozuzo hierarchy under each reading of its conflicting line, synthetic graphs
with a known answer (cycle, orphan, wide span, reporting lines between posts), and ``pozuzo-kg analyze``."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pozuzo_kg import load_graph
from pozuzo_kg.analytics import analyze, chain_of_command, load_hierarchy, local_name, resolve_unit
from pozuzo_kg.cli import main
from pozuzo_kg.errors import UsageError
from pozuzo_kg.vocab import iri

FIXTURES = Path(__file__).parent / "fixtures" / "analytics"
EX = "http://example.org/analytics/"
UNIT = "https://w3id.org/pozuzo-kg/id/190305/unidad/"
CLAIM = "https://w3id.org/pozuzo-kg/id/190305/afirmacion/"
SOURCE = "https://w3id.org/pozuzo-kg/id/190305/fuente/"


def ids(iris) -> list[str]:
    return [local_name(i) for i in iris]


def chain_ids(hierarchy, unit: str) -> list[list[str]]:
    return [ids(path.units) for path in chain_of_command(hierarchy, resolve_unit(hierarchy, unit)).paths]


@pytest.fixture(scope="module")
def fixture_graph():
    return lambda name: load_graph([FIXTURES / name])


# ---- Pozuzo ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("claims, top", [(None, "alcaldia"), ("organizacion", "alcaldia"),
                                         ("gerencia-municipal", "concejo")])
def test_pozuzo_chain_of_command_of_gaf_follows_one_reading(kg, claims, top):
    assert chain_ids(load_hierarchy(kg, claims), "gaf") == [["gaf", "gm", top]]


def test_pozuzo_chain_of_command_with_all_claims_lists_both_paths(kg):
    hierarchy = load_hierarchy(kg, "all")
    chain = chain_of_command(hierarchy, iri("unidad", "gaf", "190305"))
    assert [ids(p.units) for p in chain.paths] == [["gaf", "gm", "alcaldia"], ["gaf", "gm", "concejo"]]
    assert [[ids(c.iri for c in e.claims) for e in p.edges] for p in chain.paths] == [
        [["gaf-depende-gm"], ["gm-depende-alcaldia"]], [["gaf-depende-gm"], ["gm-depende-concejo"]]]
    assert all(p.cycle_at is None for p in chain.paths)


def test_pozuzo_default_follows_the_first_document_line_2_as_the_law_designates_the_gerente(kg):
    """The real basis: 000 line 2 (the line followed) and Ley 27972 art. 27 (the alcalde designates the gerente);
    the gerente's reporting line is the project's reading of 002 line 21, so it corroborates nothing."""
    (decision,) = load_hierarchy(kg).decisions
    assert decision.subject == UNIT + "gm" and decision.reason == "designation"
    assert decision.conflicts == ("https://w3id.org/pozuzo-kg/id/190305/conflicto/dependencia-gm",)
    (followed,) = decision.followed
    assert followed.parent == UNIT + "alcaldia"
    (claim,) = followed.claims
    assert (claim.iri, claim.source, claim.source_id, claim.line) == (
        CLAIM + "gm-depende-alcaldia", SOURCE + "organizacion", "000_b36cf66eb0458a2d.txt", 2)
    assert [(e.parent, [(c.iri, c.source, c.line) for c in e.claims]) for e in decision.set_aside] == [
        (UNIT + "concejo", [(CLAIM + "gm-depende-concejo", SOURCE + "gerencia-municipal", 2)])]
    assert [(e.predicate, [(c.iri, c.source, c.article) for c in e.claims]) for e in decision.evidence] == [
        ("https://w3id.org/pozuzo-kg/ontologia#designatedBy", [(CLAIM + "gerente-municipal-designado-por-alcalde",
                                                                 "https://w3id.org/pozuzo-kg/id/fuente/ley-27972", "27")])]
    assert [(e.predicate, [(c.iri, c.source, c.line) for c in e.claims]) for e in decision.readings] == [
        ("http://www.w3.org/ns/org#reportsTo", [(CLAIM + "gerente-municipal-responde-ante-alcalde",
                                                 "https://w3id.org/pozuzo-kg/id/fuente/pozuzo-kg", None)])]


def test_a_reporting_line_that_is_only_a_reading_corroborates_nothing(tmp_path):
    """Two sources disagree on a unit's parent; the head's reporting line is only the project's reading: the
    default follows the first source, and says the reading was not counted."""
    path = tmp_path / "lectura.ttl"
    path.write_text(f"""@prefix org: <http://www.w3.org/ns/org#> . @prefix pzo: <https://w3id.org/pozuzo-kg/ontologia#> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix prov: <http://www.w3.org/ns/prov#> .
        @prefix dcterms: <http://purl.org/dc/terms/> . @prefix ex: <{EX}> .
        ex:a a pzo:InstitutionalDocument ; dcterms:identifier "a" . ex:b a pzo:InstitutionalDocument ; dcterms:identifier "b" .
        ex:yo a pzo:CurationSource ; dcterms:identifier "yo" .
        ex:U a org:OrganizationalUnit ; org:subOrganizationOf ex:P, ex:Q . ex:P a org:OrganizationalUnit . ex:Q a org:OrganizationalUnit .
        ex:jefe a org:Post ; org:postIn ex:U ; org:reportsTo ex:jq . ex:jq a org:Post ; org:postIn ex:Q .
        ex:c1 a pzo:Claim ; rdf:subject ex:U ; rdf:predicate org:subOrganizationOf ; rdf:object ex:P ; prov:wasDerivedFrom ex:a .
        ex:c2 a pzo:Claim ; rdf:subject ex:U ; rdf:predicate org:subOrganizationOf ; rdf:object ex:Q ; prov:wasDerivedFrom ex:b .
        ex:c3 a pzo:Claim ; rdf:subject ex:jefe ; rdf:predicate org:reportsTo ; rdf:object ex:jq ; prov:wasDerivedFrom ex:yo .
        ex:k a pzo:Conflict ; pzo:conflictingClaim ex:c1, ex:c2 .""", encoding="utf-8")
    (decision,) = load_hierarchy(load_graph([path])).decisions
    assert (decision.reason, ids(e.parent for e in decision.followed), decision.evidence) == ("first-source", ["P"], ())
    assert [ids(c.iri for c in e.claims) for e in decision.readings] == [["c3"]]
    path.write_text(path.read_text(encoding="utf-8").replace("prov:wasDerivedFrom ex:yo", "prov:wasDerivedFrom ex:b"),
                    encoding="utf-8")
    (decision,) = load_hierarchy(load_graph([path])).decisions  # stated by a source, the same line corroborates
    assert (decision.reason, ids(e.parent for e in decision.followed), decision.readings) == ("reporting-line", ["Q"], ())


@pytest.mark.parametrize("claims, followed, reason", [
    ("organizacion", ["alcaldia"], "source"), ("fuente:gerencia-municipal", ["concejo"], "source"),
    (SOURCE + "gerencia-municipal", ["concejo"], "source"), ("all", ["alcaldia", "concejo"], "all")])
def test_pozuzo_claims_choice_is_stated(kg, claims, followed, reason):
    (decision,) = load_hierarchy(kg, claims).decisions
    assert ids(e.parent for e in decision.followed) == followed and decision.reason == reason
    assert len(decision.followed) + len(decision.set_aside) == 2


def test_default_claims_named_explicitly_is_the_default_reading(kg):
    assert load_hierarchy(kg, "default") == load_hierarchy(kg) and load_hierarchy(kg).claims == "default"
    assert load_hierarchy(kg, " organizacion ").claims == SOURCE + "organizacion"


@pytest.mark.parametrize("claims", [None, "organizacion", "gerencia-municipal", "all"])
def test_pozuzo_figures(kg, claims):
    analysis = analyze(load_hierarchy(kg, claims))
    assert analysis.depth == 3 and analysis.cycles == ()
    assert [(local_name(r.iri), r.kind, ids(r.organizations)) for r in analysis.roots] == [
        ("alcaldia", "top-organ", ["mdp"]), ("concejo", "top-organ", ["mdp"])]
    units = {local_name(u.iri): u for u in analysis.units}
    assert {name: u.level for name, u in units.items()} == {
        "alcaldia": 1, "concejo": 1, "gm": 2, "al": 3, "gppr": 3, "gaf": 3, "gdss": 3, "gidur": 3}
    assert units["gm"].sub_units == 5 and units["gm"].all_sub_units == 5
    assert units["gaf"].label == "Gerencia de Administración y Finanzas"
    assert [(local_name(p.iri), ids(p.units), ids(p.reports_to), p.direct_reports) for p in analysis.posts] == [
        ("alcalde", ["alcaldia"], [], 1), ("gerente-municipal", ["gm"], ["alcalde"], 0)]


def test_pozuzo_span_and_centrality_depend_on_the_reading(kg):
    def figures(claims):
        return {local_name(u.iri): (u.sub_units, u.all_sub_units, u.betweenness, u.degree)
                for u in analyze(load_hierarchy(kg, claims)).units}

    default = figures(None)
    assert default["gm"] == (5, 5, 0.7143, 0.8571)
    assert default["alcaldia"] == (1, 6, 0.0, 0.1429) and default["concejo"] == (0, 0, 0.0, 0.0)
    assert default["gaf"] == (0, 0, 0.0, 0.1429)
    other = figures("gerencia-municipal")
    assert other["concejo"] == (1, 6, 0.0, 0.1429) and other["alcaldia"] == (0, 0, 0.0, 0.0)
    every = figures("all")
    assert every["gm"] == (5, 5, 1.0, 1.0)
    assert every["alcaldia"] == every["concejo"] == (1, 6, 0.0, 0.1429)


@pytest.mark.parametrize("name", ["gm", "unidad:gm", UNIT + "gm", f"<{UNIT}gm>", " gm ", " unidad:gm"])
def test_unit_given_as_iri_prefixed_name_or_bare_id(kg, name):
    assert resolve_unit(load_hierarchy(kg), name) == UNIT + "gm"


def test_unknown_unit_names_the_valid_units(kg):
    with pytest.raises(UsageError) as error:
        resolve_unit(load_hierarchy(kg), "gerencia")
    assert str(error.value) == "unidad desconocida 'gerencia'; unidades válidas: al, alcaldia, concejo, gaf, gdss, gidur, gm, gppr"


@pytest.mark.parametrize("claims", ["ley-27972", "nada"])
def test_claims_of_a_source_that_decides_no_conflict_names_the_valid_choices(kg, claims):
    with pytest.raises(UsageError) as error:
        load_hierarchy(kg, claims)
    assert str(error.value) == (f"--claims {claims!r} no es la fuente de ninguna línea en conflicto; "
                                "use una de: all, default, gerencia-municipal, organizacion")


def test_as_dict_is_stable_and_sorted(kg):
    first = analyze(load_hierarchy(kg), UNIT + "gaf").as_dict()
    assert first == analyze(load_hierarchy(load_graph()), UNIT + "gaf").as_dict()
    assert list(first) == sorted(first) and list(first["units"][0]) == sorted(first["units"][0])


# ---- Synthetic graphs with a known answer --------------------------------------------------------------

def test_cycle_is_reported_once_and_the_chain_stops_there(fixture_graph):
    hierarchy = load_hierarchy(fixture_graph("ciclo.ttl"))
    analysis = analyze(hierarchy, resolve_unit(hierarchy, "D"))
    assert analysis.cycles == ((EX + "A", EX + "B", EX + "C"),)
    assert analysis.roots == () and analysis.depth == 0
    assert {local_name(u.iri): u.level for u in analysis.units} == {"A": None, "B": None, "C": None, "D": None}
    (path,) = analysis.chain.paths
    assert ids(path.units) == ["D", "A", "B", "C", "A"] and path.cycle_at == EX + "A"
    assert {local_name(u.iri): (u.sub_units, u.betweenness, u.degree) for u in analysis.units} == {
        "A": (2, 0.6667, 1.0), "B": (1, 0.0, 0.6667), "C": (1, 0.0, 0.6667), "D": (0, 0.0, 0.3333)}


def test_self_loops_and_cycles_of_two_among_units_and_posts(fixture_graph):
    hierarchy = load_hierarchy(fixture_graph("bucles.ttl"))
    analysis = analyze(hierarchy, resolve_unit(hierarchy, "A"))
    assert analysis.cycles == ((EX + "A",), (EX + "C", EX + "D"))
    assert analysis.reporting_cycles == ((EX + "p",), (EX + "q", EX + "r"))
    # a unit that depends only on itself has no parent unit; it is not its own sub-unit, nor linked to itself
    assert [(local_name(r.iri), r.kind) for r in analysis.roots] == [("A", "top-organ")]
    assert {local_name(u.iri): (u.level, u.sub_units, u.all_sub_units, u.betweenness, u.degree)
            for u in analysis.units} == {
        "A": (None, 1, 1, 0.0, 0.3333), "B": (None, 0, 0, 0.0, 0.3333),
        "C": (None, 1, 1, 0.0, 0.3333), "D": (None, 1, 1, 0.0, 0.3333)}
    assert analysis.depth == 0
    # a post reporting to itself supervises no one
    assert [(local_name(p.iri), ids(p.units), ids(p.reports_to), p.direct_reports) for p in analysis.posts] == [
        ("p", ["A", "B"], ["p"], 0), ("q", ["C"], ["r"], 1), ("r", ["D"], ["q"], 1)]
    (path,) = analysis.chain.paths
    assert ids(path.units) == ["A", "A"] and path.cycle_at == EX + "A"


def line_of_units(path: Path, count: int) -> Path:
    """A file with units u0000 … u{count-1}, each depending on the previous one."""
    lines = ["@prefix org: <http://www.w3.org/ns/org#> .", f"@prefix ex: <{EX}> ."]
    lines += [f"ex:u{i:04d} a org:OrganizationalUnit" + (f" ; org:subOrganizationOf ex:u{i - 1:04d}" if i else "")
              + " ." for i in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_deep_hierarchy_levels_and_centrality_by_hand(tmp_path):
    analysis = analyze(load_hierarchy(load_graph([line_of_units(tmp_path / "linea.ttl", 50)])), EX + "u0049")
    assert analysis.depth == 50 and [u.level for u in analysis.units] == list(range(1, 51))
    units = {local_name(u.iri): u for u in analysis.units}
    # on a line of n = 50 units, the k-th (from 0) lies between k * (49 - k) pairs of the 49 * 48 / 2 = 1176
    assert (units["u0025"].betweenness, units["u0025"].degree) == (round(25 * 24 / 1176, 4), round(2 / 49, 4))
    assert (units["u0000"].betweenness, units["u0000"].degree) == (0.0, round(1 / 49, 4))
    assert (units["u0000"].sub_units, units["u0000"].all_sub_units, units["u0048"].all_sub_units) == (1, 49, 1)
    (path,) = analysis.chain.paths
    assert ids(path.units) == [f"u{i:04d}" for i in range(49, -1, -1)]


def test_chain_of_command_deeper_than_the_recursion_limit(tmp_path):
    hierarchy = load_hierarchy(load_graph([line_of_units(tmp_path / "linea.ttl", 1500)]))
    (path,) = chain_of_command(hierarchy, EX + "u1499").paths
    assert len(path.units) == 1500 and path.units[-1] == EX + "u0000" and path.cycle_at is None


def lattice(folder: Path, levels: int) -> Path:
    """Two units per level, each depending on both units above: 2 ** (levels - 1) paths up from the bottom."""
    lines = ["@prefix org: <http://www.w3.org/ns/org#> .", f"@prefix ex: <{EX}> ."]
    lines += [f"ex:n{level}{side} a org:OrganizationalUnit"
              + (f" ; org:subOrganizationOf ex:n{level - 1}a, ex:n{level - 1}b" if level else "") + " ."
              for level in range(levels) for side in "ab"]
    (folder / "reticula.ttl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "reticula.ttl"


@pytest.mark.parametrize("levels, paths, truncated", [(7, 64, False), (8, 100, True), (40, 100, True)])
def test_chain_of_command_lists_at_most_a_hundred_paths(tmp_path, levels, paths, truncated):
    chain = chain_of_command(load_hierarchy(load_graph([lattice(tmp_path, levels)])), f"{EX}n{levels - 1}a")
    assert (len(chain.paths), chain.truncated) == (paths, truncated)
    assert len(set(chain.paths)) == paths and all(len(p.units) == levels for p in chain.paths)
    assert ids(chain.paths[0].units) == [f"n{level}a" for level in range(levels - 1, -1, -1)]


def test_cli_table_says_the_chain_of_command_has_more_paths(tmp_path, capsys):
    assert main(["analyze", str(lattice(tmp_path, 8)), "--unit", "n7a"]) == 0
    out = capsys.readouterr().out
    assert f"Cadena de mando de {EX}n7a (100 rutas, las primeras; hay más)" in out.splitlines()
    assert "\nRuta 100: " in out and "\nRuta 101: " not in out


def test_orphan_is_told_apart_from_a_top_organ(fixture_graph):
    analysis = analyze(load_hierarchy(fixture_graph("huerfana.ttl")))
    assert [(local_name(r.iri), r.kind, ids(r.organizations), r.label) for r in analysis.roots] == [
        ("H", "orphan", [], "Oficina suelta"), ("R", "top-organ", ["org"], "Dirección")]
    assert analysis.depth == 2
    assert [(local_name(u.iri), u.level) for u in analysis.units] == [("H", 1), ("R", 1), ("S", 2)]


def test_wide_span_of_control(fixture_graph):
    analysis = analyze(load_hierarchy(fixture_graph("tramo-amplio.ttl")))
    top, *offices = analysis.units
    assert (local_name(top.iri), top.sub_units, top.all_sub_units, top.betweenness, top.degree) == (
        "jefatura", 12, 12, 1.0, 1.0)
    assert len(offices) == 12 and {(o.level, o.sub_units, o.degree) for o in offices} == {(2, 0, 0.0833)}
    assert analysis.depth == 2 and ids(r.iri for r in analysis.roots) == ["jefatura"]


def test_span_of_two_hundred_sub_units(tmp_path):
    lines = ["@prefix org: <http://www.w3.org/ns/org#> .", f"@prefix ex: <{EX}> .", "ex:top a org:OrganizationalUnit ."]
    lines += [f"ex:c{i:03d} a org:OrganizationalUnit ; org:subOrganizationOf ex:top ." for i in range(200)]
    (tmp_path / "ancho.ttl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    top, *children = analyze(load_hierarchy(load_graph([tmp_path / "ancho.ttl"]))).units
    assert (local_name(top.iri), top.sub_units, top.all_sub_units, top.betweenness, top.degree) == (
        "top", 200, 200, 1.0, 1.0)
    assert {(c.level, c.sub_units, c.betweenness, c.degree) for c in children} == {(2, 0, 0.0, 0.005)}


@pytest.mark.parametrize("claims, parent", [(None, "R"), ("fuente-a", "R"), ("fuente-b", "T")])
def test_inverse_properties_count_like_the_direct_ones(fixture_graph, claims, parent):
    analysis = analyze(load_hierarchy(fixture_graph("inversas.ttl"), claims))
    assert [(local_name(r.iri), r.kind, ids(r.organizations), r.label) for r in analysis.roots] == [
        ("R", "top-organ", ["org"], "Dirección"), ("T", "top-organ", ["org2"], "Tesorería")]
    assert {local_name(u.iri): (u.level, ids(u.parents)) for u in analysis.units} == {
        "R": (1, []), "T": (1, []), "S": (2, [parent])}
    assert [(local_name(p.iri), ids(p.units)) for p in analysis.posts] == [("jefe", ["R"])]
    (decision,) = analysis.decisions
    assert [[(local_name(c.iri), c.line) for c in e.claims] for e in decision.followed + decision.set_aside] == (
        [[("r-tiene-s", 1)], [("s-depende-t", 2)]] if parent == "R" else [[("s-depende-t", 2)], [("r-tiene-s", 1)]])


def test_labels_spanish_first_else_another_language(fixture_graph):
    hierarchy = load_hierarchy(fixture_graph("etiquetas.ttl"))
    assert hierarchy.labels == {
        EX + "org": "Test organization", EX + "A": "Office A", EX + "B": "Oficina B",
        EX + "C": "Oficina C sin idioma", EX + "D": "Oficina D", EX + "p": "Head of office A"}


def test_cli_table_names_units_labelled_only_in_english(capsys):
    assert main(["analyze", str(FIXTURES / "etiquetas.ttl")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Office A  órgano superior de Test organization" in lines
    assert any(line.split() == ["2", "http://example.org/analytics/E", "Office", "A", "0", "0"] for line in lines)
    assert any(line.split() == ["Head", "of", "office", "A", "Office", "A", "—", "0"] for line in lines)


def test_reporting_lines_between_posts_and_their_conflicts(fixture_graph):
    hierarchy = load_hierarchy(fixture_graph("puestos.ttl"))
    analysis = analyze(hierarchy)
    assert [(local_name(p.iri), ids(p.reports_to), p.direct_reports) for p in analysis.posts] == [
        ("analista", ["jefe"], 0), ("asistente", ["subjefe"], 0), ("jefe", [], 3), ("secretario", ["jefe"], 0),
        ("subjefe", ["jefe"], 1)]
    assert [(local_name(d.subject), d.reason, ids(e.parent for e in d.followed), ids(e.parent for e in d.set_aside))
            for d in analysis.decisions] == [
        ("analista", "first-source", ["jefe"], ["subjefe"]),
        ("archivo", "first-source", ["gerencia"], ["direccion"]),
        ("oficina", "reporting-line", ["direccion"], ["gerencia"])]
    assert [(local_name(e.child), local_name(e.parent)) for e in analysis.decisions[2].evidence] == [("analista", "jefe")]


def test_reporting_lines_following_another_source(fixture_graph):
    analysis = analyze(load_hierarchy(fixture_graph("puestos.ttl"), "fuente-b"))
    assert analysis.claims == EX + "fuente-b"
    assert [(local_name(d.subject), d.reason, ids(e.parent for e in d.followed)) for d in analysis.decisions] == [
        ("analista", "source", ["subjefe"]), ("archivo", "source", ["direccion"]), ("oficina", "source", ["direccion"])]
    assert {local_name(p.iri): p.direct_reports for p in analysis.posts} == {
        "analista": 0, "asistente": 0, "jefe": 2, "secretario": 0, "subjefe": 2}
    assert [(e.line, e.article) for d in analysis.decisions for e in d.followed[0].claims] == [
        (4, None), (8, None), (None, "9")]


# ---- pozuzo-kg analyze ---------------------------------------------------------------------------------

def test_cli_table_states_the_followed_claim_and_spanish_labels(capsys):
    assert main(["analyze", "--unit", "gaf"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Análisis organizacional"
    assert lines[2].startswith("Criterio en líneas en conflicto: predeterminado")
    assert any(line.split() == ["Niveles", "jerárquicos", "3"] for line in lines)
    assert any(line.split() == ["Gerencia", "Municipal", "depende", "de", "Alcaldía", "afirmacion:gm-depende-alcaldia",
                                "fuente:organizacion", "línea", "2", "seguida"] for line in lines)
    assert any(line.split() == ["Gerencia", "Municipal", "depende", "de", "Concejo", "Municipal",
                                "afirmacion:gm-depende-concejo", "fuente:gerencia-municipal", "línea", "2",
                                "descartada"] for line in lines)
    assert ("Para seguir otra lectura: --claims gerencia-municipal, --claims organizacion, --claims all." in lines)
    assert any(line.split() == ["2", "Gerencia", "Municipal", "Alcaldía", "5", "5"] for line in lines)
    assert "Concejo Municipal  órgano superior de Municipalidad Distrital de Pozuzo" in lines
    assert "Cadena de mando de Gerencia de Administración y Finanzas (1 ruta)" in lines
    assert main(["analyze", "--unit", "gaf", "--claims", "all"]) == 0
    assert "Cadena de mando de Gerencia de Administración y Finanzas (2 rutas)" in capsys.readouterr().out
    assert "Ruta 1: Gerencia de Administración y Finanzas → Gerencia Municipal → Alcaldía" in lines


def test_cli_table_tells_an_orphan_from_a_top_organ(capsys):
    assert main(["analyze", str(FIXTURES / "huerfana.ttl")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Oficina suelta  huérfana: sin unidad superior ni organización (org:unitOf)" in lines
    assert "Dirección       órgano superior de Organización de prueba" in lines


def test_cli_table_of_a_cycle(capsys):
    assert main(["analyze", str(FIXTURES / "ciclo.ttl"), "--unit", "D"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "1. Unidad A → Unidad B → Unidad C → Unidad A" in lines
    assert ("Ruta 1: Unidad D → Unidad A → Unidad B → Unidad C → Unidad A (se detiene: ciclo, vuelve a Unidad A)"
            in lines)


def test_cli_table_of_loops_among_units_and_posts(capsys):
    assert main(["analyze", str(FIXTURES / "bucles.ttl")]) == 0
    out = capsys.readouterr().out
    assert ("\nCiclos\n\n1. Unidad A → Unidad A\n2. Unidad C → Unidad D → Unidad C\n"
            "3. Puesto P → Puesto P (líneas de reporte entre puestos)\n"
            "4. Puesto Q → Puesto R → Puesto Q (líneas de reporte entre puestos)\n") in out
    lines = out.splitlines()
    assert "Ciclos                            2" in lines and "Ciclos en líneas de reporte       2" in lines


def test_cli_json_with_all_claims(capsys):
    assert main(["analyze", "--claims", "all", "--unit", "unidad:gaf", "-f", "json"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert list(data) == ["chain", "claims", "cycles", "decisions", "depth", "posts", "reporting_cycles", "roots",
                          "units"]
    assert data["claims"] == "all" and data["depth"] == 3 and data["cycles"] == []
    assert [ids(p["units"]) for p in data["chain"]["paths"]] == [["gaf", "gm", "alcaldia"], ["gaf", "gm", "concejo"]]
    assert [ids(c["iri"] for e in d["followed"] for c in e["claims"]) for d in data["decisions"]] == [
        ["gm-depende-alcaldia", "gm-depende-concejo"]]
    assert main(["analyze", "--claims", "all", "--unit", "unidad:gaf", "-f", "json"]) == 0
    assert capsys.readouterr().out == out


def test_cli_json_without_unit_has_no_chain(capsys):
    assert main(["analyze", "--claims", "gerencia-municipal", "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["chain"] is None and data["claims"] == SOURCE + "gerencia-municipal"
    assert [(local_name(u["iri"]), u["sub_units"]) for u in data["units"] if u["sub_units"]] == [("concejo", 1), ("gm", 5)]


@pytest.mark.parametrize("args, message", [
    (["--unit", "xx"], "unidad desconocida 'xx'; unidades válidas: al, alcaldia, concejo, gaf, gdss, gidur, gm, gppr"),
    (["--claims", "ley-27972"],
     "--claims 'ley-27972' no es la fuente de ninguna línea en conflicto; "
     "use una de: all, default, gerencia-municipal, organizacion"),
])
def test_cli_usage_errors_exit_2_with_one_line(args, message):
    done = subprocess.run([sys.executable, "-m", "pozuzo_kg", "analyze", *args], capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"pozuzo-kg: error: {message}\n")


def test_cli_module_does_not_import_networkx_at_start_up():
    code = "import sys, pozuzo_kg.cli, pozuzo_kg.cli.analyze; print('networkx' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "False\n"


def test_readme_example_is_the_real_output(capsys):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("```console\n$ pozuzo-kg analyze --unit gaf\n", 1)[1].split("```", 1)[0]
    assert main(["analyze", "--unit", "gaf"]) == 0
    assert capsys.readouterr().out == example


@pytest.mark.parametrize("claims, others", [
    ("default", "--claims gerencia-municipal, --claims organizacion, --claims all"),
    ("all", "--claims gerencia-municipal, --claims organizacion, --claims default"),
    ("organizacion", "--claims gerencia-municipal, --claims all, --claims default")])
def test_cli_table_offers_the_other_readings(capsys, claims, others):
    assert main(["analyze", "--claims", claims]) == 0
    assert f"Para seguir otra lectura: {others}." in capsys.readouterr().out.splitlines()


def test_cli_table_names_the_source_followed(capsys):
    assert main(["analyze", "--claims", "gerencia-municipal"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2] == ("Criterio en líneas en conflicto: la fuente fuente:gerencia-municipal (--claims): en cada "
                        "línea en conflicto se sigue la afirmación que deriva de ella")
    assert "Gerencia Municipal: la de la fuente pedida con --claims. Discrepancia: conflicto:dependencia-gm." in lines
