"""Peru's places by their INEI UBIGEO code: names, the distrito → provincia → departamento chain, and the
``dcterms:Location`` resources built from a code (never typed by hand).

The table is INEI's 2025 directory (``data/ubigeo-inei-2025.csv``: 25 departamentos, 196 provincias, 1,893
distritos), shipped with the package. Codes are text: ``"190305"`` is Pozuzo, ``"1903"`` Oxapampa, ``"19"``
Pasco. A spreadsheet may have turned a code into a number (``10101`` for ``"010101"``): :func:`normalize_code`
pads it back.
"""
from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from . import resources
from .errors import InputError
from .i18n import _
from .text import fold
from .vocab import DCTERMS, PZO, RDF, SKOS, iri

TABLE = "ubigeo-inei-2025.csv"
COUNTRY = "pe"
"""The id of Peru's place (``…/id/lugar/pe``): the top of every chain; it has no UBIGEO."""
LEVELS = ("departamento", "provincia", "distrito")


class PlaceError(InputError):
    """A UBIGEO code or place name that INEI's directory does not have, or that names several places."""


@dataclass(frozen=True)
class Place:
    """A departamento (2-digit code), provincia (4) or distrito (6) of INEI's directory."""

    code: str
    name: str
    level: str

    @property
    def parent_code(self) -> str | None:
        """The code of the place this one is part of (``None`` for a departamento: part of Peru)."""
        return self.code[:-2] if len(self.code) > 2 else None

    @property
    def iri(self) -> str:
        return iri("lugar", self.code)


@cache
def directory() -> dict[str, Place]:
    """Every place of the shipped table, by code."""
    with (resources.resource_dir("data") / TABLE).open(encoding="utf-8", newline="") as table:
        rows = csv.DictReader(line for line in table if not line.startswith("#"))
        return {row["ubigeo"]: Place(row["ubigeo"], row["nombre"], row["nivel"]) for row in rows}


def normalize_code(value: object) -> str:
    """A UBIGEO code as six-digit text: ``"190305"``, ``190305``, ``190305.0`` and ``" 10101 "`` (Excel's
    ``010101``) are all accepted; :class:`PlaceError` for anything else."""
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not text.isdigit() or not 5 <= len(text) <= 6 or not text.isascii():
        raise PlaceError(_("{value!r} is not a UBIGEO code (six digits, e.g. 190305)").format(value=value))
    return text.zfill(6)


def place(code: str) -> Place:
    """The place of ``code``, or a :class:`PlaceError` naming the nearest places INEI's directory has."""
    found = directory().get(code)
    if found is not None:
        return found
    raise PlaceError(_("UBIGEO {code} is not in INEI's 2025 directory; nearest: {nearest}").format(
        code=code, nearest=", ".join(f"{p.code} {p.name}" for p in _nearest_codes(code))))


def _nearest_codes(code: str, count: int = 3) -> list[Place]:
    """The places of the same level whose codes are numerically closest to ``code`` (within its provincia or
    departamento when that exists)."""
    same_level = [p for p in directory().values() if len(p.code) == len(code)]
    for prefix in (code[:4], code[:2], ""):
        candidates = [p for p in same_level if p.code.startswith(prefix)] if len(code) > len(prefix) else []
        if candidates:
            break
    else:
        candidates = same_level
    return sorted(candidates, key=lambda p: (abs(int(p.code) - int(code)) if code.isdigit() else 0, p.code))[:count]


def by_name(name: str, level: str = "distrito", within: str | None = None) -> Place:
    """The place of ``level`` named ``name`` (case and accents ignored), inside the place coded ``within`` if
    given; :class:`PlaceError` if there is none (with the nearest names) or several (give the code)."""
    wanted = fold(name)
    pool = [p for p in directory().values() if p.level == level and (within is None or p.code.startswith(within))]
    matches = [p for p in pool if fold(p.name) == wanted]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = ", ".join(f"{p.code} ({describe(p.code)})" for p in matches)
        raise PlaceError(_("{count} places are called «{name}»: {places}; give the UBIGEO code").format(
            count=len(matches), name=name, places=listed))
    names = {fold(p.name): p for p in pool}
    close = [names[n] for n in difflib.get_close_matches(wanted, names, n=3, cutoff=0.6)]
    hint = ", ".join(f"{p.name} ({p.code})" for p in close) or _("none close")
    raise PlaceError(_("no {level} called «{name}» in INEI's 2025 directory; nearest: {nearest}").format(
        level=level, name=name, nearest=hint))


def chain(code: str) -> list[Place]:
    """The place of ``code`` and every place it is part of, smallest first (distrito, provincia, departamento)."""
    found = [place(code)]
    while found[-1].parent_code:
        found.append(place(found[-1].parent_code))
    return found


def describe(code: str) -> str:
    """``"Pozuzo, Oxapampa, Pasco"``: the place of ``code`` and the places it is part of."""
    return ", ".join(p.name for p in chain(code))


def location_triples(code: str) -> list[ox.Triple]:
    """The ``dcterms:Location`` chain of ``code`` up to Peru: type, names (es, en), UBIGEO and ``isPartOf``."""
    def node(value: str) -> ox.NamedNode:
        return ox.NamedNode(value)

    triples: list[ox.Triple] = []
    location, label, part_of = node(f"{RDF}type"), node(f"{SKOS}prefLabel"), node(f"{DCTERMS}isPartOf")
    places = chain(code)
    for index, current in enumerate(places):
        subject = node(current.iri)
        parent = places[index + 1].iri if index + 1 < len(places) else iri("lugar", COUNTRY)
        triples += [ox.Triple(subject, location, node(f"{DCTERMS}Location")),
                    ox.Triple(subject, label, ox.Literal(current.name, language="es")),
                    ox.Triple(subject, label, ox.Literal(current.name, language="en")),
                    ox.Triple(subject, node(f"{PZO}ubigeo"), ox.Literal(current.code)),
                    ox.Triple(subject, part_of, node(parent))]
    country = node(iri("lugar", COUNTRY))
    triples += [ox.Triple(country, location, node(f"{DCTERMS}Location")),
                ox.Triple(country, label, ox.Literal("Perú", language="es")),
                ox.Triple(country, label, ox.Literal("Peru", language="en"))]
    return triples
