"""Result serializations: SPARQL 1.1 JSON, XML, CSV and TSV (read back by Oxigraph's parsers), tables and RDF."""
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from pozuzo_kg.errors import UsageError
from pozuzo_kg.jsonld import context
from pozuzo_kg.vocab import prefixes

CONTEXT = context(prefixes(["190305"]))
from pozuzo_kg.results import QueryResult, serialize, short_name

XSD = "http://www.w3.org/2001/XMLSchema#"
UNIT = ox.NamedNode("https://w3id.org/pozuzo-kg/id/190305/unidad/gm")
ROWS = (
    (UNIT, ox.Literal("Gerencia Municipal", language="es"), ox.Literal("3", datatype=ox.NamedNode(f"{XSD}integer"))),
    (ox.NamedNode("http://example.org/x y"[:20]), ox.Literal('dice "hola",\ttab\ny línea'), None),
    (ox.BlankNode("b0"), None, ox.Literal("2024-01-01", datatype=ox.NamedNode(f"{XSD}date"))),
)
SELECT = QueryResult("select", ("unidad", "nombre", "n"), ROWS)


@pytest.mark.parametrize("fmt,oxfmt", [("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML),
                                       ("tsv", ox.QueryResultsFormat.TSV)])
def test_standard_formats_read_back_to_the_same_result(fmt, oxfmt):
    text = serialize(SELECT, fmt)
    assert QueryResult.from_oxigraph(ox.parse_query_results(text.encode(), format=oxfmt)) == SELECT


@pytest.mark.parametrize("fmt,oxfmt", [("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML),
                                       ("tsv", ox.QueryResultsFormat.TSV)])
def test_ask(fmt, oxfmt):
    for value in (True, False):
        text = serialize(QueryResult("ask", boolean=value), fmt)
        assert bool(ox.parse_query_results(text.encode(), format=oxfmt)) is value


def test_json_follows_the_sparql_results_json_layout():
    document = json.loads(serialize(SELECT, "json"))
    assert document["head"] == {"vars": ["unidad", "nombre", "n"]}
    first, second, third = document["results"]["bindings"]
    assert first == {"unidad": {"type": "uri", "value": UNIT.value},
                     "nombre": {"type": "literal", "value": "Gerencia Municipal", "xml:lang": "es"},
                     "n": {"type": "literal", "value": "3", "datatype": f"{XSD}integer"}}
    assert second["nombre"] == {"type": "literal", "value": 'dice "hola",\ttab\ny línea'} and "n" not in second
    assert third["unidad"] == {"type": "bnode", "value": "b0"}


def test_xml_is_well_formed_with_the_results_namespace():
    root = ET.fromstring(serialize(SELECT, "xml").encode())
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert root.tag == f"{ns}sparql"
    assert [v.get("name") for v in root.iter(f"{ns}variable")] == ["unidad", "nombre", "n"]
    assert len(list(root.iter(f"{ns}result"))) == 3


def test_csv_quotes_and_uses_crlf():
    text = serialize(SELECT, "csv")
    assert text.startswith("unidad,nombre,n\r\nhttps://w3id.org/pozuzo-kg/id/190305/unidad/gm,Gerencia Municipal,3\r\n")
    assert '"dice ""hola"",\ttab\ny línea"' in text
    assert text.endswith("_:b0,,2024-01-01\r\n")


def test_tsv_header_and_terms():
    lines = serialize(SELECT, "tsv").split("\n")
    assert lines[0] == "?unidad\t?nombre\t?n"
    assert lines[1] == f'<{UNIT.value}>\t"Gerencia Municipal"@es\t"3"^^<{XSD}integer>'
    assert len(lines) == 5 and lines[4] == ""


def test_table_shows_prefixed_names_values_and_right_aligned_numbers():
    twelve = ox.Literal("12", datatype=ox.NamedNode(f"{XSD}integer"))
    result = QueryResult("select", ("unidad", "nombre", "n"), ROWS[:1] + ((UNIT, None, twelve),))
    assert serialize(result, "table") == ("unidad     nombre               n\n"
                                          "---------  ------------------  --\n"
                                          "unidad:gm  Gerencia Municipal   3\n"
                                          "unidad:gm                      12\n")


def test_short_names():
    assert short_name("https://w3id.org/pozuzo-kg/id/tipo-organo/linea") == "tipo-organo:linea"
    assert short_name("http://www.w3.org/ns/org#Post") == "org:Post"
    assert short_name("https://w3id.org/pozuzo-kg/ontologia#Claim") == "pzo:Claim"
    assert short_name("http://example.org/a") == "<http://example.org/a>"
    assert short_name("https://w3id.org/pozuzo-kg/id/190305/unidad/a/b") == "<https://w3id.org/pozuzo-kg/id/190305/unidad/a/b>"


GRAPH = QueryResult.from_triples([
    ox.Triple(UNIT, ox.NamedNode("http://www.w3.org/ns/org#subOrganizationOf"),
              ox.NamedNode("https://w3id.org/pozuzo-kg/id/190305/unidad/alcaldia")),
    ox.Triple(UNIT, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), ox.Literal("Gerencia Municipal", language="es")),
])


@pytest.mark.parametrize("fmt,rdf", [("turtle", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES),
                                     ("jsonld", ox.RdfFormat.JSON_LD), ("table", ox.RdfFormat.TURTLE)])
def test_graph_formats_read_back_to_the_same_triples(fmt, rdf):
    text = serialize(GRAPH, fmt)
    assert QueryResult.from_triples(ox.parse(text.encode(), format=rdf)) == GRAPH


def test_jsonld_is_compacted_with_the_published_context_inlined():
    assert json.loads(serialize(GRAPH, "jsonld")) == {"@context": CONTEXT, "@graph": [
        {"id": "unidad:gm", "prefLabel": {"es": "Gerencia Municipal"}, "subOrganizationOf": "unidad:alcaldia"}]}


def test_jsonld_names_blank_nodes_canonically():
    def answer(label: str) -> str:
        node = ox.BlankNode(label)
        return serialize(QueryResult.from_triples([ox.Triple(UNIT, ox.NamedNode("http://ex/p"), node),
                                                   ox.Triple(node, ox.NamedNode("http://ex/q"), ox.Literal("x"))]), "jsonld")
    assert answer("a1") == answer("b2")
    assert [node["id"] for node in json.loads(answer("a1"))["@graph"]][1] == "unidad:gm"


def test_jsonld_of_an_empty_graph():
    assert json.loads(serialize(QueryResult.from_triples([]), "jsonld")) == {"@context": context(prefixes()), "@graph": []}


def test_triple_terms_have_no_jsonld():
    quoted = ox.Triple(UNIT, ox.NamedNode("http://ex/p"), ox.Literal("x"))
    result = QueryResult.from_triples([ox.Triple(ox.BlankNode("r"), ox.NamedNode("http://ex/reifies"), quoted)])
    with pytest.raises(UsageError, match=r"^JSON-LD no puede expresar los términos tripleta de la respuesta \(RDF 1.2\); use -f turtle o -f nt$"):
        serialize(result, "jsonld")
    assert "<<(" in serialize(result, "nt")


def test_turtle_declares_only_used_prefixes_sorted():
    lines = serialize(GRAPH, "turtle").splitlines()
    assert lines[:3] == ["@prefix org: <http://www.w3.org/ns/org#> .", "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
                         "@prefix unidad: <https://w3id.org/pozuzo-kg/id/190305/unidad/> ."]


def test_formats_that_do_not_fit_the_result_are_usage_errors():
    with pytest.raises(UsageError, match="^el formato 'turtle' es para resultados de CONSTRUCT/DESCRIBE; SELECT y ASK dan table, csv, tsv, json, xml$"):
        serialize(SELECT, "turtle")
    with pytest.raises(UsageError, match="^el formato 'csv' es para resultados de SELECT y ASK; CONSTRUCT/DESCRIBE dan turtle, jsonld, nt$"):
        serialize(GRAPH, "csv")
