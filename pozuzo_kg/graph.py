"""The :class:`KnowledgeGraph`: an explicit, read-only container around the embedded Oxigraph store."""
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .vocab import ONTOLOGY_GRAPH, ORG, RDF, SEARCH_GRAPH, parse_iri, prefixes

if TYPE_CHECKING:
    import rdflib


def query_graphs(search: bool = True) -> list[ox.DefaultGraph | ox.NamedNode]:
    """The graphs a query of the store sees as its default graph: data and ontology, and the search index
    unless ``search`` is false (a store loaded by ``pozuzo-kg push`` holds the three in one graph)."""
    return [ox.DefaultGraph(), ox.NamedNode(ONTOLOGY_GRAPH), *([ox.NamedNode(SEARCH_GRAPH)] if search else [])]


@dataclass(frozen=True)
class KnowledgeGraph:
    """Data (the store's default graph), ontology (the named graph :data:`ONTOLOGY_GRAPH`) and the search
    index computed from both (the named graph :data:`SEARCH_GRAPH`, see :mod:`pozuzo_kg.search`).

    Built only by :func:`pozuzo_kg.loader.load_graph`; nothing in the toolkit writes to it afterwards.
    SPARQL queries see data and ontology together; with ``search=True`` the index too, as a remote store loaded
    by ``pozuzo-kg push`` does (it receives all three in one graph).
    """

    store: ox.Store
    data_files: tuple[Path, ...]
    ontology_files: tuple[Path, ...]

    @cached_property
    def municipalities(self) -> tuple[str, ...]:
        """UBIGEO codes of the municipalities the data describes (its ``org:FormalOrganization``s), sorted."""
        organizations = self.store.quads_for_pattern(None, ox.NamedNode(f"{RDF}type"),
                                                     ox.NamedNode(f"{ORG}FormalOrganization"), ox.DefaultGraph())
        found = (parse_iri(quad.subject.value) for quad in organizations if isinstance(quad.subject, ox.NamedNode))
        return tuple(sorted({resource.ubigeo for resource in found if resource and resource.ubigeo}))

    @cached_property
    def prefixes(self) -> dict[str, str]:
        """The shared prefixes, plus the municipality's own (``unidad:``, ``fuente:``…) when the data has one."""
        return prefixes(self.municipalities)

    def query(self, sparql: str, bindings: Mapping[str, ox.NamedNode | ox.Literal | ox.BlankNode] | None = None,
              *, search: bool = False):
        """Runs a SPARQL query over data and ontology (and the search index if ``search``); ``bindings``
        substitute variables (never pasted as text).

        The graph's :attr:`prefixes` are predeclared. Raises ``SyntaxError`` for invalid queries.
        """
        substitutions = {ox.Variable(name): term for name, term in (bindings or {}).items()}
        return self.store.query(sparql, default_graph=query_graphs(search), prefixes=self.prefixes,
                                substitutions=substitutions or None)

    def data_triples(self) -> Iterator[ox.Triple]:
        """The data's triples."""
        return (quad.triple for quad in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def ontology_triples(self) -> Iterator[ox.Triple]:
        """The ontology's triples."""
        return (quad.triple for quad in self.store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH)))

    def search_triples(self) -> Iterator[ox.Triple]:
        """The search index's triples."""
        return (quad.triple for quad in self.store.quads_for_pattern(None, None, None, ox.NamedNode(SEARCH_GRAPH)))

    def data_size(self) -> int:
        """Number of data triples."""
        return sum(1 for _ in self.data_triples())

    def ontology_size(self) -> int:
        """Number of ontology triples."""
        return sum(1 for _ in self.ontology_triples())

    def search_size(self) -> int:
        """Number of triples of the search index."""
        return sum(1 for _ in self.search_triples())

    def to_ntriples(self, part: str = "data") -> bytes:
        """``data``, ``ontology``, ``search`` (the index) or ``all`` (the three) as N-Triples bytes (unsorted)."""
        graphs = {"data": [ox.DefaultGraph()], "ontology": [ox.NamedNode(ONTOLOGY_GRAPH)],
                  "search": [ox.NamedNode(SEARCH_GRAPH)]}
        graphs["all"] = graphs["data"] + graphs["ontology"] + graphs["search"]
        return b"".join(self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) or b"" for g in graphs[part])

    def to_rdflib(self, part: str = "data") -> "rdflib.Graph":
        """A fresh rdflib copy of ``data``, ``ontology``, ``search`` or ``all`` (for serializers and pyshacl); the
        store is untouched."""
        import rdflib

        graph = rdflib.Graph()
        for prefix, namespace in self.prefixes.items():
            graph.bind(prefix, namespace, override=True, replace=True)
        graph.parse(data=self.to_ntriples(part), format="nt")
        return graph
