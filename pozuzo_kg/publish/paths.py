"""Where each resource's HTML page lives in the bundle: ``{kind}/{id}.html``, relative to the bundle root.

The id is the resource's own short id when its IRI follows the project's scheme (``…/id/190305/unidad/gm`` gives
``unidad/gm.html``, ``…/id/lugar/190305`` gives ``lugar/190305.html``); any other IRI (data from other publishers) gets a file-safe slug of its last segment plus
a short hash of the whole IRI, so two IRIs never share a page and the name is the same on every run.
"""
import hashlib
import re

from ..vocab import parse_iri

SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
"""A short id of the project's IRI scheme (``gm``, ``gm-01``), safe as a file name and in a URL path."""


def page_id(kind: str, iri: str) -> str:
    """The file name stem of ``iri``'s page among the pages of ``kind``."""
    resource = parse_iri(iri)
    if resource is not None and resource.kind == kind and SAFE_ID.fullmatch(resource.id):
        return resource.id
    last = re.split(r"[/#]", iri.rstrip("/#"))[-1]
    slug = re.sub(r"[^a-z0-9]+", "-", last.lower()).strip("-") or "recurso"
    return f"{slug}-{hashlib.sha256(iri.encode()).hexdigest()[:8]}"


def page_path(kind: str, iri: str) -> str:
    """The page of ``iri`` (a resource of ``kind``: ``unidad``, ``puesto``…), relative to the bundle root."""
    return f"{kind}/{page_id(kind, iri)}.html"
