"""The one dispatcher: every constraint to the SPARQL engine or to pySHACL, by a declared list, then one report.

A *constraint* is a shape and one of its constraint components (each ``sh:sparql`` and each SPARQL-based
component applied to the shape counts apart). It is compiled (:mod:`.core`, :mod:`.sparql`) when its component
is in :data:`COMPILED` and the compiler accepts its parameters; otherwise the compiler says why
(:class:`~pozuzo_kg.shacl.checks.Refusal`) and the constraint goes to pySHACL, which then receives the shapes
graph without the compiled constraints' parameters (:func:`fallback_shapes`). No exception ever decides a route.

pySHACL's evaluation is followed exactly: every shape with targets is evaluated on its focus nodes, and through
``sh:property`` each property shape on the value nodes of the shape that holds it (a *context*), so the engine
runs each compiled constraint once per context over all its focus nodes. A shape nested in a constraint that goes
to pySHACL goes there whole (pySHACL needs all of it), as do shapes whose focus nodes SPARQL cannot name (a blank
node ``sh:targetNode``) and, when the shapes graph is one pySHACL would refuse to load, everything.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..errors import InputError
from ..i18n import _
from .checks import Check, Refusal, Result, bindings
from .core import Compiler
from .data import DataGraph
from .paths import sparql_path
from .shapes import (PARAMETERS, SHAPE_EXPECTING, SHAPE_LIST_EXPECTING, TARGETS, Shape, ShapesGraph, constraints_of,
                     custom_components, harvest, has_targets, implicit_class)
from .sparql import component_constraint, sparql_constraint
from .terms import RDF_TYPE, Term, boolean, rdfs, sh, sparql

CORE = ("class", "datatype", "nodeKind", "minCount", "maxCount", "minExclusive", "minInclusive", "maxExclusive",
        "maxInclusive", "minLength", "maxLength", "pattern", "languageIn", "uniqueLang", "equals", "disjoint",
        "lessThan", "lessThanOrEquals", "not", "and", "or", "xone", "node", "qualifiedValueShape", "closed",
        "hasValue", "in")
COMPILED: dict[str, str] = {
    **{name: f"sh:{name[0].upper()}{name[1:]}ConstraintComponent" for name in CORE},
    "qualifiedValueShape": "sh:QualifiedMinCountConstraintComponent, sh:QualifiedMaxCountConstraintComponent",
    "property": "sh:PropertyConstraintComponent",
    "sparql": "sh:SPARQLConstraintComponent",
    "component": "SPARQL-based constraint components (node validators, sh:SPARQLSelectValidator)",
}
"""The components the SPARQL engine compiles (as RDF4J's ``getSupportedShaclPredicates``): key → SHACL name.
Anything else a shape uses (``sh:validator`` ASK validators, property validators, ``$shapesGraph``…) goes to pySHACL,
as do compiled components whose parameters a compiler refuses (the reason is kept in :attr:`Route.reason`)."""


@dataclass(frozen=True)
class Limits:
    """Caps on the results kept (``None``: no cap; ``0``: validate, keep none), as RDF4J's
    ``validationResultsLimitPerConstraint`` and ``validationResultsLimitTotal``."""

    per_constraint: int | None = 10_000
    total: int | None = 100_000


@dataclass(frozen=True)
class Constraint:
    """A shape and one constraint component; ``node`` is the ``sh:sparql`` constraint or the custom component."""

    shape: Shape
    component: str
    node: Term | None = None

    def parameter_triples(self, graph: ShapesGraph) -> list[ox.Triple]:
        """The triples that state this constraint on the shape (removed from pySHACL's copy when compiled)."""
        subject = self.shape.node
        if self.component == "property":  # pySHACL still walks into the property shapes
            return []
        if self.component == "sparql":
            return [ox.Triple(subject, sh("sparql"), self.node)]
        if self.component == "component":
            paths = [p for param in graph.objects(self.node, sh("parameter")) for p in graph.objects(param, sh("path"))]
        else:
            paths = [sh(name) for name, owner in PARAMETERS.items() if owner == self.component]
        return [ox.Triple(subject, p, o) for p in paths for o in graph.objects(subject, p)]


@dataclass(frozen=True)
class Route:
    """Where a constraint is evaluated: its checks on the SPARQL engine, or pySHACL and why."""

    constraint: Constraint
    checks: tuple[Check, ...] | None
    reason: str | None = None

    @property
    def native(self) -> bool:
        return self.checks is not None


@dataclass
class Plan:
    """The routes of every constraint and the contexts shapes are evaluated in."""

    graph: ShapesGraph
    routes: dict[Term, list[Route]] = field(default_factory=dict)
    contexts: list[tuple[Shape, ...]] = field(default_factory=list)
    everything: str | None = None
    """Why the whole shapes graph goes to pySHACL (one it would refuse to load), else ``None``."""

    def fallback(self) -> list[Route]:
        return [r for routes in self.routes.values() for r in routes if not r.native]


@dataclass(frozen=True)
class Outcome:
    """The merged results (sorted, capped), whether the data conforms, and what the caps left out."""

    results: tuple[Result, ...]
    conforms: bool
    plan: Plan
    data: DataGraph
    """The data graph the results name (a canonical copy when they name blank nodes)."""
    truncated: tuple[str, ...] = ()
    """``"total"`` and/or the text of each shape whose constraint hit the per-constraint cap."""


def plan(graph: ShapesGraph) -> Plan:
    """The route of every constraint of ``graph``."""
    found = harvest(graph)
    result = Plan(graph)
    problem = found.problem or _component_problem(graph)
    if problem:
        result.everything = problem
        return result
    shapes = found.shapes
    for shape in shapes.values():
        result.routes[shape.node] = [_route(graph, shapes, shape, c) for c in _constraints(graph, shapes, shape)]
    result.contexts = list(_contexts(graph, shapes, result))
    _freeze(graph, shapes, result)
    return result


def run(data: DataGraph, graph: ShapesGraph, limits: Limits = Limits()) -> Outcome:
    """Validates ``data`` against ``graph``: compiled constraints on the store, the others with pySHACL. When the
    results name blank nodes of a store whose labels are not canonical, it runs again on a canonical copy."""
    outcome = _run(data, graph, limits)
    if not data.canonical and any(isinstance(term, ox.BlankNode) and not graph.predicates(term)
                                  for result in outcome.results for term in (result.focus, result.value, result.path)):
        return _run(data.canonicalized(), graph, limits)
    return outcome


def _run(data: DataGraph, graph: ShapesGraph, limits: Limits) -> Outcome:
    routes = plan(graph)
    if routes.everything is None and data.original is not None:
        routes.everything = "the store holds some literals of the data in another form (oxigraph/oxigraph#526)"
    results: list[Result] = []
    truncated: list[str] = []
    for context in routes.contexts if routes.everything is None else ():
        checks = [check for route in routes.routes[context[-1].node] for check in route.checks or ()]
        if not checks:
            continue
        focus, repeats = _focus(graph, context), _repeats(data, graph, context)
        for check in checks:
            found, cut = _execute(data, check, focus, limits.per_constraint)
            results.extend(result for result in found for _ in range(repeats.get(result.focus, 1)))
            if cut:
                truncated.append(context[-1].node.value)
    if routes.everything is not None or routes.fallback():
        from .fallback import run as run_pyshacl

        results.extend(run_pyshacl(data, fallback_shapes(routes)))
    ordered = sorted(results, key=Result.key)
    if limits.total is not None and len(ordered) > limits.total:
        ordered, truncated = ordered[:limits.total], ["total", *truncated]
    return Outcome(tuple(ordered), not results and not truncated, routes, data, tuple(dict.fromkeys(truncated)))


def fallback_shapes(routes: Plan) -> list[ox.Triple]:
    """The shapes graph pySHACL gets: without the compiled constraints, and without the targets of shapes whose
    every constraint (in every context under them) is compiled."""
    graph = routes.graph
    if routes.everything is not None:
        return list(graph.triples)
    removed = {t for rs in routes.routes.values() for r in rs if r.native for t in r.constraint.parameter_triples(graph)}
    needed = {context[0].node for context in routes.contexts
              if any(not r.native for shape in context for r in routes.routes[shape.node])}
    for context in routes.contexts:
        root = context[0].node
        if root not in needed:
            removed.update(ox.Triple(root, sh(name), o) for name in TARGETS for o in graph.objects(root, sh(name)))
    return [t for t in graph.triples if t not in removed]


# ---- Constraints and their routes -------------------------------------------------------------------------------------

def _constraints(graph: ShapesGraph, shapes: dict[Term, Shape], shape: Shape) -> list[Constraint]:
    found = [Constraint(shape, name) for name in constraints_of(graph, shape) if name != "sparql"]
    found += [Constraint(shape, "sparql", node) for node in graph.objects(shape.node, sh("sparql"))]
    for component in custom_components(graph):
        parameters = graph.objects(component, sh("parameter"))
        mandatory = [p for p in parameters if boolean(graph.value(p, sh("optional"))) is not True]
        if all(graph.objects(shape.node, path) for p in mandatory for path in graph.objects(p, sh("path"))):
            found.append(Constraint(shape, "component", component))
    return found


def _route(graph: ShapesGraph, shapes: dict[Term, Shape], shape: Shape, constraint: Constraint) -> Route:
    """The route of one constraint: compiled when its component is in :data:`COMPILED` and its compiler accepts it."""
    attributes = _shape_attributes(graph, shape)
    if isinstance(attributes, Refusal):
        return Route(constraint, None, attributes.reason)
    severity, messages = attributes
    if constraint.component not in COMPILED:
        return Route(constraint, None, f"sh:{constraint.component} is not compiled")
    if constraint.component == "property":
        children = [shapes.get(node) for node in graph.objects(shape.node, sh("property"))]
        ok = all(child is not None and child.is_property for child in children)
        return Route(constraint, () if ok else None, None if ok else "sh:property to a node that is no property shape")
    if constraint.component == "sparql":
        checks = sparql_constraint(graph, shape, constraint.node, severity, messages)
    elif constraint.component == "component":
        checks = component_constraint(graph, shape, constraint.node, severity, messages)
    else:
        checks = Compiler(graph, shapes, shape, severity, messages).compile(constraint.component)
    if isinstance(checks, Refusal):
        return Route(constraint, None, checks.reason)
    return Route(constraint, tuple(checks))


def _shape_attributes(graph: ShapesGraph, shape: Shape) -> tuple[Term, tuple[Term, ...]] | Refusal:
    """The severity and messages every result of the shape carries, or why pySHACL must read them."""
    severities = graph.objects(shape.node, sh("severity"))
    deactivated = graph.objects(shape.node, sh("deactivated"))
    if len(severities) > 1 or len(deactivated) > 1 or (deactivated and boolean(deactivated[0]) is None):
        return Refusal("several severities, or a sh:deactivated that is not one xsd:boolean")
    return (severities[0] if severities else sh("Violation")), tuple(graph.objects(shape.node, sh("message")))


def _component_problem(graph: ShapesGraph) -> str | None:
    """Why pySHACL would refuse a SPARQL-based constraint component of ``graph`` (it loads them all), else ``None``."""
    for component in custom_components(graph):
        parameters = graph.objects(component, sh("parameter"))
        if not parameters or any(len(graph.objects(p, sh("path"))) != 1 for p in parameters):
            return "a SPARQL-based constraint component without parameters, or a parameter without one sh:path"
        for p in parameters:
            optional = graph.objects(p, sh("optional"))
            if len(optional) > 1 or (optional and boolean(optional[0]) is None):
                return "a parameter whose sh:optional is not one xsd:boolean"
    return None


def _deactivated(graph: ShapesGraph, shape: Shape) -> bool:
    return any(boolean(v) for v in graph.objects(shape.node, sh("deactivated")))


def _contexts(graph: ShapesGraph, shapes: dict[Term, Shape], plan: Plan) -> Iterator[tuple[Shape, ...]]:
    """Every chain of shapes pySHACL evaluates: a shape with targets, then ``sh:property`` children, recursively."""
    def expand(chain: tuple[Shape, ...]) -> Iterator[tuple[Shape, ...]]:
        yield chain
        for node in graph.objects(chain[-1].node, sh("property")):
            child = shapes.get(node)
            if child is None or not child.is_property or _deactivated(graph, child):
                continue
            if child in chain:
                _refuse_all(graph, shapes, plan, [s.node for s in chain], "sh:property leads back to itself")
                continue
            yield from expand((*chain, child))

    for shape in shapes.values():
        if has_targets(graph, shape) and not _deactivated(graph, shape):
            if _focus(graph, (shape,)) is None:
                chains = list(expand((shape,)))
                _refuse_all(graph, shapes, plan, [s.node for c in chains for s in c], "a blank-node target")
                continue
            yield from expand((shape,))


def _freeze(graph: ShapesGraph, shapes: dict[Term, Shape], plan: Plan) -> None:
    """Sends to pySHACL every shape a pySHACL-routed constraint refers to (and what that shape refers to)."""
    changed = True
    while changed:
        changed = False
        for route in plan.fallback():
            constraint = route.constraint
            referred: list[Term] = []
            if constraint.component in SHAPE_EXPECTING:
                referred = graph.objects(constraint.shape.node, sh(constraint.component))
            elif constraint.component in SHAPE_LIST_EXPECTING:
                referred = [m for head in graph.objects(constraint.shape.node, sh(constraint.component))
                            for m in graph.items(head) or []]
            if constraint.component == "qualifiedValueShape":
                parents = graph.subjects(sh("property"), constraint.shape.node)
                referred = referred + [s for p in parents for s in graph.objects(p, sh("property"))]
            changed |= _refuse_all(graph, shapes, plan, referred, "part of a shape pySHACL evaluates")


def _refuse_all(graph: ShapesGraph, shapes: dict[Term, Shape], plan: Plan, nodes: list[Term], reason: str) -> bool:
    """Routes every constraint of ``nodes`` (and of shapes they refer to) to pySHACL; whether anything changed."""
    changed = False
    pending = list(nodes)
    while pending:
        node = pending.pop()
        if node not in plan.routes:
            continue
        for index, route in enumerate(plan.routes[node]):
            if route.native:
                plan.routes[node][index] = Route(route.constraint, None, reason)
                changed = True
                component = route.constraint.component
                if component in SHAPE_EXPECTING:
                    pending.extend(graph.objects(node, sh(component)))
                elif component in SHAPE_LIST_EXPECTING:
                    pending.extend(m for head in graph.objects(node, sh(component)) for m in graph.items(head) or [])
    return changed


# ---- Running the checks -----------------------------------------------------------------------------------------------

def _targets(graph: ShapesGraph, shape: Shape, var: str) -> str | None:
    """A pattern binding ``var`` to each target of ``shape``, or ``None`` if one cannot be written in SPARQL."""
    node = shape.node
    branches = []
    nodes = [sparql(t) for t in graph.objects(node, sh("targetNode"))]
    if None in nodes:
        return None
    if nodes:
        branches.append(f"VALUES {var} {{ {' '.join(nodes)} }}")
    classes = graph.objects(node, sh("targetClass")) + ([node] if implicit_class(graph, shape) else [])
    for cls in classes:
        if sparql(cls) is None:
            return None
        branches.append(f"{var} <{RDF_TYPE.value}>/<{rdfs('subClassOf').value}>* {sparql(cls)} .")
    for predicate in graph.objects(node, sh("targetSubjectsOf")):
        if not isinstance(predicate, ox.NamedNode):
            return None
        branches.append(f"{var} {predicate} ?_any .")
    for predicate in graph.objects(node, sh("targetObjectsOf")):
        if not isinstance(predicate, ox.NamedNode):
            return None
        branches.append(f"?_any {predicate} {var} .")
    return " UNION ".join(f"{{ {b} }}" for b in branches) if branches else None


def _focus(graph: ShapesGraph, context: tuple[Shape, ...], var: str = "?this", depth: int = 0) -> str | None:
    """A sub-select binding ``var`` to each focus node of the last shape of ``context``."""
    if len(context) == 1:
        pattern = _targets(graph, context[0], var)
    elif not context[-2].is_property:
        return _focus(graph, context[:-1], var, depth)
    else:
        inner = f"?_focus{depth}"
        parent = _focus(graph, context[:-1], inner, depth + 1)
        path = sparql_path(graph, context[-2].path)
        pattern = None if parent is None or path is None else f"{parent} {inner} {path} {var} ."
    return None if pattern is None else f"{{ SELECT DISTINCT {var} WHERE {{ {pattern} }} }}"


def _repeats(data: DataGraph, graph: ShapesGraph, context: tuple[Shape, ...]) -> dict[Term, int]:
    """How many times pySHACL evaluates the last shape of ``context`` on each focus node reached more than once.

    pySHACL evaluates a property shape under another property shape once per (focus node, value node) pair of
    the outer one, so a value node reached from several focus nodes gets its results that many times.
    """
    if not any(shape.is_property for shape in context[:-1]):
        return {}
    pattern, names = f"{{ SELECT DISTINCT ?_c0 WHERE {{ {_targets(graph, context[0], '?_c0')} }} }}", ["?_c0"]
    for parent in context[:-1]:
        if parent.is_property:
            names.append(f"?_c{len(names)}")
            pattern = (f"{{ SELECT DISTINCT {' '.join(names)} WHERE {{ {pattern} "
                       f"{names[-2]} {sparql_path(graph, parent.path)} {names[-1]} . }} }}")
    rows = data.query(f"SELECT ({names[-1]} AS ?node) (COUNT(*) AS ?n) WHERE {{ {pattern} }} "
                      f"GROUP BY {names[-1]} HAVING (COUNT(*) > 1)")
    return {row["node"]: int(row["n"].value) for row in rows}


def _execute(data: DataGraph, check: Check, focus: str, cap: int | None) -> tuple[list[Result], bool]:
    """The results of ``check`` on the focus nodes of ``focus``, at most ``cap`` of them (and whether it cut)."""
    text = check.sparql(focus)
    substitutions = {ox.Variable(name): term for name, term in check.substitutions}
    rows = _rows(data, text if cap is None else f"{text} LIMIT {cap + 1}", substitutions)
    cut = cap is not None and len(rows) > cap
    if cut:
        rows = _rows(data, f"{text} {check.order} LIMIT {cap}", substitutions)
    keys: set[tuple] = set()
    found = []
    for row in rows:
        if check.key is not None:
            key = check.key(row)
            if key in keys:
                continue
            keys.add(key)
        result = check.result(row)
        if result is not None:
            found.append(result)
    return found, cut


def _rows(data: DataGraph, text: str, substitutions: dict) -> list[dict]:
    try:
        solutions = data.query(text, substitutions)
    except SyntaxError as error:  # a SPARQL constraint Oxigraph cannot parse, as pySHACL's rdflib would fail
        raise InputError(_("SHACL shapes cannot be used: {error}").format(error=error)) from None
    variables = solutions.variables
    return [bindings(solution, variables) for solution in solutions]
