"""SHACL core constraint components compiled to SPARQL: one query per constraint over all its focus nodes.

Each compiler mirrors what pySHACL (the reference) reports for the component: which results, with which value,
path and component, and refuses (:class:`Refusal`: the constraint goes to pySHACL) the parameter values pySHACL
rejects when it loads the constraint, so that pySHACL raises the same error. Shapes nested in logical and
shape-based components (``sh:node``, ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone``, ``sh:qualifiedValueShape``) are
compiled to a SPARQL expression when they are node shapes whose components look at the value node alone.

Known differences from pySHACL, on data no shape of ours meets: ``sh:pattern`` applies every XPath flag (pySHACL
only ``i`` and ``m``) and ``$`` never matches before a final newline (Python's does); well-formedness of typed
literals is Oxigraph's casts' (rdflib is laxer: ``" 1 "``, ``"1e3"`` as decimal); literals are compared as written
(rdflib normalises ``"01"^^xsd:integer`` to ``"1"``); ``sh:lessThan`` on blank nodes gives results (pySHACL stops).
"""
from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from ..i18n import published
from .checks import Check, Refusal, Result, Row
from .paths import sparql_path
from .shapes import Shape, ShapesGraph, constraints_of, custom_parameters
from .terms import RDF_TYPE, TRUE, Term, boolean, integer, is_string, rdf, rdfs, sh, sparql, xsd

_NODE_KINDS = {
    "IRI": "isIRI({v})", "BlankNode": "isBlank({v})", "Literal": "isLiteral({v})",
    "BlankNodeOrIRI": "(isBlank({v}) || isIRI({v}))", "BlankNodeOrLiteral": "(isBlank({v}) || isLiteral({v}))",
    "IRIOrLiteral": "(isIRI({v}) || isLiteral({v}))",
}
_CASTS = {name: f"<{xsd(name).value}>" for name in ("boolean", "integer", "decimal", "double", "float", "date",
                                                       "dateTime", "time")}
"""XSD datatypes whose well-formedness rdflib checks (so pySHACL does) and Oxigraph can cast to."""
_COMPARISONS = {"minExclusive": ">", "minInclusive": ">=", "maxExclusive": "<", "maxInclusive": "<="}
_STRING_TYPES = f"(<{xsd('string').value}>, <{rdf('langString').value}>)"


class Compiler:
    """Compiles the core constraints of one shape, whose results carry ``severity`` and ``messages``."""

    def __init__(self, graph: ShapesGraph, shapes: dict[Term, Shape], shape: Shape, severity: Term,
                 messages: tuple[Term, ...]) -> None:
        self.graph, self.shapes, self.shape = graph, shapes, shape
        self.severity, self.messages = severity, messages
        self.path = sparql_path(graph, shape.path) if shape.is_property else None

    def params(self, name: str) -> list[Term]:
        return self.graph.objects(self.shape.node, sh(name))

    def compile(self, component: str) -> list[Check] | Refusal:
        """The checks of the shape's constraint ``component`` (a core constraint, named as in
        :data:`pozuzo_kg.shacl.shapes.PARAMETERS`), or why it is not compiled."""
        if self.shape.is_property and self.path is None:
            return Refusal("a malformed sh:path")
        if component in LOCAL:
            conditions = local_conditions(self.graph, self.shapes, self.shape.node, component, "?value", ())
            if isinstance(conditions, Refusal):
                return conditions
            return [self._value_check(component, condition, detail) for condition, detail in conditions]
        per_focus = {"minCount": self._min_count, "maxCount": self._max_count, "uniqueLang": self._unique_lang,
                     "equals": self._equals, "disjoint": self._disjoint, "lessThan": self._less_than,
                     "lessThanOrEquals": self._less_than_or_equals, "hasValue": self._has_value,
                     "closed": self._closed, "qualifiedValueShape": self._qualified}
        return per_focus[component]()

    # ---- queries -------------------------------------------------------------------------------------------------

    def _values(self) -> str:
        """The pattern that binds each focus node's value nodes to ``?value``."""
        return f"?this {self.path} ?value ." if self.shape.is_property else "BIND (?this AS ?value)"

    def _check(self, component: str, body: str, message: ox.Literal | Callable[[Row], ox.Literal],
               select: str = "DISTINCT ?this ?value", tail: str = "", value: bool = True, path_var: bool = False,
               order: str = "?this ?value") -> Check:
        """A check whose rows are results: ``?this`` the focus node, ``?value`` the value (if ``value``), the shape's
        path (or ``?path`` if ``path_var``), the shape's messages or else the default ``message``."""
        def query(focus: str) -> str:
            return f"SELECT {select} WHERE {{ {focus} {body} }} {tail}"

        def result(row: Row) -> Result:
            default = message(row) if callable(message) else message
            return Result(focus=row["this"], shape=self.shape.node, severity=self.severity,
                          component=sh(f"{component[0].upper()}{component[1:]}ConstraintComponent"),
                          path=row.get("path") if path_var else self.shape.path,
                          value=row.get("value") if value else None, messages=self.messages or (default,))
        return Check(query, result, order=f"ORDER BY {order}")

    def _value_check(self, component: str, condition: str, detail: str) -> Check:
        return self._check(component, f"{self._values()} FILTER (!({condition}))",
                           message=default_message(component, detail))

    def _min_count(self) -> list[Check] | Refusal:
        count = _single_count(self.params("minCount"))
        if count is None or not self.shape.is_property:
            return Refusal("sh:minCount needs one non-negative xsd:integer, on a property shape")
        if count == 0:
            return []
        return [self._check("minCount", f"OPTIONAL {{ ?this {self.path} ?value }}", select="?this",
                            tail=f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {count})", value=False,
                            message=default_message("minCount", str(count)), order="?this")]

    def _max_count(self) -> list[Check] | Refusal:
        count = _single_count(self.params("maxCount"))
        if count is None or not self.shape.is_property:
            return Refusal("sh:maxCount needs one non-negative xsd:integer, on a property shape")
        return [self._check("maxCount", f"?this {self.path} ?value .", select="?this",
                            tail=f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {count})", value=False,
                            message=default_message("maxCount", str(count)), order="?this")]

    def _unique_lang(self) -> list[Check] | Refusal:
        values = self.params("uniqueLang")
        if len(values) != 1 or not isinstance(values[0], ox.Literal) or values[0].datatype != xsd("boolean") \
                or not self.shape.is_property:
            return Refusal("sh:uniqueLang needs one xsd:boolean, on a property shape")
        if values[0] != TRUE:  # only the term true applies it (W3C test uniqueLang-002: not "1"^^xsd:boolean)
            return []
        body = (f"?this {self.path} ?value . FILTER (isLiteral(?value) && LANG(?value) != \"\") "
                "BIND (LCASE(LANG(?value)) AS ?lang)")
        return [self._check("uniqueLang", body, lambda row: default_message("uniqueLang", row["lang"].value),
                            select="?this ?lang", value=False, order="?this ?lang",
                            tail="GROUP BY ?this ?lang HAVING (COUNT(DISTINCT ?value) > 1)")]

    def _pair(self, component: str) -> list[str] | Refusal:
        properties = self.params(component)
        if not all(isinstance(p, ox.NamedNode) for p in properties):
            return Refusal(f"sh:{component} needs IRIs")
        return [str(p) for p in properties]

    def _member(self, var: str) -> str:
        """Whether ``var`` is a value node of ``?this``."""
        return f"EXISTS {{ ?this {self.path} {var} }}" if self.shape.is_property else f"sameTerm(?this, {var})"

    def _equals(self) -> list[Check] | Refusal:
        properties = self._pair("equals")
        if isinstance(properties, Refusal):
            return properties
        checks = []
        for p in properties:
            message = default_message("equals", p.strip("<>"))
            checks.append(self._check("equals", f"{self._values()} FILTER NOT EXISTS {{ ?this {p} ?value }}",
                                      message=message))
            checks.append(self._check("equals", f"?this {p} ?value . FILTER (!({self._member('?value')}))",
                                      message=message))
        return checks

    def _disjoint(self) -> list[Check] | Refusal:
        properties = self._pair("disjoint")
        if isinstance(properties, Refusal):
            return properties
        return [self._check("disjoint", f"{self._values()} ?this {p} ?value .",
                            message=default_message("disjoint", p.strip("<>"))) for p in properties]

    def _less_than(self, component: str = "lessThan", operator: str = "<") -> list[Check] | Refusal:
        properties = self._pair(component)
        if isinstance(properties, Refusal):
            return properties
        stringy = "(isIRI({0}) || (isLiteral({0}) && datatype({0}) IN " + _STRING_TYPES + "))"
        a, b = stringy.format("?value"), stringy.format("?other")
        condition = (f"IF({a} && {b}, STR(?value) {operator} STR(?other), "
                     f"IF({a} || {b}, false, COALESCE(?value {operator} ?other, false)))")
        return [self._check(component, f"{self._values()} ?this {p} ?other . FILTER (!({condition}))",
                            select="DISTINCT ?this ?value ?other", order="?this ?value ?other",
                            message=default_message(component, p.strip("<>"))) for p in properties]

    def _less_than_or_equals(self) -> list[Check] | Refusal:
        return self._less_than("lessThanOrEquals", "<=")

    def _has_value(self) -> list[Check] | Refusal:
        values = [sparql(v) for v in self.params("hasValue")]
        if None in values:
            return Refusal("a blank node in sh:hasValue")
        if not self.shape.is_property:
            return [self._check("hasValue", f"FILTER (!sameTerm(?this, {v}))", select="DISTINCT ?this", value=False,
                                order="?this", message=default_message("hasValue", v)) for v in values]
        return [self._check("hasValue", f"FILTER NOT EXISTS {{ ?this {self.path} {v} }}", select="DISTINCT ?this",
                            value=False, order="?this", message=default_message("hasValue", v)) for v in values]

    def _closed(self) -> list[Check] | Refusal:
        closed = self.params("closed")
        flag = boolean(closed[0]) if len(closed) == 1 else None
        ignored_lists = [self.graph.items(head) for head in self.params("ignoredProperties")]
        children = [self.shapes.get(node) for node in self.params("property")]
        if flag is None or None in ignored_lists or not all(c is not None and c.is_property for c in children):
            return Refusal("sh:closed needs one xsd:boolean, well-formed sh:ignoredProperties and property shapes")
        if not flag:
            return []
        allowed = {str(t) for t in [c.path for c in children] + [t for items in ignored_lists for t in items]
                   if isinstance(t, ox.NamedNode)}
        subject = "?this"
        body = ""
        if self.shape.is_property:
            subject, body = "?node", f"?this {self.path} ?node . "
        body += f"{subject} ?path ?value . "
        if allowed:
            body += f"FILTER (?path NOT IN ({', '.join(sorted(allowed))})) "
        body += (f"FILTER (!(sameTerm(?path, <{RDF_TYPE.value}>) && "
                 f"sameTerm(?value, <{rdfs('Resource').value}>)))")
        select = "DISTINCT ?this ?node ?path ?value" if self.shape.is_property else "DISTINCT ?this ?path ?value"
        return [self._check("closed", body, select=select, path_var=True, order="?this ?path ?value",
                            message=default_message("closed", ""))]

    def _qualified(self) -> list[Check] | Refusal:
        if not self.shape.is_property:
            return []  # pySHACL ignores it on node shapes (with a warning), as do we
        minimum, maximum = self.params("qualifiedMinCount"), self.params("qualifiedMaxCount")
        counts = [_single_count(found) if found else -1 for found in (minimum, maximum)]
        disjoint = [boolean(d) for d in self.params("qualifiedValueShapesDisjoint")]
        if None in counts or counts == [-1, -1]:
            return Refusal("qualified counts must be one non-negative xsd:integer each, at least one of them")
        if any(disjoint):
            return Refusal("sh:qualifiedValueShapesDisjoint true (sibling shapes)")
        checks = []
        for node in self.params("qualifiedValueShape"):
            condition = conforms(self.graph, self.shapes, node, "?value", ())
            if isinstance(condition, Refusal):
                return condition
            low, high = counts
            if low > 0:
                checks.append(self._check(
                    "qualifiedMinCount", f"OPTIONAL {{ ?this {self.path} ?value FILTER ({condition}) }}",
                    select="?this", tail=f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {low})", value=False,
                    order="?this", message=default_message("qualifiedMinCount", str(low))))
            if high >= 0:
                checks.append(self._check(
                    "qualifiedMaxCount", f"?this {self.path} ?value . FILTER ({condition})", select="?this",
                    tail=f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {high})", value=False, order="?this",
                    message=default_message("qualifiedMaxCount", str(high))))
        return checks


def _single_count(values: list[Term]) -> int | None:
    count = integer(values[0]) if len(values) == 1 else None
    return count if count is not None and count >= 0 else None


# ---- Conditions on one value node ----------------------------------------------------------------------------------

Conditions = list[tuple[str, str]] | Refusal
"""For each rule of a constraint (e.g. each ``sh:class``): the SPARQL condition that the value node satisfies it,
and what the default message names; or why it is not compiled."""


def local_conditions(graph: ShapesGraph, shapes: dict[Term, Shape], node: Term, component: str, var: str,
                     stack: tuple[Term, ...]) -> Conditions:
    """The conditions of shape ``node``'s constraint of value-local ``component`` on ``var``."""
    return _LOCAL[component](graph, shapes, node, graph.objects(node, sh(component)), var, stack, component)


def _class(graph, shapes, node, values, var, stack, component) -> Conditions:
    if not values or not all(isinstance(v, ox.NamedNode) for v in values):
        return Refusal("sh:class needs IRIs")
    return [(f"(!isLiteral({var}) && EXISTS {{ {var} <{RDF_TYPE.value}>/<{rdfs('subClassOf').value}>* {v} }})",
             v.value) for v in values]


def _datatype(graph, shapes, node, values, var, stack, component) -> Conditions:
    if len(values) != 1 or not isinstance(values[0], ox.NamedNode):
        return Refusal("sh:datatype needs one IRI")
    datatype = values[0]
    if datatype == rdfs("Literal"):
        return [(f"isLiteral({var})", datatype.value)]
    if datatype == rdfs("Datatype"):
        return [(f"(isLiteral({var}) && datatype({var}) NOT IN {_STRING_TYPES})", datatype.value)]
    local = datatype.value.removeprefix(xsd("").value)
    if datatype.value.startswith(xsd("").value) and local not in _CASTS and local != "string":
        return Refusal(f"xsd:{local}: rdflib's well-formedness rules for it are not replicated")
    condition = f"(isLiteral({var}) && sameTerm(datatype({var}), {datatype}))"
    if local in _CASTS:
        condition = f"({condition} && COALESCE(isLiteral({_CASTS[local]}(STR({var}))), false))"
    return [(condition, datatype.value)]


def _node_kind(graph, shapes, node, values, var, stack, component) -> Conditions:
    kinds = [v.value.removeprefix(sh("").value) for v in values if isinstance(v, ox.NamedNode)]
    if len(values) != 1 or len(kinds) != 1 or kinds[0] not in _NODE_KINDS:
        return Refusal("sh:nodeKind needs one of the six node kinds")
    return [(_NODE_KINDS[kinds[0]].format(v=var), f"sh:{kinds[0]}")]


def _comparison(graph, shapes, node, values, var, stack, component) -> Conditions:
    if len(values) != 1 or not isinstance(values[0], ox.Literal):
        return Refusal(f"sh:{component} needs one literal")
    return [(f"(isLiteral({var}) && COALESCE({var} {_COMPARISONS[component]} {values[0]}, false))", values[0].value)]


def _length(graph, shapes, node, values, var, stack, component) -> Conditions:
    length = _single_count(values)
    if length is None:
        return Refusal(f"sh:{component} needs one non-negative xsd:integer")
    if component == "minLength":
        return [("true" if length == 0 else f"(!isBlank({var}) && STRLEN(STR({var})) >= {length})", str(length))]
    return [(f"(!isBlank({var}) && STRLEN(STR({var})) <= {length})", str(length))]


def _pattern(graph, shapes, node, values, var, stack, component) -> Conditions:
    flags = graph.objects(node, sh("flags"))
    if not values or not all(is_string(v) for v in values) or len(flags) > 1 or not all(is_string(f) for f in flags):
        return Refusal("sh:pattern needs xsd:string patterns and at most one xsd:string sh:flags")
    flag_text = f", {flags[0]}" if flags else ""
    return [(f"(!isBlank({var}) && REGEX(STR({var}), {v}{flag_text}))", v.value) for v in values]


def _language_in(graph, shapes, node, values, var, stack, component) -> Conditions:
    members = graph.items(values[0]) if len(values) == 1 else None
    if members is None or not all(is_string(m) for m in members):
        return Refusal("sh:languageIn needs one list of xsd:string")
    wanted = sorted({m.value.lower() for m in members})
    detail = ", ".join(m.value for m in members)
    if "*" in wanted:
        return [(f"(isLiteral({var}) && LANG({var}) != \"\")", detail)]
    if not wanted:
        return [("false", detail)]
    choices = ", ".join(str(ox.Literal(w)) for w in wanted)
    return [(f"(isLiteral({var}) && LANG({var}) != \"\" && (LCASE(LANG({var})) IN ({choices}) || "
             f"LCASE(STRBEFORE(CONCAT(LANG({var}), \"-\"), \"-\")) IN ({choices})))", detail)]


def _in(graph, shapes, node, values, var, stack, component) -> Conditions:
    members = graph.items(values[0]) if len(values) == 1 else None
    if members is None or any(isinstance(m, ox.BlankNode) for m in members):
        return Refusal("sh:in needs one list of IRIs and literals")
    if not members:
        return [("false", "")]
    return [("(" + " || ".join(f"sameTerm({var}, {m})" for m in dict.fromkeys(members)) + ")",
             ", ".join(m.value for m in members))]


def _shape(graph, shapes, node, values, var, stack, component) -> Conditions:
    found = []
    for value in values:
        condition = conforms(graph, shapes, value, var, stack)
        if isinstance(condition, Refusal):
            return condition
        found.append((condition if component == "node" else f"!({condition})", value.value))
    return found


def _shape_list(graph, shapes, node, values, var, stack, component) -> Conditions:
    found = []
    for head in values:
        members = graph.items(head)
        if not members:
            return Refusal(f"sh:{component} needs a list of shapes")
        conditions = [conforms(graph, shapes, member, var, stack) for member in members]
        refused = [c for c in conditions if isinstance(c, Refusal)]
        if refused:
            return refused[0]
        if component == "xone":
            found.append(("((" + " + ".join(f"IF({c}, 1, 0)" for c in conditions) + ") = 1)", ""))
        else:
            found.append(("(" + f" {'&&' if component == 'and' else '||'} ".join(conditions) + ")", ""))
    return found


_LOCAL: dict[str, Callable[..., Conditions]] = {
    "class": _class, "datatype": _datatype, "nodeKind": _node_kind, **{c: _comparison for c in _COMPARISONS},
    "minLength": _length, "maxLength": _length, "pattern": _pattern, "languageIn": _language_in, "in": _in,
    "node": _shape, "not": _shape, "and": _shape_list, "or": _shape_list, "xone": _shape_list,
}
LOCAL = tuple(_LOCAL)
"""Components that look at each value node alone, so a nested node shape made of them compiles to an expression."""


def conforms(graph: ShapesGraph, shapes: dict[Term, Shape], node: Term, var: str,
             stack: tuple[Term, ...]) -> str | Refusal:
    """A SPARQL condition true when ``var`` conforms to shape ``node``: a node shape, or a property shape, made of
    value-local components, ``sh:hasValue``, small ``sh:minCount``/``sh:maxCount`` and ``sh:property``."""
    shape = shapes.get(node)
    if shape is None:
        return Refusal("a nested shape that is not a well-formed shape")
    if node in stack:
        return Refusal("recursive shapes")
    deactivated = graph.objects(node, sh("deactivated"))
    if deactivated:
        flag = boolean(deactivated[0]) if len(deactivated) == 1 else None
        if flag is None:
            return Refusal("sh:deactivated needs one xsd:boolean")
        if flag:
            return "true"
    if set(graph.predicates(node)) & custom_parameters(graph):
        return Refusal("a nested shape with a SPARQL-based constraint component")
    stack = (*stack, node)
    path = sparql_path(graph, shape.path) if shape.is_property else None
    if shape.is_property and path is None:
        return Refusal("a malformed sh:path")
    value = f"?_v{len(stack)}" if shape.is_property else var
    conditions = []
    for component in constraints_of(graph, shape):
        if component in LOCAL or component in ("property", "hasValue"):
            found = _nested(graph, shapes, node, component, value, stack)
            if isinstance(found, Refusal):
                return found
            if path is None or component == "hasValue":
                conditions += [condition.replace("{value_of}", var) for condition in found]
            else:
                conditions += [f"NOT EXISTS {{ {var} {path} {value} FILTER (!({c})) }}" for c in found]
        elif component in ("minCount", "maxCount") and path is not None:
            found = _counted(graph.objects(node, sh(component)), component, var, path, len(stack))
            if isinstance(found, Refusal):
                return found
            conditions.append(found)
        else:
            return Refusal(f"a nested shape with sh:{component}")
    return "(" + " && ".join(conditions) + ")" if conditions else "true"


def _nested(graph: ShapesGraph, shapes: dict[Term, Shape], node: Term, component: str, value: str,
            stack: tuple[Term, ...]) -> list[str] | Refusal:
    """The conditions of one component of a nested shape on its value node ``value``."""
    if component == "property":
        found = [conforms(graph, shapes, child, value, stack) for child in graph.objects(node, sh("property"))]
        refused = [c for c in found if isinstance(c, Refusal)]
        return refused[0] if refused else found
    if component == "hasValue":
        terms = [sparql(v) for v in graph.objects(node, sh("hasValue"))]
        if None in terms:
            return Refusal("a blank node in sh:hasValue")
        if shapes[node].is_property:
            path = sparql_path(graph, shapes[node].path)
            return [f"EXISTS {{ {{value_of}} {path} {t} }}" for t in terms]
        return [f"sameTerm({value}, {t})" for t in terms]
    found = local_conditions(graph, shapes, node, component, value, stack)
    return found if isinstance(found, Refusal) else [condition for condition, _ in found]


def _counted(values: list[Term], component: str, var: str, path: str, depth: int) -> str | Refusal:
    """``sh:minCount``/``sh:maxCount`` of a nested property shape as ``EXISTS`` over distinct value variables."""
    count = _single_count(values)
    if count is None or count > 3:
        return Refusal(f"a nested sh:{component} that is not one xsd:integer up to 3")
    needed = count if component == "minCount" else count + 1
    if needed == 0:
        return "true"
    names = [f"?_n{depth}_{i}" for i in range(needed)]
    pattern = " ".join(f"{var} {path} {name} ." for name in names)
    distinct = [f"!sameTerm({a}, {b})" for i, a in enumerate(names) for b in names[i + 1:]]
    if distinct:
        pattern += f" FILTER ({' && '.join(distinct)})"
    return f"{'' if component == 'minCount' else '!'}EXISTS {{ {pattern} }}"


def default_message(component: str, detail: str) -> ox.Literal:
    """The Spanish message of a result whose shape has no ``sh:message`` (written into published reports)."""
    templates = {
        "class": published("The value is not an instance of {detail}"),
        "datatype": published("The value is not a literal of datatype {detail}"),
        "nodeKind": published("The value is not of node kind {detail}"),
        "minExclusive": published("The value is not greater than {detail}"),
        "minInclusive": published("The value is less than {detail}"),
        "maxExclusive": published("The value is not less than {detail}"),
        "maxInclusive": published("The value is greater than {detail}"),
        "minLength": published("The text is shorter than {detail} characters"),
        "maxLength": published("The text is longer than {detail} characters"),
        "pattern": published("The value does not match the pattern {detail}"),
        "languageIn": published("The language tag is not one of {detail}"),
        "in": published("The value is not one of the allowed values ({detail})"),
        "node": published("The value does not conform to the shape {detail}"),
        "not": published("The value conforms to the shape {detail}, which it must not"),
        "and": published("The value does not conform to every shape of sh:and"),
        "or": published("The value conforms to none of the shapes of sh:or"),
        "xone": published("The value does not conform to exactly one of the shapes of sh:xone"),
        "minCount": published("Fewer than {detail} values"),
        "maxCount": published("More than {detail} values"),
        "uniqueLang": published("More than one value in the language {detail}"),
        "equals": published("The values differ from those of {detail}"),
        "disjoint": published("The value is also a value of {detail}"),
        "lessThan": published("The value is not less than the value of {detail}"),
        "lessThanOrEquals": published("The value is greater than the value of {detail}"),
        "hasValue": published("The required value {detail} is missing"),
        "closed": published("The shape is closed: the property is not allowed"),
        "qualifiedMinCount": published("Fewer than {detail} values conform to the qualified shape"),
        "qualifiedMaxCount": published("More than {detail} values conform to the qualified shape"),
    }
    return ox.Literal(templates[component].format(detail=detail), language="es")
