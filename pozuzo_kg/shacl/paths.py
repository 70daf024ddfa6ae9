"""SHACL property paths as SPARQL property paths: to query with, and to show in findings."""
from __future__ import annotations

import pyoxigraph as ox

from .shapes import ShapesGraph
from .terms import Term, rdf, sh, text

_UNARY = (("inversePath", "^{}"), ("zeroOrMorePath", "({})*"), ("oneOrMorePath", "({})+"), ("zeroOrOnePath", "({})?"))


def sparql_path(graph: ShapesGraph, node: Term) -> str | None:
    """The SPARQL property path of SHACL path ``node``, or ``None`` if it is not a well-formed SHACL path."""
    return _render(graph, node, query=True, depth=0)


def path_text(graph: ShapesGraph, node: Term) -> str:
    """How a finding shows a path: a predicate as its bare IRI, any other path in SPARQL syntax (as the report
    renderers always have: a sequence unparenthesised, ``^…``, ``(…)*``, ``(…|…)``)."""
    if isinstance(node, ox.NamedNode):
        return node.value
    return _render(graph, node, query=False, depth=0) or text(node)


def _render(graph: ShapesGraph, node: Term, query: bool, depth: int) -> str | None:
    if isinstance(node, ox.NamedNode):
        return str(node)
    if isinstance(node, ox.Literal) or depth > 32:
        return None
    members = graph.items(node) if graph.objects(node, rdf("first")) else None
    if members is not None:
        parts = [_render(graph, member, query, depth + 1) for member in members]
        if len(parts) < 2 or None in parts:
            return None
        return f"({'/'.join(parts)})" if query else "/".join(parts)
    for name, template in _UNARY:
        inner = graph.objects(node, sh(name))
        if inner:
            rendered = _render(graph, inner[0], query, depth + 1) if len(inner) == 1 else None
            return None if rendered is None else template.format(rendered)
    heads = graph.objects(node, sh("alternativePath"))
    alternatives = graph.items(heads[0]) if len(heads) == 1 else None
    if alternatives is not None and len(alternatives) >= 2:
        parts = [_render(graph, member, query, depth + 1) for member in alternatives]
        return None if None in parts else "(" + "|".join(parts) + ")"
    return None
