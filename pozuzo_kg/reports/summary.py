"""What every report shares: severity and shape-set names, counts by severity and by shape, compact IRIs, the
citation and the verdict, in the language of the translator a renderer is given (:data:`Translator`)."""
from collections import Counter
from typing import TYPE_CHECKING

from ..i18n import N_, Translator
from ..validation import SEVERITIES, SH, SHAPES
from ..vocab import compact as compact_iri

if TYPE_CHECKING:
    from ..validation import Finding, ValidationResult

SEVERITY_LABELS = {"Violation": N_("Violation"), "Warning": N_("Warning"), "Info": N_("Info")}
"""The SHACL severities as reports name them (msgids; Spanish: Infracción, Advertencia, Información)."""
SHAPE_SET_TITLES = {"structure": N_("structure"), "quality": N_("quality"), "cpov": N_("CPOV-AP"),
                    "compliance": N_("legal compliance")}
"""The shape sets as reports name them; the set's name (``--shapes`` value) follows in parentheses."""
RULE_STATUSES = {"confirmada": N_("rule confirmed"), "por confirmar": N_("rule to be confirmed")}
"""``pzo:ruleStatus`` values (Spanish data, stable in JSON) as the citation reads them."""

_SHAPE_PREFIXES = {"sh": SH, "pzsh": SHAPES}


def severity_label(severity: str, t: Translator) -> str:
    """The name of a severity (an unknown severity keeps its own name)."""
    return t.gettext(SEVERITY_LABELS[severity]) if severity in SEVERITY_LABELS else severity


def shape_set_title(name: str, t: Translator) -> str:
    """``estructura (structure)``: the set's title and its name as ``--shapes`` takes it (a set of your own: its
    name alone)."""
    return t.gettext(SHAPE_SET_TITLES[name]) + f" ({name})" if name in SHAPE_SET_TITLES else name


def shape_sets_text(result: "ValidationResult", t: Translator) -> str:
    """The shape sets used, as the reports' headings list them."""
    return ", ".join(shape_set_title(name, t) for name in result.shape_sets)


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


def citation(finding: "Finding", t: Translator) -> str:
    """``legal basis (regla status)``, or what there is of it; a basis that ends in a parenthesis takes the status
    inside it (``Ley 27972, art. 7 (véanse arts. 98 a 105; regla por confirmar)``), not in a second one."""
    basis, status = finding.legal_basis, finding.rule_status
    if basis and status:
        rule = t.gettext(RULE_STATUSES[status]) if status in RULE_STATUSES else \
            t.gettext("rule {status}").format(status=status)
        return f"{basis[:-1]}; {rule})" if basis.endswith(")") else f"{basis} ({rule})"
    return basis or ""


def verdict(result: "ValidationResult", t: Translator) -> str:
    """One sentence: conforms, conforms with warnings, or has violations."""
    if result.conforms:
        return t.gettext("Conforms: no finding.")
    if result.passed():
        warnings = len(result.warnings)
        return t.ngettext("No violations; {count} warning to review.", "No violations; {count} warnings to review.",
                          warnings).format(count=warnings)
    violations = len(result.violations)
    return t.ngettext("Does not conform: {count} violation.", "Does not conform: {count} violations.",
                      violations).format(count=violations)


def counts_text(result: "ValidationResult", t: Translator) -> str:
    """``0 infracciones, 7 advertencias``."""
    violations, warnings = len(result.violations), len(result.warnings)
    return (t.ngettext("{count} violation", "{count} violations", violations).format(count=violations) + ", "
            + t.ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings))


def labels(t: Translator) -> dict[str, str]:
    """The headings and field labels the audit reports (Markdown, HTML) share."""
    return {
        "title": t.gettext("pozuzo-kg validation report"), "result": t.gettext("Result:"),
        "shape_sets": t.gettext("Shape sets:"), "note": t.gettext("Note:"), "summary": t.gettext("Summary"),
        "severity": t.gettext("Severity"), "findings": t.gettext("Findings"), "shape": t.gettext("Shape"),
        "shape_set": t.gettext("Shape set"), "no_findings": t.gettext("No findings."), "node": t.gettext("Node"),
        "finding": t.gettext("Finding:"), "finding_heading": t.gettext("Finding"), "value": t.gettext("Value:"),
        "legal_basis": t.gettext("Legal basis:"), "legal_basis_heading": t.gettext("Legal basis"),
        "remedy": t.gettext("What to change:"), "remedy_heading": t.gettext("What to change"),
        "path": t.gettext("path"), "shape_label": t.gettext("Shape:"),
    }
