"""The only door for RDF: reads files strictly (format from the extension) into a :class:`KnowledgeGraph`.

Files are parsed with Oxigraph's conformant parsers; any syntax error becomes one :class:`InputError` naming
the file, line and column. Nothing is ever fetched from the network: only local paths are accepted, and
JSON-LD contexts named by a relative path are read from disk, those named by a URL are refused
(see :mod:`pozuzo_kg.jsonld_contexts`).
"""
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from . import resources
from .errors import InputError
from .graph import KnowledgeGraph
from .vocab import ONTOLOGY_GRAPH

FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
}
"""RDF syntaxes by file extension. Quads of TriG/N-Quads files are read into the one default graph."""

UTF8_BOM = b"\xef\xbb\xbf"
"""A byte-order mark some editors put at the start of UTF-8 files; it is dropped before parsing."""


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF syntax of ``path``, from its extension."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise InputError(f"{path}: unknown RDF format {path.suffix or '(no extension)'!r}; use one of {known}") from None


def parse_file(path: Path, base_iri: str | None = None) -> list[ox.Triple]:
    """The triples of one RDF file, or an :class:`InputError` naming the file and the line of the problem.

    Relative IRIs resolve against ``base_iri`` (default: the file's own ``file:`` URI).
    """
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not an RDF file")
    fmt = rdf_format(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file" if not path.exists() else f"{path}: not a regular file")
    try:
        data = path.read_bytes().removeprefix(UTF8_BOM)
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None
    if fmt == ox.RdfFormat.JSON_LD:
        from .jsonld_contexts import inline_local_contexts

        data = inline_local_contexts(path, data)
    try:
        return [quad.triple for quad in ox.parse(data, format=fmt, base_iri=base_iri or path.resolve().as_uri())]
    except SyntaxError as error:
        raise InputError(_located(path, error)) from None
    except (ValueError, OSError) as error:
        raise InputError(f"{path}: {error}") from None


def _located(path: Path, error: SyntaxError) -> str:
    """``file:line:column: message`` from an Oxigraph syntax error."""
    message = error.msg or str(error)
    if error.lineno:
        return f"{path}:{error.lineno}:{error.offset or 0}: {_strip_position(message)}"
    return f"{path}: {message}"


def _strip_position(message: str) -> str:
    """Drops Oxigraph's own 'Parser error between line … and line …:' prefix, as the position is given apart."""
    head, sep, rest = message.partition(": ")
    return rest if sep and head.startswith("Parser error") else message


def load_graph(data: Sequence[Path | str] | None = None, ontology: Sequence[Path | str] | None = None) -> KnowledgeGraph:
    """Loads ontology and data into the embedded store and returns the read-only graph.

    With no ``data`` files, the project's data; with no ``ontology`` files, the project's ontology.
    """
    data_paths = [Path(p) for p in data] if data else resources.data_files()
    ontology_paths = [Path(p) for p in ontology] if ontology else resources.ontology_files()
    store = ox.Store()
    data_triples = _read_all(data_paths)
    ontology_triples = _read_all(ontology_paths)
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in data_triples)
    graph_name = ox.NamedNode(ONTOLOGY_GRAPH)
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, graph_name) for t in ontology_triples)
    return KnowledgeGraph(store=store, data_files=tuple(data_paths), ontology_files=tuple(ontology_paths))


def _read_all(paths: Iterable[Path]) -> list[ox.Triple]:
    triples: list[ox.Triple] = []
    for path in paths:
        triples.extend(parse_file(path))
    return triples
