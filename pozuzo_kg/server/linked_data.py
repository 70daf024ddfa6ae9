"""Linked data: every resource IRI of the data answered at its local path, and the bundle's files.

``/id/…`` (the IRI's path, :func:`pozuzo_kg.publish.paths.local_path`) answers by content negotiation: the
bundle's HTML page for browsers, the resource's description (``DESCRIBE``, through the engine) as Turtle,
N-Triples or JSON-LD for machines, with ``Vary: Accept`` and ``Link: rel="alternate"`` to every other form;
``/id/….ttl``, ``.nt`` and ``.jsonld`` give one form each. ``/datos/`` serves the bundle's pages, dumps, VoID and
catalogue (the last two with the server's own URL). Anything else under ``/id/`` is a 404.
"""
from __future__ import annotations

import hashlib
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, Router

from ..i18n import _
from ..publish.paths import endpoint_path, iri_served_at
from . import negotiation
from .cache import matches
from .description import BUNDLE, Descriptions
from .engine import Dataset
from .responses import error, method_not_allowed, public_url
from .settings import Settings
from .sparql import ALL_METHODS, SparqlService

MEDIA_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".ttl": "text/turtle",
               ".nt": "application/n-triples", ".jsonld": "application/ld+json", ".svg": "image/svg+xml"}
SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".jsonld": "jsonld"}
"""A suffix on a resource's path asks for one form of its description."""


class LinkedData:
    """Routes for resource IRIs and the bundle's files."""

    def __init__(self, service: SparqlService, descriptions: Descriptions, resources: frozenset[str],
                 settings: Settings) -> None:
        self.service = service
        self.descriptions = descriptions
        self.bundle = descriptions.bundle
        self.resources = resources
        """The IRIs of the project's namespace that the data describes (answered; others are 404)."""
        self.settings = settings
        self.router = Router(routes=[
            Route("/" + BUNDLE + "{path:path}", self.bundle_file, methods=ALL_METHODS),
            Route("/id/{path:path}", self.resource, methods=ALL_METHODS),
        ])

    async def bundle_file(self, request: Request) -> Response:
        """A file of the bundle (``/datos/`` is its index page)."""
        if request.method not in ("GET", "HEAD"):
            return method_not_allowed("GET, HEAD")
        path = request.path_params["path"] or "index.html"
        files = await run_in_threadpool(self.bundle.files)
        content = files.get(path)
        if content is None:
            documents = await run_in_threadpool(self.descriptions.documents, public_url(request))
            content = documents.get(path)
        if content is None:
            return error(404, _("no file {path} in the published bundle").format(path=path))
        return self._static(request, content, MEDIA_TYPES.get(_suffix(path), "application/octet-stream"))

    async def resource(self, request: Request) -> Response:
        """A resource IRI, by content negotiation (or one form, by suffix)."""
        if request.method not in ("GET", "HEAD"):
            return method_not_allowed("GET, HEAD")
        path = "/id/" + request.path_params["path"]
        iri, fmt = iri_served_at(path), None
        if iri not in self.resources:
            suffix = _suffix(path)
            iri = iri_served_at(path[:-len(suffix)]) if suffix in SUFFIXES else None
            if iri not in self.resources:
                return error(404, _("no resource at {path} in this graph").format(path=path))
            fmt = next(f for f in negotiation.GRAPH_FORMATS if f.key == SUFFIXES[suffix])
        root = public_url(request)
        page = (await run_in_threadpool(self.bundle.pages)).get(iri)
        links = self._links(root, iri, page)
        if fmt is None:
            choices = ((negotiation.HTML,) if page else ()) + tuple(f.media_type for f in negotiation.GRAPH_FORMATS)
            chosen = negotiation.best(request.headers.get("accept"), choices)
            if chosen is None:
                return error(406, _("no description in the format the Accept header asks for; ask for any of:"
                                    " {types}").format(types=", ".join(choices)), {"Vary": "Accept", "Link": links})
            if chosen == negotiation.HTML:
                body = _with_base(self.bundle.files()[page], f"{root}{BUNDLE}{page}")
                response = self._static(request, body, MEDIA_TYPES[".html"])
                response.headers["Vary"] = "Accept"
                response.headers["Link"] = links
                return response
            fmt = next(f for f in negotiation.GRAPH_FORMATS if f.media_type == chosen)
        response = await self.service.answer(request, f"DESCRIBE <{iri}>", Dataset(), self.settings.query_timeout,
                                             fmt=fmt)
        response.headers["Link"] = links
        return response

    def _links(self, root: str, iri: str, page: str | None) -> str:
        """``Link`` header: every other form of the resource's description."""
        local = root + endpoint_path(iri).lstrip("/")  # type: ignore[union-attr]
        links = [f'<{local}{suffix}>; rel="alternate"; type="{MEDIA_TYPES[suffix]}"' for suffix in SUFFIXES]
        if page:
            links.append(f'<{root}{BUNDLE}{page}>; rel="alternate"; type="text/html"')
        return ", ".join(links)

    def _static(self, request: Request, content: bytes, media_type: str) -> Response:
        tag = _file_tag(content)
        headers = {"ETag": tag, "Cache-Control": f"public, max-age={self.settings.cache_max_age}"}
        if matches(request.headers.get("if-none-match"), tag):
            return Response(status_code=304, headers=headers)
        return Response(content, media_type=media_type, headers=headers)


def _file_tag(content: bytes) -> str:
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def _suffix(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name[name.rfind("."):] if "." in name else ""


def _with_base(page: bytes, href: str) -> bytes:
    """The bundle's page with a ``<base>`` so its relative links resolve from its place in the bundle."""
    from html import escape

    return page.replace(b"<head>\n", b'<head>\n<base href="' + escape(href).encode() + b'">\n', 1)
