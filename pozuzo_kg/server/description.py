"""What the server says about itself: the SPARQL Service Description, and the bundle's VoID description and
DCAT-AP catalogue built by the bundle's own generators (:mod:`pozuzo_kg.publish.dcat`) with the server's URL,
so the catalogue lists the endpoint as a ``dcat:DataService``.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping

import pyoxigraph as ox

from ..errors import PozuzoError
from ..graph import KnowledgeGraph
from ..publish import dcat, rdf
from ..publish.bundle import VOID_DOWNLOAD
from ..publish.pages import build_pages, page_kinds
from ..publish.paths import page_path
from ..vocab import DCTERMS, RDF
from .negotiation import GRAPH_FORMATS, SOLUTION_FORMATS

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
_RESULT_FORMATS = {"json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
                   "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD"}
BUNDLE = "datos/"
"""Where the server serves the bundle's files (pages, dumps, VoID, catalogue), relative to its root."""
DUMPS = tuple(d.path for d in rdf.DOWNLOADS if d.path.startswith("pozuzo."))


class Bundle:
    """The bundle's files the server serves (pages, stylesheet, RDF dumps) and each resource's page, built on
    first use (once, under a lock). A graph that names no organization has none: it cannot be published."""

    def __init__(self, graph: KnowledgeGraph) -> None:
        self.graph = graph
        self._lock = threading.Lock()
        self._built: tuple[dict[str, bytes], dict[str, str]] | None = None
        self.problem: str | None = None
        """Why there is no bundle, if there is none."""

    def _build(self) -> tuple[dict[str, bytes], dict[str, str]]:
        with self._lock:
            if self._built is None:
                try:
                    files = rdf.build_rdf(self.graph)
                    files.update(build_pages(self.graph, rdf.DOWNLOADS))
                    pages = {iri: page_path(kind, iri) for iri, kind in page_kinds(self.graph).items()}
                    self._built = (files, pages)
                except PozuzoError as problem:
                    self.problem = str(problem)
                    self._built = ({}, {})
            return self._built

    def files(self) -> dict[str, bytes]:
        """Every file, by bundle path (empty if the graph cannot be published)."""
        return self._build()[0]

    def pages(self) -> dict[str, str]:
        """Each resource's page: IRI → bundle path."""
        return self._build()[1]


class Descriptions:
    """VoID, catalogue and service description of one graph, per public URL (a few URLs are remembered)."""

    def __init__(self, bundle: Bundle, sizes: Mapping[str, int]) -> None:
        self.bundle = bundle
        self.sizes = sizes
        """Triples per graph: ``""`` for the default graph (data and ontology), then each named graph's IRI."""
        self._documents: OrderedDict[str, dict[str, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def documents(self, root: str) -> dict[str, bytes]:
        """``void.ttl``, ``catalogo.ttl`` and ``catalogo.jsonld`` for the server at ``root`` (its URL, ending
        in ``/``); the bundle's files are at ``root`` + :data:`BUNDLE`, the endpoint at ``root`` + ``sparql``.
        Empty if the graph cannot be published."""
        dumps = {path: content for path, content in self.bundle.files().items() if path in DUMPS}
        if not dumps:
            return {}
        with self._lock:
            if root not in self._documents:
                graph, base, endpoint = self.bundle.graph, root + BUNDLE, root + "sparql"
                try:
                    date = dcat.release_date(graph)
                    files = {**dumps, **dcat.build_void(graph, DUMPS, base_url=base, date=date, endpoint=endpoint)}
                    downloads = [d for d in rdf.DOWNLOADS if d.path in files] + [VOID_DOWNLOAD]
                    built = dcat.build_catalog(graph, files, downloads, base_url=base, date=date, endpoint=endpoint)
                except PozuzoError:
                    return {}
                self._documents[root] = {dcat.VOID_FILE: files[dcat.VOID_FILE], **built}
                while len(self._documents) > 4:
                    self._documents.popitem(last=False)
            return self._documents[root]

    def service(self, root: str) -> list[ox.Triple]:
        """The SPARQL 1.1 Service Description of the endpoint at ``root`` + ``sparql``."""
        endpoint = ox.NamedNode(root + "sparql")
        here = root + "sparql#"
        dataset, default = ox.NamedNode(here + "conjunto"), ox.NamedNode(here + "grafo-predeterminado")
        a = ox.NamedNode(RDF + "type")

        def sd(name: str) -> ox.NamedNode:
            return ox.NamedNode(SD + name)

        def count(value: int) -> ox.Literal:
            return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))

        triples = [
            ox.Triple(endpoint, a, sd("Service")),
            ox.Triple(endpoint, sd("endpoint"), endpoint),
            ox.Triple(endpoint, sd("supportedLanguage"), sd("SPARQL11Query")),
            ox.Triple(endpoint, sd("defaultDataset"), dataset),
            ox.Triple(endpoint, ox.NamedNode(DCTERMS + "title"), ox.Literal("Punto de consulta SPARQL de pozuzo-kg", language="es")),
            ox.Triple(endpoint, ox.NamedNode(DCTERMS + "title"), ox.Literal("pozuzo-kg SPARQL endpoint", language="en")),
            ox.Triple(dataset, a, sd("Dataset")),
            ox.Triple(dataset, sd("defaultGraph"), default),
            ox.Triple(dataset, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso"),
                      ox.NamedNode(f"{root}{BUNDLE}{dcat.VOID_FILE}#pozuzo-kg")),
            ox.Triple(default, a, sd("Graph")),
            ox.Triple(default, ox.NamedNode(VOID + "triples"), count(self.sizes.get("", 0))),
        ]
        for fmt in (*SOLUTION_FORMATS, *GRAPH_FORMATS):
            triples.append(ox.Triple(endpoint, sd("resultFormat"), ox.NamedNode(FORMATS_NS + _RESULT_FORMATS[fmt.key])))
        for number, (name, size) in enumerate(sorted((k, v) for k, v in self.sizes.items() if k), 1):
            named, graph = ox.NamedNode(f"{here}grafo-{number}"), ox.NamedNode(f"{here}grafo-{number}-contenido")
            triples += [ox.Triple(dataset, sd("namedGraph"), named), ox.Triple(named, a, sd("NamedGraph")),
                        ox.Triple(named, sd("name"), ox.NamedNode(name)), ox.Triple(named, sd("graph"), graph),
                        ox.Triple(graph, a, sd("Graph")), ox.Triple(graph, ox.NamedNode(VOID + "triples"), count(size))]
        return triples
