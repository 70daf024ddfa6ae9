"""The SPARQL text of SPARQL-based constraints, as tokens and groups: what it contains, and how it is rewritten.

A constraint's ``SELECT`` is evaluated once over all focus nodes: ``$this`` stays a free variable, bound by a
sub-select of the focus nodes put first in the ``WHERE`` group, instead of being pre-bound per focus node. That
gives the pre-binding semantics of SHACL (section 5.3.1) only where ``$this`` is already bound when any expression
reads it, so :func:`analyse` walks the query (never regular expressions over its text: tokens know strings, IRIs
and comments apart) and says why a query does not qualify. Pre-bound parameters (``$currentShape``, a constraint
component's ``$param``) are substituted by Oxigraph, which substitutes everywhere but in sub-selects that do not
project them, which SHACL forbids anyway ("subqueries must return all potentially pre-bound variables").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOKEN = re.compile(r"""
  (?P<space>\s+)
| (?P<comment>\#[^\n\r]*)
| (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
| (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
| (?P<var>[?$][^\W][\w\u00B7]*)
| (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
| (?P<bnode>_:[\w](?:[\w.\-]*[\w\-])?)
| (?P<number>\d*\.\d+(?:[eE][+-]?\d+)?|\d+\.\d*[eE][+-]?\d+|\d+(?:[eE][+-]?\d+)?)
| (?P<pname>(?:[^\W\d_][\w.\-]*)?:(?:[\w\-:%]|\\[_~.\-!$&'()*+,;=/?\#@%]|\.(?=[\w\-:%\\]))*)
| (?P<name>[^\W\d][\w]*)
| (?P<punct>\|\||&&|!=|<=|>=|\^\^|[{}()\[\].,;=<>!+\-*/|^?])
""", re.VERBOSE)

AGGREGATES = frozenset({"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"})
FORBIDDEN = {"MINUS": "MINUS", "SERVICE": "SERVICE", "VALUES": "VALUES", "GRAPH": "GRAPH", "FROM": "FROM",
             "LOAD": "an update", "INSERT": "an update", "DELETE": "an update"}
"""Keywords that keep a query off the SPARQL engine: SHACL forbids the first three in constraints; ``GRAPH`` and
``FROM`` would see the store's named graphs, which pySHACL's data graph does not have."""


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int

    @property
    def keyword(self) -> str:
        """The upper-cased name of a keyword or function, else ``""``."""
        return self.text.upper() if self.kind == "name" else ""

    @property
    def variable(self) -> str | None:
        """The name of a variable token (``$this`` and ``?this`` are both ``this``), else ``None``."""
        return self.text[1:] if self.kind == "var" else None


@dataclass
class Group:
    """A ``{ … }`` group: its braces, its items (tokens and nested groups) and what introduced it."""

    open: Token
    close: Token | None = None
    items: list["Token | Group"] = field(default_factory=list)
    kind: str = "plain"
    """``plain`` (also a UNION branch), ``optional``, ``exists`` (FILTER [NOT] EXISTS), or ``subselect``."""

    def tokens(self) -> list[Token]:
        """Every token inside, nested groups included, in order."""
        return [t for item in self.items for t in (item.tokens() if isinstance(item, Group) else [item])]


def tokenize(text: str) -> list[Token] | None:
    """The tokens of ``text`` (comments and white space dropped), or ``None`` where no SPARQL token starts."""
    tokens, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            return None
        position = match.end()
        if match.lastgroup not in ("space", "comment"):
            tokens.append(Token(match.lastgroup, match.group(), match.start(), match.end()))
    return tokens


def mentions(items: list["Token | Group"], name: str) -> bool:
    """Whether variable ``name`` occurs anywhere in ``items``."""
    return any(t.variable == name for item in items for t in (item.tokens() if isinstance(item, Group) else [item]))


@dataclass
class Select:
    """A ``SELECT`` query or sub-select: projection, ``WHERE`` group and solution modifiers."""

    keyword: Token
    modifier: Token | None
    projection: list[Token]
    where: Group
    tail: list[Token]

    def projected(self) -> list[str] | None:
        """The projected variables' names, or ``None`` for ``SELECT *``."""
        if len(self.projection) == 1 and self.projection[0].text == "*":
            return None
        names, depth = [], 0
        for index, token in enumerate(self.projection):
            depth += {"(": 1, ")": -1}.get(token.text, 0)
            if token.variable and (depth == 0 or self.projection[index - 1].keyword == "AS"):
                names.append(token.variable)
        return names

    def aggregates(self) -> bool:
        return any(t.keyword in AGGREGATES for t in self.projection) or bool(self.clause("GROUP"))

    def clause(self, keyword: str) -> list[Token]:
        """The tokens of solution modifier ``keyword`` (``GROUP``, ``HAVING``, ``ORDER``, ``LIMIT``, ``OFFSET``)."""
        found: list[Token] = []
        current = None
        for token in self.tail:
            if token.keyword in ("GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET"):
                current = token.keyword
            if current == keyword:
                found.append(token)
        return found


def parse(text: str) -> tuple[list[Token], Select] | str:
    """The tokens and the ``SELECT`` of a constraint's query, or why it is not one this module can read."""
    tokens = tokenize(text)
    if tokens is None:
        return "the query has a character no SPARQL token starts with"
    tree = _groups(tokens)
    if tree is None:
        return "unbalanced braces"
    index = 0
    while index < len(tree) and isinstance(tree[index], Token) and tree[index].keyword in ("PREFIX", "BASE"):
        index += 3 if tree[index].keyword == "PREFIX" else 2
    select = _select(tree[index:])
    return (tokens, select) if isinstance(select, Select) else select


def _groups(tokens: list[Token]) -> list["Token | Group"] | None:
    """The tokens nested into groups, each group's kind set from what introduces it; ``None`` if unbalanced."""
    top: list[Token | Group] = []
    stack: list[Group] = []
    for token in tokens:
        items = stack[-1].items if stack else top
        if token.text == "{":
            group = Group(token)
            previous = items[-1] if items else None
            if isinstance(previous, Token) and previous.keyword in ("OPTIONAL", "EXISTS"):
                group.kind = {"OPTIONAL": "optional", "EXISTS": "exists"}[previous.keyword]
            items.append(group)
            stack.append(group)
        elif token.text == "}":
            if not stack:
                return None
            group = stack.pop()
            group.close = token
            if group.items and isinstance(group.items[0], Token) and group.items[0].keyword == "SELECT":
                group.kind = "subselect"
        else:
            items.append(token)
    return None if stack else top


def _select(items: list["Token | Group"]) -> Select | str:
    if not items or not isinstance(items[0], Token) or items[0].keyword != "SELECT":
        return "not a SELECT query"
    keyword, index = items[0], 1
    modifier = None
    if index < len(items) and isinstance(items[index], Token) and items[index].keyword in ("DISTINCT", "REDUCED"):
        modifier, index = items[index], index + 1
    projection: list[Token] = []
    while index < len(items) and isinstance(items[index], Token) and items[index].keyword != "WHERE":
        projection.append(items[index])
        index += 1
    if index < len(items) and isinstance(items[index], Token):
        index += 1
    if index >= len(items) or not isinstance(items[index], Group) or not projection:
        return "no projection or no WHERE group"
    tail = items[index + 1:]
    if any(isinstance(item, Group) for item in tail):
        return "a group after the WHERE group"
    return Select(keyword, modifier, projection, items[index], tail)


@dataclass(frozen=True)
class Analysis:
    """A constraint query the SPARQL engine can run once over all focus nodes."""

    text: str
    tokens: list[Token]
    select: Select
    projected: list[str] | None
    """The user's projected variables, ``None`` for ``SELECT *``."""
    mentions_this: bool
    joins: tuple["Join", ...] = ()
    laterals: tuple[int, ...] = ()
    """Where the top-level sub-selects that project ``$this`` start: each is evaluated ``LATERAL``, per focus
    node, as pre-binding evaluates it (and Oxigraph then starts from the bound ``$this``)."""
    projections: frozenset[int] = frozenset()
    """Where variables are projected or grouped by in sub-selects (kept when pre-bound values are written in)."""


@dataclass(frozen=True)
class Join:
    """A top-level ``FILTER [NOT] EXISTS { P }`` whose ``P`` shares only ``$this`` with the rest of the query (and
    binds it): the same as ``MINUS { P }`` (or a join with the distinct ``$this`` of ``P``), which Oxigraph
    evaluates once, where it would evaluate ``P`` once per focus node and without an index on ``$this``."""

    start: int
    end: int
    """The characters of the whole ``FILTER … { … }``."""
    body: Group
    negated: bool


def analyse(text: str, prebound: frozenset[str], forbidden_vars: frozenset[str] = frozenset()) -> Analysis | str:
    """``text`` checked for evaluation with ``$this`` free (see the module's docstring), or why not.

    ``prebound`` are the variables substituted by value (``currentShape``, a component's parameters);
    ``forbidden_vars`` are variables whose presence keeps the query off the engine (``shapesGraph``…).
    """
    parsed = parse(text)
    if isinstance(parsed, str):
        return parsed
    tokens, select = parsed
    for token in tokens:
        if token.keyword in FORBIDDEN:
            return f"{FORBIDDEN[token.keyword]} in the query"
        if token.variable in forbidden_vars:
            return f"${token.variable} in the query"
    for previous, token in zip(tokens, tokens[1:]):
        if previous.keyword == "AS" and token.variable in prebound | {"this"}:
            return f"${token.variable} rebound with AS"
    if select.clause("LIMIT") or select.clause("OFFSET"):
        return "LIMIT or OFFSET (per focus node, not over all of them)"
    projected = select.projected()
    if projected is not None and "failure" in projected:
        return "?failure in the projection"
    if select.aggregates() and not any(t.variable == "this" for t in select.clause("GROUP")):
        return "aggregates not grouped by $this"
    if select.aggregates() and prebound & set(_mentioned(tokens)):
        return "aggregates with pre-bound parameters"
    if projected is None and prebound & set(_mentioned(tokens)):
        return "SELECT * with pre-bound parameters"
    problem = _check_group(select.where, prebound, top=True)
    if problem:
        return problem
    return Analysis(text, tokens, select, projected, "this" in _mentioned(tokens),
                    tuple(_joins(tokens, select.where, prebound)), tuple(_laterals(select.where)),
                    frozenset(_projections(select.where)))


def _subselects(group: Group) -> list[Group]:
    """Every sub-select inside ``group``, at any depth."""
    found = []
    for item in group.items:
        if isinstance(item, Group):
            found += ([item] if item.kind == "subselect" else []) + _subselects(item)
    return found


def _projections(where: Group) -> list[int]:
    found = []
    for group in _subselects(where):
        select = _select(group.items)
        found += [t.start for t in [*select.projection, *select.clause("GROUP")] if t.variable]
    return found


def _laterals(where: Group) -> list[int]:
    """The top-level sub-selects that may be evaluated ``LATERAL``: they project ``$this``, and no variable they
    compute (``AS``) is bound before them."""
    found = []
    before: set[str] = {"this"}
    for index, item in enumerate(where.items):
        neighbours = [where.items[i] for i in (index - 1, index + 1) if 0 <= i < len(where.items)]
        alone = not any(isinstance(n, Token) and n.keyword in ("OPTIONAL", "UNION") for n in neighbours)
        if isinstance(item, Group) and item.kind == "subselect" and alone:
            select = _select(item.items)
            tokens = select.projection
            aliases = {t.variable for previous, t in zip(tokens, tokens[1:]) if previous.keyword == "AS"}
            if "this" in (select.projected() or []) and not aliases & before:
                found.append(item.open.start)
        tokens = item.tokens() if isinstance(item, Group) else [item]
        before |= {t.variable for t in tokens if t.variable}
    return found


def _joins(tokens: list[Token], where: Group, prebound: frozenset[str]) -> list[Join]:
    """The top-level ``FILTER [NOT] EXISTS`` that can be evaluated as anti-joins or semi-joins (see :class:`Join`)."""
    found = []
    items = where.items
    for index, item in enumerate(items):
        if not (isinstance(item, Token) and item.keyword == "FILTER"):
            continue
        negated = index + 1 < len(items) and isinstance(items[index + 1], Token) and items[index + 1].keyword == "NOT"
        group_at = index + (3 if negated else 2)
        if not (group_at < len(items) and isinstance(items[group_at], Group)
                and isinstance(items[group_at - 1], Token) and items[group_at - 1].keyword == "EXISTS"):
            continue
        body = items[group_at]
        inside = body.tokens()
        outside = {t.variable for t in tokens if t.variable and not body.open.start <= t.start < body.close.end}
        shared = {t.variable for t in inside if t.variable} & outside - prebound
        nested = any(t.keyword == "SELECT" for t in inside)
        if shared == {"this"} and _own_level(body)[1] and not nested:
            found.append(Join(item.start, body.close.end, body, negated))
    return found


def _mentioned(tokens: list[Token]) -> list[str]:
    return [t.variable for t in tokens if t.variable]


def _check_group(group: Group, prebound: frozenset[str], top: bool) -> str | None:
    """Why ``group`` (or a group inside it) reads ``$this`` before binding it, or has a sub-select not allowed."""
    expressions, bound_here = _own_level(group)
    if not top and any(mentions(e, "this") for e in expressions) and not bound_here:
        return "$this read in a FILTER or BIND of a nested group that does not bind it"
    for item in group.items:
        if not isinstance(item, Group):
            continue
        if item.kind == "subselect":
            problem = _check_subselect(item, prebound)
        elif item.kind == "exists":
            problem = _check_exists_body(item, prebound)
        else:
            problem = _check_group(item, prebound, top=False)
        if problem:
            return problem
    return None


def _check_exists_body(group: Group, prebound: frozenset[str]) -> str | None:
    """Inside ``[NOT] EXISTS`` the enclosing solution is substituted everywhere; only sub-selects need checking."""
    for item in group.items:
        if isinstance(item, Group):
            problem = _check_subselect(item, prebound) if item.kind == "subselect" else _check_exists_body(item, prebound)
            if problem:
                return problem
    return None


def _check_subselect(group: Group, prebound: frozenset[str]) -> str | None:
    select = _select(group.items)
    if isinstance(select, str):
        return f"sub-select: {select}"
    projected = select.projected()
    needed = {"this"} | {name for name in prebound if name != "currentShape" or mentions(group.items, name)}
    if projected is None or not needed <= set(projected):
        return "a sub-select that does not project every potentially pre-bound variable"
    if select.clause("LIMIT") or select.clause("OFFSET"):
        return "LIMIT or OFFSET in a sub-select"
    if not _own_level(select.where)[1]:
        return "a sub-select that projects $this without binding it in a triple pattern"
    return _check_group(select.where, prebound, top=False)


def _own_level(group: Group) -> tuple[list[list["Token | Group"]], bool]:
    """The FILTER and BIND expressions directly in ``group``, and whether a triple pattern there binds ``$this``."""
    expressions: list[list[Token | Group]] = []
    bound = False
    items, index = group.items, 0
    while index < len(items):
        item = items[index]
        if isinstance(item, Token) and item.keyword in ("FILTER", "BIND"):
            end = _expression_end(items, index + 1)
            expressions.append(items[index + 1:end])
            index = end
            continue
        if isinstance(item, Token) and item.variable == "this":
            bound = True
        index += 1
    return expressions, bound


def _expression_end(items: list["Token | Group"], index: int) -> int:
    """The index after the constraint expression of a FILTER/BIND that starts at ``index``."""
    if index < len(items) and isinstance(items[index], Token) and items[index].keyword == "NOT":
        index += 1
    if index < len(items) and isinstance(items[index], Token) and items[index].keyword == "EXISTS":
        return index + 2
    if index < len(items) and isinstance(items[index], Token) and items[index].kind in ("name", "pname", "iri"):
        index += 1
    depth = 0
    while index < len(items):
        item = items[index]
        if isinstance(item, Token):
            depth += {"(": 1, ")": -1}.get(item.text, 0)
        index += 1
        if depth == 0:
            break
    return index


def rewrite(analysis: Analysis, prefixes: dict[str, str], focus: str, values: dict[str, str],
            extra: list[str]) -> str:
    """The query run once over all focus nodes: ``prefixes`` declared first, ``SELECT DISTINCT`` with ``?this``
    and the ``extra`` variables added to the projection, ``focus`` (a sub-select binding ``?this``) put first in
    the ``WHERE`` group, each :class:`Join` moved to the end of the group as ``MINUS`` or a join, the
    :attr:`Analysis.laterals` made ``LATERAL``, and the variables of ``values`` (``PATH``, a component's
    parameters) written in as the given SPARQL text."""
    select = analysis.select
    edits: list[tuple[int, int, str]] = [
        (select.keyword.start, (select.modifier or select.keyword).end, "SELECT DISTINCT"),
        (select.where.open.end, select.where.open.end, f" {focus} ")]
    if analysis.projected is not None:
        wanted = [name for name in ["this", *extra] if name not in analysis.projected]
        edits.append((select.projection[-1].end, select.projection[-1].end, "".join(f" ?{name}" for name in wanted)))
    moved = []
    for join in analysis.joins:
        edits.append((join.start, join.end, ""))
        body = _spliced(analysis, join.body.open.end, join.body.close.start, values)
        if join.negated:
            moved.append(f" MINUS {{ {body} }}")
        else:
            moved.append(f" {{ SELECT DISTINCT ?this WHERE {{ {body} }} }}")
    edits.append((select.where.close.start, select.where.close.start, "".join(moved) + " "))
    edits += [(start, start, "LATERAL ") for start in analysis.laterals]
    edits += [(t.start, t.end, values[t.variable]) for t in _written_in(analysis, values)
              if not any(join.start <= t.start < join.end for join in analysis.joins)]
    text = analysis.text
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + replacement + text[end:]
    declarations = "".join(f"PREFIX {name}: <{namespace}>\n" for name, namespace in prefixes.items())
    return declarations + text


def _written_in(analysis: Analysis, values: dict[str, str]) -> list[Token]:
    """The variable tokens that ``values`` replaces (not where a sub-select projects or groups by them)."""
    return [t for t in analysis.tokens if t.variable in values and t.start not in analysis.projections
            and analysis.select.where.open.start < t.start]


def _spliced(analysis: Analysis, start: int, end: int, values: dict[str, str]) -> str:
    """The query's text from ``start`` to ``end`` with the variables of ``values`` written in."""
    text = analysis.text[start:end]
    for token in sorted((t for t in _written_in(analysis, values) if start <= t.start < end),
                        key=lambda t: t.start, reverse=True):
        text = text[:token.start - start] + values[token.variable] + text[token.end - start:]
    return text
