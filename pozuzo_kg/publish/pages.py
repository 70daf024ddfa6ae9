"""The bundle's human-readable pages: one static HTML page per unit, post, function, responsibility,
management instrument, conflict and source, and ``index.html``, all in Spanish, linked by relative links.

Every page shows the resource's labels (es, en), descriptions and relations, and the provenance of each fact
(the claims about it: source, line or article, quote) with any conflict it takes part in. The pages need no
JavaScript and load nothing remote: one stylesheet (``estilo.css``) ships with them and the org chart is
inlined in the index. Identifiers (IRIs) are shown as text, never fetched. Same bytes on every run.
"""
from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.resources import files

import pyoxigraph as ox

from ..graph import KnowledgeGraph
from ..vocab import DCTERMS, ORG, PZO, RDF, RDFS, SKOS
from .model import Download
from .orgchart import read_orgchart, sort_key, to_svg
from .paths import page_path
from ..provenance import Claim, Provenance, read_provenance

STYLESHEET = "estilo.css"
RDF_MEDIA_TYPES = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml",
                   "application/trig", "application/n-quads")
"""Downloads with these media types are announced in every page's head as ``<link rel="alternate">``."""

KIND_NAMES = {
    "unidad": "Unidad orgánica", "puesto": "Puesto", "funcion": "Función", "responsabilidad": "Responsabilidad",
    "instrumento": "Instrumento de gestión", "conflicto": "Discrepancia entre fuentes", "fuente": "Fuente",
}
"""Page kinds (folders of the bundle) and their Spanish names, in the order the index lists them."""

_PLURALS = {"puesto": "Puestos", "instrumento": "Instrumentos de gestión", "fuente": "Fuentes"}

_RESOURCES = """
SELECT DISTINCT ?resource ?kind WHERE {
  { ?resource a org:OrganizationalUnit BIND("unidad" AS ?kind) }
  UNION { ?resource a org:Post BIND("puesto" AS ?kind) }
  UNION { ?resource a pzo:Function BIND("funcion" AS ?kind) }
  UNION { ?resource a pzo:Responsibility BIND("responsabilidad" AS ?kind) }
  UNION { ?resource a pzo:ManagementInstrument BIND("instrumento" AS ?kind) }
  UNION { ?resource a pzo:Conflict BIND("conflicto" AS ?kind) }
  UNION { ?resource a/rdfs:subClassOf* pzo:Source BIND("fuente" AS ?kind) }
  FILTER(isIRI(?resource))
}
"""

_FIELD_NAMES = {
    f"{SKOS}prefLabel": "nombre", f"{SKOS}altLabel": "nombre alternativo", f"{SKOS}hiddenLabel": "sinónimo de búsqueda",
    f"{DCTERMS}description": "descripción",
    f"{ORG}subOrganizationOf": "depende de", f"{ORG}unitOf": "es unidad de", f"{ORG}classification": "tipo de órgano",
    f"{ORG}postIn": "puesto en", f"{ORG}role": "rol", f"{ORG}reportsTo": "reporta a",
    f"{DCTERMS}spatial": "ámbito territorial", f"{DCTERMS}isPartOf": "forma parte de", f"{SKOS}broader": "más general",
    f"{ORG}Head": "titular",
}
"""Spanish names of the ORG, SKOS and DCTERMS terms the pages name (the project's own terms have rdfs:label@es)."""


@dataclass(frozen=True)
class Link:
    """A value shown on a page: text, and the relative address of its page when it has one."""

    text: str
    href: str | None = None
    lang: str | None = None
    note: str = ""


@dataclass(frozen=True)
class ProvenanceRow:
    """One claim as a row of a page's provenance table."""

    field: str
    value: Link
    source: Link
    location: str
    quote: str
    note: str
    conflicts: tuple[Link, ...]


@dataclass
class _Site:
    """The graph indexed for page building: triples by subject and object, pages by IRI, provenance."""

    graph: KnowledgeGraph
    provenance: Provenance
    forward: dict[str, dict[str, list[ox.NamedNode | ox.Literal | ox.BlankNode]]] = field(default_factory=dict)
    backward: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    """The page kind of each resource that has a page (``unidad``, ``fuente``…)."""
    pages: dict[str, str] = field(default_factory=dict)

    def objects(self, subject: str, predicate: str) -> list[ox.NamedNode | ox.Literal | ox.BlankNode]:
        return self.forward.get(subject, {}).get(predicate, [])

    def iris(self, subject: str, predicate: str) -> list[str]:
        return [o.value for o in self.objects(subject, predicate) if isinstance(o, ox.NamedNode)]

    def subjects(self, predicate: str, obj: str) -> list[str]:
        return self.backward.get(obj, {}).get(predicate, [])

    def texts(self, subject: str, predicate: str, lang: str | None = None) -> list[str]:
        """Literal values, only those in ``lang`` if given (sorted)."""
        return sorted(o.value for o in self.objects(subject, predicate)
                      if isinstance(o, ox.Literal) and (lang is None or (o.language or "").lower() == lang))

    def label(self, iri: str, lang: str = "es") -> str:
        for predicate in (f"{SKOS}prefLabel", f"{RDFS}label", f"{DCTERMS}title"):
            if found := self.texts(iri, predicate, lang):
                return found[0]
        if lang != "es":
            return ""
        if iri in _FIELD_NAMES:
            return _FIELD_NAMES[iri]
        for predicate in (f"{SKOS}prefLabel", f"{RDFS}label", f"{DCTERMS}title", f"{DCTERMS}identifier"):
            if found := self.texts(iri, predicate):
                return found[0]
        return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def link(self, iri: str, page: str, note: str = "") -> Link:
        """``iri``'s Spanish label, linked (relative to ``page``) when it has a page."""
        target = self.pages.get(iri)
        return Link(self.label(iri), _relative(target, page) if target else None, note=note)

    def sorted_iris(self, iris: Sequence[str]) -> list[str]:
        """``iris`` in the order the source gives (``pzo:order``), then alphabetically."""
        return sorted(set(iris), key=lambda i: (self.order(i), sort_key(self.label(i)), i))

    def links(self, iris: Sequence[str], page: str) -> list[Link]:
        """Links to ``iris``, in :meth:`sorted_iris` order."""
        return [self.link(i, page) for i in self.sorted_iris(iris)]

    def order(self, iri: str) -> int:
        values = [int(v) for v in self.texts(iri, f"{PZO}order") if v.isdigit()]
        return min(values, default=1_000_000)


def build_pages(graph: KnowledgeGraph, downloads: Sequence[Download]) -> dict[str, bytes]:
    """The pages of the bundle, ``{relative path: bytes}``: ``index.html``, ``estilo.css`` and one page per
    unit, post, function, responsibility, instrument, conflict and source; ``downloads`` are linked from the
    index and the RDF ones announced in every page's head."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("pozuzo_kg.publish", "templates"), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    site = _index(graph)
    out: dict[str, bytes] = {STYLESHEET: files("pozuzo_kg.publish").joinpath("templates", STYLESHEET).read_bytes()}
    builders = {"unidad": _unit, "puesto": _post, "funcion": _function, "responsabilidad": _responsibility,
                "instrumento": _instrument, "conflicto": _conflict, "fuente": _source}
    entity = environment.get_template("entidad.html")
    for iri, path in sorted(site.pages.items(), key=lambda item: item[1]):
        kind = site.kinds[iri]
        context = _common(site, iri, path, kind, downloads) | builders[kind](site, iri, path)
        out[path] = entity.render(context).encode()
    out["index.html"] = environment.get_template("index.html").render(_home(site, downloads)).encode()
    return out


def _index(graph: KnowledgeGraph) -> _Site:
    site = _Site(graph=graph, provenance=read_provenance(graph))
    for row in graph.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"):
        subject, predicate, obj = row["s"].value, row["p"].value, row["o"]
        site.forward.setdefault(subject, {}).setdefault(predicate, []).append(obj)
        if isinstance(obj, ox.NamedNode):
            site.backward.setdefault(obj.value, {}).setdefault(predicate, []).append(subject)
    for by_predicate in (*site.forward.values(), *site.backward.values()):
        for predicate, values in by_predicate.items():
            by_predicate[predicate] = sorted(set(values), key=str)
    site.kinds = page_kinds(graph)
    site.pages = {iri: page_path(kind, iri) for iri, kind in site.kinds.items()}
    return site


def page_kinds(graph: KnowledgeGraph) -> dict[str, str]:
    """The kind of page (``unidad``, ``puesto``…) of each resource that has one, by IRI."""
    kinds: dict[str, set[str]] = defaultdict(set)
    for row in graph.query(_RESOURCES):
        kinds[row["resource"].value].add(row["kind"].value)
    order = list(KIND_NAMES)
    return {iri: min(found, key=order.index) for iri, found in kinds.items()}


def _relative(target: str, page: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def _common(site: _Site, iri: str, path: str, kind: str, downloads: Sequence[Download]) -> dict[str, object]:
    """What every entity page shows: names, descriptions, identifier, provenance and conflicts."""
    claims = site.provenance.about(iri)
    conflicts = sorted({c for claim in claims for c in site.provenance.conflicts_of(claim)}, key=lambda c: c.iri)
    return {
        **_head(site, path, downloads),
        "kind": KIND_NAMES[kind],
        "label": site.label(iri),
        "label_en": site.label(iri, "en"),
        "alt_labels": [Link(t, lang=lang) for lang in ("es", "en") for t in site.texts(iri, f"{SKOS}altLabel", lang)],
        "descriptions": site.texts(iri, f"{DCTERMS}description", "es") + site.texts(iri, f"{SKOS}definition", "es"),
        "iri": iri,
        "provenance": [_row(site, claim, path, iri) for claim in _sorted_claims(site, claims)],
        "conflicts": [site.link(c.iri, path, note=c.description) for c in conflicts],
        "provenance_title": "Procedencia de los datos",
        "facts": [],
        "lists": [],
    }


def _head(site: _Site, path: str, downloads: Sequence[Download]) -> dict[str, object]:
    return {
        "root": _relative("index.html", path),
        "stylesheet": _relative(STYLESHEET, path),
        "alternates": [(d.media_type, _relative(d.path, path), d.title)
                       for d in sorted(downloads, key=lambda d: d.path) if d.media_type in RDF_MEDIA_TYPES],
    }


def _sorted_claims(site: _Site, claims: Sequence[Claim]) -> list[Claim]:
    def key(claim: Claim) -> tuple:
        obj = claim.object.value if claim.object is not None else ""
        return (site.label(claim.predicate) if claim.predicate else "~", site.order(obj), obj, claim.iri)

    return sorted(claims, key=key)


def _row(site: _Site, claim: Claim, page: str, about: str | None = None) -> ProvenanceRow:
    """The claim as a table row; the field names its subject unless it is ``about`` (the page's resource)."""
    if isinstance(claim.object, ox.NamedNode):
        value = site.link(claim.object.value, page)
    elif claim.object is not None:
        value = Link(claim.object.value, lang=getattr(claim.object, "language", None))
    else:
        value = Link("")
    subject = site.link(claim.subject, page) if claim.subject else Link("")
    field_name = site.label(claim.predicate) if claim.predicate else "afirmación sobre"
    source = site.link(claim.source.iri, page) if claim.source else Link("fuente no indicada")
    return ProvenanceRow(
        field=field_name if claim.subject == about else f"{subject.text}: {field_name}", value=value if claim.predicate else subject, source=source,
        location=claim.location, quote=claim.quote, note=claim.note,
        conflicts=tuple(site.link(c.iri, page) for c in site.provenance.conflicts_of(claim)))


def _fact(name: str, values: Sequence[Link]) -> tuple[str, list[Link]]:
    return name, list(values)


def _unit(site: _Site, iri: str, page: str) -> dict[str, object]:
    parents = []
    for parent in site.sorted_iris(site.iris(iri, f"{ORG}subOrganizationOf")):
        claims = site.provenance.stating(iri, f"{ORG}subOrganizationOf", parent)
        sources = "; ".join(sorted({c.citation for c in claims}))
        disputed = any(site.provenance.conflicts_of(c) for c in claims)
        note = ("en discrepancia entre fuentes" + (f"; según {sources}" if sources else "")) if disputed else sources
        parents.append(site.link(parent, page, note=note))
    return {
        "facts": [
            _fact("Tipo de órgano", site.links(site.iris(iri, f"{ORG}classification"), page)),
            _fact("Organización", site.links(site.iris(iri, f"{ORG}unitOf"), page)),
            _fact("Depende de", parents),
            _fact("Unidades que dependen de ella", site.links(site.subjects(f"{ORG}subOrganizationOf", iri), page)),
            _fact("Puestos", site.links(site.subjects(f"{ORG}postIn", iri), page)),
        ],
        "lists": [
            ("Funciones", True, site.links(site.iris(iri, f"{PZO}hasFunction"), page)),
            ("Responsabilidades", False, site.links(site.iris(iri, f"{PZO}hasResponsibility"), page)),
            ("Instrumentos de gestión", False, site.links(site.iris(iri, f"{PZO}responsibleFor"), page)),
        ],
    }


def _post(site: _Site, iri: str, page: str) -> dict[str, object]:
    return {"facts": [
        _fact("Unidad orgánica", site.links(site.iris(iri, f"{ORG}postIn"), page)),
        _fact("Rol", site.links(site.iris(iri, f"{ORG}role"), page)),
        _fact("Reporta a", site.links(site.iris(iri, f"{ORG}reportsTo"), page)),
        _fact("Designado por", site.links(site.iris(iri, f"{PZO}designatedBy"), page)),
        _fact("Puestos que le reportan", site.links(site.subjects(f"{ORG}reportsTo", iri), page)),
    ]}


def _function(site: _Site, iri: str, page: str) -> dict[str, object]:
    return {"facts": [
        _fact("Unidad orgánica", site.links(site.subjects(f"{PZO}hasFunction", iri), page)),
        _fact("Orden en la fuente", [Link(t) for t in site.texts(iri, f"{PZO}order")]),
        _fact("Esquema", site.links(site.iris(iri, f"{SKOS}inScheme"), page)),
    ]}


def _responsibility(site: _Site, iri: str, page: str) -> dict[str, object]:
    return {"facts": [
        _fact("Unidad orgánica", site.links(site.subjects(f"{PZO}hasResponsibility", iri), page)),
        _fact("Materia más general", site.links(site.iris(iri, f"{SKOS}broader"), page)),
        _fact("Materias más específicas", site.links(site.subjects(f"{SKOS}broader", iri), page)),
    ]}


def _instrument(site: _Site, iri: str, page: str) -> dict[str, object]:
    return {"facts": [
        _fact("Sigla", [Link(t) for t in site.texts(iri, f"{SKOS}notation")]),
        _fact("Unidades responsables", site.links(site.subjects(f"{PZO}responsibleFor", iri), page)),
    ]}


def _conflict(site: _Site, iri: str, page: str) -> dict[str, object]:
    conflict = next(c for c in site.provenance.conflicts if c.iri == iri)
    claims = [c for c in site.provenance.claims if c.iri in conflict.claims]
    subjects = sorted({c.subject for c in claims if c.subject})
    return {
        "facts": [_fact("Recursos afectados", site.links(subjects, page))],
        "provenance": [_row(site, claim, page) for claim in _sorted_claims(site, claims)],
        "provenance_title": "Afirmaciones en discrepancia",
        "conflicts": [],
    }


def _source(site: _Site, iri: str, page: str) -> dict[str, object]:
    claims = [c for c in site.provenance.claims if c.source and c.source.iri == iri]
    return {
        "facts": [
            _fact("Identificador", [Link(t) for t in site.texts(iri, f"{DCTERMS}identifier")]),
            _fact("Tipo de fuente", site.links([t for t in site.iris(iri, f"{RDF}type") if t.startswith(PZO)], page)),
            _fact("Fecha de publicación", [Link(t) for t in site.texts(iri, f"{DCTERMS}issued")]),
            _fact("Editor", [Link(t) for t in site.texts(iri, f"{DCTERMS}publisher", "es")]),
        ],
        "provenance": [_row(site, claim, page) for claim in sorted(claims, key=lambda c: (c.line or 0, c.article or "", c.iri))],
        "provenance_title": f"Afirmaciones tomadas de esta fuente ({len(claims)})",
        "conflicts": [],
    }


def _home(site: _Site, downloads: Sequence[Download]) -> dict[str, object]:
    """The index: the municipality, the org chart, units, posts, conflicts, sources and every download."""
    from markupsafe import Markup

    page = "index.html"
    organizations = sorted({o for u in _of_kind(site, "unidad") for o in site.iris(u, f"{ORG}unitOf")})
    municipalities = []
    for organization in organizations:
        places = []
        place = next(iter(site.iris(organization, f"{DCTERMS}spatial")), None)
        while place and place not in places:
            places.append(place)
            place = next(iter(site.iris(place, f"{DCTERMS}isPartOf")), None)
        municipalities.append({
            "label": site.label(organization), "label_en": site.label(organization, "en"), "iri": organization,
            "descriptions": site.texts(organization, f"{DCTERMS}description", "es"),
            "places": [Link(site.label(p), note=", ".join(f"UBIGEO {u}" for u in site.texts(p, f"{PZO}ubigeo")))
                       for p in places],
        })
    units = [{"link": site.link(u, page),
              "type": ", ".join(site.label(t) for t in site.iris(u, f"{ORG}classification")),
              "parents": site.links(site.iris(u, f"{ORG}subOrganizationOf"), page)}
             for u in sorted(_of_kind(site, "unidad"), key=lambda u: (sort_key(site.label(u)), u))]
    return {
        **_head(site, page, downloads),
        "title": municipalities[0]["label"] if len(municipalities) == 1 else "Estructura orgánica",
        "municipalities": municipalities,
        "orgchart": Markup(to_svg(read_orgchart(site.graph, site.provenance))),
        "units": units,
        "sections": [(name, site.links(_of_kind(site, kind), page)) for kind, name in _PLURALS.items()],
        "conflicts": [site.link(c.iri, page, note=c.description) for c in site.provenance.conflicts],
        "downloads": sorted(downloads, key=lambda d: d.path),
    }


def _of_kind(site: _Site, kind: str) -> list[str]:
    return sorted(iri for iri, found in site.kinds.items() if found == kind)
