"""The standard ``sh:ValidationReport`` of a list of results, as triples with stable blank-node labels.

As pySHACL's report, it describes every blank node it names (a shape, a path, a focus node or value), so any SHACL
tool reads it on its own.
"""
from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from .checks import Result
from .data import DataGraph
from .shapes import ShapesGraph
from .terms import RDF_TYPE, rdfs, sh, xsd

REPORT = ox.BlankNode("report")


def report_triples(results: Sequence[Result], conforms: bool, shapes: ShapesGraph, data: DataGraph,
                   comments: Sequence[ox.Literal] = ()) -> tuple[ox.Triple, ...]:
    """The report of ``results`` (in their order: result ``n`` is the blank node ``_:resultN``), sorted."""
    triples = {ox.Triple(REPORT, RDF_TYPE, sh("ValidationReport")),
               ox.Triple(REPORT, sh("conforms"), ox.Literal(str(conforms).lower(), datatype=xsd("boolean")))}
    triples.update(ox.Triple(REPORT, rdfs("comment"), comment) for comment in comments)
    for number, result in enumerate(results, start=1):
        node = ox.BlankNode(f"result{number}")
        fields = (("focusNode", result.focus), ("sourceShape", result.shape),
                  ("sourceConstraintComponent", result.component), ("resultSeverity", result.severity),
                  ("resultPath", result.path), ("value", result.value), ("sourceConstraint", result.source_constraint))
        triples.add(ox.Triple(REPORT, sh("result"), node))
        triples.add(ox.Triple(node, RDF_TYPE, sh("ValidationResult")))
        triples.update(ox.Triple(node, sh(name), term) for name, term in fields if term is not None)
        triples.update(ox.Triple(node, sh("resultMessage"), message) for message in result.messages)
        for term in (result.shape, result.component, result.path, result.source_constraint):
            triples.update(shapes.description(term))
        for term in (result.focus, result.value):
            triples.update(data.description(term))
    return tuple(sorted(triples, key=str))
