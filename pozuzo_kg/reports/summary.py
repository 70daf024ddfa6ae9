"""What every report shares: Spanish severity names, counts by severity and by shape, compact IRIs."""
from collections import Counter
from typing import TYPE_CHECKING

from ..validation import SEVERITIES, SH, SHAPES
from ..vocab import compact as compact_iri

if TYPE_CHECKING:
    from ..validation import Finding, ValidationResult

SEVERITY_LABELS = {"Violation": "Infracción", "Warning": "Advertencia", "Info": "Información"}
"""Spanish names of the SHACL severities, as reports show them."""

_SHAPE_PREFIXES = {"sh": SH, "pzsh": SHAPES}


def severity_label(severity: str) -> str:
    """The Spanish name of a severity (an unknown severity keeps its own name)."""
    return SEVERITY_LABELS.get(severity, severity)


def compact(iri: str | None) -> str:
    """``prefix:local`` for IRIs under the project's prefixes (and ``sh``, ``pzsh``); other text unchanged."""
    if not iri:
        return ""
    return compact_iri(iri, extra=_SHAPE_PREFIXES) or iri


def by_severity(result: "ValidationResult") -> list[tuple[str, int]]:
    """Counts per severity, the three SHACL severities always listed (then any other, sorted)."""
    counts = Counter(f.severity for f in result.findings)
    others = sorted(set(counts) - set(SEVERITIES))
    return [(severity, counts.get(severity, 0)) for severity in (*SEVERITIES, *others)]


def by_shape(result: "ValidationResult") -> list[tuple[str, str, str, int]]:
    """``(shape, shape set, severity, count)`` for each shape that produced findings, in findings order."""
    counts: Counter[tuple[str, str, str]] = Counter((f.shape, f.shape_set, f.severity) for f in result.findings)
    return [(shape, shape_set, severity, n) for (shape, shape_set, severity), n in counts.items()]


def focus_title(finding: "Finding") -> str:
    """``Label (prefix:id)``, or the compact focus node alone when it has no Spanish label."""
    node = compact(finding.focus_node)
    return f"{finding.focus_label} ({node})" if finding.focus_label else node


def citation(finding: "Finding") -> str:
    """``legal basis (regla status)``, or what there is of it; a basis that ends in a parenthesis takes the status
    inside it (``Ley 27972, art. 7 (véanse arts. 98 a 105; regla por confirmar)``), not in a second one."""
    basis, status = finding.legal_basis, finding.rule_status
    if basis and status:
        return f"{basis[:-1]}; regla {status})" if basis.endswith(")") else f"{basis} (regla {status})"
    return basis or ""


def verdict(result: "ValidationResult") -> str:
    """One Spanish sentence: conforms, conforms with warnings, or has violations."""
    if result.conforms:
        return "Conforme: ningún hallazgo."
    if result.passed():
        return f"Sin infracciones; {len(result.warnings)} advertencia(s) para revisar."
    return f"No conforme: {len(result.violations)} infracción(es)."
