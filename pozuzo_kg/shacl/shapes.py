"""The shapes graph: an index over its triples, the shapes in it (found as pySHACL finds them), and their targets.

Blank nodes are relabelled canonically per file (RDFC-1.0, prefixed with the file's position) so that a shape, a
path or a SPARQL constraint that is a blank node has the same label on every run and never the label of a data node.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from .terms import RDF_TYPE, Term, rdf, rdfs, sh

TARGETS = ("targetNode", "targetClass", "targetSubjectsOf", "targetObjectsOf")
SHAPE_EXPECTING = ("property", "node", "not", "qualifiedValueShape")
"""Parameters whose value is a shape."""
SHAPE_LIST_EXPECTING = ("and", "or", "xone")
"""Parameters whose value is a list of shapes."""


@dataclass(frozen=True)
class Shape:
    """A node or property shape of the shapes graph."""

    node: Term
    path: Term | None = None
    """The value of ``sh:path`` (property shapes only)."""

    @property
    def is_property(self) -> bool:
        return self.path is not None


@dataclass
class ShapesGraph:
    """The triples of the shapes files, indexed, with the shape set each subject was defined in."""

    triples: tuple[ox.Triple, ...]
    owners: dict[Term, str] = field(default_factory=dict)
    _spo: dict[Term, dict[Term, list[Term]]] = field(default_factory=dict, repr=False)
    _pos: dict[Term, dict[Term, list[Term]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for triple in self.triples:
            objects = self._spo.setdefault(triple.subject, {}).setdefault(triple.predicate, [])
            if triple.object not in objects:
                objects.append(triple.object)
                self._pos.setdefault(triple.predicate, {}).setdefault(triple.object, []).append(triple.subject)

    @classmethod
    def from_parts(cls, parts: Sequence[tuple[str, Iterable[ox.Triple]]]) -> "ShapesGraph":
        """The shapes graph of ``(shape set, triples of one file)`` pairs; the first set to describe a subject owns it."""
        triples: list[ox.Triple] = []
        owners: dict[Term, str] = {}
        for index, (owner, part) in enumerate(parts):
            for triple in relabelled(part, f"s{index}_"):
                triples.append(triple)
                owners.setdefault(triple.subject, owner)
        return cls(tuple(triples), owners)

    def objects(self, subject: Term, predicate: Term) -> list[Term]:
        return self._spo.get(subject, {}).get(predicate, [])

    def value(self, subject: Term, predicate: Term) -> Term | None:
        """The one object of ``subject predicate``, or ``None`` when there is none (or several)."""
        objects = self.objects(subject, predicate)
        return objects[0] if len(objects) == 1 else None

    def subjects(self, predicate: Term, obj: Term | None = None) -> list[Term]:
        by_object = self._pos.get(predicate, {})
        if obj is not None:
            return by_object.get(obj, [])
        return list(dict.fromkeys(s for subjects in by_object.values() for s in subjects))

    def predicates(self, subject: Term) -> list[Term]:
        return list(self._spo.get(subject, {}))

    def items(self, head: Term) -> list[Term] | None:
        """The members of the RDF list at ``head``, or ``None`` if it is not a well-formed list."""
        members: list[Term] = []
        seen: set[Term] = set()
        while head != rdf("nil"):
            firsts, rests = self.objects(head, rdf("first")), self.objects(head, rdf("rest"))
            if head in seen or len(firsts) != 1 or len(rests) != 1:
                return None
            seen.add(head)
            members.append(firsts[0])
            head = rests[0]
        return members

    def description(self, node: Term, depth: int = 0) -> list[ox.Triple]:
        """The triples of blank node ``node`` and of the blank nodes it leads to (10 levels at most, as pySHACL)."""
        if not isinstance(node, ox.BlankNode) or depth >= 10:
            return []
        found = [ox.Triple(node, p, o) for p, objects in self._spo.get(node, {}).items() for o in objects]
        return found + [t for triple in found for t in self.description(triple.object, depth + 1)]


def relabelled(triples: Iterable[ox.Triple], prefix: str) -> list[ox.Triple]:
    """``triples`` with blank nodes relabelled canonically (RDFC-1.0) and ``prefix`` put before each label."""
    triples = list(triples)
    if not any(isinstance(t, ox.BlankNode) for triple in triples for t in (triple.subject, triple.object)):
        return triples
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)

    def relabel(term: Term) -> Term:
        return ox.BlankNode(prefix + term.value) if isinstance(term, ox.BlankNode) else term

    return sorted((ox.Triple(relabel(q.subject), q.predicate, relabel(q.object)) for q in dataset), key=str)


@dataclass(frozen=True)
class Harvest:
    """The shapes of a shapes graph, or why the graph cannot be used as pySHACL would load it."""

    shapes: dict[Term, Shape]
    problem: str | None = None


def harvest(graph: ShapesGraph) -> Harvest:
    """The shapes as pySHACL's ``ShapesGraph._build_node_shape_cache`` finds them (same rules, same load errors)."""
    node_shapes = set(graph.subjects(RDF_TYPE, sh("NodeShape")))
    property_shapes = set(graph.subjects(RDF_TYPE, sh("PropertyShape")))
    for node in node_shapes:
        if graph.objects(node, sh("path")):
            return Harvest({}, "a sh:NodeShape has a sh:path")
    paths: dict[Term, Term] = {}
    for node in property_shapes:
        found = graph.objects(node, sh("path"))
        if node in node_shapes or len(found) != 1:
            return Harvest({}, "a sh:PropertyShape needs exactly one sh:path and cannot be a sh:NodeShape")
        paths[node] = found[0]
    implied = [s for name in (*TARGETS, "property", "node") for s in graph.subjects(sh(name))]
    expected = [o for name in SHAPE_EXPECTING for o in _objects_of(graph, sh(name))]
    for name in SHAPE_LIST_EXPECTING:
        for head in _objects_of(graph, sh(name)):
            members = graph.items(head)
            if not members:
                return Harvest({}, f"sh:{name} needs a well-formed list of one or more shapes")
            expected.extend(members)
    for node in implied + expected:
        if node in node_shapes or node in paths:
            continue
        found = graph.objects(node, sh("path"))
        if len(found) > 1:
            return Harvest({}, "an implicit property shape has more than one sh:path")
        if found:
            paths[node] = found[0]
        else:
            node_shapes.add(node)
    shapes = {node: Shape(node) for node in node_shapes} | {node: Shape(node, path) for node, path in paths.items()}
    return Harvest(dict(sorted(shapes.items(), key=lambda item: str(item[0]))))


def _objects_of(graph: ShapesGraph, predicate: Term) -> list[Term]:
    return [o for s in graph.subjects(predicate) for o in graph.objects(s, predicate)]


def implicit_class(graph: ShapesGraph, shape: Shape) -> bool:
    """Whether the shape is also a class (``rdfs:Class`` or a direct subclass of it, in the shapes graph), so it
    targets its own instances (pySHACL's ``implicit_class_targets``)."""
    classes = {rdfs("Class"), *graph.subjects(rdfs("subClassOf"), rdfs("Class"))}
    return any(t in classes for t in graph.objects(shape.node, RDF_TYPE))


def has_targets(graph: ShapesGraph, shape: Shape) -> bool:
    return implicit_class(graph, shape) or any(graph.objects(shape.node, sh(name)) for name in TARGETS)


PARAMETERS: dict[str, str] = {
    **{name: name for name in ("class", "datatype", "nodeKind", "minCount", "maxCount", "minExclusive",
                               "minInclusive", "maxExclusive", "maxInclusive", "not", "and", "or", "xone",
                               "minLength", "maxLength", "pattern", "languageIn", "uniqueLang", "equals",
                               "disjoint", "lessThan", "lessThanOrEquals", "node", "property", "hasValue", "in",
                               "sparql", "closed", "qualifiedValueShape")},
    "qualifiedMinCount": "qualifiedValueShape", "qualifiedMaxCount": "qualifiedValueShape",
    "qualifiedValueShapesDisjoint": "qualifiedValueShape", "ignoredProperties": "closed",
}
"""Each core parameter (``sh:`` local name) → the constraint it belongs to, named by its main parameter; as in
pySHACL, ``sh:qualifiedValueShape`` stands for the qualified minimum and maximum counts together."""


def constraints_of(graph: ShapesGraph, shape: Shape) -> list[str]:
    """The core constraints of ``shape`` (names of :data:`PARAMETERS`' values), in a stable order."""
    used = {p.value.removeprefix(sh("").value) for p in graph.predicates(shape.node) if p.value.startswith(sh("").value)}
    return sorted({PARAMETERS[name] for name in used if name in PARAMETERS})


def custom_components(graph: ShapesGraph) -> list[Term]:
    """The SPARQL-based constraint components declared in the graph (instances of ``sh:ConstraintComponent`` or of
    a subclass of it, outside the SHACL namespace: pySHACL hard-codes those)."""
    kinds = [sh("ConstraintComponent"), *graph.subjects(rdfs("subClassOf"), sh("ConstraintComponent"))]
    found = dict.fromkeys(c for kind in kinds for c in graph.subjects(RDF_TYPE, kind))
    return sorted((c for c in found if not (isinstance(c, ox.NamedNode) and c.value.startswith(sh("").value))),
                  key=str)


def custom_parameters(graph: ShapesGraph) -> set[Term]:
    """The parameter paths of every SPARQL-based constraint component of the graph."""
    return {path for c in custom_components(graph) for p in graph.objects(c, sh("parameter"))
            for path in graph.objects(p, sh("path"))}
