"""pySHACL, for the constraints the SPARQL engine does not compile, and as the reference the engine is tested on.

rdflib and pySHACL are imported here only, and only when a constraint needs them. Terms cross between the two
libraries unchanged (blank nodes keep their labels), so pySHACL's results name the same nodes as the engine's.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import InputError
from ..i18n import _
from .checks import Result
from .data import DataGraph
from .terms import SH_NS, Term, sh, xsd

if TYPE_CHECKING:
    import rdflib


def to_rdflib(term: Term) -> "rdflib.term.Identifier":
    """``term`` as rdflib's; an ``xsd:string`` literal is a plain literal, as rdflib reads N-Triples."""
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype == xsd("string"):
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def from_rdflib(term: "rdflib.term.Identifier") -> Term:
    """rdflib's ``term`` as pyoxigraph's."""
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def rdflib_graph(triples: Iterable[ox.Triple], namespaces: dict[str, str] | None = None) -> "rdflib.Graph":
    """An rdflib graph of ``triples``."""
    import rdflib

    graph = rdflib.Graph()
    for prefix, namespace in sorted((namespaces or {}).items()):
        graph.bind(prefix, namespace, override=True, replace=True)
    graph.addN((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object), graph) for t in triples)
    return graph


def run(data: DataGraph, shapes: Iterable[ox.Triple]) -> list[Result]:
    """pySHACL's results for ``shapes`` on ``data`` (the ontology as its ontology graph), messages with languages."""
    shapes_graph = rdflib_graph(shapes)
    ontology = rdflib_graph(data.triples(data.graphs[1])) if len(data.graphs) > 1 else None
    triples = data.original if data.original is not None else data.triples(data.graphs[0])
    _, report = run_pyshacl(rdflib_graph(triples), shapes_graph, ontology)
    return results_of(with_message_languages(report, shapes_graph))


def results_of(report: "rdflib.Graph") -> list[Result]:
    """The top-level results of a pySHACL report."""
    import rdflib

    namespace = rdflib.Namespace(SH_NS)
    found = []
    for node in report.objects(None, namespace.result):
        def one(name: str) -> Term | None:
            value = report.value(node, namespace[name])
            return None if value is None else from_rdflib(value)

        found.append(Result(focus=one("focusNode"), shape=one("sourceShape"),
                            component=one("sourceConstraintComponent"),
                            severity=one("resultSeverity") or sh("Violation"), path=one("resultPath"),
                            value=one("value"), source_constraint=one("sourceConstraint"),
                            messages=tuple(from_rdflib(m) for m in report.objects(node, namespace.resultMessage))))
    return found


def run_pyshacl(data: "rdflib.Graph", shapes: "rdflib.Graph", ontology: "rdflib.Graph | None") -> tuple[bool, "rdflib.Graph"]:
    """pySHACL on a copy of ``data`` (no inference, no owl:imports, no network); ``(conforms, report graph)``.

    A shapes graph pySHACL cannot use raises :class:`InputError`.
    """
    from pyshacl import validate as shacl_validate
    from pyshacl.errors import ReportableRuntimeError, ValidationFailure

    try:
        conforms, report, _text = shacl_validate(
            data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=False, inplace=False,
            abort_on_first=False, allow_infos=False, allow_warnings=False, do_owl_imports=False)
    except ReportableRuntimeError as error:
        raise InputError(_("SHACL shapes cannot be used: {error}").format(error=error.message)) from None
    except Exception as error:  # rdflib's SPARQL engine raises bare Exceptions for bad queries in shapes
        raise InputError(_("SHACL shapes cannot be used: {error}").format(error=error)) from None
    if isinstance(report, ValidationFailure):
        raise InputError(_("SHACL validation failed: {error}").format(error=report.message))
    report.bind("sh", SH_NS)
    return bool(conforms), report


def with_message_languages(report: "rdflib.Graph", shapes: "rdflib.Graph") -> "rdflib.Graph":
    """A copy of ``report`` where each untagged ``sh:resultMessage`` has the language of the ``sh:message`` it
    was filled in from (pySHACL drops the tag when it substitutes ``{?var}`` in SPARQL-based shapes).

    The template is found among the ``sh:message`` of the result's source constraint, source shape and its
    constraint component's validators by matching its fixed text around the ``{?var}``/``{$var}`` slots; a
    message whose matching templates disagree on the language, or that matches none, stays untagged.
    """
    import rdflib

    namespace = rdflib.Namespace(SH_NS)
    fixed = rdflib.Graph()
    for prefix, uri in report.namespaces():
        fixed.bind(prefix, uri, override=True, replace=True)
    for subject, predicate, obj in report:
        if predicate == namespace.resultMessage and isinstance(obj, rdflib.Literal) and not obj.language \
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

    namespace = rdflib.Namespace(SH_NS)
    sources = [report.value(result, namespace.sourceConstraint), report.value(result, namespace.sourceShape)]
    component = report.value(result, namespace.sourceConstraintComponent)
    for kind in (namespace.validator, namespace.nodeValidator, namespace.propertyValidator):
        sources.extend(shapes.objects(component, kind))
    return [message for source in sources if source is not None
            for message in shapes.objects(source, namespace.message) if isinstance(message, rdflib.Literal)]


def _template_pattern(template: str) -> "re.Pattern[str]":
    """A regular expression matching ``template`` with any text in its ``{?var}`` and ``{$var}`` slots."""
    return re.compile(".*".join(re.escape(part) for part in re.split(r"\{[?$]\w+\}", template)), re.DOTALL)
