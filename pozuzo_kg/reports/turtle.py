"""The standard ``sh:ValidationReport`` as Turtle, serialized deterministically (canonical blank nodes)."""
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..validation import ValidationResult


def render_turtle(result: "ValidationResult") -> str:
    """The report graph in Turtle; blank nodes are relabelled canonically so equal reports give equal text."""
    import rdflib
    from rdflib.compare import to_canonical_graph

    graph = rdflib.Graph()
    for prefix, namespace in result.report_graph.namespaces():
        graph.bind(prefix, namespace, override=True, replace=True)
    for triple in to_canonical_graph(result.report_graph):
        graph.add(triple)
    return graph.serialize(format="turtle")
