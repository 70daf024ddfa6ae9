"""Assembles the server: the SPARQL router, linked data, the query page and ``/health``, behind the middleware
(errors, proxy and base path, access log, CORS only for the origins given, security headers).
"""
from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..graph import KnowledgeGraph, query_graphs
from ..i18n import _
from ..vocab import parse_iri
from .cache import AnswerCache, ResponseCache, fingerprint
from .description import Bundle, Descriptions
from .engine import Engine
from .linked_data import LinkedData
from .middleware import AccessLog, Errors, Proxy, SecurityHeaders
from .responses import PUBLIC_URL, TRUNCATED_HEADER, error
from .settings import Settings
from .sparql import SparqlService
from .ui import QueryPage


@dataclass(frozen=True)
class ServerOptions:
    """How the server is reached: its limits, base path behind a proxy, public URL, CORS origins, log redaction."""

    settings: Settings
    base_path: str = ""
    public_url: str | None = None
    cors_origins: tuple[str, ...] = ()
    trusted_proxies: tuple[str, ...] = ("127.0.0.1", "::1")
    redact_queries: bool = False


def graph_sizes(store: ox.Store) -> dict[str, int]:
    """Triples of a query's default graph (key ``""``: :func:`~pozuzo_kg.graph.query_graphs`) and of each named
    graph."""
    sizes = {"": 0}
    default = query_graphs()
    for quad in store:
        graph = quad.graph_name
        if graph in default:
            sizes[""] += 1
        if isinstance(graph, ox.NamedNode):
            sizes[graph.value] = sizes.get(graph.value, 0) + 1
    return sizes


def described_resources(store: ox.Store) -> frozenset[str]:
    """IRIs of the scheme that are the subject of some triple of the data (those linked data answers)."""
    subjects = {quad.subject.value for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
                if isinstance(quad.subject, ox.NamedNode)}
    return frozenset(value for value in subjects if parse_iri(value) is not None)


def build_app(graph: KnowledgeGraph, options: ServerOptions) -> Starlette:
    """The ASGI application serving ``graph`` (read-only) with ``options``."""
    settings = options.settings
    engine = Engine(graph.store, settings, graph.prefixes)
    sizes = graph_sizes(graph.store)
    descriptions = Descriptions(Bundle(graph), sizes)
    service = SparqlService(engine, settings, fingerprint(graph.store), descriptions.service, graph.municipalities)
    linked = LinkedData(service, descriptions, described_resources(graph.store), settings)
    page = QueryPage(settings.cache_max_age, graph.prefixes)
    answers: AnswerCache = AnswerCache(settings.cache_entries, settings.cache_bytes)

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "triples": sizes, "workers": settings.workers,
                             "running": engine.admission.total, "cached_answers": len(answers)},
                            headers={"Cache-Control": "no-store"})

    async def not_found(request: Request, _exc: Exception) -> Response:
        return error(404, _("nothing at {path} on this server").format(path=request.url.path))

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        engine.start()
        try:
            yield
        finally:
            engine.stop()

    middleware = [Middleware(Errors), Middleware(Proxy, base_path=options.base_path, trusted=options.trusted_proxies,
                                                 public_url=options.public_url),
                  Middleware(AccessLog, redact=options.redact_queries), Middleware(SecurityHeaders)]
    if options.cors_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(options.cors_origins),
                                     allow_methods=["GET", "HEAD", "POST"], allow_headers=["Accept", "Content-Type"],
                                     expose_headers=["ETag", TRUNCATED_HEADER]))
    middleware.append(Middleware(ResponseCache, cache=answers, public_url_key=PUBLIC_URL))
    routes = [*page.routes, Route("/health", health), *service.router.routes, *linked.router.routes]
    return Starlette(routes=routes, middleware=middleware, exception_handlers={404: not_found}, lifespan=lifespan)


def origins(values: Sequence[str]) -> tuple[str, ...]:
    """The ``--cors`` origins, without trailing slashes."""
    return tuple(v.rstrip("/") for v in values)
