"""The input-limits policy: how deep, how long and how large anything pozuzo-kg reads may be.

One :class:`Limits` value names every limit with its default. The loader checks RDF files against it (nesting
depth and the length of one literal or IRI, before any parser runs: :mod:`pozuzo_kg.prescan`), the query path
checks the text of a query, the spreadsheet readers check their zip archives (:mod:`pozuzo_kg.archives`) and the
HTTP layer caps each remote answer (:mod:`pozuzo_kg.http`). Every breach is one :class:`InputError` line naming
the limit, so a user knows what to change.

Operators change a limit with the environment variable :data:`ENVIRONMENT_VARIABLE`, a comma-separated list of
``name=value`` (sizes take ``KiB``, ``MiB`` or ``GiB``): ``POZUZO_KG_LIMITS="depth=2000,literal=4MiB"``;
programs pass a :class:`Limits` to :func:`pozuzo_kg.loader.load_graph`.
"""
import dataclasses
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import InputError, UsageError
from .i18n import _

KiB, MiB, GiB = 2**10, 2**20, 2**30
ENVIRONMENT_VARIABLE = "POZUZO_KG_LIMITS"
_SIZES = ("literal", "query", "archive_size", "response", "entity_expansion")


@dataclass(frozen=True)
class Limits:
    """Every input limit, by name (sizes in bytes). The defaults are what the toolkit ships with."""

    depth: int = 1000
    """Nesting levels: Turtle/TriG/N3-style ``[ ]``, ``( )``, ``{ }`` and ``<< >>``, JSON ``{ [``, XML elements."""
    literal: int = 16 * MiB
    """Bytes of one literal or IRI (Oxigraph's Turtle-family parsers refuse more than 16 MiB on their own)."""
    query: int = 1 * MiB
    """Bytes of the text of one SPARQL query (``--sparql``, ``--file``, a request to the endpoint)."""
    archive_members: int = 10_000
    """Members of one zip archive (XLSX, ODS)."""
    archive_size: int = 256 * MiB
    """Bytes that the members of one zip archive expand to, in all."""
    archive_ratio: int = 100
    """How many times larger than its compressed size a member may expand (members above 1 MiB)."""
    response: int = 256 * MiB
    """Bytes of one answer from a remote store or endpoint."""
    entity_expansion: int = 64 * MiB
    """Bytes that the internal entities of an RDF/XML file may expand to, in all (entity bombs)."""

    def replace(self, **changes: int) -> "Limits":
        """A copy with ``changes`` (each a positive integer)."""
        for name, value in changes.items():
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise UsageError(_("limit {name} must be a positive whole number (got {value!r})").format(
                    name=name, value=value))
        return dataclasses.replace(self, **changes)


DEFAULT_LIMITS = Limits()
"""The shipped defaults."""

_SIZE = re.compile(r"\s*(\d+)\s*(KiB|MiB|GiB|B)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "kib": KiB, "mib": MiB, "gib": GiB}


def limits_from_environment(environ: Mapping[str, str] | None = None) -> Limits:
    """:data:`DEFAULT_LIMITS` with the changes of :data:`ENVIRONMENT_VARIABLE`; a :class:`UsageError` if malformed."""
    text = (os.environ if environ is None else environ).get(ENVIRONMENT_VARIABLE, "")
    changes: dict[str, int] = {}
    names = [field.name for field in dataclasses.fields(Limits)]
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or name not in names:
            raise UsageError(_("{variable}: {item!r} is not NAME=VALUE with NAME one of {names}").format(
                variable=ENVIRONMENT_VARIABLE, item=item, names=", ".join(names)))
        changes[name] = _value(name, value)
    return DEFAULT_LIMITS.replace(**changes) if changes else DEFAULT_LIMITS


def _value(name: str, text: str) -> int:
    match = _SIZE.fullmatch(text)
    if not match or (match.group(2) and name not in _SIZES) or int(match.group(1)) <= 0:
        kind = _("a positive size such as 4MiB") if name in _SIZES else _("a positive whole number")
        raise UsageError(_("{variable}: {name}={text!r} must be {kind}").format(
            variable=ENVIRONMENT_VARIABLE, name=name, text=text.strip(), kind=kind))
    return int(match.group(1)) * _UNITS[(match.group(2) or "").lower()]


def size_text(size: int) -> str:
    """``size`` bytes as people read it: ``16 MiB``, ``512 KiB``, ``300 B``."""
    for unit, name in ((GiB, "GiB"), (MiB, "MiB"), (KiB, "KiB")):
        if size >= unit and size % unit == 0:
            return f"{size // unit} {name}"
    return f"{size} B"


def how_to_change(name: str) -> str:
    """The clause every breach ends with: which limit it was and how to change it."""
    return _("limit {name}; change it with {variable}={name}=…").format(name=name, variable=ENVIRONMENT_VARIABLE)


def check_query_text(text: str, where: str, limits: Limits | None = None) -> str:
    """``text`` if it is within the ``query`` limit, else an :class:`InputError` naming ``where`` it came from."""
    limit = (limits or limits_from_environment()).query
    if len(text) > limit or len(text.encode("utf-8")) > limit:
        raise InputError(_("{where}: the query text is longer than {size} ({change})").format(
            where=where, size=size_text(limit), change=how_to_change("query")))
    return text
