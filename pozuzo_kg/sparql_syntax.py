"""Reading SPARQL text without running it: syntax check with positions, prefixes, where to bind parameters.

A small lexer skips comments, strings and IRIs, so that a ``{``, a ``#`` or a keyword inside them is never
mistaken for syntax. The grammar itself is Oxigraph's: :func:`check` parses the query on an empty store.
"""
import re
from collections.abc import Iterator, Mapping

import pyoxigraph as ox

from . import prescan
from .errors import QueryError
from .i18n import _
from .limits import how_to_change, limits_from_environment

_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<variable>[?$]\w+)
  | (?P<bnode>_:[\w.\-]*)
  | (?P<pname>(?:[^\W\d_][\w.\-]*)?:[\w.\-:%]*)
  | (?P<word>[^\W\d]\w*)
  | (?P<open>\{)
  | (?P<close>\})
""", re.VERBOSE | re.DOTALL)

_COMMENT = re.compile(r"^\s*#[^\n]*", re.MULTILINE)
FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "graph", "DESCRIBE": "graph"}
"""Query forms by keyword: ``select`` (solutions), ``ask`` (a boolean) or ``graph`` (triples)."""


UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
"""Keywords that start a SPARQL Update operation."""


def tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """``(kind, text, offset)`` of every token the lexer knows; other characters are skipped."""
    for match in _TOKEN.finditer(text):
        yield match.lastgroup or "", match.group(), match.start()


def position(text: str, offset: int) -> str:
    """``line:column`` (both from 1) of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return f"{line}:{offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


def declared_prefixes(text: str) -> set[str]:
    """Prefixes the query declares with ``PREFIX p: <…>``."""
    found, previous = set(), ""
    for kind, value, _ in tokens(text):
        if kind == "pname" and previous.upper() == "PREFIX":
            found.add(value.split(":", 1)[0])
        previous = value if kind == "word" else ""
    return found


def used_prefixes(text: str) -> list[tuple[str, int]]:
    """Prefixes of the prefixed names the query uses (not its declarations), with their offsets, in order."""
    used, previous = [], ""
    for kind, value, offset in tokens(text):
        if kind == "pname" and previous.upper() != "PREFIX":
            used.append((value.split(":", 1)[0], offset))
        previous = value if kind == "word" else ""
    return used


def has_dataset_clause(text: str) -> bool:
    """True if the query picks its own dataset with ``FROM`` or ``FROM NAMED`` (graphs of the store, never URLs)."""
    return any(kind == "word" and value.upper() == "FROM" for kind, value, _ in tokens(text))


def form(text: str) -> str:
    """The query form (see :data:`FORMS`) from its first keyword; ``select`` if none is found."""
    return FORMS.get(_form_keyword(text), "select")


def _form_keyword(text: str) -> str:
    return next((v.upper() for k, v, _ in tokens(text) if k == "word" and v.upper() in FORMS), "")


def pattern_start(text: str) -> int:
    """Offset just inside the ``{`` that opens the query's WHERE pattern (where parameters are bound)."""
    depth, after_where, groups = 0, False, 0
    is_construct = _form_keyword(text) == "CONSTRUCT"
    for kind, value, offset in tokens(text):
        if kind == "open":
            if depth == 0:
                groups += 1
                if after_where or not is_construct or groups == 2:
                    return offset + 1
            depth += 1
        elif kind == "close":
            depth -= 1
        elif depth == 0 and kind == "word":
            after_where = value.upper() == "WHERE"
    raise QueryError(_("the query has no WHERE pattern to bind parameters into"))


def check(text: str, prefixes: Mapping[str, str] | None = None, base_iri: str | None = None) -> None:
    """Raises :class:`QueryError` naming the problem and its ``line:column`` if ``text`` is not a valid query.

    ``prefixes`` are the predeclared ones (none for named queries, which must declare all they use);
    ``base_iri`` resolves relative IRIs (an endpoint's own URL; without it they are an error).
    ``SERVICE`` is refused: pozuzo-kg never fetches a URL that a query names.
    """
    for kind, value, offset in tokens(text):
        if kind == "word" and value.upper() == "SERVICE":
            raise QueryError(_("query at {position}: SERVICE is not allowed (pozuzo-kg never fetches a URL named in"
                               " a query)").format(position=position(text, offset)))
    if not _COMMENT.sub("", text).strip():
        raise QueryError(_("the query is empty"))
    breach = prescan.scan_query(text, limits_from_environment())
    if breach is not None:  # before the parser, which crashes the process on deep nesting
        raise QueryError(_("query at {where}: nested deeper than {limit} levels ({change})").format(
            where=position(text, breach.offset), limit=breach.limit, change=how_to_change("depth")))
    _check_form(text)
    known = set(prefixes or {}) | declared_prefixes(text)
    for prefix, offset in used_prefixes(text):
        if prefix not in known:
            raise QueryError(_("invalid query at {position}: unknown prefix '{prefix}' (declare it with"
                               " PREFIX {prefix}: <…>)").format(position=position(text, offset), prefix=prefix))
    try:
        ox.Store().query(text, prefixes=dict(prefixes or {}), base_iri=base_iri)
    except SyntaxError as error:
        raise QueryError(_one_line(str(error))) from None
    except (ValueError, OSError, RuntimeError) as error:
        raise QueryError(_("invalid query: {reason}").format(reason=_flatten(str(error)))) from None


def _check_form(text: str) -> None:
    """The first keyword after the prologue must start a query (Oxigraph would only say what else it expected)."""
    first = next(((v, o) for k, v, o in tokens(text) if k == "word" and v.upper() not in ("PREFIX", "BASE")), None)
    if first is None or first[0].upper() in FORMS:
        return
    where = position(text, first[1])
    if first[0].upper() in UPDATES:
        raise QueryError(_("invalid query at {position}: {keyword} is SPARQL Update; pozuzo-kg runs queries"
                           " (SELECT, ASK, CONSTRUCT, DESCRIBE) and never changes a store").format(
            position=where, keyword=first[0].upper()))
    raise QueryError(_("invalid query at {position}: expected SELECT, ASK, CONSTRUCT or DESCRIBE, found {word!r}")
                     .format(position=where, word=first[0]))


def _one_line(message: str) -> str:
    """``invalid query at L:C: …`` from Oxigraph's ``error at L:C: …``, on one line and not too long."""
    match = re.match(r"error at (\d+:\d+):\s*(.*)", message, re.DOTALL)
    if match:
        return _flatten(_("invalid query at {position}: {reason}").format(position=match.group(1),
                                                                         reason=match.group(2)))
    return _flatten(_("invalid query: {reason}").format(reason=message))


def _flatten(text: str, limit: int = 240) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
