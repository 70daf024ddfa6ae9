"""SPARQL-based constraints (``sh:sparql``) and SPARQL-based constraint components (``sh:nodeValidator``),
compiled to one query over all focus nodes (:func:`pozuzo_kg.shacl.query_text.rewrite`).

Prefixes come from ``sh:prefixes``, ``owl:imports`` and ``sh:declare`` as SHACL says, and as pySHACL collects them
(see :func:`prefixes`). Results and
messages follow pySHACL: a row is a result when it binds ``?this``, ``?path`` or ``?value``; the value defaults to
the focus node on node shapes; each ``sh:message`` of the constraint and of the shape is filled in from the row
(``{?var}``, ``{$var}``) and keeps its language.
"""
from __future__ import annotations

import re

import pyoxigraph as ox

from ..i18n import published
from .checks import Check, Refusal, Result, Row
from .paths import sparql_path
from .query_text import Analysis, analyse, rewrite
from .shapes import Shape, ShapesGraph
from .terms import RDF_TYPE, Term, boolean, is_string, sh, xsd

_OWL = "http://www.w3.org/2002/07/owl#"
DEFAULT_PREFIXES = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "owl": _OWL}
RESERVED = frozenset({"this", "shapesGraph", "currentShape", "path", "PATH", "value"})
"""Names a constraint component's parameter cannot have (pySHACL refuses them)."""


def prefixes(graph: ShapesGraph, node: Term) -> dict[str, str] | Refusal:
    """The prefixes of the SPARQL in ``node`` (a ``sh:sparql`` constraint or a validator): SHACL's
    ``sh:prefixes/owl:imports*/sh:declare`` (section 5.2.1), together with what pySHACL adds (``rdf``, ``rdfs``,
    ``owl``, and the declarations of every ``owl:Ontology`` unless ``sh:prefixes`` names one that declares some)."""
    found = dict(DEFAULT_PREFIXES)
    holders = graph.objects(node, sh("prefixes"))
    ontologies = graph.subjects(RDF_TYPE, ox.NamedNode(f"{_OWL}Ontology"))
    everywhere = [d for o in ontologies for d in graph.objects(o, sh("declare"))]
    declarations: list[Term] = []
    for holder in holders:
        own = graph.objects(holder, sh("declare"))
        declarations += own if own and holder in ontologies else everywhere + own
        imported, pending = {holder}, [holder]
        while pending:
            for target in graph.objects(pending.pop(), ox.NamedNode(f"{_OWL}imports")):
                if target not in imported:
                    imported.add(target)
                    pending.append(target)
                    declarations += graph.objects(target, sh("declare"))
    declared: dict[str, str] = {}
    for declaration in dict.fromkeys(declarations):
        names, namespaces = graph.objects(declaration, sh("prefix")), graph.objects(declaration, sh("namespace"))
        if isinstance(declaration, ox.Literal) or len(names) != 1 or len(namespaces) != 1 \
                or not isinstance(names[0], ox.Literal) or not isinstance(namespaces[0], ox.Literal):
            return Refusal("a malformed sh:declare")
        name, namespace = names[0].value, namespaces[0].value
        if declared.get(name, namespace) != namespace:
            return Refusal(f"prefix {name!r} declared with two namespaces")
        declared[name] = namespace
    return found | declared


def sparql_constraint(graph: ShapesGraph, shape: Shape, node: Term, severity: Term,
                      messages: tuple[Term, ...]) -> list[Check] | Refusal:
    """The check of the ``sh:sparql`` constraint ``node`` of ``shape``."""
    selects = graph.objects(node, sh("select"))
    own_messages = tuple(graph.objects(node, sh("message")))
    deactivated = graph.objects(node, sh("deactivated"))
    if len(selects) != 1 or not is_string(selects[0]) or not all(_is_text(m) for m in own_messages):
        return Refusal("sh:sparql needs one xsd:string sh:select and textual messages")
    if deactivated:
        flag = boolean(deactivated[0])
        if flag is None:
            return Refusal("sh:deactivated of a SPARQL constraint needs an xsd:boolean")
        if flag:
            return []
    prepared = _prepare(graph, shape, node, selects[0].value, frozenset())
    if isinstance(prepared, Refusal):
        return prepared
    analysis, declared, path = prepared
    substitutions = (("currentShape", shape.node),) if "currentShape" in _variables(analysis) else ()

    def result(row: Row) -> Result | None:
        user = _user_bindings(analysis, row, [name for name, _ in substitutions])
        this, found_path, value = user.pop("this", None), user.pop("path", None), user.pop("value", None)
        if this is None and found_path is None and value is None:
            return None
        focus = this or row["this"]
        value = value if value is not None else (None if shape.is_property else row["this"])
        fill = {**{k: v for k, v in user.items() if v is not None},
                **{k: v for k, v in (("this", this), ("path", found_path), ("value", value)) if v is not None}}
        texts = [*own_messages, *(m for m in messages if m not in own_messages)]
        filled = tuple(_fill(m, fill) for m in texts) or (_default(node, value),)
        return Result(focus=focus, shape=shape.node, component=sh("SPARQLConstraintComponent"), severity=severity,
                      path=found_path or shape.path, value=value, messages=filled, source_constraint=node)

    extra = [name for name, _ in substitutions]
    values = {"PATH": f"({path})"} if path else {}
    return [Check(lambda focus: rewrite(analysis, declared, focus, values, extra), result, substitutions,
                  _order(analysis))]


def component_constraint(graph: ShapesGraph, shape: Shape, component: Term, severity: Term,
                         messages: tuple[Term, ...]) -> list[Check] | Refusal:
    """The check of SPARQL-based constraint component ``component`` applied to ``shape`` (its node validator)."""
    if shape.is_property:
        return Refusal("a property validator or ASK validator (pySHACL runs them once per value node)")
    validators = graph.objects(component, sh("nodeValidator"))
    if len(validators) != 1:
        return Refusal("not exactly one node validator")
    validator = validators[0]
    selects = graph.objects(validator, sh("select"))
    if len(selects) != 1 or not is_string(selects[0]) or graph.objects(validator, sh("ask")):
        return Refusal("a node validator needs one xsd:string sh:select")
    if graph.objects(validator, sh("message")):
        return Refusal("validator messages (pySHACL accumulates them across results)")
    bound: list[tuple[str, Term]] = []
    for parameter in graph.objects(component, sh("parameter")):
        path = graph.value(parameter, sh("path"))
        name = _local_name(path)
        values = graph.objects(shape.node, path) if path is not None else []
        if name is None or name in RESERVED or len(values) > 1 or any(isinstance(v, ox.BlankNode) for v in values):
            return Refusal("a parameter without a usable name or with several or blank-node values")
        bound.extend((name, v) for v in values)
    prepared = _prepare(graph, shape, validator, selects[0].value, frozenset(name for name, _ in bound))
    if isinstance(prepared, Refusal):
        return prepared
    analysis, declared, path = prepared
    if "value" in _variables(analysis):
        return Refusal("$value in a node validator")
    substitutions = (("currentShape", shape.node),) if "currentShape" in _variables(analysis) else ()
    values = {name: str(term) for name, term in bound} | ({"PATH": f"({path})"} if path else {})
    names = [name for name, _ in substitutions]

    def result(row: Row) -> Result | None:
        user = _user_bindings(analysis, row, names)
        this, found_path, value = user.get("this"), user.get("path"), user.get("value")
        if this is None and found_path is None and value is None:
            return None
        return Result(focus=this or row["this"], shape=shape.node, component=component, severity=severity,
                      path=found_path, value=value if value is not None else row["this"],
                      messages=messages or (_default(component, value),))

    def key(row: Row) -> tuple:
        user = _user_bindings(analysis, row, names)
        return row["this"], user.get("this"), user.get("path"), user.get("value")

    return [Check(lambda focus: rewrite(analysis, declared, focus, values, names), result, substitutions,
                  _order(analysis), key)]


def _prepare(graph: ShapesGraph, shape: Shape, node: Term, text: str,
             parameters: frozenset[str]) -> tuple[Analysis, dict[str, str], str | None] | Refusal:
    declared = prefixes(graph, node)
    if isinstance(declared, Refusal):
        return declared
    analysis = analyse(text, parameters | {"currentShape"}, frozenset({"shapesGraph"}))
    if isinstance(analysis, str):
        return Refusal(analysis)
    path = sparql_path(graph, shape.path) if shape.is_property else None
    if "PATH" in _variables(analysis) and path is None:
        return Refusal("$PATH without a (well-formed) path")
    return analysis, declared, path


def _variables(analysis: Analysis) -> set[str]:
    return {t.variable for t in analysis.tokens if t.variable}


def _user_bindings(analysis: Analysis, row: Row, added: list[str]) -> Row:
    """The row as the constraint's own projection gives it (pySHACL pre-binds ``$this`` only where it is named)."""
    if analysis.projected is None:
        names = [n for n in row if n not in added and (n != "this" or analysis.mentions_this)]
    else:
        names = analysis.projected
    return {name: row.get(name) for name in names if name != "failure"}


def _order(analysis: Analysis) -> str:
    """An ``ORDER BY`` on ``?this`` unless the query orders its answers itself."""
    return "" if analysis.select.clause("ORDER") else "ORDER BY ?this"


def _is_text(term: Term) -> bool:
    return isinstance(term, ox.Literal) and (term.language is not None or term.datatype == xsd("string"))


def _fill(message: Term, values: dict[str, Term]) -> Term:
    """``message`` with each ``{?var}``/``{$var}`` replaced by the value's text; language kept."""
    if not isinstance(message, ox.Literal):
        return message
    text = message.value
    for name, value in values.items():
        text = re.sub(r"\{[?$]" + re.escape(name) + r"\}", lambda _: value.value, text)
    return ox.Literal(text, language=message.language) if message.language else ox.Literal(text)


def _default(node: Term, value: Term | None) -> ox.Literal:
    """The Spanish message of a result whose shape and constraint have none."""
    text = published("SPARQL constraint {constraint} returned {value}").format(
        constraint=node.value, value=value.value if value is not None else "—")
    return ox.Literal(text, language="es")


def _local_name(path: Term | None) -> str | None:
    """The parameter's name, from its path as pySHACL takes it (after ``#``, else after the last ``/``)."""
    if not isinstance(path, ox.NamedNode):
        return None
    iri = path.value
    if iri.find("#") > 0:
        return iri[iri.find("#") + 1:]
    return iri[iri.rfind("/") + 1:] if iri.rfind("/") > 0 else None
