"""The one map between the data's IRIs and the bundle's files, shared by the pages, the per-resource data, the
static-hosting rules and the endpoint (``pozuzo-kg serve`` mounts the bundle through it).

A resource of the project's IRI scheme lives at ``{folder}/{id}`` plus an extension, one file per
representation (:data:`REPRESENTATIONS`): ``…/id/190305/unidad/gm`` is ``unidad/gm.html``, ``unidad/gm.ttl`` and
``unidad/gm.jsonld``. The folder is the kind of a municipality's own resource, and of a shared one too except
where that would meet a municipal kind: shared sources (laws, registers) go to ``referencia/`` (their prefix,
``referencia:ley-27972``), shared schemes to ``esquema-compartido/``. So the map is one-to-one and can be written
as rewrite rules (:func:`routes`). Any other IRI (data from other publishers) gets a page in its kind's folder,
named by a file-safe slug of its last segment and a short hash of the whole IRI: unique, the same on every run,
and never dereferenced (the IRI is not ours).
"""
import hashlib
import re
from dataclasses import dataclass

from ..vocab import BASE, ID_BASE, LOCAL_ID, MUNICIPAL_KINDS, SHARED_KINDS, SHARED_SOURCE_PREFIX, UBIGEO, iri, parse_iri

SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
"""A short id of the project's IRI scheme (``gm``, ``gm-01``), safe as a file name and in a URL path."""

REPRESENTATIONS = {"html": "text/html", "ttl": "text/turtle", "jsonld": "application/ld+json"}
"""The files of one resource, by extension, with the media type each is served as (the first is the default)."""

SHARED_FOLDERS = {"fuente": SHARED_SOURCE_PREFIX, "esquema": "esquema-compartido"}
"""Folders of the shared kinds whose name is also a municipal kind."""


@dataclass(frozen=True)
class Route:
    """IRIs ``{namespace}{id}`` (``id`` matching :data:`pozuzo_kg.vocab.LOCAL_ID`) live in bundle ``folder``."""

    namespace: str
    folder: str


def routes(ubigeo: str | None) -> tuple[Route, ...]:
    """Every route of a bundle of municipality ``ubigeo`` (its own kinds, then the shared ones), sorted."""
    own = [Route(f"{ID_BASE}{ubigeo}/{kind}/", kind) for kind in MUNICIPAL_KINDS] if ubigeo else []
    shared = [Route(f"{ID_BASE}{kind}/", SHARED_FOLDERS.get(kind, kind)) for kind in SHARED_KINDS]
    return tuple(own + shared)


def resource_path(iri: str) -> str | None:
    """``{folder}/{id}`` (no extension) of an IRI of the project's scheme, or ``None`` for any other IRI."""
    resource = parse_iri(iri)
    if resource is None:
        return None
    folder = resource.kind if resource.ubigeo else SHARED_FOLDERS.get(resource.kind, resource.kind)
    return f"{folder}/{resource.id}"


def iri_at(path: str, ubigeo: str | None) -> str | None:
    """The IRI whose file ``path`` is in a bundle of municipality ``ubigeo`` (``unidad/gm``, ``unidad/gm.ttl``),
    the inverse of :func:`resource_path` (folders are unique per route); ``None`` if no IRI of the scheme lives there."""
    folder, _, identifier = re.sub(rf"\.({'|'.join(REPRESENTATIONS)})$", "", path).partition("/")
    if not LOCAL_ID.fullmatch(identifier):
        return None
    return next((route.namespace + identifier for route in routes(ubigeo) if route.folder == folder), None)


def page_id(kind: str, iri: str) -> str:
    """The file name stem of ``iri``'s page among the pages of ``kind``."""
    resource = parse_iri(iri)
    if resource is not None and resource.kind == kind and SAFE_ID.fullmatch(resource.id):
        return resource.id
    last = re.split(r"[/#]", iri.rstrip("/#"))[-1]
    slug = re.sub(r"[^a-z0-9]+", "-", last.lower()).strip("-") or "recurso"
    return f"{slug}-{hashlib.sha256(iri.encode()).hexdigest()[:8]}"


def stem(kind: str, iri: str) -> str:
    """Where the files of ``iri`` (a resource of ``kind``: ``unidad``, ``puesto``…) live, without extension."""
    resource = parse_iri(iri)
    if resource is not None and resource.kind == kind:
        return resource_path(iri)  # type: ignore[return-value]
    return f"{kind}/{page_id(kind, iri)}"


def page_path(kind: str, iri: str) -> str:
    """The page of ``iri`` (a resource of ``kind``), relative to the bundle root."""
    return f"{stem(kind, iri)}.html"


def endpoint_path(value: str) -> str | None:
    """Where ``pozuzo-kg serve`` answers an IRI of the scheme: the IRI's own path (``…/id/190305/unidad/gm`` at
    ``/id/190305/unidad/gm``); ``None`` for any other IRI."""
    return value.removeprefix(BASE) if parse_iri(value) is not None else None


def iri_served_at(path: str) -> str | None:
    """The IRI of the scheme ``pozuzo-kg serve`` answers at ``path`` (the inverse of :func:`endpoint_path`)."""
    parts = path.strip("/").split("/")
    try:
        if len(parts) == 4 and parts[0] == "id" and UBIGEO.fullmatch(parts[1]):
            return iri(parts[2], parts[3], parts[1])
        if len(parts) == 3 and parts[0] == "id":
            return iri(parts[1], parts[2])
    except ValueError:
        return None
    return None
