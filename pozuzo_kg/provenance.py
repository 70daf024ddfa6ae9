"""The provenance of the graph's facts, read once: claims, sources, conflicts (for analytics, org chart, pages).

A ``pzo:Claim`` names a statement (``rdf:subject``, ``rdf:predicate``, ``rdf:object``; a few name only the
subject), its source (``prov:wasDerivedFrom``), where in it (``pzo:sourceLine`` or ``pzo:article``) and the
exact text (``pzo:quote``) or a note (``skos:note``); a ``pzo:Conflict`` lists the claims that disagree. A claim
of the project's own readings (its source a ``pzo:CurationSource``) has no place in a source: it states its
reasoning (``skos:note``) and its basis (``pzo:basis``, the claims it rests on).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

import pyoxigraph as ox

from .graph import KnowledgeGraph
from .vocab import PZO

_CLAIMS = """
SELECT ?claim ?subject ?predicate ?object ?source ?line ?article ?quote ?note WHERE {
  ?claim a pzo:Claim .
  OPTIONAL { ?claim rdf:subject ?subject }
  OPTIONAL { ?claim rdf:predicate ?predicate }
  OPTIONAL { ?claim rdf:object ?object }
  OPTIONAL { ?claim prov:wasDerivedFrom ?source }
  OPTIONAL { ?claim pzo:sourceLine ?line }
  OPTIONAL { ?claim pzo:article ?article }
  OPTIONAL { ?claim pzo:quote ?quote }
  OPTIONAL { ?claim skos:note ?note }
}
ORDER BY ?claim ?subject ?predicate ?object ?source ?line ?article ?quote ?note
"""

_BASES = """
SELECT ?claim ?basis WHERE { ?claim a pzo:Claim ; pzo:basis ?basis }
ORDER BY ?claim ?basis
"""

_SOURCES = """
SELECT ?source ?class ?reading ?title ?identifier WHERE {
  ?source a ?class . ?class rdfs:subClassOf* pzo:Source .
  BIND(EXISTS { ?class rdfs:subClassOf* pzo:CurationSource } AS ?reading)
  OPTIONAL { ?source dcterms:title ?title }
  OPTIONAL { ?source dcterms:identifier ?identifier }
}
"""

_CONFLICTS = """
SELECT ?conflict ?claim ?label ?description WHERE {
  ?conflict a pzo:Conflict .
  OPTIONAL { ?conflict pzo:conflictingClaim ?claim }
  OPTIONAL { ?conflict skos:prefLabel ?label FILTER(langMatches(lang(?label), "es")) }
  OPTIONAL { ?conflict dcterms:description ?description FILTER(langMatches(lang(?description), "es")) }
}
"""


@dataclass(frozen=True)
class Source:
    """A document claims come from; ``name`` is how people cite it (a law by its number, a document by title).

    ``is_reading``: the source is the project itself (a ``pzo:CurationSource``), whose claims are its readings.
    """

    iri: str
    title: str
    identifier: str
    is_law: bool
    is_reading: bool = False

    @property
    def name(self) -> str:
        if self.is_law and self.identifier:
            return self.identifier
        if self.title:
            return f"«{self.title}»"
        return self.identifier or self.iri


@dataclass(frozen=True)
class Claim:
    """One source's statement about one triple, and where in the source it is made."""

    iri: str
    subject: str | None
    predicate: str | None
    object: ox.NamedNode | ox.Literal | ox.BlankNode | None
    source: Source | None
    line: int | None
    article: str | None
    quote: str
    note: str
    basis: tuple[str, ...] = ()
    """The claims a reading of the project rests on (``pzo:basis``), sorted."""

    @property
    def is_reading(self) -> bool:
        """Whether the claim is one of the project's own readings (its source a ``pzo:CurationSource``)."""
        return self.source is not None and self.source.is_reading

    @property
    def location(self) -> str:
        """``línea 2``, ``art. 27`` or empty."""
        if self.line is not None:
            return f"línea {self.line}"
        return f"art. {self.article}" if self.article else ""

    @property
    def citation(self) -> str:
        """Source and place, e.g. ``«Organización», línea 2`` or ``Ley N.º 27972, art. 27``."""
        name = self.source.name if self.source else "fuente no indicada"
        return f"{name}, {self.location}" if self.location else name


@dataclass(frozen=True)
class Conflict:
    """A disagreement between sources: its Spanish label and description and the claims taking part."""

    iri: str
    label: str
    description: str
    claims: tuple[str, ...]


@dataclass(frozen=True)
class Provenance:
    """Every claim, source and conflict of a graph, with lookups by resource and by statement."""

    claims: tuple[Claim, ...]
    sources: tuple[Source, ...]
    conflicts: tuple[Conflict, ...]
    _conflicts_by_claim: dict[str, tuple[Conflict, ...]] = field(repr=False, compare=False, default_factory=dict)

    def about(self, iri: str) -> tuple[Claim, ...]:
        """The claims whose subject or object is ``iri``."""
        return tuple(c for c in self.claims if iri in (c.subject, _iri(c.object)))

    def stating(self, subject: str, predicate: str, obj: str) -> tuple[Claim, ...]:
        """The claims that state the triple (``obj`` an IRI)."""
        return tuple(c for c in self.claims if (c.subject, c.predicate, _iri(c.object)) == (subject, predicate, obj))

    def conflicts_of(self, claim: Claim) -> tuple[Conflict, ...]:
        """The conflicts ``claim`` takes part in."""
        return self._conflicts_by_claim.get(claim.iri, ())


def read_provenance(graph: KnowledgeGraph) -> Provenance:
    """Reads claims, sources and conflicts from ``graph``; every tuple is sorted (claims by IRI)."""
    sources = _read_sources(graph)
    claims: dict[str, Claim] = {}
    for row in graph.query(_CLAIMS):
        iri = row["claim"].value
        if iri in claims:  # a claim with a repeated property: keep its first row (the query is ordered)
            continue
        claims[iri] = Claim(
            iri=iri,
            subject=_value(row["subject"]),
            predicate=_value(row["predicate"]),
            object=row["object"],
            source=_source(sources, _value(row["source"])),
            line=int(row["line"].value) if row["line"] is not None and row["line"].value.isdigit() else None,
            article=_value(row["article"]),
            quote=_value(row["quote"]) or "",
            note=_value(row["note"]) or "",
        )
    bases: dict[str, list[str]] = defaultdict(list)
    for row in graph.query(_BASES):
        bases[row["claim"].value].append(row["basis"].value)
    claims = {iri: replace(claim, basis=tuple(bases[iri])) if iri in bases else claim for iri, claim in claims.items()}
    conflicts = _read_conflicts(graph)
    by_claim: dict[str, list[Conflict]] = defaultdict(list)
    for conflict in conflicts:
        for claim in conflict.claims:
            by_claim[claim].append(conflict)
    return Provenance(
        claims=tuple(claims[k] for k in sorted(claims)),
        sources=tuple(sources[k] for k in sorted(sources)),
        conflicts=conflicts,
        _conflicts_by_claim={k: tuple(v) for k, v in by_claim.items()},
    )


def _source(sources: dict[str, Source], iri: str | None) -> Source | None:
    """The source ``iri`` names: a described one, or a bare one (an untyped ``prov:wasDerivedFrom`` target)."""
    if iri is None:
        return None
    return sources.get(iri) or Source(iri=iri, title="", identifier="", is_law=False)


def _read_sources(graph: KnowledgeGraph) -> dict[str, Source]:
    rows: dict[str, dict[str, object]] = {}
    for row in graph.query(_SOURCES):
        entry = rows.setdefault(row["source"].value, {"title": set(), "identifier": set(), "law": False, "reading": False})
        entry["law"] = entry["law"] or row["class"].value == f"{PZO}LegalNorm"
        entry["reading"] = entry["reading"] or row["reading"].value == "true"
        for key in ("title", "identifier"):
            if row[key] is not None:
                entry[key].add(row[key].value)
    return {
        iri: Source(iri=iri, title=min(e["title"], default=""), identifier=min(e["identifier"], default=""),
                    is_law=bool(e["law"]), is_reading=bool(e["reading"]))
        for iri, e in rows.items()
    }


def _read_conflicts(graph: KnowledgeGraph) -> tuple[Conflict, ...]:
    parts: dict[str, dict[str, set[str]]] = {}
    for row in graph.query(_CONFLICTS):
        entry = parts.setdefault(row["conflict"].value, {"claims": set(), "label": set(), "description": set()})
        for key in ("claim", "label", "description"):
            if row[key] is not None:
                entry["claims" if key == "claim" else key].add(row[key].value)
    return tuple(
        Conflict(iri=iri, label=min(e["label"], default=iri.rsplit("/", 1)[-1]),
                 description=min(e["description"], default=""), claims=tuple(sorted(e["claims"])))
        for iri, e in sorted(parts.items())
    )


def _value(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str | None:
    return None if term is None else term.value


def _iri(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None
