"""The value types shared by the publish builders."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Download:
    """One file of the open-data bundle, as offered to people (HTML pages) and portals (DCAT).

    ``path`` is relative to the bundle root (``"pozuzo.ttl"``, ``"tablas/unidades.csv"``),
    ``title`` is Spanish, ``media_type`` is the IANA media type (``"text/turtle"``) and
    ``format`` the short format name shown to people (``"Turtle"``, ``"CSV"``).
    """

    path: str
    title: str
    media_type: str
    format: str
