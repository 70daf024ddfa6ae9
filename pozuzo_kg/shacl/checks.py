"""What a compiled constraint is: SPARQL queries over all focus nodes, and how each row becomes a result."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from .terms import Term

Row = dict[str, Term | None]
"""One solution of a check's query: variable name → term (``None`` where unbound)."""


@dataclass(frozen=True)
class Result:
    """One ``sh:ValidationResult``, as the terms of the report."""

    focus: Term
    shape: Term
    component: Term
    severity: Term
    path: Term | None = None
    value: Term | None = None
    messages: tuple[Term, ...] = ()
    source_constraint: Term | None = None

    def key(self) -> tuple[str, ...]:
        """Every field as text: the order of results in the report and the key of the comparison with pySHACL."""
        return (str(self.shape), str(self.focus), str(self.path), str(self.value), str(self.component),
                str(self.severity), str(self.source_constraint), *sorted(map(str, self.messages)))


@dataclass(frozen=True)
class Check:
    """One SPARQL ``SELECT`` of a constraint, run once over all focus nodes of a shape in one context."""

    sparql: Callable[[str], str]
    """The query, given the pattern that binds ``?this`` to each focus node."""
    result: Callable[[Row], Result | None]
    """The result a row stands for (``None``: the row is no result, as pySHACL skips it)."""
    substitutions: tuple[tuple[str, Term], ...] = ()
    """Pre-bound variables, substituted by value by Oxigraph."""
    order: str = ""
    """``ORDER BY`` clause that makes a truncated answer deterministic (empty when the query has its own)."""
    key: Callable[[Row], tuple] | None = None
    """Rows with equal keys are one result (pySHACL's set of violations); ``None``: every row counts."""


@dataclass(frozen=True)
class Refusal:
    """Why a constraint is not compiled: it goes to pySHACL."""

    reason: str


def bindings(solution: ox.QuerySolution, variables: list[ox.Variable]) -> Row:
    """The row of ``solution``."""
    return {variable.value: solution[variable] for variable in variables}
