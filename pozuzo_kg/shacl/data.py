"""The data graph the shapes are evaluated on: the embedded store, with the ontology mixed in as pySHACL mixes it.

pySHACL validates the data merged with the ontology graph (a set of triples). The store keeps them apart (data in
the default graph, ontology in a named graph); queried together they are that merge unless a triple is in both,
which would count twice: then (only then) the evaluation runs on a copy without the ontology's repeated triples.
Blank nodes get new labels on every load; when results name some, the dispatcher evaluates again on
:meth:`DataGraph.canonicalized`, a copy with every blank node relabelled canonically (RDFC-1.0), so findings on
blank nodes name and sort the same on every run, and graphs without such findings are never copied.

Oxigraph stores some literals normalised (``"4.0"^^xsd:decimal`` as ``"4"``, ``"5"^^xsd:byte`` as an
``xsd:integer``: oxigraph/oxigraph#526), so the knowledge graph holds them so. Triples handed over directly
(:meth:`DataGraph.from_triples`, as the W3C suite does) keep their original form in :attr:`DataGraph.original`
when the store would change them, and the dispatcher then leaves them to pySHACL.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from .terms import Term

GraphName = ox.DefaultGraph | ox.NamedNode


@dataclass(frozen=True)
class DataGraph:
    """A store and its graph names: the data's first, then the ontology's (if any)."""

    store: ox.Store
    graphs: tuple[GraphName, ...]
    original: tuple[ox.Triple, ...] | None = None
    """The data's triples as given, when the store holds some of them in another form (else ``None``)."""

    canonical: bool = False
    """Whether blank nodes have canonical labels (else they are the store's, new on every load)."""

    @classmethod
    def prepare(cls, store: ox.Store, data: GraphName = ox.DefaultGraph(),
                ontology: ox.NamedNode | None = None) -> "DataGraph":
        """The data graph of ``store`` (never modified), copied only when data and ontology share triples."""
        graphs = (data,) if ontology is None else (data, ontology)
        shared = ontology is not None and any(
            next(store.quads_for_pattern(q.subject, q.predicate, q.object, data), None) is not None
            for q in store.quads_for_pattern(None, None, None, ontology))
        return cls(store, graphs).canonicalized() if shared else cls(store, graphs)

    def canonicalized(self) -> "DataGraph":
        """A copy: the data, the ontology's triples that the data lacks, blank nodes relabelled canonically."""
        data = self.graphs[0]
        dataset = ox.Dataset(self.store.quads_for_pattern(None, None, None, data))
        for graph in self.graphs[1:]:
            for quad in self.store.quads_for_pattern(None, None, None, graph):
                if ox.Quad(quad.subject, quad.predicate, quad.object, data) not in dataset:
                    dataset.add(quad)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        copy = ox.Store()
        copy.bulk_extend(dataset)
        return DataGraph(copy, self.graphs, self.original, canonical=True)

    @classmethod
    def from_triples(cls, triples: list[ox.Triple]) -> "DataGraph":
        """A data graph (no ontology) of ``triples``, blank nodes relabelled canonically."""
        dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        if any(isinstance(term, ox.BlankNode) for quad in dataset for term in (quad.subject, quad.object)):
            dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        store = ox.Store()
        store.bulk_extend(dataset)
        exact = {str(quad) for quad in store} == {str(quad) for quad in dataset}
        return cls(store, (ox.DefaultGraph(),), None if exact else tuple(quad.triple for quad in dataset), True)

    def query(self, sparql: str, substitutions: dict[ox.Variable, Term] | None = None):
        """A SPARQL query over data and ontology together."""
        return self.store.query(sparql, default_graph=list(self.graphs), substitutions=substitutions or None)

    def triples(self, graph: GraphName) -> Iterator[ox.Triple]:
        return (quad.triple for quad in self.store.quads_for_pattern(None, None, None, graph))

    def description(self, node: Term, depth: int = 0) -> list[ox.Triple]:
        """The triples of blank node ``node`` and of the blank nodes it leads to (10 levels at most, as pySHACL)."""
        if not isinstance(node, ox.BlankNode) or depth >= 10:
            return []
        found = list(dict.fromkeys(q.triple for g in self.graphs for q in self.store.quads_for_pattern(node, None, None, g)))
        return found + [t for triple in found for t in self.description(triple.object, depth + 1)]
