"""Query results: one type for the embedded store and remote endpoints, and its serializations.

SELECT gives variables and rows of RDF terms; ASK a boolean; CONSTRUCT and DESCRIBE triples (sorted).
Formats: ``table`` (short prefixed names, literal values), ``csv`` and ``tsv`` (SPARQL 1.1 CSV/TSV),
``json`` (SPARQL 1.1 Query Results JSON), ``xml`` (SPARQL Query Results XML); triples as ``turtle``,
``jsonld`` (compacted with the published context, inlined) or ``nt``.
"""
import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from .errors import UsageError
from .i18n import _
from .jsonld import context, jsonld
from .output import format_table, to_json
from .vocab import XSD, compact, prefixes, ubigeos_of

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

SOLUTION_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "jsonld", "nt")
FORMATS = SOLUTION_FORMATS + GRAPH_FORMATS
_NUMBERS = {f"{XSD}{name}" for name in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
_XSD_STRING = f"{XSD}string"


@dataclass(frozen=True)
class QueryResult:
    """The answer to a query: ``form`` is ``select`` (``variables``, ``rows``), ``ask`` (``boolean``) or ``graph``
    (``triples``, sorted so that equal graphs compare equal)."""

    form: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()

    @classmethod
    def from_oxigraph(cls, result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> "QueryResult":
        """Materializes a pyoxigraph result (from the embedded store or parsed from a remote answer)."""
        if isinstance(result, ox.QueryBoolean):
            return cls("ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = tuple(v.value for v in result.variables)
            return cls("select", names, tuple(tuple(solution[n] for n in names) for solution in result))
        return cls.from_triples(result)

    @classmethod
    def from_triples(cls, triples) -> "QueryResult":
        """A graph result from any iterable of triples (or of quads, whose graph name is dropped)."""
        plain = {t.triple if isinstance(t, ox.Quad) else t for t in triples}
        return cls("graph", triples=tuple(sorted(plain, key=str)))


def serialize(result: QueryResult, fmt: str) -> str:
    """``result`` in format ``fmt`` (see :data:`FORMATS`); ``table`` shows a graph result as Turtle."""
    if result.form == "graph":
        if fmt not in GRAPH_FORMATS + ("table",):
            raise UsageError(_("format {format!r} is for SELECT and ASK results; CONSTRUCT/DESCRIBE give {formats}")
                             .format(format=fmt, formats=", ".join(GRAPH_FORMATS)))
        return _graph(result.triples, "turtle" if fmt == "table" else fmt)
    if fmt not in SOLUTION_FORMATS:
        raise UsageError(_("format {format!r} is for CONSTRUCT/DESCRIBE results; SELECT and ASK give {formats}")
                         .format(format=fmt, formats=", ".join(SOLUTION_FORMATS)))
    if result.form == "ask":
        return _boolean(result.boolean, fmt)
    return {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml}[fmt](result)


def short_name(iri: str, context: Iterable[str] | None = None) -> str:
    """``unidad:gm`` for an IRI in one of the project's namespaces, else ``<iri>``; ``context`` as in
    :func:`~pozuzo_kg.vocab.compact`."""
    return compact(iri, context) or f"<{iri}>"


def _municipalities(terms: Iterable[Term | None]) -> set[str]:
    """The municipalities whose resources the terms name: the context of their short names."""
    return ubigeos_of(term.value for term in terms if isinstance(term, ox.NamedNode))


def _cell(term: Term | None, context: set[str] | None = None) -> object:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return short_name(term.value, context)
    if isinstance(term, ox.Literal):
        if term.datatype.value in _NUMBERS and term.value.lstrip("+-").isdigit():
            return int(term.value)
        return term.value
    return str(term)


def _table(result: QueryResult) -> str:
    context = _municipalities(term for row in result.rows for term in row)
    return format_table(result.variables, [[_cell(t, context) for t in row] for row in result.rows])


def _plain(term: Term | None) -> str:
    """A term as SPARQL CSV writes it: IRIs and literals as their plain text, blank nodes as ``_:id``."""
    if term is None:
        return ""
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else str(term)


def _csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    writer.writerows([_plain(t) for t in row] for row in result.rows)
    return buffer.getvalue()


def _tsv(result: QueryResult) -> str:
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")}}
    out: dict[str, object] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _json(result: QueryResult) -> str:
    bindings = [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
    return to_json({"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}})


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        parts = "".join(f"<{k}>{_xml_term(getattr(term, k))}</{k}>" for k in ("subject", "predicate", "object"))
        return f"<triple>{parts}</triple>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != _XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


_XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'


def _xml(result: QueryResult) -> str:
    lines = [_XML_HEAD + "  <head>"]
    lines += [f"    <variable name={quoteattr(v)}/>" for v in result.variables]
    lines += ["  </head>", "  <results>"]
    for row in result.rows:
        lines.append("    <result>")
        lines += [f"      <binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                  for v, t in zip(result.variables, row) if t is not None]
        lines.append("    </result>")
    lines += ["  </results>", "</sparql>"]
    return "\n".join(lines) + "\n"


def _boolean(value: bool | None, fmt: str) -> str:
    text = "true" if value else "false"
    if fmt == "json":
        return to_json({"head": {}, "boolean": bool(value)})
    if fmt == "xml":
        return f"{_XML_HEAD}  <head/>\n  <boolean>{text}</boolean>\n</sparql>\n"
    return text + "\n"


def _graph(triples: tuple[ox.Triple, ...], fmt: str) -> str:
    if fmt == "jsonld":
        return _jsonld(triples)
    triples = _canonical(triples)
    if fmt == "nt":
        return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
    iris = {term.value for t in triples for term in (t.subject, t.predicate, t.object) if isinstance(term, ox.NamedNode)}
    used = {p: ns for p, ns in prefixes(ubigeos_of(iris)).items() if any(iri.startswith(ns) for iri in iris)}
    text = (ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used) or b"").decode("utf-8")
    lines = text.split("\n")
    head = 0
    while head < len(lines) and lines[head].startswith("@prefix"):
        head += 1
    return "\n".join(sorted(lines[:head]) + lines[head:])


def _canonical(triples: tuple[ox.Triple, ...]) -> list[ox.Triple]:
    """The triples sorted, with canonical blank-node labels (rdflib's), so equal graphs give equal text.

    Answers with RDF 1.2 triple terms keep the engine's labels (rdflib cannot read them).
    """
    has_blank = any(isinstance(term, ox.BlankNode) for t in triples for term in (t.subject, t.object))
    if has_blank and not any(isinstance(term, ox.Triple) for t in triples for term in (t.subject, t.object)):
        import rdflib
        from rdflib.compare import to_canonical_graph

        graph = rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", format="nt")
        text = to_canonical_graph(graph).serialize(format="nt")
        triples = tuple(quad.triple for quad in ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
    return sorted(triples, key=str)


def _jsonld(triples: tuple[ox.Triple, ...]) -> str:
    """JSON-LD compacted with the project's published context, inlined (an answer has no ``context.jsonld``
    beside it); blank nodes get canonical labels, so equal graphs give equal text."""
    import rdflib
    from rdflib.compare import to_canonical_graph

    if any(isinstance(term, ox.Triple) for t in triples for term in (t.subject, t.object)):
        raise UsageError(_("JSON-LD cannot express the answer's triple terms (RDF 1.2); use -f turtle or -f nt"))
    graph = rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", format="nt")
    if any(isinstance(term, rdflib.BNode) for triple in graph for term in triple):
        canonical = rdflib.Graph()
        canonical += to_canonical_graph(graph)
        graph = canonical
    answer_context = context(prefixes(_municipalities(term for t in triples for term in (t.subject, t.object))))
    return jsonld(graph, answer_context, answer_context).decode("utf-8")
