"""The findings as JSON: verdict, shape sets, counts by severity and every finding's fields."""
from dataclasses import asdict
from typing import TYPE_CHECKING

from ..output import to_json
from .summary import by_severity

if TYPE_CHECKING:
    from ..validation import ValidationResult


def render_json(result: "ValidationResult") -> str:
    """``{conforms, passed, shape_sets, notes, counts, findings}``; each finding has the fields of ``Finding``."""
    return to_json({
        "conforms": result.conforms,
        "passed": result.passed(),
        "shape_sets": list(result.shape_sets),
        "notes": list(result.notes),
        "counts": dict(by_severity(result)),
        "findings": [asdict(finding) for finding in result.findings],
    })
