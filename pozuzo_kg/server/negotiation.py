"""Content negotiation: the media types each kind of answer comes in, and the best one for an ``Accept`` header.

Solutions (SELECT) and booleans (ASK) come as SPARQL Results JSON (the default), XML, CSV or TSV; graphs
(CONSTRUCT, DESCRIBE, a resource's description) as Turtle (the default), N-Triples or JSON-LD. A missing
``Accept`` gets the default; ``*/*`` and ``type/*`` match, ``q`` orders (``q=0`` refuses); a header none of
the types satisfies gives ``None``, which the caller turns into a 406 listing :func:`offered`.
"""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    """One serialization: its ``key`` (stable, used in cache keys and ETags), media type and pyoxigraph format."""

    key: str
    media_type: str
    oxigraph: ox.QueryResultsFormat | ox.RdfFormat
    aliases: tuple[str, ...] = ()


SOLUTION_FORMATS = (
    Format("json", "application/sparql-results+json", ox.QueryResultsFormat.JSON, ("application/json",)),
    Format("xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML, ("application/xml", "text/xml")),
    Format("csv", "text/csv", ox.QueryResultsFormat.CSV),
    Format("tsv", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
)
"""Formats of SELECT and ASK answers; the first is the default."""
GRAPH_FORMATS = (
    Format("turtle", "text/turtle", ox.RdfFormat.TURTLE, ("application/x-turtle",)),
    Format("nt", "application/n-triples", ox.RdfFormat.N_TRIPLES, ("text/plain",)),
    Format("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD),
)
"""Formats of CONSTRUCT and DESCRIBE answers and of resource descriptions; the first is the default."""
HTML = "text/html"


def formats_for(form: str) -> tuple[Format, ...]:
    """The formats of a query form (``select``, ``ask`` or ``graph``)."""
    return GRAPH_FORMATS if form == "graph" else SOLUTION_FORMATS


def offered(formats: tuple[Format, ...]) -> str:
    """The media types of ``formats``, for a 406 message."""
    return ", ".join(f.media_type for f in formats)


def best(accept: str | None, choices: tuple[str, ...]) -> str | None:
    """The entry of ``choices`` (media types, preferred first) the ``Accept`` header ranks highest, or ``None``.

    Among equal ``q`` values the more specific range wins (``text/turtle`` over ``text/*`` over ``*/*``),
    then the server's order.
    """
    if not accept or not accept.strip():
        return choices[0] if choices else None
    ranges = _ranges(accept)
    scored = []
    for order, choice in enumerate(choices):
        kind, _, sub = choice.partition("/")
        match = None
        for rkind, rsub, q in ranges:
            specificity = 2 if (rkind, rsub) == (kind, sub) else 1 if (rkind == kind and rsub == "*") else \
                0 if (rkind, rsub) == ("*", "*") else -1
            if specificity >= 0 and (match is None or specificity > match[0]):
                match = (specificity, q)
        if match is not None and match[1] > 0:
            scored.append((-match[1], -match[0], order, choice))
    return min(scored)[3] if scored else None


def choose(accept: str | None, formats: tuple[Format, ...]) -> Format | None:
    """The :class:`Format` of ``formats`` the ``Accept`` header asks for (aliases count), or ``None``."""
    by_type = {fmt.media_type: fmt for fmt in formats}
    for fmt in formats:
        for alias in fmt.aliases:
            by_type.setdefault(alias, fmt)
    chosen = best(accept, tuple(by_type))
    return by_type[chosen] if chosen else None


def _ranges(accept: str) -> list[tuple[str, str, float]]:
    """``(type, subtype, q)`` of each media range of an ``Accept`` header (malformed entries are skipped)."""
    out = []
    for item in accept.split(","):
        media, *params = item.split(";")
        kind, slash, sub = media.strip().lower().partition("/")
        if not slash or not kind or not sub:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        out.append((kind, sub, q))
    return out
