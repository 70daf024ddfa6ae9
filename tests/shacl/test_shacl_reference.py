"""pySHACL is the reference: the SPARQL engine's results equal pySHACL's alone, on the same shapes and data.

Results are compared as Jena's ``VR.compare`` does, as a bag keyed on focus node, result path, value, source
shape, severity and source constraint component, plus the ``sh:message`` texts and languages where the shape (or
its SPARQL constraint) has one; blank nodes carry the same canonical labels on both sides. Every compiled
constraint of the project's shapes runs on the engine (none falls back), so these tests compare the two engines.
"""
import importlib.util
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import REPO
from pozuzo_kg import load_graph
from pozuzo_kg.graph import KnowledgeGraph
from pozuzo_kg.shacl import dispatch, fallback
from pozuzo_kg.shacl.data import DataGraph
from pozuzo_kg.shacl.shapes import ShapesGraph
from pozuzo_kg.shacl.terms import sh
from pozuzo_kg.validation import SHAPES, read_shapes, shape_set_files, shape_set_names
from pozuzo_kg.vocab import ONTOLOGY_GRAPH

FIXTURES = REPO / "tests" / "fixtures" / "shapes"
BROKEN = sorted(path for path in FIXTURES.glob("*.ttl") if path.stem != "malformed")


def keyed(results, shapes: ShapesGraph) -> Counter:
    """The results as a bag of comparable keys."""
    def has_message(result) -> bool:
        return any(shapes.objects(node, sh("message")) for node in (result.shape, result.source_constraint) if node)

    return Counter((str(r.focus), str(r.path), str(r.value), str(r.shape), str(r.severity), str(r.component),
                    tuple(sorted((m.value, m.language) for m in r.messages)) if has_message(r) else ())
                   for r in results)


def compare(graph: KnowledgeGraph, shape_sets: list[str]) -> tuple[Counter, Counter, dispatch.Outcome]:
    """(engine, pySHACL alone, the engine's outcome) on ``graph`` against ``shape_sets``."""
    shapes = read_shapes({name: shape_set_files(name) for name in shape_sets})
    data = DataGraph.prepare(graph.store, ox.DefaultGraph(), ox.NamedNode(ONTOLOGY_GRAPH))
    outcome = dispatch.run(data, shapes, dispatch.Limits(None, None))
    reference = fallback.run(outcome.data, list(shapes.triples))
    return keyed(outcome.results, shapes), keyed(reference, shapes), outcome


def shape_set_of(path: Path) -> list[str]:
    """The shape set of the shape a broken fixture is named after, else every set."""
    shapes = read_shapes({name: shape_set_files(name) for name in shape_set_names()})
    owner = shapes.owners.get(ox.NamedNode(f"{SHAPES}{path.stem}"))
    return [owner] if owner else shape_set_names()


def test_pozuzo_identical_to_pyshacl(kg):
    ours, theirs, outcome = compare(kg, shape_set_names())
    assert ours == theirs and sum(ours.values()) == 7
    assert outcome.plan.fallback() == [] and outcome.plan.everything is None


@pytest.mark.parametrize("path", BROKEN, ids=[path.stem for path in BROKEN])
def test_broken_variant_identical_to_pyshacl(path):
    ours, theirs, outcome = compare(load_graph([path]), shape_set_of(path))
    assert ours == theirs
    assert outcome.plan.fallback() == []


@pytest.mark.parametrize("organ", ["alcaldia", "ccld", "concejo", "gm", "jdv", "oci", "procuraduria"])
def test_municipality_missing_an_organ_identical_to_pyshacl(organ, tmp_path):
    unit = next(t.subject for t in ox.parse(path=FIXTURES / "municipio-completo.ttl", format=ox.RdfFormat.TURTLE)
                if t.subject.value.endswith(f"/unidad/{organ}"))
    triples = [t for t in ox.parse(path=FIXTURES / "municipio-completo.ttl", format=ox.RdfFormat.TURTLE)
               if unit not in (t.subject, t.object)]
    path = tmp_path / f"sin-{organ}.nt"
    ox.serialize(triples, path, format=ox.RdfFormat.N_TRIPLES)
    ours, theirs, _ = compare(load_graph([path]), ["compliance"])
    assert ours == theirs and sum(ours.values()) >= 1


def _replicate():
    spec = importlib.util.spec_from_file_location("bench_validate", REPO / "benchmarks" / "bench_validate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.replicate


@pytest.mark.pyshacl_reference
def test_ten_thousand_triples_identical_to_pyshacl(tmp_path):
    """Four copies of Pozuzo under fresh UBIGEO codes, as the benchmark builds them (about 16k triples)."""
    graph = _replicate()(4, tmp_path)
    assert graph.data_size() == 16507  # with the actions, readings and search synonyms and their claims
    ours, theirs, outcome = compare(graph, shape_set_names())
    assert ours == theirs and sum(ours.values()) == 28
    assert outcome.plan.fallback() == []
