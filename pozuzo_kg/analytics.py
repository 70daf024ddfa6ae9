"""Organizational analytics: the unit hierarchy and the posts' reporting lines projected into networkx.

Only the relations the analysis is about are read (with SPARQL): ``org:subOrganizationOf`` between
organizational units, ``org:unitOf`` (a unit with no parent unit but ``unitOf`` an organization, or
``subOrganizationOf`` one that is not a unit, is one of its top organs), ``org:reportsTo`` between posts and
``org:postIn``, each edge with the ``pzo:Claim``s behind it. The inverse properties (``org:hasSubOrganization``,
``org:hasUnit``, ``org:hasPost``) count the same.

Where sources conflict on a line (an edge whose claim is a ``pzo:conflictingClaim`` while the same subject has
another edge with the same predicate), the analysis follows one reading and says which:

- by default, the parent unit whose post designates the head of the unit's post (``pzo:designatedBy``, e.g. the
  law's designation of the gerente municipal by the alcalde); else the one corroborated by the reporting line of
  the unit's posts (``org:reportsTo`` to a post ``org:postIn`` that parent). A line that rests only on the
  project's own readings (claims of a ``pzo:CurationSource``) corroborates nothing: it is a reading, not a
  source. If no single edge is corroborated, the edge whose claim comes from the first source (by
  ``dcterms:identifier``, then IRI);
- with a source id (``claims="organizacion"``), the edge whose claim derives from that source;
- with ``claims="all"``, every edge (the hierarchy is then a graph with several parents per unit).
"""
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

import pyoxigraph as ox

from .errors import UsageError
from .graph import KnowledgeGraph
from .i18n import _
from .provenance import Claim, Provenance, read_provenance
from .vocab import ORG, PZO, SKOS, prefixes, ubigeos_of

SUB_ORGANIZATION_OF = f"{ORG}subOrganizationOf"
HAS_SUB_ORGANIZATION = f"{ORG}hasSubOrganization"
REPORTS_TO = f"{ORG}reportsTo"
DESIGNATED_BY = f"{PZO}designatedBy"
ALL = "all"
"""The ``claims`` value that keeps every conflicting edge."""
MAX_CHAIN_PATHS = 100
"""Most paths a chain of command lists (units with several parents at many levels multiply the paths)."""
DEFAULT = "default"
"""The ``claims`` value (also the ``claims`` of the result) of the default reading."""

_EDGES_QUERY = """
SELECT DISTINCT ?child ?predicate ?parent WHERE {
  { ?child org:subOrganizationOf|^org:hasSubOrganization ?parent
    BIND(org:subOrganizationOf AS ?predicate) BIND(org:OrganizationalUnit AS ?type) }
  UNION { ?child org:reportsTo ?parent BIND(org:reportsTo AS ?predicate) BIND(org:Post AS ?type) }
  UNION { ?child pzo:designatedBy ?parent BIND(pzo:designatedBy AS ?predicate) BIND(org:Post AS ?type) }
  ?child a/rdfs:subClassOf* ?type .
  ?parent a/rdfs:subClassOf* ?type .
}
"""

_ORGANIZATION_OF = """{ ?unit org:unitOf|^org:hasUnit ?organization }
    UNION { ?unit org:subOrganizationOf|^org:hasSubOrganization ?organization .
            VALUES ?class { org:Organization org:FormalOrganization org:OrganizationalCollaboration }
            ?organization a/rdfs:subClassOf* ?class
            FILTER NOT EXISTS { ?organization a/rdfs:subClassOf* org:OrganizationalUnit } }"""
"""A unit's organization: ``org:unitOf`` (or ``org:hasUnit``), or ``org:subOrganizationOf`` one that is no unit."""

_UNITS_QUERY = f"""
SELECT DISTINCT ?unit ?organization WHERE {{
  ?unit a/rdfs:subClassOf* org:OrganizationalUnit .
  OPTIONAL {{ {_ORGANIZATION_OF} }}
}}
"""

_POSTS_QUERY = """
SELECT DISTINCT ?post ?unit WHERE {
  ?post a/rdfs:subClassOf* org:Post .
  OPTIONAL { ?post org:postIn|^org:hasPost ?unit }
}
"""

_LABELS_QUERY = f"""
SELECT DISTINCT ?thing ?property ?label WHERE {{
  {{ ?thing a/rdfs:subClassOf* org:OrganizationalUnit }} UNION {{ ?thing a/rdfs:subClassOf* org:Post }}
  UNION {{ ?unit a/rdfs:subClassOf* org:OrganizationalUnit . {_ORGANIZATION_OF} BIND(?organization AS ?thing) }}
  VALUES ?property {{ skos:prefLabel rdfs:label }}
  ?thing ?property ?label FILTER(isLiteral(?label))
}}
"""


@dataclass(frozen=True)
class ClaimRef:
    """A claim behind an edge: its IRI, source, and the source's line or article."""

    iri: str
    source: str | None
    source_id: str | None
    line: int | None
    article: str | None


@dataclass(frozen=True)
class Edge:
    """``child predicate parent`` (a unit's parent unit, the post a post reports to, or the post that designates
    a post's holder), with its claims."""

    child: str
    predicate: str
    parent: str
    claims: tuple[ClaimRef, ...]


_Lines = list[tuple[Edge, frozenset[str]]]
"""Lines with the conflicts their claims belong to."""


@dataclass(frozen=True)
class Decision:
    """How a conflict on the lines of one subject was resolved.

    ``reason``: ``designation`` (corroborated by ``evidence``, the designation of the unit's head by a post of the
    parent), ``reporting-line`` (corroborated by ``evidence``, the posts' reporting lines), ``first-source``,
    ``source`` (the source asked for) or ``all`` (every edge kept). ``readings``: lines between the posts of the
    subject and of a candidate parent that rest only on the project's own readings, so they corroborated nothing.
    """

    subject: str
    predicate: str
    conflicts: tuple[str, ...]
    followed: tuple[Edge, ...]
    set_aside: tuple[Edge, ...]
    reason: str
    evidence: tuple[Edge, ...] = ()
    readings: tuple[Edge, ...] = ()


@dataclass(frozen=True)
class Hierarchy:
    """The projection: units, posts and the lines followed, with the decisions taken on conflicting lines."""

    units: tuple[str, ...]
    posts: tuple[str, ...]
    labels: Mapping[str, str]
    """Each unit's, post's and organization's label: Spanish if it has one, else in another language."""
    organizations: Mapping[str, tuple[str, ...]]
    post_units: Mapping[str, tuple[str, ...]]
    unit_edges: tuple[Edge, ...]
    post_edges: tuple[Edge, ...]
    decisions: tuple[Decision, ...]
    claims: str
    """``default``, ``all`` or the IRI of the source followed."""


@dataclass(frozen=True)
class UnitFigures:
    """Level (1 = top; ``None`` in or under a cycle), span of control and centrality of one unit."""

    iri: str
    label: str | None
    level: int | None
    parents: tuple[str, ...]
    sub_units: int
    all_sub_units: int
    betweenness: float
    degree: float


@dataclass(frozen=True)
class PostFigures:
    """A post, the units it is in, whom it reports to and how many posts report to it."""

    iri: str
    label: str | None
    units: tuple[str, ...]
    reports_to: tuple[str, ...]
    direct_reports: int


@dataclass(frozen=True)
class Root:
    """A unit with no parent unit but itself: a top organ of ``organizations`` (``org:unitOf``), or an orphan."""

    iri: str
    label: str | None
    kind: str
    organizations: tuple[str, ...]


@dataclass(frozen=True)
class ChainPath:
    """One line of command from a unit up to a top unit; ``cycle_at`` is the unit it met twice, if any."""

    units: tuple[str, ...]
    edges: tuple[Edge, ...]
    cycle_at: str | None


@dataclass(frozen=True)
class Chain:
    """The chain of command of ``unit``: every path up to the top (one, unless a unit has several parents).

    ``truncated``: there are more than :data:`MAX_CHAIN_PATHS` paths and only the first ones are listed.
    """

    unit: str
    paths: tuple[ChainPath, ...]
    truncated: bool = False


@dataclass(frozen=True)
class Analysis:
    """What ``pozuzo-kg analyze`` reports."""

    claims: str
    decisions: tuple[Decision, ...]
    depth: int
    roots: tuple[Root, ...]
    cycles: tuple[tuple[str, ...], ...]
    """Loops of units (``org:subOrganizationOf``), each starting at its smallest IRI."""
    reporting_cycles: tuple[tuple[str, ...], ...]
    """Loops of posts (``org:reportsTo``), the same way."""
    units: tuple[UnitFigures, ...]
    posts: tuple[PostFigures, ...]
    chain: Chain | None = None

    def as_dict(self) -> dict:
        """Plain values with keys sorted at every level (stable JSON)."""
        return _sorted_keys(asdict(self))


def _sorted_keys(value: object) -> object:
    if isinstance(value, dict):
        return {key: _sorted_keys(value[key]) for key in sorted(value)}
    if isinstance(value, (list, tuple)):
        return [_sorted_keys(item) for item in value]
    return value


def load_hierarchy(kg: KnowledgeGraph, claims: str | None = None) -> Hierarchy:
    """Reads the hierarchy and the reporting lines of ``kg``, following ``claims`` on conflicting lines.

    ``claims``: ``None`` or ``"default"`` (the default reading), ``"all"``, or a source (bare id, prefixed name or IRI).
    Raises :class:`UsageError` naming the valid choices if the source decides no conflicting line.
    """
    provenance = read_provenance(kg)
    lines = _read_edges(kg, provenance)
    designations = [edge for edge, _ in lines if edge.predicate == DESIGNATED_BY]
    edges = [(edge, conflicts) for edge, conflicts in lines if edge.predicate != DESIGNATED_BY]
    readings = frozenset(source.iri for source in provenance.sources if source.is_reading)
    units: dict[str, set[str]] = defaultdict(set)
    for row in kg.query(_UNITS_QUERY):
        units[row["unit"].value].update([row["organization"].value] if row["organization"] else [])
    posts: dict[str, set[str]] = defaultdict(set)
    for row in kg.query(_POSTS_QUERY):
        posts[row["post"].value].update([row["unit"].value] if row["unit"] else [])
    ranked: dict[str, tuple] = {}
    for row in kg.query(_LABELS_QUERY):
        thing, label = row["thing"].value, row["label"]
        rank = _label_rank(row["property"].value, label)
        ranked[thing] = min(rank, ranked.get(thing, rank))
    labels = {thing: rank[-1] for thing, rank in ranked.items()}
    source = _resolve_source(claims, edges)
    kept, decisions = _follow(edges, posts, source, designations, readings)
    return Hierarchy(
        units=tuple(sorted(units)), posts=tuple(sorted(posts)), labels=labels,
        organizations={unit: tuple(sorted(orgs)) for unit, orgs in sorted(units.items())},
        post_units={post: tuple(sorted(u)) for post, u in sorted(posts.items())},
        unit_edges=tuple(e for e in kept if e.predicate == SUB_ORGANIZATION_OF),
        post_edges=tuple(e for e in kept if e.predicate == REPORTS_TO),
        decisions=decisions, claims=source or DEFAULT,
    )


def _label_rank(prop: str, label: ox.Literal) -> tuple[bool, bool, str, str]:
    """Spanish first (``es``, ``es-PE``…), then ``skos:prefLabel`` before ``rdfs:label``, then language and text."""
    language = (label.language or "").lower()
    return (language.split("-")[0] != "es", prop != f"{SKOS}prefLabel", language, label.value)


def _read_edges(kg: KnowledgeGraph, provenance: Provenance) -> _Lines:
    """Every unit and post line (and designation between posts) with its claims, and the conflicts its claims
    belong to."""
    lines = []
    for row in kg.query(_EDGES_QUERY):
        key = (row["child"].value, row["predicate"].value, row["parent"].value)
        claims = provenance.stating(*key)  # an edge without claims is still an edge
        if key[1] == SUB_ORGANIZATION_OF:  # claims may state the line the other way round
            claims += provenance.stating(key[2], HAS_SUB_ORGANIZATION, key[0])
        refs = sorted((_claim_ref(claim) for claim in claims), key=lambda c: (c.iri, c.source or ""))
        conflicts = frozenset(conflict.iri for claim in claims for conflict in provenance.conflicts_of(claim))
        lines.append((Edge(*key, claims=tuple(refs)), conflicts))
    return sorted(lines, key=lambda line: (line[0].child, line[0].predicate, line[0].parent))


def _claim_ref(claim: Claim) -> ClaimRef:
    source = claim.source
    return ClaimRef(claim.iri, source.iri if source else None, (source.identifier or None) if source else None,
                    claim.line, claim.article)


def _source_order(claim: ClaimRef) -> tuple[str, str]:
    return (claim.source_id or "\uffff", claim.source or "")


def _conflicting_groups(edges: _Lines) -> dict[tuple[str, str], _Lines]:
    """The lines of each (subject, predicate) with several lines, one of them backed by a conflicting claim."""
    siblings: dict[tuple[str, str], _Lines] = defaultdict(list)
    for edge, conflicts in edges:
        siblings[(edge.child, edge.predicate)].append((edge, conflicts))
    return {key: group for key, group in sorted(siblings.items()) if len(group) > 1 and any(c for _, c in group)}


def _resolve_source(claims: str | None, edges: _Lines) -> str | None:
    """``None`` (default), ``"all"``, or the IRI of a source behind some conflicting line."""
    claims = claims.strip() if claims is not None else None
    if claims in (None, DEFAULT):
        return None
    if claims == ALL:
        return claims
    sources = sorted({c.source for group in _conflicting_groups(edges).values() for e, _ in group
                      for c in e.claims if c.source})
    for source in sources:
        if expand(claims, sources) == source or claims == short_name(source, sources):
            return source
    valid = ", ".join([ALL, DEFAULT, *sorted(short_name(s, sources) for s in sources)])
    raise UsageError(_("--claims {value!r} is not a source of any conflicting line; use one of: {valid}").format(
        value=claims, valid=valid))


def _follow(edges: _Lines, posts: Mapping[str, set[str]], source: str | None, designations: list[Edge],
            readings: frozenset[str]) -> tuple[list[Edge], tuple[Decision, ...]]:
    """The edges followed and one decision per subject whose lines conflict (``designations`` and the reporting
    lines corroborate a unit's line unless they rest only on claims of the ``readings`` sources)."""
    # Posts' lines first: the unit lines are then corroborated only by the reporting lines followed.
    groups = sorted(_conflicting_groups(edges).items(), key=lambda item: (item[0][1] != REPORTS_TO, item[0]))
    set_aside: set[Edge] = set()
    decisions = []
    for (subject, predicate), group in groups:
        candidates = [edge for edge, _ in group]
        reporting = [e for e, _ in edges if e.predicate == REPORTS_TO and e not in set_aside]
        witnesses = {"designation": _independent(designations, readings),
                     "reporting-line": _independent(reporting, readings)}
        followed, reason, evidence = _choose(candidates, posts, witnesses, source)
        set_aside.update(e for e in candidates if e not in followed)
        discounted = tuple(e for e in designations + reporting if e not in witnesses["designation"]
                           and e not in witnesses["reporting-line"] and any(_links(c, e, posts) for c in candidates))
        decisions.append(Decision(subject, predicate, tuple(sorted({c for _, cs in group for c in cs})),
                                  tuple(followed), tuple(e for e in candidates if e not in followed), reason, evidence,
                                  discounted))
    decisions.sort(key=lambda d: (d.subject, d.predicate))
    return [edge for edge, _ in edges if edge not in set_aside], tuple(decisions)


def _independent(lines: list[Edge], readings: frozenset[str]) -> list[Edge]:
    """The ``lines`` that some source states: not those whose every claim is one of the project's readings."""
    return [e for e in lines if not e.claims or any(c.source not in readings for c in e.claims)]


def _links(unit_line: Edge, post_line: Edge, posts: Mapping[str, set[str]]) -> bool:
    """Whether ``post_line`` goes from a post of ``unit_line``'s child to a post of its parent."""
    return unit_line.child in posts.get(post_line.child, ()) and unit_line.parent in posts.get(post_line.parent, ())


def _choose(candidates: list[Edge], posts: Mapping[str, set[str]], witnesses: Mapping[str, list[Edge]],
            source: str | None) -> tuple[list[Edge], str, tuple[Edge, ...]]:
    """The edges to follow among conflicting ``candidates``, why, and the evidence for it: ``witnesses`` are the
    lines between posts (by reason, in the order tried) that can corroborate a unit's line."""
    if source == ALL:
        return candidates, "all", ()
    if source is not None:
        chosen = [e for e in candidates if any(c.source == source for c in e.claims)]
        if chosen:
            return chosen, "source", ()
    if candidates[0].predicate == SUB_ORGANIZATION_OF:
        for reason, lines in witnesses.items():
            corroborated = []
            for edge in candidates:
                found = tuple(e for e in lines if _links(edge, e, posts))
                if found:
                    corroborated.append((edge, found))
            if len(corroborated) == 1:
                return [corroborated[0][0]], reason, corroborated[0][1]
    first = min(candidates,
                key=lambda e: min((_source_order(c) for c in e.claims), default=("\uffff", "")) + (e.parent,))
    return [first], "first-source", ()


def expand(name: str, among: Iterable[str] = ()) -> str:
    """An IRI from an IRI, ``<IRI>`` or a prefixed name (the shared prefixes, and the municipality's own when
    the IRIs ``among`` belong to one municipality); else ``name`` unchanged."""
    name = name.strip()
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    known = prefixes(ubigeos_of(among))
    prefix, sep, local = name.partition(":")
    return known[prefix] + local if sep and prefix in known else name


def local_name(iri: str) -> str:
    """The last segment of an IRI (after ``#`` or ``/``)."""
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def short_name(iri: str, among: Iterable[str]) -> str:
    """The bare id of ``iri`` if no other IRI of ``among`` shares it, else the IRI itself."""
    name = local_name(iri)
    return name if sum(1 for other in among if local_name(other) == name) <= 1 else iri


def resolve_unit(hierarchy: Hierarchy, name: str) -> str:
    """The unit named by an IRI, a prefixed name (``unidad:gm``) or a bare id (``gm``); else :class:`UsageError`."""
    name = name.strip()
    wanted = expand(name, hierarchy.units)
    if wanted in hierarchy.units:
        return wanted
    matches = [unit for unit in hierarchy.units if local_name(unit) == name]
    if len(matches) == 1:
        return matches[0]
    valid = ", ".join(sorted(short_name(unit, hierarchy.units) for unit in hierarchy.units)) or "(none)"
    if matches:
        raise UsageError(_("unit {name!r} is ambiguous; give its IRI: {iris}").format(name=name, iris=", ".join(matches)))
    raise UsageError(_("unknown unit {name!r}; valid units: {valid}").format(name=name, valid=valid))


def chain_of_command(hierarchy: Hierarchy, unit: str) -> Chain:
    """Every path from ``unit`` up to a top unit along the followed lines; a path stops where it meets a cycle."""
    parents: dict[str, list[Edge]] = defaultdict(list)
    for edge in hierarchy.unit_edges:
        parents[edge.child].append(edge)
    paths: list[ChainPath] = []
    stack = [ChainPath((unit,), (), None)]
    while stack:  # depth first, parents in IRI order; no recursion, so a hierarchy of any depth is climbed
        path = stack.pop()
        upward = [] if path.cycle_at else sorted(parents.get(path.units[-1], []), key=lambda e: e.parent)
        if not upward:
            if len(paths) == MAX_CHAIN_PATHS:
                return Chain(unit, tuple(paths), truncated=True)
            paths.append(path)
        stack.extend(ChainPath(path.units + (edge.parent,), path.edges + (edge,),
                               edge.parent if edge.parent in path.units else None) for edge in reversed(upward))
    return Chain(unit, tuple(paths))


def analyze(hierarchy: Hierarchy, unit: str | None = None) -> Analysis:
    """Depth and levels, roots, cycles, span of control, centrality and (for ``unit``) the chain of command."""
    import networkx as nx

    up = _upward(hierarchy.units, hierarchy.unit_edges)
    levels = _levels(up)
    undirected = up.to_undirected()  # a unit linked to itself links no one: no self-loops in the centrality
    undirected.remove_edges_from(list(nx.selfloop_edges(undirected)))
    betweenness = nx.betweenness_centrality(undirected, normalized=True)
    degree = nx.degree_centrality(undirected) if len(undirected) else {}
    figures = tuple(sorted(
        (UnitFigures(u, hierarchy.labels.get(u), levels.get(u), tuple(sorted(up.successors(u))),
                     sum(1 for child in up.predecessors(u) if child != u), len(nx.ancestors(up, u)),
                     round(betweenness[u], 4), round(degree[u], 4))
         for u in hierarchy.units),
        key=lambda f: (f.level is None, f.level or 0, f.iri)))
    roots = tuple(Root(u, hierarchy.labels.get(u), "top-organ" if hierarchy.organizations[u] else "orphan",
                       hierarchy.organizations[u]) for u in hierarchy.units if set(up.successors(u)) <= {u})
    return Analysis(
        claims=hierarchy.claims, decisions=hierarchy.decisions, depth=max(levels.values(), default=0),
        roots=roots, cycles=_cycles(up), reporting_cycles=_cycles(_upward(hierarchy.posts, hierarchy.post_edges)),
        units=figures, posts=_post_figures(hierarchy),
        chain=chain_of_command(hierarchy, unit) if unit else None,
    )


def _upward(nodes: Iterable[str], edges: Iterable[Edge]):
    """A networkx graph of ``nodes`` with an arc from each edge's child to its parent."""
    import networkx as nx

    up = nx.DiGraph()
    up.add_nodes_from(nodes)
    up.add_edges_from(sorted((e.child, e.parent) for e in edges))
    return up


def _cycles(up) -> tuple[tuple[str, ...], ...]:
    """Each cycle of ``up`` once (a self-loop is a cycle of one), sorted."""
    import networkx as nx

    return tuple(sorted(_rotated(cycle) for cycle in nx.simple_cycles(up)))


def _rotated(cycle: list[str]) -> tuple[str, ...]:
    """A cycle starting at its smallest IRI (same direction), so each cycle has one spelling."""
    start = cycle.index(min(cycle))
    return tuple(cycle[start:] + cycle[:start])


def _levels(up) -> dict[str, int]:
    """Level of each unit (1 = no parent; else 1 + its deepest parent's level), except in or under a cycle."""
    import networkx as nx

    cyclic = {n for component in nx.strongly_connected_components(up) for n in component
              if len(component) > 1 or up.has_edge(n, n)}
    tainted = set(cyclic).union(*(nx.ancestors(up, n) for n in cyclic))
    clean = up.subgraph(n for n in up if n not in tainted)
    levels: dict[str, int] = {}
    for node in reversed(list(nx.lexicographical_topological_sort(clean))):
        levels[node] = 1 + max((levels[p] for p in clean.successors(node)), default=0)
    return levels


def _post_figures(hierarchy: Hierarchy) -> tuple[PostFigures, ...]:
    reports_to: dict[str, list[str]] = defaultdict(list)
    direct: dict[str, int] = defaultdict(int)
    for edge in hierarchy.post_edges:
        reports_to[edge.child].append(edge.parent)
        if edge.child != edge.parent:  # a post reporting to itself supervises no one
            direct[edge.parent] += 1
    return tuple(PostFigures(p, hierarchy.labels.get(p), hierarchy.post_units[p], tuple(sorted(reports_to[p])),
                             direct[p]) for p in hierarchy.posts)
