"""A linear pre-scan of RDF text before any parser runs: how deep it nests and how long its longest literal is.

The parsers cannot be trusted with deep nesting: Oxigraph's JSON-LD parser crashes the process beyond a few
thousand levels and takes seconds well before, its RDF/XML parser is quadratic in element depth, its Turtle
parser crashes on deeply nested triple terms, and validation slows down with every level. So the nesting is
measured here first, by one tokenizer per syntax that knows its strings, IRIs, comments and CDATA (a bracket
inside a string or a comment does not count). Each tokenizer is one regular expression whose quantifiers are
possessive, so a scan is linear in the size of the file, and runs only when the file could breach a limit
(it has more opening brackets than the depth allows, or is larger than one literal may be).
"""
import re
from dataclasses import dataclass

import pyoxigraph as ox

from .limits import Limits

_TURTLE = re.compile(rb'''
    """(?:[^"\\]++|\\(?:.|\Z)|"(?!""))*+(?:"""|\Z)        # long strings
  | \'\'\'(?:[^'\\]++|\\(?:.|\Z)|'(?!''))*+(?:\'\'\'|\Z)
  | "(?:[^"\\\n\r]++|\\(?:.|\Z))*+(?:"|(?=[\n\r])|\Z)     # strings
  | '(?:[^'\\\n\r]++|\\(?:.|\Z))*+(?:'|(?=[\n\r])|\Z)
  | <<\(?|\)?>>                                          # triple terms and reified triples (RDF 1.2)
  | <[^<>"{}|^`\\\s]*+>?                                  # IRIs
  | \#[^\n\r]*+                                           # comments
  | \\.                                                   # escapes in local names (ex:a\#b)
  | [\[\](){}]
''', re.VERBOSE | re.DOTALL)

_JSON = re.compile(rb'"(?:[^"\\]++|\\(?:.|\Z))*+(?:"|\Z)|[\[\]{}]', re.DOTALL)

_XML = re.compile(rb'''
    <!--.*?(?:-->|\Z)
  | <!\[CDATA\[.*?(?:\]\]>|\Z)
  | <\?.*?(?:\?>|\Z)
  | <!DOCTYPE(?:[^\[>"']++|"[^"]*+"|'[^']*+')*+
        (?:\[(?:[^\]"'<]++|"[^"]*+"|'[^']*+'|<!--.*?(?:-->|\Z)|<(?:[^>"']++|"[^"]*+"|'[^']*+')*+>?)*+\]?)?[^>]*+>?
  | <![^>]*+>?
  | </[^>]*+>?
  | <(?:[^>"']++|"[^"]*+"|'[^']*+')*+>?
''', re.VERBOSE | re.DOTALL)

_OPEN = frozenset(b"[({")
_CLOSE = frozenset(b"])}")

PARSER_DEPTH = {ox.RdfFormat.JSON_LD: 2000, ox.RdfFormat.RDF_XML: 10_000}
"""The most nesting each parser takes safely, whatever the policy says (measured: Oxigraph's JSON-LD parser
crashes near 4,000 levels, RDF/XML takes seconds beyond 10,000); other syntaxes: :data:`OTHER_PARSER_DEPTH`."""
QUERY_PARSER_DEPTH = 2000
"""SPARQL: Oxigraph's query parser crashes the process near 3,000 nested ``{`` or 5,000 nested ``(``."""
OTHER_PARSER_DEPTH = 10_000
"""Turtle, TriG, N-Triples, N-Quads: nested triple terms crash Oxigraph's parser near 20,000 levels."""


@dataclass(frozen=True)
class Breach:
    """Where a text first breaks a limit: the byte ``offset``, the limit's ``name`` and the ``limit`` in force."""

    offset: int
    name: str
    limit: int


def depth_limit(fmt: ox.RdfFormat, limits: Limits) -> int:
    """The nesting allowed for ``fmt``: the policy's, capped at what the parser takes safely."""
    return min(limits.depth, PARSER_DEPTH.get(fmt, OTHER_PARSER_DEPTH))


def scan(data: bytes, fmt: ox.RdfFormat, limits: Limits) -> Breach | None:
    """The first place where ``data`` (in syntax ``fmt``) nests deeper or holds a longer literal than allowed."""
    depth = depth_limit(fmt, limits)
    literal = limits.literal if len(data) > limits.literal else None
    if fmt == ox.RdfFormat.RDF_XML:
        return _scan_xml(data, depth if data.count(b"<") > depth else None, literal)
    if fmt == ox.RdfFormat.JSON_LD:
        openers, pattern = data.count(b"[") + data.count(b"{"), _JSON
    else:
        openers, pattern = data.count(b"[") + data.count(b"(") + data.count(b"{") + data.count(b"<<"), _TURTLE
    if openers <= depth and literal is None:
        return None
    return _scan_brackets(data, pattern, depth, literal)


def scan_query(text: str, limits: Limits) -> Breach | None:
    """Where the SPARQL ``text`` nests deeper than allowed (``{ ( [``, outside strings, IRIs and comments), with
    the ``offset`` in characters; the same tokenizer as Turtle's, whose lexical rules SPARQL shares."""
    depth = min(limits.depth, QUERY_PARSER_DEPTH)
    if text.count("{") + text.count("(") + text.count("[") <= depth:
        return None
    data = text.encode("utf-8")
    breach = _scan_brackets(data, _TURTLE, depth, None)
    if breach is None:
        return None
    return Breach(len(data[: breach.offset].decode("utf-8", "replace")), breach.name, breach.limit)


def _scan_brackets(data: bytes, pattern: re.Pattern[bytes], depth: int, literal: int | None) -> Breach | None:
    level = 0
    for match in pattern.finditer(data):
        start, first = match.start(), data[match.start()]
        if first in _OPEN or data.startswith(b"<<", start):  # "<<(" is one level
            level += 1
            if level > depth:
                return Breach(start, "depth", depth)
        elif first in _CLOSE or data.startswith(b">>", start):  # and so is ")>>"
            level = max(level - 1, 0)
        elif literal is not None and match.end() - start - 2 > literal and first in b"\"'<":
            return Breach(start, "literal", literal)
    return None


def _scan_xml(data: bytes, depth: int | None, literal: int | None) -> Breach | None:
    if depth is None and literal is None:
        return None
    level, previous_end = 0, 0
    for match in _XML.finditer(data):
        start, end, token = match.start(), match.end(), match.group()
        if literal is not None and start - previous_end > literal:
            return Breach(previous_end, "literal", literal)  # text content
        previous_end = end
        if token.startswith(b"</"):
            level = max(level - 1, 0)
        elif token.startswith((b"<!--", b"<?", b"<!D")):
            continue
        elif literal is not None and end - start - (12 if token.startswith(b"<![CDATA[") else 2) > literal:
            return Breach(start, "literal", literal)  # CDATA, or an attribute value
        elif not token.startswith(b"<!") and not token.endswith(b"/>") and depth is not None:
            level += 1
            if level > depth:
                return Breach(start, "depth", depth)
    if literal is not None and len(data) - previous_end > literal:
        return Breach(previous_end, "literal", literal)
    return None
