"""The SPARQL 1.1 Protocol router: ``/sparql`` (GET, POST form, POST query; the Service Description when no
query is given) and ``/consultas/NAME`` (a named query with its parameters), on a read-only graph.

It is a Starlette :class:`~starlette.routing.Router` of its own, so it can be mounted in another application;
every query goes through the :class:`~.engine.Engine`. Answers carry ``ETag`` (the graph's fingerprint and the
format), ``Cache-Control`` and ``Vary: Accept``; a matching ``If-None-Match`` gets 304 without running anything
(repeated GETs are answered before they reach the router, by :class:`~.cache.ResponseCache`).
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, Router

from .. import sparql_syntax
from ..errors import PozuzoError
from ..limits import check_query_text
from ..i18n import _
from ..queries import bind, catalogue
from . import negotiation, protocol
from .admission import Busy
from .cache import etag, matches
from .engine import Dataset, Engine, QueryFailed, QueryTimeout
from .negotiation import Format
from .protocol import ProtocolError, QueryRequest
from .responses import TRUNCATED_HEADER, error, from_protocol, method_not_allowed, public_url, read_body
from .settings import Settings

ALLOWED = "GET, HEAD, POST"
ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
"""Every route takes every method and answers the ones it does not serve with a 405 of its own."""
Describer = Callable[[str], list[ox.Triple]]
"""Builds the Service Description's triples for an endpoint URL."""


class SparqlService:
    """The endpoint's state: the engine, the graph's fingerprint and the settings."""

    def __init__(self, engine: Engine, settings: Settings, graph_fingerprint: str, describe: Describer,
                 municipalities: Sequence[str] = ()) -> None:
        self.engine = engine
        self.municipalities = tuple(municipalities)
        """The data's municipalities (UBIGEO codes), which resolve a named query's bare ids (``gm``)."""
        self.settings = settings
        self.fingerprint = graph_fingerprint
        self.describe = describe
        self.router = Router(routes=[
            Route("/sparql", self.sparql, methods=ALL_METHODS),
            Route("/consultas/{name}", self.named, methods=ALL_METHODS),
        ])

    async def sparql(self, request: Request) -> Response:
        """The protocol endpoint."""
        try:
            query_request = await self._request(request)
            if query_request is None:
                return self._service_description(request)
            if query_request.query is None:
                raise protocol.bad_request(_("'query' is required (or send no parameter for the service description)"))
            try:
                check_query_text(query_request.query, "'query'")
            except PozuzoError as problem:
                raise protocol.bad_request(str(problem)) from None
            return await self.answer(request, query_request.query, _dataset(query_request),
                                     _timeout(query_request.timeout, self.settings))
        except ProtocolError as problem:
            return from_protocol(problem)

    async def named(self, request: Request) -> Response:
        """A named query of the catalogue, its parameters from the URL (``?unidad=gidur``)."""
        if request.method not in ("GET", "HEAD"):
            return method_not_allowed("GET, HEAD")
        query = catalogue().get(request.path_params["name"])
        if query is None:
            return error(404, _("no named query {name!r}; the list is at the query page").format(
                name=request.path_params["name"]))
        try:
            pairs = protocol.parse_pairs(request.url.query, _("URL query"))
            values: dict[str, str] = {}
            timeout = None
            for key, value in pairs:
                if key in values or (key == "timeout" and timeout is not None):
                    raise protocol.bad_request(_("'{key}' must be set at most once").format(key=key))
                if key == "timeout":
                    timeout = value
                else:
                    values[key] = value
            try:
                text = bind(query, values, self.municipalities)
            except PozuzoError as problem:
                raise protocol.bad_request(str(problem)) from None
            return await self.answer(request, text, Dataset(), _timeout(timeout, self.settings))
        except ProtocolError as problem:
            return from_protocol(problem)

    async def _request(self, request: Request) -> QueryRequest | None:
        """The protocol request, or ``None`` for a GET without parameters (the service description)."""
        url_pairs = protocol.parse_pairs(request.url.query, _("URL query"))
        if request.method in ("GET", "HEAD"):
            if not url_pairs:
                return None
            return protocol.from_pairs(url_pairs)
        if request.method != "POST":
            raise ProtocolError(405, _("method not allowed here; use {allowed}").format(allowed=ALLOWED),
                                {"Allow": ALLOWED})
        content_type = request.headers.get("content-type", "")
        media_type = protocol.media_type_of(content_type)
        if media_type == protocol.SPARQL_UPDATE:
            raise protocol.read_only()
        if media_type not in (protocol.FORM, protocol.SPARQL_QUERY):
            raise protocol.unsupported_media_type(content_type)
        body = protocol.decode_body(await read_body(request, self.settings.max_body_bytes), content_type)
        if media_type == protocol.FORM:
            return protocol.from_pairs(url_pairs, protocol.parse_pairs(body, _("form body")))
        return protocol.from_pairs(url_pairs, body_query=body)

    async def answer(self, request: Request, text: str, dataset: Dataset, timeout: float,
                     fmt: Format | None = None) -> Response:
        """Answers ``text`` in ``fmt`` (default: negotiated) through the engine, with the caching headers."""
        if fmt is None:
            formats = negotiation.formats_for(sparql_syntax.form(text))
            fmt = negotiation.choose(request.headers.get("accept"), formats)
            if fmt is None:
                return _not_acceptable(formats)
        cacheable = request.method in ("GET", "HEAD")
        headers = {"Vary": "Accept", "Cache-Control": f"public, max-age={self.settings.cache_max_age}"
                   if cacheable else "no-store"}
        if cacheable:
            headers["ETag"] = etag(self.fingerprint, fmt.key)
            if matches(request.headers.get("if-none-match"), headers["ETag"]):
                return Response(status_code=304, headers=headers)
        client = request.client.host if request.client else "-"
        try:
            found = await self.engine.run(text, dataset, fmt, client=client, timeout=timeout,
                                          base_iri=public_url(request) + "sparql")
        except Busy:
            return error(503, _("the server is busy: every query worker is taken; try again in a moment"),
                         {"Retry-After": "1"})
        except QueryTimeout:
            return error(400, _("the query took longer than {seconds:g} s and was stopped (the limit is set by"
                                " the query_timeout setting)").format(seconds=timeout))
        except QueryFailed as problem:
            return error(400, str(problem))
        if found.truncated:
            headers[TRUNCATED_HEADER] = str(self.settings.max_returned_rows)
        return Response(found.body, media_type=fmt.media_type, headers=headers)

    def _service_description(self, request: Request) -> Response:
        fmt = negotiation.choose(request.headers.get("accept"), negotiation.GRAPH_FORMATS)
        if fmt is None:
            return _not_acceptable(negotiation.GRAPH_FORMATS)
        headers = {"Vary": "Accept", "Cache-Control": f"public, max-age={self.settings.cache_max_age}",
                   "ETag": etag(self.fingerprint, "service-description", fmt.key, public_url(request))}
        if matches(request.headers.get("if-none-match"), headers["ETag"]):
            return Response(status_code=304, headers=headers)
        body = ox.serialize(self.describe(public_url(request)), format=fmt.oxigraph) or b""
        return Response(body, media_type=fmt.media_type, headers=headers)


def _not_acceptable(formats: tuple[Format, ...]) -> Response:
    return error(406, _("no answer in the format the Accept header asks for; ask for any of: {types}").format(
        types=negotiation.offered(formats)))


def _dataset(request: QueryRequest) -> Dataset:
    for iri in (*request.default_graphs, *request.named_graphs):
        try:
            ox.NamedNode(iri)
        except ValueError:
            name = "default-graph-uri" if iri in request.default_graphs else "named-graph-uri"
            raise protocol.bad_request(_("'{name}' must be an IRI; {value!r} is not").format(name=name, value=iri)) \
                from None
    return Dataset(request.default_graphs, request.named_graphs)


def _timeout(value: str | None, settings: Settings) -> float:
    """The request's deadline: its ``timeout`` parameter (seconds) if lower than the server's, else the server's."""
    if value is None:
        return settings.query_timeout
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds <= 0:
        raise protocol.bad_request(_("'timeout' must be a positive number of seconds; {value!r} is not").format(
            value=value))
    return min(seconds, settings.query_timeout)
