"""The SPARQL 1.1 Protocol's request rules: where the query comes from, which parameters it may carry, and the
one-sentence refusals (each names the parameter or header at fault), after Oxigraph's ``RequestParams``.

A parameter given twice, or in both the URL and a form body, is refused; every update is refused (the server
is read-only); a body must be UTF-8.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from ..i18n import _

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
UPDATE_PARAMETERS = ("update", "using-graph-uri", "using-named-graph-uri")
SINGLE_PARAMETERS = ("query", "timeout")
LIST_PARAMETERS = ("default-graph-uri", "named-graph-uri")


class ProtocolError(Exception):
    """A request the protocol refuses: ``status`` and a one-sentence ``message``; ``headers`` to add."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def bad_request(message: str) -> ProtocolError:
    """400: the request is malformed."""
    return ProtocolError(400, message)


def read_only() -> ProtocolError:
    """403, as Oxigraph's read-only server answers every update."""
    return ProtocolError(403, _("this server is read-only: SPARQL Update is not accepted"))


def unsupported_media_type(content_type: str | None) -> ProtocolError:
    """415 for a POST body that is neither a form nor a query."""
    if not content_type:
        message = _("a POST needs a Content-Type: {form} or {query}")
    else:
        message = _("Content-Type {given} is not accepted; send {form} or {query}")
    return ProtocolError(415, message.format(given=content_type, form=FORM, query=SPARQL_QUERY))


@dataclass(frozen=True)
class QueryRequest:
    """What a protocol request asks: the query text and the dataset it names (empty: the server's default)."""

    query: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    timeout: str | None = None


def parse_pairs(raw: bytes | str, where: str) -> list[tuple[str, str]]:
    """The ``key=value`` pairs of a URL query string or form body (decoded once; ``where`` names it in errors)."""
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    try:
        return parse_qsl(text, keep_blank_values=True, strict_parsing=False, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise bad_request(_("the {where} is not UTF-8 text").format(where=where)) from None


def from_pairs(url_pairs: list[tuple[str, str]], body_pairs: list[tuple[str, str]] | None = None,
               body_query: str | None = None) -> QueryRequest:
    """The request from the URL's parameters, a form body's, or a direct query body (at most one of the last two).

    :class:`ProtocolError`: an update parameter (403), a parameter set twice, set both in the body and the
    URL, or a query given both in the body and the URL (400).
    """
    url_keys = {key for key, _value in url_pairs}
    if body_pairs is not None:
        both = sorted({key for key, _value in body_pairs} & url_keys)
        if both:
            raise bad_request(_("'{key}' cannot be set both in the body and the URL query").format(key=both[0]))
    pairs = url_pairs + (body_pairs or [])
    keys = [key for key, _value in pairs]
    if any(key in UPDATE_PARAMETERS for key in keys):
        raise read_only()
    values: dict[str, list[str]] = {}
    for key, value in pairs:
        values.setdefault(key, []).append(value)
    for key in SINGLE_PARAMETERS:
        if len(values.get(key, [])) > 1:
            raise bad_request(_("'{key}' must be set at most once").format(key=key))
    query = values.get("query", [None])[0]
    if body_query is not None:
        if query is not None:
            raise bad_request(_("'query' cannot be set both in the body and the URL query"))
        query = body_query
    return QueryRequest(query, tuple(values.get("default-graph-uri", ())), tuple(values.get("named-graph-uri", ())),
                        values.get("timeout", [None])[0])


def charset_of(content_type: str) -> str | None:
    """The ``charset`` parameter of a Content-Type, lower-cased, if any."""
    for param in content_type.split(";")[1:]:
        name, _eq, value = param.strip().partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def media_type_of(content_type: str | None) -> str:
    """The media type of a Content-Type header, lower-cased, without parameters."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def decode_body(body: bytes, content_type: str) -> str:
    """A query or form body as text: UTF-8 (the only charset the protocol allows); 415 for another charset,
    400 for bytes that are not UTF-8."""
    charset = charset_of(content_type)
    if charset not in (None, "utf-8", "utf8"):
        raise ProtocolError(415, _("charset {charset} is not accepted; send the body as UTF-8").format(charset=charset))
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise bad_request(_("the request body is not UTF-8 text")) from None
