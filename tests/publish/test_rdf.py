"""The RDF distributions re-parse to graphs isomorphic to the source; bytes are deterministic."""
import json

import pytest
import rdflib
from rdflib.compare import isomorphic

from pozuzo_kg import load_graph
from pozuzo_kg.jsonld import CONTEXT_FILE, context
from pozuzo_kg.vocab import prefixes

CONTEXT = context(prefixes(["190305"]))
from pozuzo_kg.publish.rdf import build_rdf


@pytest.fixture(scope="module")
def files(kg):
    return build_rdf(kg)


@pytest.fixture(scope="module")
def data(kg):
    return kg.to_rdflib("data")


def test_turtle_is_isomorphic_to_the_data(files, data):
    graph = rdflib.Graph().parse(data=files["pozuzo.ttl"], format="turtle")
    assert len(graph) == 4153
    assert isomorphic(graph, data)


def test_turtle_starts_with_a_license_header_and_uses_the_stable_prefixes(files):
    text = files["pozuzo.ttl"].decode("utf-8")
    assert text.startswith("# Grafo de conocimiento de la estructura orgánica de la Municipalidad Distrital de Pozuzo")
    assert "CC BY 4.0" in text.split("@prefix")[0]
    assert "@prefix unidad: <https://w3id.org/pozuzo-kg/id/190305/unidad/> ." in text
    assert "unidad:gm a org:OrganizationalUnit" in text


def test_ntriples_are_sorted_unique_lines_isomorphic_to_the_data(files, data):
    lines = files["pozuzo.nt"].decode("utf-8").splitlines()
    assert len(lines) == 4153
    assert lines == sorted(set(lines))
    assert isomorphic(rdflib.Graph().parse(data=files["pozuzo.nt"], format="nt"), data)


def test_jsonld_references_the_shipped_context_and_is_isomorphic_with_it_inlined(files, data):
    document = json.loads(files["pozuzo.jsonld"])
    assert document["@context"] == CONTEXT_FILE
    assert json.loads(files[CONTEXT_FILE]) == {"@context": CONTEXT}
    document["@context"] = json.loads(files[CONTEXT_FILE])["@context"]
    graph = rdflib.Graph().parse(data=json.dumps(document), format="json-ld")
    assert isomorphic(graph, data)


def test_jsonld_is_compact_with_short_terms(files):
    nodes = {node["id"]: node for node in json.loads(files["pozuzo.jsonld"])["@graph"]}
    gm = nodes["unidad:gm"]
    assert gm["type"] == "org:OrganizationalUnit"
    assert gm["prefLabel"] == {"en": "Municipal Management Office", "es": "Gerencia Municipal"}
    assert gm["subOrganizationOf"] == ["unidad:alcaldia", "unidad:concejo"]
    assert len(gm["description"]["es"]) == 2
    assert list(nodes) == sorted(nodes)


def test_the_bundle_jsonld_loads_through_the_project_loader_with_its_local_context(files, data, tmp_path):
    for name in ("pozuzo.jsonld", CONTEXT_FILE):
        (tmp_path / name).write_bytes(files[name])
    reloaded = load_graph([tmp_path / "pozuzo.jsonld"])
    assert isomorphic(reloaded.to_rdflib("data"), data)


def test_ontology_turtle_is_isomorphic_to_the_ontology(kg, files):
    graph = rdflib.Graph().parse(data=files["ontologia.ttl"], format="turtle")
    assert len(graph) == kg.ontology_size()
    assert isomorphic(graph, kg.to_rdflib("ontology"))


def test_shapes_are_copied_byte_for_byte(files):
    from pozuzo_kg import resources

    shapes = sorted(resources.resource_dir("shapes").glob("*.ttl"))
    assert {name for name in files if name.startswith("shapes/")} == {f"shapes/{p.name}" for p in shapes}
    for path in shapes:
        assert files[f"shapes/{path.name}"] == path.read_bytes()


def test_the_search_index_is_its_own_sorted_file_apart_from_the_data(kg, files):
    lines = files["busqueda.nt"].decode("utf-8").splitlines()
    assert lines == sorted(set(lines)) and len(lines) == kg.search_size()
    assert set(lines) == set(kg.to_ntriples("search").decode("utf-8").splitlines())
    node = "<https://w3id.org/pozuzo-kg/grafo/busqueda#palabra-es-cementerios>"
    assert [line for line in lines if line.startswith(node)] == [
        f'{node} <https://w3id.org/pozuzo-kg/ontologia#searchKey> "{key}" .'
        for key in sorted(["w:cementerios", "s:es:cementeri", *(f"p:es:{'cementerios'[:n]}" for n in range(3, 12))])]
    assert not [line for line in files["pozuzo.nt"].decode("utf-8").splitlines() if "ontologia#search" in line]
