"""The findings as JSON: verdict, shape sets, counts by severity and every finding's fields."""
from dataclasses import asdict
from typing import TYPE_CHECKING

from ..output import to_json
from .summary import by_severity

if TYPE_CHECKING:
    from ..validation import ValidationResult


def render_json(result: "ValidationResult") -> str:
    """``{conforms, passed, passed_strict, shape_sets, notes, counts, findings}``; findings have ``Finding``'s fields.

    ``passed``: no violations (exit 0 without ``--strict``); ``passed_strict``: no violations and no warnings either.
    Keys, values and order never depend on the locale, except the human sentences: ``notes`` and each finding's
    ``message`` and ``remedy`` are in the language :func:`~pozuzo_kg.validation.validate` was asked for.
    """
    return to_json({
        "conforms": result.conforms,
        "passed": result.passed(),
        "passed_strict": result.passed(strict=True),
        "shape_sets": list(result.shape_sets),
        "notes": list(result.notes),
        "counts": dict(by_severity(result)),
        "findings": [asdict(finding) for finding in result.findings],
    })
