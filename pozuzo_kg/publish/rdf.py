"""The RDF distributions: data as Turtle, sorted N-Triples and compacted JSON-LD, the JSON-LD context,
the ontology (Turtle), the search index (sorted N-Triples: not data, see :mod:`pozuzo_kg.search`) and the
SHACL shapes, all deterministic bytes.

JSON-LD files name their context by the relative IRI ``context.jsonld`` (shipped alongside); nothing is
fetched when building or reading them: compaction uses the graph's in-memory context (:func:`~pozuzo_kg.jsonld.context`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .. import resources
from ..graph import KnowledgeGraph
from ..jsonld import CONTEXT_FILE, context, jsonld
from ..output import to_json
from .model import Download
from .publisher import read_publisher

if TYPE_CHECKING:
    import rdflib

DATA_HEADER = """\
# Grafo de conocimiento de la estructura orgánica {of_es}.
# Knowledge graph of the organizational structure of the {name_en}.
# Cada hecho tiene una pzo:Claim con su fuente y línea o artículo. Generado por `pozuzo-kg publish`.
# Licencia / License: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).
"""
ONTOLOGY_HEADER = """\
# Ontología de pozuzo-kg: términos propios para la estructura orgánica municipal y la procedencia.
# pozuzo-kg ontology. Generado por `pozuzo-kg publish`. Licencia / License: CC BY 4.0.
"""

SEARCH_FILE = "busqueda.nt"
"""The search index: the named graph https://w3id.org/pozuzo-kg/grafo/busqueda, computed from the labels."""

DOWNLOADS: tuple[Download, ...] = (
    Download("pozuzo.ttl", "Grafo de conocimiento (Turtle)", "text/turtle", "Turtle"),
    Download("pozuzo.nt", "Grafo de conocimiento (N-Triples ordenado)", "application/n-triples", "N-Triples"),
    Download("pozuzo.jsonld", "Grafo de conocimiento (JSON-LD)", "application/ld+json", "JSON-LD"),
    Download(CONTEXT_FILE, "Contexto JSON-LD", "application/ld+json", "JSON-LD"),
    Download("ontologia.ttl", "Ontología de pozuzo-kg (Turtle)", "text/turtle", "Turtle"),
    Download(SEARCH_FILE, "Índice de búsqueda (N-Triples ordenado)", "application/n-triples", "N-Triples"),
)
"""The fixed RDF files, in the order people see them; :func:`shape_downloads` adds the shapes."""


def turtle(graph: "rdflib.Graph", header: str = "") -> bytes:
    """Turtle with the project's prefixes; rdflib sorts subjects, predicates and objects, so bytes are stable."""
    return (header + graph.serialize(format="turtle")).encode("utf-8")


def sorted_ntriples(kg: KnowledgeGraph, part: str = "data") -> bytes:
    """N-Triples, one triple a line, lines unique and sorted (a diff-friendly, canonical-order dump)."""
    lines = {line for line in kg.to_ntriples(part).decode("utf-8").splitlines() if line.strip()}
    return "".join(f"{line}\n" for line in sorted(lines)).encode("utf-8")


def context_document(kg: KnowledgeGraph) -> bytes:
    """The ``context.jsonld`` file: the graph's prefixes (the municipality's own among them) and short terms."""
    return to_json({"@context": context(kg.prefixes)}).encode("utf-8")


def shape_downloads() -> list[Download]:
    """One download per SHACL shapes file shipped with the project (``shapes/<name>.ttl``)."""
    return [Download(f"shapes/{path.name}", f"Formas SHACL: {path.stem}", "text/turtle", "Turtle")
            for path in _shape_files()]


def build_rdf(kg: KnowledgeGraph) -> dict[str, bytes]:
    """Every RDF file of the bundle, by relative path."""
    who = read_publisher(kg)
    files = {
        "pozuzo.ttl": turtle(kg.to_rdflib("data"), DATA_HEADER.format(of_es=who.of_es, name_en=who.name_en)),
        "pozuzo.nt": sorted_ntriples(kg, "data"),
        "pozuzo.jsonld": jsonld(kg.to_rdflib("data"), context(kg.prefixes)),
        CONTEXT_FILE: context_document(kg),
        "ontologia.ttl": turtle(kg.to_rdflib("ontology"), ONTOLOGY_HEADER),
        SEARCH_FILE: sorted_ntriples(kg, "search"),
    }
    files.update({f"shapes/{path.name}": path.read_bytes() for path in _shape_files()})
    return files


def _shape_files():
    return sorted(resources.resource_dir("shapes").glob("*.ttl"))
