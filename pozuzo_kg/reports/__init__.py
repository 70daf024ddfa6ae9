"""Renderers of a :class:`~pozuzo_kg.validation.ValidationResult`: one small module per output format.

``render(result, fmt)`` with ``fmt`` in :data:`FORMATS`: ``human`` (grouped by focus node), ``table``, ``turtle``
(the standard ``sh:ValidationReport``), ``json``, and the audit reports ``markdown`` and ``html``.
"""
import importlib
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..i18n import _

if TYPE_CHECKING:
    from ..validation import ValidationResult

FORMATS = ("human", "table", "turtle", "json", "markdown", "html")
_MODULES = {"human": "text", "table": "text", "turtle": "turtle", "json": "structured", "markdown": "markdown",
            "html": "html"}


def render(result: "ValidationResult", fmt: str) -> str:
    """``result`` as text in format ``fmt``."""
    if fmt not in FORMATS:
        raise UsageError(_("unknown report format {format!r}; choose from {formats}").format(
            format=fmt, formats=", ".join(FORMATS)))
    module = importlib.import_module(f"{__name__}.{_MODULES[fmt]}")
    return getattr(module, f"render_{fmt}")(result)
