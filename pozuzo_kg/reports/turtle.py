"""The standard ``sh:ValidationReport`` as Turtle, serialized deterministically (sorted triples, stable labels)."""
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..validation import SH, SHAPES
from ..vocab import PREFIXES

if TYPE_CHECKING:
    from ..validation import ValidationResult


def render_turtle(result: "ValidationResult") -> str:
    """The report graph in Turtle with the project's prefixes, declared in alphabetical order; equal reports give
    equal text."""
    prefixes = dict(sorted({**PREFIXES, "sh": SH, "pzsh": SHAPES}.items()))
    body = ox.serialize(sorted(result.report_graph, key=str), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    statements = [line for line in body.decode("utf-8").splitlines() if not line.startswith("@prefix ")]
    declarations = [f"@prefix {name}: <{namespace}> ." for name, namespace in prefixes.items()]
    return "\n".join(declarations + statements) + "\n"
