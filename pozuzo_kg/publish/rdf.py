"""The RDF distributions: data as Turtle, sorted N-Triples and compacted JSON-LD, the JSON-LD context,
the ontology (Turtle) and the SHACL shapes, all deterministic bytes.

JSON-LD files name their context by the relative IRI ``context.jsonld`` (shipped alongside); nothing is
fetched when building or reading them: compaction uses the in-memory :data:`CONTEXT`.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .. import resources
from ..graph import KnowledgeGraph
from ..vocab import PREFIXES
from .model import Download
from .publisher import read_publisher

if TYPE_CHECKING:
    import rdflib

CONTEXT_FILE = "context.jsonld"

_LANGUAGE_MAPS = {
    "prefLabel": "skos:prefLabel", "altLabel": "skos:altLabel", "definition": "skos:definition",
    "note": "skos:note", "label": "rdfs:label", "title": "dcterms:title", "description": "dcterms:description",
    "quote": "pzo:quote",
}
_LINKS = {
    "unitOf": "org:unitOf", "subOrganizationOf": "org:subOrganizationOf", "classification": "org:classification",
    "postIn": "org:postIn", "role": "org:role", "reportsTo": "org:reportsTo", "designatedBy": "pzo:designatedBy",
    "hasFunction": "pzo:hasFunction", "hasResponsibility": "pzo:hasResponsibility",
    "responsibleFor": "pzo:responsibleFor", "inScheme": "skos:inScheme", "broader": "skos:broader",
    "topConceptOf": "skos:topConceptOf", "spatial": "dcterms:spatial", "isPartOf": "dcterms:isPartOf",
    "language": "dcterms:language", "license": "dcterms:license", "source": "dcterms:source",
    "wasDerivedFrom": "prov:wasDerivedFrom", "conflictingClaim": "pzo:conflictingClaim",
    "subject": "rdf:subject", "predicate": "rdf:predicate",
}
_TYPED = {"order": ("pzo:order", "xsd:integer"), "sourceLine": ("pzo:sourceLine", "xsd:integer"),
          "issued": ("dcterms:issued", "xsd:date")}
_PLAIN = {"identifier": "dcterms:identifier", "notation": "skos:notation", "ubigeo": "pzo:ubigeo",
          "article": "pzo:article", "object": "rdf:object"}

CONTEXT: dict[str, object] = {
    **dict(sorted(PREFIXES.items())),
    "id": "@id",
    "type": "@type",
    **{term: {"@id": iri, "@container": "@language"} for term, iri in sorted(_LANGUAGE_MAPS.items())},
    **{term: {"@id": iri, "@type": "@id"} for term, iri in sorted(_LINKS.items())},
    **{term: {"@id": iri, "@type": datatype} for term, (iri, datatype) in sorted(_TYPED.items())},
    **{term: iri for term, iri in sorted(_PLAIN.items())},
}
"""The published JSON-LD context (``context.jsonld``): the project's prefixes and short Spanish-data-friendly
terms (``prefLabel`` as a language map, links coerced to IRIs, ``order``/``sourceLine`` as integers)."""

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

DOWNLOADS: tuple[Download, ...] = (
    Download("pozuzo.ttl", "Grafo de conocimiento (Turtle)", "text/turtle", "Turtle"),
    Download("pozuzo.nt", "Grafo de conocimiento (N-Triples ordenado)", "application/n-triples", "N-Triples"),
    Download("pozuzo.jsonld", "Grafo de conocimiento (JSON-LD)", "application/ld+json", "JSON-LD"),
    Download(CONTEXT_FILE, "Contexto JSON-LD", "application/ld+json", "JSON-LD"),
    Download("ontologia.ttl", "Ontología de pozuzo-kg (Turtle)", "text/turtle", "Turtle"),
)
"""The fixed RDF files, in the order people see them; :func:`shape_downloads` adds the shapes."""


def turtle(graph: "rdflib.Graph", header: str = "") -> bytes:
    """Turtle with the project's prefixes; rdflib sorts subjects, predicates and objects, so bytes are stable."""
    return (header + graph.serialize(format="turtle")).encode("utf-8")


def sorted_ntriples(kg: KnowledgeGraph, part: str = "data") -> bytes:
    """N-Triples, one triple a line, lines unique and sorted (a diff-friendly, canonical-order dump)."""
    lines = {line for line in kg.to_ntriples(part).decode("utf-8").splitlines() if line.strip()}
    return "".join(f"{line}\n" for line in sorted(lines)).encode("utf-8")


def jsonld(graph: "rdflib.Graph", context: dict[str, object] = CONTEXT, reference: object = CONTEXT_FILE) -> bytes:
    """Compacted JSON-LD against ``context``, which the document names as ``reference`` (default: the
    relative IRI ``context.jsonld``; pass the context itself to inline it).

    Nodes are sorted by ``id`` and every array by its canonical JSON, so the bytes are stable.
    """
    document = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = document.get("@graph", [document])
    nodes = [{key: value for key, value in node.items() if key != "@context"} for node in nodes]
    identifier = "id" if "id" in context else "@id"
    ordered = sorted((_canonical(n) for n in nodes), key=lambda n: n[identifier])
    return _dump({"@context": reference, "@graph": ordered})


def context_document() -> bytes:
    """The ``context.jsonld`` file."""
    return _dump({"@context": CONTEXT})


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
        "pozuzo.jsonld": jsonld(kg.to_rdflib("data")),
        CONTEXT_FILE: context_document(),
        "ontologia.ttl": turtle(kg.to_rdflib("ontology"), ONTOLOGY_HEADER),
    }
    files.update({f"shapes/{path.name}": path.read_bytes() for path in _shape_files()})
    return files


def _shape_files():
    return sorted(resources.resource_dir("shapes").glob("*.ttl"))


def _canonical(value: object) -> object:
    """Sorts arrays (RDF values are sets) and object keys (``id``, ``type`` first) recursively."""
    if isinstance(value, list):
        items = [_canonical(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, ensure_ascii=False, sort_keys=True))
    if isinstance(value, dict):
        first = ("id", "@id", "type", "@type")
        keys = sorted(value, key=lambda key: (first.index(key) if key in first else len(first), key))
        return {key: _canonical(value[key]) for key in keys}
    return value


def _dump(document: object) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
