"""The project's JSON-LD context and deterministic compaction, shared by the published bundle and query answers.

Compaction never fetches anything: it uses an in-memory context (:func:`context`). rdflib is
only needed by the caller, which passes an ``rdflib.Graph``.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .output import to_json
from .vocab import PREFIXES

if TYPE_CHECKING:
    import rdflib

CONTEXT_FILE = "context.jsonld"
"""The name the published bundle gives its context file; bundle documents name their context by it."""

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

def context(prefixes: Mapping[str, str] = PREFIXES) -> dict[str, object]:
    """The published JSON-LD context (``context.jsonld``): ``prefixes`` (the graph's: shared ones and the
    municipality's own) and short Spanish-data-friendly terms (``prefLabel`` as a language map, links coerced to
    IRIs, ``order``/``sourceLine`` as integers)."""
    return {
        **dict(sorted(prefixes.items())),
        "id": "@id",
        "type": "@type",
        **{term: {"@id": iri, "@container": "@language"} for term, iri in sorted(_LANGUAGE_MAPS.items())},
        **{term: {"@id": iri, "@type": "@id"} for term, iri in sorted(_LINKS.items())},
        **{term: {"@id": iri, "@type": datatype} for term, (iri, datatype) in sorted(_TYPED.items())},
        **{term: iri for term, iri in sorted(_PLAIN.items())},
    }


def jsonld(graph: "rdflib.Graph", context: dict[str, object], reference: object = CONTEXT_FILE) -> bytes:
    """Compacted JSON-LD against ``context``, which the document names as ``reference`` (default: the
    relative IRI ``context.jsonld``; pass the context itself to inline it).

    Nodes are sorted by ``id`` and every array by its canonical JSON, so the bytes are stable.
    """
    document = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = document.get("@graph", [document])
    nodes = [{key: value for key, value in node.items() if key != "@context"} for node in nodes]
    identifier = "id" if "id" in context else "@id"
    ordered = sorted((_canonical(n) for n in nodes), key=lambda n: n[identifier])
    return to_json({"@context": reference, "@graph": ordered}).encode("utf-8")


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
