"""The W3C RDF 1.1 Turtle test suite, run through the project's loader (the only door for RDF)."""
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from conftest import SHARED
from pozuzo_kg.errors import InputError
from pozuzo_kg.loader import parse_file

SUITE = SHARED / "standards" / "w3c-tests" / "turtle"
BASE = "https://w3c.github.io/rdf-tests/rdf/rdf11/rdf-turtle/"
RDFT = "http://www.w3.org/ns/rdftest#"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"


def _entries() -> list[tuple[str, str, Path, Path | None]]:
    """(name, test type, action file, expected result file) for every test of the manifest."""
    store = ox.Store()
    store.load(path=str(SUITE / "manifest.ttl"), format=ox.RdfFormat.TURTLE, base_iri=BASE + "manifest.ttl")
    rows = store.query(f"""
        PREFIX mf: <{MF}>
        SELECT ?name ?type ?action ?result WHERE {{
          ?test a ?type ; mf:name ?name ; mf:action ?action . OPTIONAL {{ ?test mf:result ?result }}
          FILTER(STRSTARTS(STR(?type), "{RDFT}")) }} ORDER BY ?name""")
    local = lambda term: SUITE / term.value.removeprefix(BASE)
    return [(r["name"].value, r["type"].value.removeprefix(RDFT), local(r["action"]),
             local(r["result"]) if r["result"] else None) for r in rows]


ENTRIES = _entries() if SUITE.is_dir() else []


def _rdflib(triples: list[ox.Triple]) -> Graph:
    """An rdflib graph of the triples (blank nodes renamed: their labels need not be valid in rdflib)."""
    blanks: dict[str, BNode] = {}

    def term(t):
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return blanks.setdefault(t.value, BNode())
        return Literal(t.value, lang=t.language, datatype=None if t.language else URIRef(t.datatype.value))

    graph = Graph()
    for t in triples:
        graph.add((term(t.subject), term(t.predicate), term(t.object)))
    return graph


@pytest.mark.skipif(not ENTRIES, reason="W3C Turtle suite not found beside the repository (../shared/standards)")
def test_suite_has_every_kind_of_test():
    kinds = Counter(kind for _, kind, _, _ in ENTRIES)
    assert kinds == {"TestTurtlePositiveSyntax": 74, "TestTurtleNegativeSyntax": 94, "TestTurtleEval": 145}


@pytest.mark.parametrize("name,kind,action,result", ENTRIES, ids=[e[0] for e in ENTRIES])
def test_turtle(name: str, kind: str, action: Path, result: Path | None):
    base = BASE + action.name
    if kind in ("TestTurtleNegativeSyntax", "TestTurtleNegativeEval"):
        with pytest.raises(InputError, match=rf"^{action}(:\d+:\d+)?: "):
            parse_file(action, base_iri=base)
        return
    triples = parse_file(action, base_iri=base)
    if kind == "TestTurtleEval":
        expected = parse_file(result, base_iri=BASE + result.name)
        assert isomorphic(_rdflib(triples), _rdflib(expected))
