"""The validation report shipped in the bundle: the SHACL report graph (Turtle) and a page for people (HTML),
rendered by :mod:`pozuzo_kg.reports` from the result of :func:`pozuzo_kg.validation.validate`."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Download

if TYPE_CHECKING:
    from ..validation import ValidationResult

_RENDERINGS = {"validacion.ttl": "turtle", "validacion.html": "html"}
"""Bundle file → :func:`pozuzo_kg.reports.render` format."""

DOWNLOADS: tuple[Download, ...] = (
    Download("validacion.ttl", "Informe de validación SHACL (Turtle)", "text/turtle", "Turtle"),
    Download("validacion.html", "Informe de validación SHACL (HTML)", "text/html", "HTML"),
)


def build_report(result: "ValidationResult") -> dict[str, bytes]:
    """``validacion.ttl`` and ``validacion.html``, in Spanish whatever the locale (``result`` validated in Spanish)."""
    from ..i18n import published_translator
    from ..reports import render

    return {path: render(result, fmt, published_translator()).encode("utf-8") for path, fmt in _RENDERINGS.items()}
