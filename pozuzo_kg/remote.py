"""Remote SPARQL stores: queries (SPARQL 1.1 Protocol) and ``push`` (SPARQL 1.1 Graph Store Protocol).

SPARQLWrapper builds the protocol request of a query (form, parameters, ``Accept``); every request is sent by
:mod:`pozuzo_kg.http`, which holds the deadline, the answer-size cap and the authentication. Results come back
as the same :class:`~pozuzo_kg.results.QueryResult` as embedded queries. Every failure (connection refused,
timeout, HTTP error, unreadable answer) is one :class:`RemoteError` line naming the URL. Only the URLs the user
gives (and the query URL of the store being pushed to) are contacted: nothing named inside a query is fetched.
"""
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from .errors import RemoteError, UsageError
from .graph import KnowledgeGraph
from .http import Client, Response, bare_url, check_timeout, check_url, error_for, public_url
from .i18n import N_, _
from .results import QueryResult

QUERY_PATHS = (("/store", "/query"), ("/sparql-graph-crud-auth", "/sparql-auth"), ("/sparql-graph-crud", "/sparql"),
               ("/data", "/sparql"))
"""Graph Store URL endings and the query URL beside them: Oxigraph (``/store``, ``/query``), Virtuoso, and
Fuseki (``/DATASET/data``, ``/DATASET/sparql``)."""

_QUERY_HINT = N_("is it the SPARQL query URL? Oxigraph serves queries at /query, the Graph Store at /store")
_STORE_HINT = N_("is it the Graph Store Protocol URL? Oxigraph serves it at /store, queries at /query")


def remote_query(endpoint: str, sparql: str, form: str, *, graph_iri: str | None = None,
                 timeout: float = 30.0, client: Client | None = None) -> QueryResult:
    """Runs ``sparql`` (of ``form`` ``select``, ``ask`` or ``graph``) on the SPARQL 1.1 endpoint at ``endpoint``."""
    check_url(endpoint)
    client = client or Client(check_timeout(timeout))
    method, url, body, headers = _protocol_request(endpoint, sparql, form, graph_iri)
    response = _checked(client.request(method, url, body=body, headers=headers), endpoint, _QUERY_HINT)
    try:
        if form == "graph":
            rdf_format = ox.RdfFormat.from_media_type(response.media_type) or ox.RdfFormat.TURTLE
            return QueryResult.from_triples(ox.parse(response.body, format=rdf_format))
        results_format = ox.QueryResultsFormat.from_media_type(response.media_type)  # some answer XML or TSV
        if results_format not in (ox.QueryResultsFormat.XML, ox.QueryResultsFormat.TSV):
            results_format = ox.QueryResultsFormat.JSON
        return QueryResult.from_oxigraph(ox.parse_query_results(response.body, format=results_format))
    except (SyntaxError, ValueError) as error:
        raise RemoteError(_("{url}: unreadable answer ({media_type}): {reason}").format(
            url=response.url, media_type=response.media_type or _("no content type"),
            reason=" ".join(str(error).split())[:200])) from None


def _protocol_request(endpoint: str, sparql: str, form: str,
                      graph_iri: str | None) -> tuple[str, str, bytes | None, dict[str, str]]:
    """The SPARQL Protocol request SPARQLWrapper builds (POST of a form), to be sent by :mod:`pozuzo_kg.http`."""
    from SPARQLWrapper import JSON, POST, TURTLE, URLENCODED, SPARQLWrapper

    wrapper = SPARQLWrapper(bare_url(endpoint))
    wrapper.setMethod(POST)
    wrapper.setRequestMethod(URLENCODED)
    wrapper.setQuery(sparql)
    wrapper.setReturnFormat(TURTLE if form == "graph" else JSON)
    if graph_iri:
        wrapper.addDefaultGraph(graph_iri)
    request = wrapper._createRequest()  # its request construction only; nothing is sent by urllib
    built = urllib.parse.urlsplit(request.full_url)
    url = urllib.parse.urlunsplit(built._replace(netloc=urllib.parse.urlsplit(endpoint).netloc))
    return request.get_method(), url, request.data, dict(request.header_items())


@dataclass(frozen=True)
class Pushed:
    """What a push did: the triples ``sent``, and the triples the store says the graph ``holds`` afterwards."""

    sent: int
    holds: int
    endpoint: str
    """The query URL the store was asked through (without credentials)."""


def query_endpoint_for(store_url: str) -> str | None:
    """The query URL beside a Graph Store URL of a known server (credentials kept), or ``None``."""
    parts = urllib.parse.urlsplit(store_url)
    for store_path, query_path in QUERY_PATHS:
        if parts.path.endswith(store_path):
            return urllib.parse.urlunsplit(parts._replace(path=parts.path[: -len(store_path)] + query_path, query=""))
    return None


def push(graph: KnowledgeGraph, store_url: str, graph_iri: str | None = None, *, timeout: float = 60.0,
         endpoint: str | None = None, chunked: bool = False) -> Pushed:
    """Replaces the default graph (or the named graph ``graph_iri``) of a Graph Store Protocol endpoint with
    ``graph``'s data, ontology and search index (HTTP PUT of N-Triples), then asks the store, through its query URL
    (``endpoint``, or the one beside a known server's store URL), how many triples the graph holds.

    ``chunked``: send the body with chunked transfer encoding instead of a ``Content-Length``. A store that
    answers the PUT but holds fewer triples than were sent (a URL that is not a store) is a :class:`RemoteError`.
    """
    check_url(store_url, N_("store"))
    check_timeout(timeout)
    given = urllib.parse.parse_qs(urllib.parse.urlsplit(store_url).query, keep_blank_values=True)
    if {"graph", "default"} & set(given):
        raise UsageError(_("store {url!r}: give the store's URL without ?graph= or ?default (use --graph IRI)")
                         .format(url=bare_url(store_url)))
    if graph_iri is not None:
        try:
            ox.NamedNode(graph_iri)
        except ValueError:
            raise UsageError(_("graph {iri!r} is not an IRI").format(iri=graph_iri)) from None
    query_url = endpoint or query_endpoint_for(store_url)
    if query_url is None:
        looks_like_query = urllib.parse.urlsplit(store_url).path.endswith(tuple(q for _s, q in QUERY_PATHS))
        raise UsageError(_("store {store!r}: cannot tell its SPARQL query URL, to count what it holds after the "
                           "push; give it with --endpoint URL").format(store=public_url(store_url))
                         + (" (" + _(_STORE_HINT) + ")" if looks_like_query else ""))
    check_url(query_url)
    target = urllib.parse.urlencode({"graph": graph_iri}) if graph_iri else "default"
    url = f"{store_url}{'&' if '?' in store_url else '?'}{target}"
    parts = [graph.to_ntriples(part) for part in ("data", "ontology", "search")]  # the index goes with the data
    client = Client(timeout)
    response = client.request("PUT", url, body=lambda: _chunks(parts),
                              headers={"Content-Type": "application/n-triples; charset=utf-8"},
                              length=None if chunked else sum(map(len, parts)))
    _checked(response, url, _STORE_HINT)
    sent = sum(part.count(b"\n") for part in parts)
    holds = _count(client, query_url, graph_iri)
    if holds < sent:
        where = f"<{graph_iri}>" if graph_iri else _("the default graph")
        raise RemoteError(_("{store}: answered HTTP {status} to the push, but {where} holds {holds} triples of the "
                            "{sent} sent (asked at {endpoint}); is it the store's Graph Store URL?").format(
            store=bare_url(url), status=response.status, where=where, holds=holds, sent=sent,
            endpoint=bare_url(query_url)))
    return Pushed(sent, holds, bare_url(query_url))


def _chunks(parts: list[bytes]) -> Iterator[bytes]:
    yield from (part for part in parts if part)


def _count(client: Client, endpoint: str, graph_iri: str | None) -> int:
    """How many triples the store's default graph (or ``graph_iri``) holds, asked through its query URL."""
    pattern = f"GRAPH <{graph_iri}> {{ ?s ?p ?o }}" if graph_iri else "?s ?p ?o"
    result = remote_query(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}", "select", client=client)
    value = result.rows[0][0] if result.rows and result.rows[0] else None
    if not isinstance(value, ox.Literal) or not value.value.isdigit():
        raise RemoteError(_("{endpoint}: did not answer how many triples the graph holds (got {value})").format(
            endpoint=bare_url(endpoint), value=value.value if value is not None else _("no number")))
    return int(value.value)


def _checked(response: Response, url: str, hint: str) -> Response:
    """``response`` if it succeeded, else its one-line error (with ``hint`` after statuses of a wrong URL)."""
    error = error_for(response, hint, authenticated=urllib.parse.urlsplit(url).username is not None)
    if error is not None:
        raise error
    return response
