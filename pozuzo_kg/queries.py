"""The named-query catalogue (``queries/*.rq``), safe parameter binding, and running a query here or remotely.

A query file starts with a header of ``# key: value`` comment lines (a line ``#   more`` continues the value)::

    # title: Funciones de una unidad
    # description: Las funciones asignadas a una unidad orgánica, en el orden de la fuente…
    # param: unidad (iri unidad) — Unidad orgánica: IRI completo, «unidad:gm» o solo «gm». [default: gm]
    # license: CC BY 4.0

``param`` declares the variable ``?unidad``, of type ``text`` (bound as a string literal), ``iri`` (an IRI; a
kind such as ``unidad`` also accepts a bare id, ``gm``, for the one municipality of the data, or ``190305/gm`` for
municipality 190305; project prefixes such as ``unidad:gm`` are always accepted) or ``search`` (words to look
up in the search index: folded and stemmed here, bound as the keys of :func:`pozuzo_kg.search.values_block`).
A value is bound as RDF terms serialized by pyoxigraph into a ``VALUES`` block at the start of the WHERE
pattern: never pasted as text, and the same query text runs on the embedded store and on a remote endpoint.
"""
import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import resources, search, sparql_syntax
from .errors import InputError, QueryError, UsageError
from .graph import KnowledgeGraph
from .i18n import _, ngettext
from .limits import check_query_text
from .loader import UTF8_BOM
from .results import QueryResult
from .vocab import KINDS, LOCAL_ID, MUNICIPAL_KINDS, ORG, PREFIXES, SHARED_KINDS, UBIGEO, iri, prefixes, ubigeos_of

HEADER_KEYS = ("title", "description", "param", "license")
_PARAM = re.compile(r"(?P<name>[A-Za-z_]\w*)\s+\((?P<type>iri|text|search)(?:\s+(?P<kind>[a-z-]+))?\)\s*(?:—|-)\s*"
                    r"(?P<description>.*?)\s*(?:\[default:\s*(?P<default>[^\]]*)\])?$")


@dataclass(frozen=True)
class Parameter:
    """A query parameter: the variable ``?name``, bound to a ``text`` literal or an ``iri``, or the search keys
    of a ``search`` text (the variables ``?name``, ``?name_clave``… of :func:`pozuzo_kg.search.values_block`)."""

    name: str
    type: str
    description: str
    default: str | None = None
    kind: str | None = None
    """For ``iri`` parameters, the IRI scheme's kind (``unidad``…) that a bare id such as ``gm`` belongs to."""

    def term(self, value: str, municipalities: Sequence[str] = ()) -> ox.NamedNode | ox.Literal:
        """``value`` as the RDF term to bind; :class:`UsageError` if it is not a valid IRI for an ``iri`` param.

        ``municipalities`` (UBIGEO codes of the data) resolve a bare id: it is the one municipality's resource.
        """
        if self.type == "text":
            if not value.strip():
                raise UsageError(_("parameter '{name}' is empty; give the text to look for").format(name=self.name))
            return ox.Literal(value)
        expanded = _expand(value.strip(), self.kind, municipalities)
        try:
            return ox.NamedNode(expanded)
        except ValueError:
            raise UsageError(_("parameter '{name}': {value!r} is not an IRI (give a full IRI or a prefixed name such"
                               " as {kind}:…)").format(name=self.name, value=value, kind=self.kind or "unidad")) from None

    def values(self, value: str, municipalities: Sequence[str] = ()) -> str:
        """The ``VALUES`` block that binds ``value``; :class:`UsageError` for a value that is not valid."""
        if self.type != "search":
            return f" VALUES ?{self.name} {{ {self.term(value, municipalities)} }}"
        found = search.terms(value)
        if not found:
            raise UsageError(_("parameter '{name}' has no word to search for in {value!r} (only punctuation or"
                               " common words such as «de», «the»)").format(name=self.name, value=value))
        return search.values_block(self.name, found)

    def as_dict(self) -> dict[str, str | None]:
        """The parameter for JSON listings."""
        return {"name": self.name, "type": self.type, "kind": self.kind, "description": self.description,
                "default": self.default}


    def needs_municipality(self, value: str) -> bool:
        """Whether the data's UBIGEO must resolve ``value``: a bare id of a municipality's own kind, or a name
        with a municipality's prefix (``unidad:gm``)."""
        value = value.strip()
        if self.type != "iri":
            return False
        prefix, sep, _ = value.partition(":")
        if sep:
            return prefix in MUNICIPAL_KINDS and prefix not in PREFIXES
        return self.kind is not None and self.kind not in SHARED_KINDS and LOCAL_ID.fullmatch(value) is not None


def _expand(value: str, kind: str | None, municipalities: Sequence[str]) -> str:
    """A full IRI from a prefixed name, ``UBIGEO/id`` or a bare id of ``kind``; else ``value`` unchanged."""
    known = prefixes(municipalities)
    prefix, sep, local = value.partition(":")
    if sep and prefix in known and not local.startswith("//"):
        return known[prefix] + local
    if sep or not kind:
        return value
    ubigeo, slash, local = value.rpartition("/")
    if slash and UBIGEO.fullmatch(ubigeo) and LOCAL_ID.fullmatch(local) and kind not in SHARED_KINDS:
        return iri(kind, local, ubigeo)
    if not LOCAL_ID.fullmatch(value):
        return value
    if kind in SHARED_KINDS:
        return iri(kind, value)
    if len(municipalities) != 1:
        codes = ", ".join(municipalities[:5]) + ("…" if len(municipalities) > 5 else "")
        held = (ngettext("the data describes {count} municipality ({codes})",
                         "the data describes {count} municipalities ({codes})", len(municipalities))
                .format(count=len(municipalities), codes=codes) if municipalities
                else _("the data describes no municipality"))
        raise UsageError(_("{value!r} is a bare id but {held}: give UBIGEO/{value} (e.g. 190305/{value}), a prefixed"
                           " name or a full IRI").format(value=value, held=held))
    return iri(kind, value, municipalities[0])


@dataclass(frozen=True)
class NamedQuery:
    """A query with its header: ``name`` (the file's stem), Spanish ``title`` and ``description``, parameters."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    builtin: bool = False
    """True for the catalogue's queries: they declare every prefix they use (no predeclared prefixes)."""

    @property
    def form(self) -> str:
        """``select``, ``ask`` or ``graph`` (CONSTRUCT and DESCRIBE)."""
        return sparql_syntax.form(self.text)

    def as_dict(self) -> dict[str, object]:
        """The query's header for JSON listings."""
        return {"name": self.name, "title": self.title, "description": self.description,
                "parameters": [p.as_dict() for p in self.parameters]}


def parse_query(name: str, text: str, where: str = "", builtin: bool = False) -> NamedQuery:
    """A :class:`NamedQuery` from the text of a ``.rq`` file; :class:`InputError` for a malformed header."""
    fields: list[list[str]] = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.startswith("#"):
            break
        body = line[1:]
        match = re.match(r" ?([a-z]+):\s*(.*)$", body)
        if match and not body.startswith("  "):
            if match.group(1) not in HEADER_KEYS:
                raise InputError(_("{where}:{line}: unknown header key {key!r}; expected one of {keys}").format(
                    where=where or name, line=number, key=match.group(1), keys=", ".join(HEADER_KEYS)))
            fields.append([match.group(1), match.group(2).strip(), str(number)])
        elif body.strip() and fields:
            fields[-1][1] += " " + body.strip()
    values = {key: value for key, value, _ in fields if key != "param"}
    parameters = tuple(_parameter(value, f"{where or name}:{number}") for key, value, number in fields if key == "param")
    return NamedQuery(name, values.get("title", name), values.get("description", ""), parameters, text, builtin)


def _parameter(value: str, where: str) -> Parameter:
    match = _PARAM.match(value)
    if not match:
        raise InputError(_("{where}: malformed param {value!r}; expected 'NAME (iri|text [KIND]) — description"
                           " [default: VALUE]'").format(where=where, value=value))
    kind = match.group("kind")
    if kind and kind not in KINDS:
        raise InputError(_("{where}: unknown kind {kind!r}; expected one of {kinds}").format(
            where=where, kind=kind, kinds=", ".join(KINDS)))
    return Parameter(match.group("name"), match.group("type"), match.group("description"), match.group("default"), kind)


def catalogue() -> dict[str, NamedQuery]:
    """The named queries shipped with pozuzo-kg, by name (sorted)."""
    folder = resources.resource_dir("queries")
    return {path.stem: parse_query(path.stem, path.read_text(encoding="utf-8"), str(path), builtin=True)
            for path in sorted(folder.glob("*.rq"))}


def named_query(name: str) -> NamedQuery:
    """The named query ``name``, or a :class:`UsageError` listing the known names."""
    queries = catalogue()
    if name not in queries:
        raise UsageError(_("unknown query {name!r}; known queries: {names}").format(name=name, names=", ".join(queries)))
    return queries[name]


def query_file(path: Path | str) -> NamedQuery:
    """A query read from a ``.rq`` file (its header, if any, declares its parameters)."""
    path = Path(path)
    try:
        data = path.read_bytes().removeprefix(UTF8_BOM)  # editors on Windows may start the file with a BOM
    except OSError as error:
        raise InputError(_("{path}: cannot read ({reason})").format(path=path, reason=error.strerror)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[line_start:error.start].decode("utf-8")) + 1  # characters before the first bad byte
        raise InputError(_("{path}:{line}:{column}: not UTF-8 text (byte {byte}); save the query as UTF-8").format(
            path=path, line=line, column=column, byte=f"0x{data[error.start]:02x}")) from None
    return parse_query(path.stem, check_query_text(text, str(path)), str(path))


def adhoc_query(text: str) -> NamedQuery:
    """A query given on the command line (no header, no parameters)."""
    return parse_query("sparql", check_query_text(text, "--sparql"))


def bind(query: NamedQuery, values: Mapping[str, str] | None = None, municipalities: Sequence[str] = ()) -> str:
    """The query text with each parameter bound (given value, else default) in a ``VALUES`` block.

    ``municipalities`` (the data's UBIGEO codes) resolve bare ids. :class:`UsageError` for an unknown
    parameter, a missing one without default, or an invalid IRI.
    """
    values = dict(values or {})
    declared = {p.name: p for p in query.parameters}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        known = ", ".join(declared) if declared else _("none")
        raise UsageError(_("query {query!r} has no parameter {name!r} (its parameters: {known})").format(
            query=query.name, name=unknown[0], known=known))
    blocks = []
    for parameter in query.parameters:
        value = values.get(parameter.name, parameter.default)
        if value is None:
            raise UsageError(_("query {query!r} needs parameter {name!r} (--param {name}=…): {description}").format(
                query=query.name, name=parameter.name, description=parameter.description))
        blocks.append(parameter.values(value, municipalities))
    if not blocks:
        return query.text
    start = sparql_syntax.pattern_start(query.text)
    return query.text[:start] + "".join(blocks) + query.text[start:]


def run(query: NamedQuery, values: Mapping[str, str] | None = None, *, graph: KnowledgeGraph | None = None,
        endpoint: str | None = None, graph_iri: str | None = None, timeout: float = 30.0) -> QueryResult:
    """Runs ``query`` with its parameters bound, on ``graph`` (embedded) or on a remote SPARQL ``endpoint``.

    Named queries from the catalogue must declare every prefix they use; other queries get the project's
    prefixes predeclared (sent as ``PREFIX`` lines to a remote endpoint), with the municipality's own
    (``unidad:``…) when the data describes one. On ``graph``, the default graph is data and ontology together,
    with the search index (as a store loaded by ``push`` holds them), unless the query names its own with
    ``FROM`` / ``FROM NAMED``: the store's named graphs (the ontology is :data:`~pozuzo_kg.vocab.ONTOLOGY_GRAPH`,
    the index :data:`~pozuzo_kg.vocab.SEARCH_GRAPH`; nothing is fetched). ``graph_iri`` picks the remote store's graph
    to query (``default-graph-uri``).
    """
    if endpoint is None and graph is None:
        raise UsageError(_("no graph and no endpoint to run the query on"))
    municipalities: Sequence[str] = graph.municipalities if graph is not None else ()
    if graph is None and _needs_municipalities(query, values):
        municipalities = _remote_municipalities(endpoint, graph_iri, timeout)
    known = {} if query.builtin else prefixes(municipalities)
    sparql_syntax.check(query.text, known)
    text = bind(query, values, municipalities)
    if endpoint is None:
        try:
            if sparql_syntax.has_dataset_clause(text):  # FROM names graphs of the store; the union would hide them
                return QueryResult.from_oxigraph(graph.store.query(text, prefixes=graph.prefixes))
            return QueryResult.from_oxigraph(graph.query(text, search=True))
        except SyntaxError as error:
            raise QueryError(_("cannot bind parameters into this query: {reason}").format(
                reason=" ".join(str(error).split()))) from None
        except (ValueError, OSError, RuntimeError) as error:
            raise QueryError(_("query failed: {reason}").format(reason=" ".join(str(error).split()))) from None
    from .remote import remote_query

    declared = sparql_syntax.declared_prefixes(text)
    missing = sorted({p for p, _ in sparql_syntax.used_prefixes(text) if p not in declared and p in known})
    prologue = "".join(f"PREFIX {p}: <{known[p]}>\n" for p in missing)
    return remote_query(endpoint, prologue + text, sparql_syntax.form(text), graph_iri=graph_iri, timeout=timeout)


def _needs_municipalities(query: NamedQuery, values: Mapping[str, str] | None) -> bool:
    """Whether running ``query`` on a remote store needs the store's municipalities: a bare id to resolve, or a
    query of the user's that uses a municipality's prefix (``unidad:``…) without declaring it."""
    given = dict(values or {})
    if any(p.needs_municipality(given.get(p.name, p.default) or "") for p in query.parameters):
        return True
    if query.builtin:
        return False
    declared = sparql_syntax.declared_prefixes(query.text)
    return any(p in MUNICIPAL_KINDS and p not in declared and p not in PREFIXES
               for p, _ in sparql_syntax.used_prefixes(query.text))


_MUNICIPALITIES_QUERY = f"SELECT DISTINCT ?organization WHERE {{ ?organization a <{ORG}FormalOrganization> }}"


def _remote_municipalities(endpoint: str, graph_iri: str | None, timeout: float) -> list[str]:
    """UBIGEO codes of the municipalities a remote store holds (its ``org:FormalOrganization``s), sorted."""
    from .remote import remote_query

    result = remote_query(endpoint, _MUNICIPALITIES_QUERY, "select", graph_iri=graph_iri, timeout=timeout)
    return sorted(ubigeos_of(row[0].value for row in result.rows if row and row[0] is not None))


def suggestion(query: NamedQuery, values: Mapping[str, str] | None = None, *, graph: KnowledgeGraph | None = None,
               endpoint: str | None = None, graph_iri: str | None = None,
               timeout: float = 30.0) -> search.Suggestion | None:
    """For a search that found nothing: why, and a search that would find something
    (:func:`pozuzo_kg.search.suggest`), from the words indexed in ``graph`` or at the remote ``endpoint``;
    ``None`` if ``query`` has no ``search`` parameter."""
    parameter = next((p for p in query.parameters if p.type == "search"), None)
    found = search.terms(dict(values or {}).get(parameter.name, parameter.default) or "") if parameter else []
    if not found:
        return None
    if endpoint is None:
        keys = [row[0].value for row in graph.query(search.VOCABULARY_QUERY, search=True)]
    else:
        from .remote import remote_query

        result = remote_query(endpoint, search.VOCABULARY_QUERY, "select", graph_iri=graph_iri, timeout=timeout)
        keys = [row[0].value for row in result.rows if row and row[0] is not None]
    hint = search.suggest(found, keys)
    if hint.text is None:
        return hint
    retried = run(query, {**dict(values or {}), parameter.name: hint.text}, graph=graph, endpoint=endpoint,
                  graph_iri=graph_iri, timeout=timeout)
    return dataclasses.replace(hint, finds=bool(retried.rows))
