"""Remote SPARQL stores: queries through SPARQLWrapper, and ``push`` through the SPARQL 1.1 Graph Store Protocol.

Results come back as the same :class:`~pozuzo_kg.results.QueryResult` as embedded queries. Every failure
(connection refused, timeout, HTTP error, unreadable answer) is one :class:`RemoteError` line naming the URL.
Only the URL the user gives is contacted: nothing named inside a query is ever fetched here. Credentials go in
the URL (``http://USER:PASSWORD@HOST/…``, sent as HTTP Basic authentication) and are never shown in messages.
"""
import base64
import math
import socket
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox

from .errors import RemoteError, UsageError
from .graph import KnowledgeGraph
from .i18n import N_, _
from .results import QueryResult


def check_url(url: str, what: str = N_("endpoint")) -> str:
    """``url`` if it is an absolute http(s) URL, else a :class:`UsageError` (credentials never shown)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(_("{what} {url!r} is not an http(s) URL").format(what=_(what), url=public_url(url)))
    return url


def check_timeout(timeout: float) -> float:
    """``timeout`` if it is a positive, finite number of seconds, else a :class:`UsageError`."""
    if not 0 < timeout < math.inf:  # also refuses NaN
        raise UsageError(_("--timeout must be a positive number of seconds"))
    return timeout


def public_url(url: str) -> str:
    """``url`` with the password of ``http://USER:PASSWORD@HOST/…`` masked, for messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    user, _, host = parts.netloc.rpartition("@")
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user.split(':', 1)[0]}:***@{host}"))


def _credentials(url: str) -> tuple[str, dict[str, str]]:
    """The URL without its ``USER:PASSWORD@`` part, and the HTTP Basic ``Authorization`` header it gives."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url, {}
    pair = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
    bare = urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    return bare, {"Authorization": "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")}


def remote_query(endpoint: str, sparql: str, form: str, *, graph_iri: str | None = None,
                 timeout: float = 30.0) -> QueryResult:
    """Runs ``sparql`` (of ``form`` ``select``, ``ask`` or ``graph``) on the SPARQL 1.1 endpoint at ``endpoint``."""
    from SPARQLWrapper import JSON, POST, TURTLE, URLENCODED, SPARQLWrapper

    endpoint, headers = _credentials(check_url(endpoint))
    check_timeout(timeout)
    client = SPARQLWrapper(endpoint)
    for name, value in headers.items():
        client.addCustomHttpHeader(name, value)
    client.setMethod(POST)
    client.setRequestMethod(URLENCODED)
    client.timeout = timeout  # not setTimeout(): it truncates to whole seconds (0.5 would mean no timeout)
    client.setQuery(sparql)
    client.setReturnFormat(TURTLE if form == "graph" else JSON)
    if graph_iri:
        client.addDefaultGraph(graph_iri)
    try:
        response = client.query().response
        body = response.read()
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip()
    except Exception as error:  # SPARQLWrapper's exceptions, urllib's and socket's: each becomes one line
        raise _remote_error(error, endpoint, timeout, bool(headers), _QUERY_HINT) from None
    try:
        if form == "graph":
            rdf_format = ox.RdfFormat.from_media_type(media_type) or ox.RdfFormat.TURTLE
            return QueryResult.from_triples(ox.parse(body, format=rdf_format))
        results_format = ox.QueryResultsFormat.from_media_type(media_type)  # asked for JSON; some answer XML or TSV
        if results_format not in (ox.QueryResultsFormat.XML, ox.QueryResultsFormat.TSV):
            results_format = ox.QueryResultsFormat.JSON
        return QueryResult.from_oxigraph(ox.parse_query_results(body, format=results_format))
    except (SyntaxError, ValueError) as error:
        raise RemoteError(_("{url}: unreadable answer ({media_type}): {reason}").format(
            url=endpoint, media_type=media_type or _("no content type"),
            reason=" ".join(str(error).split())[:200])) from None


def push(graph: KnowledgeGraph, store_url: str, graph_iri: str | None = None, *, timeout: float = 60.0) -> int:
    """Replaces the default graph (or the named graph ``graph_iri``) of a Graph Store Protocol endpoint with
    ``graph``'s data and ontology (HTTP PUT of N-Triples); returns the number of triples sent."""
    store_url, headers = _credentials(check_url(store_url, N_("store")))
    check_timeout(timeout)
    given = urllib.parse.parse_qs(urllib.parse.urlsplit(store_url).query, keep_blank_values=True)
    if {"graph", "default"} & set(given):
        raise UsageError(_("store {url!r}: give the store's URL without ?graph= or ?default (use --graph IRI)")
                         .format(url=store_url))
    if graph_iri is not None:
        try:
            ox.NamedNode(graph_iri)
        except ValueError:
            raise UsageError(_("graph {iri!r} is not an IRI").format(iri=graph_iri)) from None
    target = urllib.parse.urlencode({"graph": graph_iri}) if graph_iri else "default"
    url = f"{store_url}{'&' if '?' in store_url else '?'}{target}"
    body = graph.to_ntriples("all")
    request = urllib.request.Request(url, data=body, method="PUT",
                                     headers={"Content-Type": "application/n-triples; charset=utf-8", **headers})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except Exception as error:
        raise _remote_error(error, url, timeout, bool(headers), _STORE_HINT) from None
    return body.count(b"\n")


_QUERY_HINT = N_("is it the SPARQL query URL? Oxigraph serves queries at /query, the Graph Store at /store")
_STORE_HINT = N_("is it the Graph Store Protocol URL? Oxigraph serves it at /store, queries at /query")


def _remote_error(error: Exception, url: str, timeout: float, authenticated: bool = False,
                  hint: str = "") -> RemoteError:
    """One line for any failure of a request to ``url``; ``hint`` follows the HTTP errors of a wrong URL."""
    http = error if isinstance(error, urllib.error.HTTPError) else error.__context__
    if isinstance(http, urllib.error.HTTPError):  # SPARQLWrapper re-raises 400, 401, 404, 414, 500 as its own types
        detail = _first_line(_read_body(http) if http is error else _sparqlwrapper_body(error))
        message = f"{url}: HTTP {http.code} ({http.reason})" + (f": {detail}" if detail else "")
        if http.code == 401:
            message += "; " + (_("the credentials in the URL were refused") if authenticated else
                               _("the server asks for credentials: give them in the URL, http://USER:PASSWORD@HOST/…"))
        elif http.code in (404, 405, 415) and hint:
            message += " (" + _(hint) + ")"
        return RemoteError(message)
    reason = getattr(error, "reason", error)
    if isinstance(reason, (TimeoutError, socket.timeout)) or isinstance(error, (TimeoutError, socket.timeout)):
        return RemoteError(_("{url}: no answer within {seconds} s (timeout)").format(url=url, seconds=f"{timeout:g}"))
    if isinstance(reason, ConnectionRefusedError):
        return RemoteError(_("{url}: connection refused (is the server running?)").format(url=url))
    return RemoteError(_("{url}: request failed: {reason}").format(url=url, reason=_first_line(str(reason))))


def _sparqlwrapper_body(error: Exception) -> str:
    """The server's answer, which SPARQLWrapper keeps only as the ``repr`` of bytes inside its message."""
    import ast

    _, sep, raw = str(error).partition("Response:\n")
    try:
        return ast.literal_eval(raw).decode("utf-8", "replace") if sep else ""
    except (ValueError, SyntaxError, AttributeError):
        return raw


def _read_body(error: urllib.error.HTTPError) -> str:
    try:
        return error.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _first_line(text: str, limit: int = 200) -> str:
    line = next((part.strip() for part in str(text).splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"
