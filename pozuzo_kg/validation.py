"""Shapes in, typed findings out: validates a :class:`KnowledgeGraph` against the project's SHACL shape sets.

A shape set is one file of ``shapes/`` named by its stem (``structure``, ``quality``, ``cpov``, ``compliance``).
The ``cpov`` set adds the official CPOV-AP 2.1.2 shapes, shipped unchanged in ``shapes/oficiales/`` (so the repo
and an installed wheel validate alike); were that file missing, it validates with pozuzo-kg's own ``cpov.ttl``
only and says so in :attr:`ValidationResult.notes`.

The shapes are evaluated on the embedded store by :func:`pozuzo_kg.shacl.dispatch.run`, the one dispatcher:
each constraint it compiles runs as one SPARQL query over all its focus nodes, and pySHACL (the reference, with
the ontology as its ontology graph, no inference, no network) evaluates the rest. The caller's graph is never
touched. Shapes files are read through :func:`pozuzo_kg.loader.parse_file`. The report is the standard
``sh:ValidationReport``, as triples with stable blank-node labels; filled-in messages keep their language.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from . import resources
from .errors import InputError, UsageError
from .graph import KnowledgeGraph
from .i18n import _, published, translations
from .loader import parse_file
from .shacl import dispatch
from .shacl.checks import Result
from .shacl.data import DataGraph
from .shacl.dispatch import Limits
from .shacl.fallback import rdflib_graph, run_pyshacl, with_message_languages
from .shacl.paths import path_text
from .shacl.report import report_triples
from .shacl.shapes import ShapesGraph
from .shacl.terms import Term, text
from .vocab import BASE, ONTOLOGY_GRAPH, PREFIXES, PZO, SKOS

if TYPE_CHECKING:
    import rdflib

__all__ = ["Finding", "Limits", "ValidationResult", "official_cpov_shapes", "read_rdflib", "run_pyshacl",
           "run_shacl_test_suite", "shape_set_files", "shape_set_names", "validate", "with_message_languages"]

SH = "http://www.w3.org/ns/shacl#"
SHAPES = f"{BASE}/shapes#"
"""Namespace of pozuzo-kg's shapes (prefix ``pzsh``)."""
CPOV_OFFICIAL = Path("oficiales", "core-public-organisation-ap-SHACL.ttl")
"""The official CPOV-AP 2.1.2 shapes (SEMICeu, CC BY 4.0), relative to the package's ``shapes`` folder."""
SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Finding:
    """One ``sh:ValidationResult``, with the citation and remedy the shape carries."""

    focus_node: str
    focus_label: str | None
    severity: str
    shape: str
    shape_set: str
    path: str | None
    value: str | None
    message: str
    legal_basis: str | None
    rule_status: str | None
    remedy: str | None

    def sort_key(self) -> tuple:
        """Severity (violations first), shape set, focus node, path, message, then shape and value."""
        rank = SEVERITIES.index(self.severity) if self.severity in SEVERITIES else len(SEVERITIES)
        return (rank, self.shape_set, self.focus_node, self.path or "", self.message, self.shape, self.value or "")


@dataclass(frozen=True)
class ValidationResult:
    """The findings, the standard ``sh:ValidationReport`` graph and the shape sets used."""

    findings: tuple[Finding, ...]
    report_graph: tuple[ox.Triple, ...]
    """The standard ``sh:ValidationReport``, sorted triples (any SHACL tool reads them once serialized)."""
    shape_sets: tuple[str, ...]
    conforms: bool
    """SHACL's sense: no result at all, of any severity."""
    notes: tuple[str, ...] = ()
    """What the caller should know about how the validation ran (e.g. official CPOV shapes not found)."""

    @property
    def violations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "Violation")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "Warning")

    def passed(self, strict: bool = False) -> bool:
        """No violations (and, if ``strict``, no warnings either)."""
        return not self.violations and not (strict and self.warnings)


def shape_set_names() -> list[str]:
    """The stems of ``shapes/*.ttl``, sorted."""
    return sorted(path.stem for path in resources.resource_dir("shapes").glob("*.ttl"))


def official_cpov_shapes() -> Path | None:
    """The official CPOV-AP 2.1.2 shapes file shipped with the package, or ``None`` if it is missing."""
    path = resources.resource_dir("shapes") / CPOV_OFFICIAL
    return path if path.is_file() else None


def shape_set_files(name: str) -> list[Path]:
    """The files of shape set ``name``; a :class:`UsageError` naming the valid sets if there is no such set."""
    names = shape_set_names()
    if name not in names:
        raise UsageError(_("unknown shape set {name!r}; choose from {names}").format(name=name, names=", ".join(names)))
    files = [resources.resource_dir("shapes") / f"{name}.ttl"]
    official = official_cpov_shapes() if name == "cpov" else None
    return files + [official] if official else files


def validate(graph: KnowledgeGraph, shape_sets: Sequence[str] | None = None, limits: Limits = Limits(),
             language: str = "es") -> ValidationResult:
    """Validates the data of ``graph`` against ``shape_sets`` (default: all of them), keeping at most ``limits``.

    ``language`` (``es``, the default and the published one, or ``en``) chooses the findings' messages and
    remedies (the shape's ``sh:message`` / ``pzo:remedy`` in that language, else the Spanish one) and the notes;
    the order of the findings and the report graph (every language's messages) never depend on it.
    """
    gettext = translations(language).gettext
    names = tuple(dict.fromkeys(shape_sets)) if shape_sets else tuple(shape_set_names())
    files = {name: shape_set_files(name) for name in names}
    notes: tuple[str, ...] = ()
    if "cpov" in names and official_cpov_shapes() is None:
        notes = (gettext("cpov: the official CPOV-AP 2.1.2 shapes were not found (shapes/oficiales/); only"
                         " shapes/cpov.ttl was used"),)
    shapes = read_shapes(files)
    data = DataGraph.prepare(graph.store, ox.DefaultGraph(), ox.NamedNode(ONTOLOGY_GRAPH))
    if not _has_organization(graph):
        notes += (gettext("the data has no organization (org:FormalOrganization) nor organizational unit"
                          " (org:OrganizationalUnit): the shapes found almost nothing to check"),)
    outcome = dispatch.run(data, shapes, limits)
    data = outcome.data
    report = report_triples(outcome.results, outcome.conforms, shapes, data,
                            [ox.Literal(note, language="es") for note in _limit_notes(outcome, limits, published)])
    spanish = [finding(result, shapes, data) for result in outcome.results]
    chosen = spanish if language == "es" else [finding(result, shapes, data, language) for result in outcome.results]
    findings = tuple(pair[1] for pair in sorted(zip(spanish, chosen), key=lambda pair: pair[0].sort_key()))
    return ValidationResult(findings=findings, report_graph=report, shape_sets=names, conforms=outcome.conforms,
                            notes=notes + _fallback_notes(outcome, gettext) + _limit_notes(outcome, limits, gettext))


def read_shapes(files: dict[str, list[Path]]) -> ShapesGraph:
    """The shapes graph of the shape sets' files, read through the loader, each subject owned by its first set."""
    return ShapesGraph.from_parts([(name, parse_file(path)) for name, paths in files.items() for path in paths])


def _has_organization(graph: KnowledgeGraph) -> bool:
    """Whether the data types anything as an organization or unit (directly or through its own subclasses)."""
    return bool(graph.store.query("""
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        ASK { ?node a/rdfs:subClassOf* ?class . VALUES ?class { org:FormalOrganization org:OrganizationalUnit } }
        """, default_graph=ox.DefaultGraph()))


def _fallback_notes(outcome: dispatch.Outcome, gettext: Callable[[str], str]) -> tuple[str, ...]:
    """Which shapes pySHACL evaluated, when the SPARQL engine did not compile all of them."""
    shapes = sorted({text(route.constraint.shape.node) for route in outcome.plan.fallback()})
    if outcome.plan.everything is not None:
        return (gettext("pySHACL evaluated every shape: the shapes graph is one the SPARQL engine does not read "
                        "({reason})").format(reason=outcome.plan.everything),)
    if not shapes:
        return ()
    return (gettext("pySHACL evaluated the constraints the SPARQL engine does not compile, of {count} shape(s): "
                    "{shapes}").format(count=len(shapes), shapes=", ".join(shapes)),)


def _limit_notes(outcome: dispatch.Outcome, limits: Limits, gettext: Callable[[str], str]) -> tuple[str, ...]:
    """What the caps on results left out, if anything (also written into the report, in Spanish)."""
    notes = []
    if "total" in outcome.truncated:
        notes.append(gettext("the limit of {limit} results in total was reached: the report is incomplete")
                     .format(limit=limits.total))
    shapes = [name for name in outcome.truncated if name != "total"]
    if shapes:
        notes.append(gettext("the limit of {limit} results per constraint was reached in {shapes}: the report is "
                             "incomplete").format(limit=limits.per_constraint, shapes=", ".join(shapes)))
    return tuple(notes)


def finding(result: Result, shapes: ShapesGraph, data: DataGraph, language: str = "es") -> Finding:
    """``result`` as a finding, with the focus node's label and the shape's citation and remedy; its message and
    remedy in ``language`` where the shape has one, else in Spanish."""
    labels = [] if isinstance(result.focus, ox.Literal) else \
        data.store.quads_for_pattern(result.focus, ox.NamedNode(f"{SKOS}prefLabel"), None, data.graphs[0])
    severity = result.severity
    return Finding(
        focus_node=text(result.focus),
        focus_label=_pick((q.object for q in labels), strict=True),
        severity=severity.value.removeprefix(SH) if isinstance(severity, ox.NamedNode) else text(severity),
        shape=text(result.shape),
        shape_set=shapes.owners.get(result.shape, ""),
        path=None if result.path is None else path_text(shapes, result.path),
        value=None if result.value is None else text(result.value),
        message=_pick(result.messages, language=language) or "",
        legal_basis=_annotation(shapes, result.shape, ox.NamedNode(f"{PZO}legalBasis")),
        rule_status=_annotation(shapes, result.shape, ox.NamedNode(f"{PZO}ruleStatus")),
        remedy=_annotation(shapes, result.shape, ox.NamedNode(f"{PZO}remedy"), language),
    )


def _annotation(shapes: ShapesGraph, shape: Term, predicate: ox.NamedNode, language: str = "es") -> str | None:
    """A citation/status/remedy of the shape, else of the node shape that holds it as ``sh:property``."""
    found = _pick(shapes.objects(shape, predicate), language=language)
    for parent in shapes.subjects(ox.NamedNode(f"{SH}property"), shape):
        found = found or _pick(shapes.objects(parent, predicate), language=language)
    return found


def _pick(terms: Iterable[Term], strict: bool = False, language: str = "es") -> str | None:
    """The value in ``language`` among ``terms``, else the Spanish one, else an untagged one, else any unless
    ``strict``, deterministically."""
    values = sorted((getattr(term, "language", None) or "", term.value) for term in terms)
    for wanted in dict.fromkeys((language, "es", "")):
        matches = [value for lang, value in values if lang.lower().split("-")[0] == wanted]
        if matches:
            return matches[0]
    return None if strict or not values else values[0][1]


def read_rdflib(paths: Iterable[Path]) -> "rdflib.Graph":
    """An rdflib graph of RDF files read through the loader (strict parse, ``file:line`` errors, no fetching)."""
    import rdflib

    graph = rdflib.Graph()
    for prefix, namespace in sorted(PREFIXES.items()):
        graph.bind(prefix, namespace, override=True, replace=True)
    graph.bind("sh", SH)
    graph.bind("pzsh", SHAPES)
    for path in paths:
        graph.parse(data=ox.serialize(parse_file(path), format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    return graph


@dataclass(frozen=True)
class SuiteOutcome:
    """One ``sht:Validate`` entry of the W3C SHACL test suite, run through the dispatcher as :func:`validate` runs."""

    section: str
    """The entry's manifest folder relative to the suite's root, e.g. ``core/node``."""
    test: str
    label: str
    passed: bool
    reason: str | None
    """Why it did not pass (report mismatch or error), else ``None``."""
    engines: str = "sparql"
    """What evaluated it: ``sparql`` (every constraint compiled), ``mixed`` (some on pySHACL) or ``pyshacl``."""
    findings: tuple[Finding, ...] = ()
    """The report's results as findings, extracted as for the project's own shapes."""


def run_shacl_test_suite(manifest: Path) -> list[SuiteOutcome]:
    """Runs every ``sht:Validate`` entry reachable from ``manifest`` (following ``mf:include``), in order.

    Each entry's data and shapes are read through the loader and validated as :func:`validate` does (the one
    dispatcher; no inference, no network); the report is compared with the expected one by pySHACL's
    ``check_sht_result``, and its findings are extracted as for the project's own shapes.
    """
    import rdflib

    root = manifest.resolve().parent
    outcomes: list[SuiteOutcome] = []
    pending, seen = [manifest.resolve()], set()
    while pending:
        path = pending.pop(0)
        if path in seen:
            continue
        seen.add(path)
        graph = read_rdflib([path])
        pending.extend(_local_path(iri) for iri in graph.objects(None, rdflib.URIRef(_MF["include"])))
        section = path.parent.relative_to(root).as_posix()
        for entry in _manifest_entries(graph):
            outcomes.append(_run_sht_entry(graph, entry, section or "."))
    return outcomes


_MF = {name: f"http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#{name}" for name in
       ("include", "entries", "action", "result", "status")}
_SHT = "http://www.w3.org/ns/shacl-test#"


def _manifest_entries(graph: "rdflib.Graph") -> list[object]:
    import rdflib
    from rdflib.collection import Collection

    entries = []
    for head in graph.objects(None, rdflib.URIRef(_MF["entries"])):
        entries.extend(e for e in Collection(graph, head) if (e, rdflib.RDF.type, rdflib.URIRef(f"{_SHT}Validate")) in graph)
    return entries


def _local_path(iri: object) -> Path:
    from urllib.parse import unquote, urlparse

    return Path(unquote(urlparse(str(iri)).path))


def _run_sht_entry(graph: "rdflib.Graph", entry: object, section: str) -> SuiteOutcome:
    import rdflib
    from pyshacl.validator_conformance import check_sht_result

    action = graph.value(entry, rdflib.URIRef(_MF["action"]))
    expected = graph.value(entry, rdflib.URIRef(_MF["result"]))
    label = str(graph.value(entry, rdflib.RDFS.label) or entry)
    expects_failure = expected == rdflib.URIRef(f"{_SHT}Failure")
    engines = "pyshacl"
    try:
        data = DataGraph.from_triples(parse_file(_local_path(graph.value(action, rdflib.URIRef(f"{_SHT}dataGraph")))))
        shapes_path = _local_path(graph.value(action, rdflib.URIRef(f"{_SHT}shapesGraph")))
        shapes = ShapesGraph.from_parts([(section, parse_file(shapes_path))])
        routes = dispatch.plan(shapes)
        if routes.everything is None and data.original is None:
            engines = "mixed" if routes.fallback() else "sparql"
        outcome = dispatch.run(data, shapes, Limits(None, None))
        data = outcome.data
        findings = tuple(finding(result, shapes, data) for result in outcome.results)
        report = rdflib_graph(report_triples(outcome.results, outcome.conforms, shapes, data))
    except InputError as error:
        return SuiteOutcome(section, str(entry), label, expects_failure, None if expects_failure else str(error),
                            engines)
    if expects_failure:
        return SuiteOutcome(section, str(entry), label, False, "expected a failure, got a validation report", engines,
                            findings)
    passed = bool(check_sht_result(report, graph, expected))
    return SuiteOutcome(section, str(entry), label, passed, None if passed else "report differs from the expected one",
                        engines, findings)
