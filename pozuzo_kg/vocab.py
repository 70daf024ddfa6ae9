"""Namespaces and the IRI scheme, in one place.

A municipality's own resources live under its INEI UBIGEO code, ``{BASE}/id/{ubigeo}/{kind}/{id}``
(``…/id/190305/unidad/gm``); resources every municipality shares (laws and other reference sources, organ
types, places, kinds of action, shared concept schemes) live at ``{BASE}/id/{kind}/{id}``
(``…/id/fuente/ley-27972``, ``…/id/lugar/190305``). Ids are short, stable and lowercase, never label slugs.
Build and read IRIs only through :func:`iri` and :func:`parse_iri`.
"""
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

BASE = "https://w3id.org/pozuzo-kg"
ID_BASE = f"{BASE}/id/"
ONTOLOGY_IRI = f"{BASE}/ontologia"
PZO = f"{ONTOLOGY_IRI}#"
ONTOLOGY_GRAPH = f"{BASE}/grafo/ontologia"
"""Named graph of the embedded store that holds the ontology, kept apart from the data (default graph)."""
SEARCH_GRAPH = f"{BASE}/grafo/busqueda"
"""Named graph of the search index computed from the labels when a graph is loaded (:mod:`pozuzo_kg.search`)."""

ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
CV = "http://data.europa.eu/m8g/"

MUNICIPAL_KINDS = (
    "accion", "afirmacion", "conflicto", "conjunto", "esquema", "fuente", "funcion", "instrumento",
    "organizacion", "puesto", "responsabilidad", "unidad",
)
"""Kinds of a municipality's own resources: ``{BASE}/id/{ubigeo}/{kind}/{id}``."""
SHARED_KINDS = ("esquema", "fuente", "lugar", "modalidad", "tipo-accion", "tipo-organo")
"""Kinds of resources all municipalities share: ``{BASE}/id/{kind}/{id}``."""
KINDS = tuple(sorted(set(MUNICIPAL_KINDS) | set(SHARED_KINDS)))
"""Every kind the IRI scheme knows, each a path segment."""

UBIGEO = re.compile(r"[0-9]{6}")
"""A municipality's INEI UBIGEO code: six digits, as text (``"190305"``; provincial ones end in ``01``)."""
LOCAL_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""A resource's short id: lowercase letters and digits, single hyphens between them."""
_RESOURCE = re.compile(rf"{re.escape(ID_BASE)}(?:(?P<ubigeo>[0-9]{{6}})/)?(?P<kind>[a-z-]+)/(?P<id>{LOCAL_ID.pattern})")

SHARED_SOURCE_PREFIX = "referencia"
"""Prefix of the shared sources (laws, INEI's register, the project), ``{BASE}/id/fuente/``: ``fuente:`` names
the municipality's own documents."""

PREFIXES: dict[str, str] = {
    "cv": CV,
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": DCTERMS,
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": ORG,
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": PROV,
    "pzo": PZO,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "xsd": XSD,
    SHARED_SOURCE_PREFIX: f"{ID_BASE}fuente/",
    **{kind: f"{ID_BASE}{kind}/" for kind in SHARED_KINDS if kind not in ("esquema", "fuente")},
}
"""Prefixes every graph shares: used by serializers (sorted) and offered to every SPARQL query. A graph of one
municipality adds that municipality's own (:func:`prefixes`)."""


@dataclass(frozen=True)
class Resource:
    """The parts of an IRI of the scheme: ``ubigeo`` (``None`` for a shared resource), ``kind`` and ``id``."""

    ubigeo: str | None
    kind: str
    id: str


def iri(kind: str, identifier: str, ubigeo: str | None = None) -> str:
    """The IRI of resource ``identifier`` of ``kind``: the municipality ``ubigeo``'s own, or a shared one."""
    kinds = MUNICIPAL_KINDS if ubigeo is not None else SHARED_KINDS
    if kind not in kinds:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(kinds)}")
    if ubigeo is not None and not UBIGEO.fullmatch(ubigeo):
        raise ValueError(f"UBIGEO {ubigeo!r} is not six digits")
    if not LOCAL_ID.fullmatch(identifier):
        raise ValueError(f"id {identifier!r} is not lowercase letters, digits and single hyphens")
    return f"{ID_BASE}{ubigeo}/{kind}/{identifier}" if ubigeo is not None else f"{ID_BASE}{kind}/{identifier}"


def search_node(local: str) -> str:
    """The IRI of a node of the search index, ``{SEARCH_GRAPH}#{local}`` (``local`` percent-encoded)."""
    return f"{SEARCH_GRAPH}#{quote(local, safe='-')}"


def parse_iri(value: str) -> Resource | None:
    """The parts of ``value`` if it is an IRI of the scheme (a known kind, municipal or shared), else ``None``."""
    match = _RESOURCE.fullmatch(value)
    if not match:
        return None
    ubigeo, kind = match["ubigeo"], match["kind"]
    if kind not in (MUNICIPAL_KINDS if ubigeo else SHARED_KINDS):
        return None
    return Resource(ubigeo, kind, match["id"])


def municipal_prefixes(ubigeo: str) -> dict[str, str]:
    """The prefixes of one municipality's own resources (``unidad:`` → ``{BASE}/id/{ubigeo}/unidad/``…)."""
    return {kind: f"{ID_BASE}{ubigeo}/{kind}/" for kind in MUNICIPAL_KINDS}


def prefixes(ubigeos: Iterable[str] = ()) -> dict[str, str]:
    """The shared :data:`PREFIXES`, plus the municipality's own when ``ubigeos`` names exactly one (sorted)."""
    codes = set(ubigeos)
    own = municipal_prefixes(codes.pop()) if len(codes) == 1 else {}
    return dict(sorted({**PREFIXES, **own}.items()))


def ubigeos_of(iris: Iterable[str]) -> set[str]:
    """The municipalities (UBIGEO codes) whose own resources ``iris`` name."""
    return {resource.ubigeo for value in iris if (resource := parse_iri(value)) and resource.ubigeo}


_LOCAL_NAME = re.compile(r"[\w.-]+")


def compact(value: str, context: Iterable[str] | None = None, extra: dict[str, str] | None = None) -> str | None:
    """``prefix:local`` for display (``unidad:gm``, ``org:Post``), else ``None``.

    ``context`` is the set of municipalities (UBIGEO codes) of what is displayed alongside (default: the IRI's
    own): with one, a municipality's resource takes the bare prefix (``unidad:gm``); with several, the prefix is
    qualified by its code (``190305/unidad:gm``) so the names stay unambiguous. ``extra`` adds prefixes
    (e.g. the shapes' ``sh:`` and ``pzsh:``).
    """
    resource = parse_iri(value)
    if resource is not None and resource.ubigeo:
        codes = set(context) if context is not None else {resource.ubigeo}
        name = f"{resource.kind}:{resource.id}"
        return name if codes == {resource.ubigeo} else f"{resource.ubigeo}/{name}"
    for prefix, namespace in sorted({**PREFIXES, **(extra or {})}.items(), key=lambda item: -len(item[1])):
        local = value[len(namespace):]
        if value.startswith(namespace) and _LOCAL_NAME.fullmatch(local):
            return f"{prefix}:{local}"
    return None
