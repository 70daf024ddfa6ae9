"""The dispatcher: the declared list of compiled components, routing to pySHACL with a reason, caps, imports."""
import json
import subprocess
import sys
from collections import Counter

import pyoxigraph as ox
import pytest

from pozuzo_kg import load_graph
from pozuzo_kg.reports import render
from pozuzo_kg.shacl import dispatch, fallback
from pozuzo_kg.shacl.data import DataGraph
from pozuzo_kg.shacl.shapes import ShapesGraph
from pozuzo_kg.validation import Limits, read_shapes, shape_set_files, shape_set_names, validate

EX = "http://example.org/"
PREFIXES = f"""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <{EX}> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> ."""
DATA = f"""{PREFIXES}
ex:a a ex:C ; ex:p 1, 2 ; ex:q "x"@es . ex:b a ex:C ; ex:q "y"@es, "z"@es . ex:c a ex:D ; ex:p "tres" ."""


def shapes_of(turtle: str) -> ShapesGraph:
    return ShapesGraph.from_parts([("prueba", ox.parse(f"{PREFIXES}\n{turtle}", format=ox.RdfFormat.TURTLE))])


def data_of(turtle: str = DATA) -> DataGraph:
    return DataGraph.from_triples(list(ox.parse(turtle, format=ox.RdfFormat.TURTLE)))


def routes(graph: ShapesGraph) -> dict[tuple[str, str], str | None]:
    """(shape, component) → the reason it goes to pySHACL, or ``None`` when compiled."""
    plan = dispatch.plan(graph)
    return {(r.constraint.shape.node.value.removeprefix(EX), r.constraint.component): r.reason
            for rs in plan.routes.values() for r in rs}


def same_as_pyshacl(data: DataGraph, graph: ShapesGraph) -> list[tuple[str, str, str]]:
    """The results (focus, component, value) after checking they equal pySHACL's alone."""
    def key(results):
        return Counter((r.focus.value, r.component.value.split("#")[-1], r.value.value if r.value else None)
                       for r in results)

    outcome = dispatch.run(data, graph, dispatch.Limits(None, None))
    assert key(outcome.results) == key(fallback.run(data, list(graph.triples)))
    return sorted(key(outcome.results).elements(), key=str)


def test_the_project_shapes_are_all_compiled():
    graph = read_shapes({name: shape_set_files(name) for name in shape_set_names()})
    plan = dispatch.plan(graph)
    components = Counter(r.constraint.component for rs in plan.routes.values() for r in rs)
    assert plan.fallback() == [] and set(components) <= set(dispatch.COMPILED)
    assert components["sparql"] == 11 and components["component"] == 7 and components["qualifiedValueShape"] == 3


def test_an_ask_validator_goes_to_pyshacl_with_its_reason_and_the_rest_stays_compiled():
    graph = shapes_of("""
        ex:Par a sh:ConstraintComponent ; sh:parameter [ sh:path ex:par ] ;
            sh:validator [ a sh:SPARQLAskValidator ; sh:ask "ASK { FILTER (isLiteral($value) && $value != 2) }" ] .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:P .
        ex:P sh:path ex:p ; ex:par true ; sh:maxCount 1 .""")
    assert routes(graph) == {("S", "property"): None, ("P", "maxCount"): None,
                             ("P", "component"): "a property validator or ASK validator (pySHACL runs them once per "
                                                 "value node)"}
    assert same_as_pyshacl(data_of(), graph) == [
        ("http://example.org/a", "MaxCountConstraintComponent", None), ("http://example.org/a", "http://example.org/Par", None)]
    # pySHACL gets the shapes without the compiled constraint
    assert not [t for t in dispatch.fallback_shapes(dispatch.plan(graph)) if t.predicate.value.endswith("maxCount")]


def test_a_shape_nested_in_a_fallback_constraint_goes_to_pyshacl_whole():
    graph = shapes_of("""
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:node ex:N .
        ex:N a sh:NodeShape ; sh:targetClass ex:D ; sh:class ex:C ;
            sh:sparql [ sh:select "SELECT $this WHERE { $this a ?t OPTIONAL { ?x <http://example.org/q> ?v FILTER (?x = $this) } FILTER (!BOUND(?v)) }" ] .""")
    found = routes(graph)
    assert found[("N", "sparql")] == "$this read in a FILTER or BIND of a nested group that does not bind it"
    assert found[("S", "node")] == "a nested shape with sh:sparql"
    assert found[("N", "class")] == "part of a shape pySHACL evaluates"
    data = data_of(f"{DATA} ex:d a ex:C .")  # ex:d has no ex:q, so it does not conform to ex:N
    assert same_as_pyshacl(data, graph) == [
        ("http://example.org/c", "ClassConstraintComponent", "http://example.org/c"),
        ("http://example.org/c", "SPARQLConstraintComponent", "http://example.org/c"),
        ("http://example.org/d", "NodeConstraintComponent", "http://example.org/d")]


def test_compiled_logical_components_and_qualified_counts():
    graph = shapes_of("""
        ex:S a sh:NodeShape ; sh:targetClass ex:C, ex:D ;
            sh:or ( [ sh:class ex:C ] [ sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:datatype xsd:integer ] ] ) ;
            sh:property [ sh:path ex:q ; sh:qualifiedValueShape [ sh:languageIn ( "es" ) ] ; sh:qualifiedMaxCount 1 ] .""")
    assert all(reason is None for reason in routes(graph).values())
    assert same_as_pyshacl(data_of(), graph) == [
        ("http://example.org/b", "QualifiedMaxCountConstraintComponent", None),
        ("http://example.org/c", "OrConstraintComponent", "http://example.org/c")]


def test_a_property_shape_under_a_property_shape_counts_each_path_to_a_value():
    """pySHACL (and the W3C suite) evaluate it once per (focus, value) pair: a value reached twice, two results."""
    graph = shapes_of("""ex:S a sh:NodeShape ; sh:targetClass ex:C ;
        sh:property [ sh:path ex:r ; sh:property [ sh:path ex:p ; sh:minCount 1 ] ] .""")
    data = data_of(f"{DATA} ex:a ex:r ex:c2 . ex:b ex:r ex:c2 .")
    assert same_as_pyshacl(data, graph) == [("http://example.org/c2", "MinCountConstraintComponent", None)] * 2


def test_data_the_store_would_normalise_goes_to_pyshacl_as_written():
    data = data_of(f'{PREFIXES} ex:a a ex:C ; ex:p "4.0"^^xsd:decimal .')
    graph = shapes_of("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:maxInclusive 3 ] .")
    assert data.original is not None
    outcome = dispatch.run(data, graph, dispatch.Limits(None, None))
    assert outcome.plan.everything.startswith("the store holds some literals of the data in another form")
    assert [r.value.value for r in outcome.results] == ["4.0"]


# ---- Caps on results ------------------------------------------------------------------------------------------------

def test_caps_per_constraint_and_in_total_are_stated_in_notes_and_report(kg):
    full = validate(kg)
    capped = validate(kg, limits=Limits(per_constraint=None, total=3))
    assert capped.findings == tuple(sorted(capped.findings, key=lambda f: f.sort_key())) and len(capped.findings) == 3
    assert set(capped.findings) < set(full.findings) and not capped.conforms
    assert capped.notes == ("se alcanzó el límite de 3 resultados en total: el informe está incompleto",)
    assert "rdfs:comment \"se alcanzó el límite de 3 resultados en total: el informe está incompleto\"@es" in \
        render(capped, "turtle")
    assert validate(kg, limits=Limits(per_constraint=None, total=3)).findings == capped.findings
    none = validate(kg, limits=Limits(per_constraint=0, total=None))
    assert none.findings == () and not none.conforms and len(none.notes) == 1
    assert none.notes[0].startswith("se alcanzó el límite de 0 resultados por restricción en https://w3id.org/")


def test_default_caps_keep_every_finding_of_pozuzo(kg):
    assert Limits() == Limits(per_constraint=10_000, total=100_000)
    assert len(validate(kg).findings) == 7 and validate(kg).notes == ()


# ---- The fast path imports neither rdflib nor pySHACL -----------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "turtle"])
def test_validate_never_imports_rdflib_or_pyshacl_when_nothing_falls_back(fmt, tmp_path):
    script = ("import json, sys; from pozuzo_kg.cli import main; "
              f"code = main(['validate', '-f', '{fmt}', '-o', {str(tmp_path / 'informe')!r}]); "
              "print(json.dumps([code, 'rdflib' in sys.modules, 'pyshacl' in sys.modules]))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == [0, False, False]


def test_blank_node_findings_use_a_canonical_copy_and_stay_stable():
    runs = [validate(load_graph([ox_fixture()])) for _ in range(2)]
    assert [f.focus_node for f in runs[0].findings] == [f.focus_node for f in runs[1].findings]
    assert any(f.focus_node.startswith("_:c14n") for f in runs[0].findings)


def ox_fixture():
    from conftest import REPO

    return REPO / "tests" / "fixtures" / "shapes" / "blank-nodes.ttl"
