"""Shapes in, typed findings out: validates a :class:`KnowledgeGraph` against the project's SHACL shape sets.

A shape set is one file of ``shapes/`` named by its stem (``structure``, ``quality``, ``cpov``, ``compliance``).
The ``cpov`` set adds the official CPOV-AP 2.1.2 shapes, shipped unchanged in ``shapes/oficiales/`` (so the repo
and an installed wheel validate alike); were that file missing, it validates with pozuzo-kg's own ``cpov.ttl``
only and says so in :attr:`ValidationResult.notes`.

pySHACL does the work, with the ontology as its ontology graph and a copy of the data (the caller's graph is never
touched), no inference and no network access. Shapes files are read through :func:`pozuzo_kg.loader.parse_file`.
The report graph returned is a copy of pySHACL's in which filled-in messages keep their ``sh:message``'s language.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import resources
from .errors import InputError, UsageError
from .graph import KnowledgeGraph
from .loader import parse_file
from .vocab import BASE, PREFIXES, PZO, SKOS

if TYPE_CHECKING:
    import rdflib

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
    report_graph: "rdflib.Graph"
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
        raise UsageError(f"unknown shape set {name!r}; choose from {', '.join(names)}")
    files = [resources.resource_dir("shapes") / f"{name}.ttl"]
    official = official_cpov_shapes() if name == "cpov" else None
    return files + [official] if official else files


def validate(graph: KnowledgeGraph, shape_sets: Sequence[str] | None = None) -> ValidationResult:
    """Validates the data of ``graph`` against ``shape_sets`` (default: all of them)."""
    names = tuple(dict.fromkeys(shape_sets)) if shape_sets else tuple(shape_set_names())
    files = {name: shape_set_files(name) for name in names}
    notes: tuple[str, ...] = ()
    if "cpov" in names and official_cpov_shapes() is None:
        notes = ("cpov: no se encontraron las formas oficiales de CPOV-AP 2.1.2 (shapes/oficiales/); "
                 "se validó solo con shapes/cpov.ttl",)
    shapes, set_of = _shapes_graph(files)
    data = _stable_blank_nodes(graph.to_rdflib("data"))
    if not _has_organization(data):
        notes += ("los datos no tienen ninguna organización (org:FormalOrganization) ni unidad orgánica "
                  "(org:OrganizationalUnit): las formas no encontraron casi nada que comprobar",)
    conforms, report = run_pyshacl(data, shapes, graph.to_rdflib("ontology"))
    report = with_message_languages(report, shapes)
    findings = extract_findings(report, shapes, data, set_of)
    return ValidationResult(findings=findings, report_graph=report, shape_sets=names,
                            conforms=conforms and not findings, notes=notes)


def _has_organization(data: "rdflib.Graph") -> bool:
    """Whether ``data`` types anything as an organization or unit (directly or through its own subclasses)."""
    return bool(data.query("""
        PREFIX org: <http://www.w3.org/ns/org#>
        ASK { ?node a/rdfs:subClassOf* ?class . VALUES ?class { org:FormalOrganization org:OrganizationalUnit } }
        """).askAnswer)


def _stable_blank_nodes(data: "rdflib.Graph") -> "rdflib.Graph":
    """``data`` with its blank nodes relabelled canonically, so findings on them name and sort the same every run."""
    import rdflib
    from rdflib.compare import to_canonical_graph

    if not any(isinstance(term, rdflib.BNode) for triple in data for term in triple):
        return data
    stable = rdflib.Graph()
    for prefix, namespace in data.namespaces():
        stable.bind(prefix, namespace, override=True, replace=True)
    for triple in to_canonical_graph(data):
        stable.add(triple)
    return stable


def read_rdflib(paths: Iterable[Path]) -> "rdflib.Graph":
    """An rdflib graph of RDF files read through the loader (strict parse, ``file:line`` errors, no fetching)."""
    import pyoxigraph as ox
    import rdflib

    graph = rdflib.Graph()
    for prefix, namespace in sorted(PREFIXES.items()):
        graph.bind(prefix, namespace, override=True, replace=True)
    graph.bind("sh", SH)
    graph.bind("pzsh", SHAPES)
    for path in paths:
        graph.parse(data=ox.serialize(parse_file(path), format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    return graph


def _shapes_graph(files: dict[str, list[Path]]) -> tuple["rdflib.Graph", Callable[[object], str]]:
    """The merged shapes graph and a function from a shape node to the name of the set that defines it."""
    merged = read_rdflib([])
    owner: dict[object, str] = {}
    for name, paths in files.items():
        part = read_rdflib(paths)
        for subject in part.subjects(unique=True):
            owner.setdefault(subject, name)
        merged += part
    return merged, lambda node: owner.get(node, "")


def run_pyshacl(data: "rdflib.Graph", shapes: "rdflib.Graph", ontology: "rdflib.Graph | None") -> tuple[bool, "rdflib.Graph"]:
    """pySHACL on a copy of ``data`` (no inference, no owl:imports, no network); ``(conforms, report graph)``.

    A shapes graph pySHACL cannot use raises :class:`InputError`.
    """
    from pyshacl import validate as shacl_validate
    from pyshacl.errors import ReportableRuntimeError, ValidationFailure

    try:
        conforms, report, _ = shacl_validate(
            data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=False, inplace=False,
            abort_on_first=False, allow_infos=False, allow_warnings=False, do_owl_imports=False)
    except ReportableRuntimeError as error:
        raise InputError(f"SHACL shapes cannot be used: {error.message}") from None
    except Exception as error:  # rdflib's SPARQL engine raises bare Exceptions for bad queries in shapes
        raise InputError(f"SHACL shapes cannot be used: {error}") from None
    if isinstance(report, ValidationFailure):
        raise InputError(f"SHACL validation failed: {report.message}")
    report.bind("sh", SH)
    return bool(conforms), report


def with_message_languages(report: "rdflib.Graph", shapes: "rdflib.Graph") -> "rdflib.Graph":
    """A copy of ``report`` where each untagged ``sh:resultMessage`` has the language of the ``sh:message`` it
    was filled in from (pySHACL drops the tag when it substitutes ``{?var}`` in SPARQL-based shapes).

    The template is found among the ``sh:message`` of the result's source constraint, source shape and its
    constraint component's validators by matching its fixed text around the ``{?var}``/``{$var}`` slots; a
    message whose matching templates disagree on the language, or that matches none, stays untagged.
    """
    import rdflib

    sh = rdflib.Namespace(SH)
    fixed = rdflib.Graph()
    for prefix, namespace in report.namespaces():
        fixed.bind(prefix, namespace, override=True, replace=True)
    for subject, predicate, obj in report:
        if predicate == sh.resultMessage and isinstance(obj, rdflib.Literal) and not obj.language \
                and obj.datatype is None:
            languages = {template.language for template in _message_templates(report, shapes, subject)
                         if _template_pattern(str(template)).fullmatch(str(obj))}
            if len(languages) == 1 and None not in languages:
                obj = rdflib.Literal(str(obj), lang=languages.pop())
        fixed.add((subject, predicate, obj))
    return fixed


def _message_templates(report: "rdflib.Graph", shapes: "rdflib.Graph", result: object) -> list["rdflib.Literal"]:
    """The ``sh:message`` literals a result's message may come from."""
    import rdflib

    sh = rdflib.Namespace(SH)
    sources = [report.value(result, sh.sourceConstraint), report.value(result, sh.sourceShape)]
    component = report.value(result, sh.sourceConstraintComponent)
    for kind in (sh.validator, sh.nodeValidator, sh.propertyValidator):
        sources.extend(shapes.objects(component, kind))
    return [message for source in sources if source is not None for message in shapes.objects(source, sh.message)
            if isinstance(message, rdflib.Literal)]


def _template_pattern(template: str) -> "re.Pattern[str]":
    """A regular expression matching ``template`` with any text in its ``{?var}`` and ``{$var}`` slots."""
    return re.compile(".*".join(re.escape(part) for part in re.split(r"\{[?$]\w+\}", template)), re.DOTALL)


def extract_findings(report: "rdflib.Graph", shapes: "rdflib.Graph", data: "rdflib.Graph",
                     shape_set_of: Callable[[object], str]) -> tuple[Finding, ...]:
    """The top-level results of ``report`` as findings, sorted (see :meth:`Finding.sort_key`)."""
    import rdflib

    sh = rdflib.Namespace(SH)
    pzo = rdflib.Namespace(PZO)
    findings = []
    for result in report.objects(None, sh.result):
        shape = report.value(result, sh.sourceShape)
        focus = report.value(result, sh.focusNode)
        path = report.value(result, sh.resultPath)
        value = report.value(result, sh.value)
        severity = report.value(result, sh.resultSeverity)
        findings.append(Finding(
            focus_node=_text(focus),
            focus_label=_pick(data.objects(focus, rdflib.URIRef(f"{SKOS}prefLabel")), strict=True),
            severity=str(severity).removeprefix(SH) if severity is not None else "Violation",
            shape=_text(shape),
            shape_set=shape_set_of(shape),
            path=None if path is None else _path_text(report, path, top=True),
            value=None if value is None else _text(value),
            message=_pick(report.objects(result, sh.resultMessage)) or "",
            legal_basis=_annotation(shapes, shape, pzo.legalBasis),
            rule_status=_annotation(shapes, shape, pzo.ruleStatus),
            remedy=_annotation(shapes, shape, pzo.remedy),
        ))
    return tuple(sorted(findings, key=Finding.sort_key))


def _annotation(shapes: "rdflib.Graph", shape: object, predicate: object) -> str | None:
    """A citation/status/remedy of the shape, else of the node shape that holds it as ``sh:property``."""
    import rdflib

    found = _pick(shapes.objects(shape, predicate))
    if found is None:
        for parent in shapes.subjects(rdflib.URIRef(f"{SH}property"), shape):
            found = found or _pick(shapes.objects(parent, predicate))
    return found


def _pick(literals: Iterable[object], strict: bool = False) -> str | None:
    """The Spanish value among ``literals`` (else an untagged one, else any unless ``strict``), deterministically."""
    values = sorted((getattr(lit, "language", None) or "", str(lit)) for lit in literals)
    for wanted in ("es", ""):
        matches = [text for lang, text in values if lang.lower().split("-")[0] == wanted]
        if matches:
            return matches[0]
    return None if strict or not values else values[0][1]


def _text(node: object) -> str:
    """An IRI as itself, a blank node as ``_:id``, a literal as its lexical form."""
    import rdflib

    return f"_:{node}" if isinstance(node, rdflib.BNode) else str(node)


def _path_text(graph: "rdflib.Graph", node: object, top: bool = False) -> str:
    """A SHACL path as a SPARQL property path (a plain predicate IRI stays bare at the top level)."""
    import rdflib
    from rdflib.collection import Collection

    sh = rdflib.Namespace(SH)
    if isinstance(node, rdflib.URIRef):
        return str(node) if top else f"<{node}>"
    if (graph.value(node, rdflib.RDF.first)) is not None:
        return "/".join(_path_text(graph, item) for item in Collection(graph, node))
    for predicate, template in ((sh.inversePath, "^{}"), (sh.zeroOrMorePath, "({})*"), (sh.oneOrMorePath, "({})+"),
                                (sh.zeroOrOnePath, "({})?")):
        inner = graph.value(node, predicate)
        if inner is not None:
            return template.format(_path_text(graph, inner))
    alternatives = graph.value(node, sh.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_text(graph, item) for item in Collection(graph, alternatives)) + ")"
    return _text(node)


@dataclass(frozen=True)
class SuiteOutcome:
    """One ``sht:Validate`` entry of the W3C SHACL test suite, run through :func:`run_pyshacl`."""

    section: str
    """The entry's manifest folder relative to the suite's root, e.g. ``core/node``."""
    test: str
    label: str
    passed: bool
    reason: str | None
    """Why it did not pass (report mismatch or error), else ``None``."""


def run_shacl_test_suite(manifest: Path) -> list[SuiteOutcome]:
    """Runs every ``sht:Validate`` entry reachable from ``manifest`` (following ``mf:include``), in order.

    Each entry's data and shapes are read through the loader and validated as :func:`validate` does (no
    inference, no network); the report is compared with the expected one by pySHACL's
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
    try:
        data = read_rdflib([_local_path(graph.value(action, rdflib.URIRef(f"{_SHT}dataGraph")))])
        shapes = read_rdflib([_local_path(graph.value(action, rdflib.URIRef(f"{_SHT}shapesGraph")))])
        _, report = run_pyshacl(data, shapes, None)
        extract_findings(report, shapes, data, lambda _: section)
    except InputError as error:
        return SuiteOutcome(section, str(entry), label, expects_failure, None if expects_failure else str(error))
    if expects_failure:
        return SuiteOutcome(section, str(entry), label, False, "expected a failure, got a validation report")
    passed = bool(check_sht_result(report, graph, expected))
    return SuiteOutcome(section, str(entry), label, passed, None if passed else "report differs from the expected one")
