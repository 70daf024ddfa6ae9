"""Renderers of a :class:`~pozuzo_kg.validation.ValidationResult`: one small module per output format.

``render(result, fmt, t)`` with ``fmt`` in :data:`FORMATS`: ``human`` (grouped by focus node), ``table``,
``turtle`` (the standard ``sh:ValidationReport``), ``json``, and the audit reports ``markdown`` and ``html``.
Their words come from the translator ``t``: the user's language on the terminal (the default), Spanish
(:func:`~pozuzo_kg.i18n.published_translator`) in the bundle. The findings' messages and remedies, and the notes,
are in the language :func:`~pozuzo_kg.validation.validate` was asked for.
"""
import importlib
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..i18n import Translator, _, translator

if TYPE_CHECKING:
    from ..validation import ValidationResult

FORMATS = ("human", "table", "turtle", "json", "markdown", "html")
_MODULES = {"human": "text", "table": "text", "turtle": "turtle", "json": "structured", "markdown": "markdown",
            "html": "html"}
_WORDED = ("human", "table", "markdown", "html")
"""The formats with words of their own (headings, labels); Turtle and JSON carry only the result's."""


def render(result: "ValidationResult", fmt: str, t: Translator | None = None) -> str:
    """``result`` as text in format ``fmt``, worded by ``t`` (default: the user's language)."""
    if fmt not in FORMATS:
        raise UsageError(_("unknown report format {format!r}; choose from {formats}").format(
            format=fmt, formats=", ".join(FORMATS)))
    module = importlib.import_module(f"{__name__}.{_MODULES[fmt]}")
    renderer = getattr(module, f"render_{fmt}")
    return renderer(result, t or translator()) if fmt in _WORDED else renderer(result)
