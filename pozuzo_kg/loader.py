"""The only door for RDF: reads files strictly (format from the extension) into a :class:`KnowledgeGraph`.

Files are parsed with Oxigraph's conformant parsers; any syntax error becomes one :class:`InputError` naming
the file, line and column. Before a parser runs, the file is checked against the input-limits policy
(:mod:`pozuzo_kg.limits`: nesting depth, one literal, entity expansion) by a pre-scan of its syntax
(:mod:`pozuzo_kg.prescan`), so hostile nesting is one line, not a crash or a hang. Nothing is ever fetched from the network: only local paths are accepted, and
JSON-LD contexts named by a relative path are read from disk, those named by a URL are refused
(see :mod:`pozuzo_kg.jsonld_contexts`).
"""
import errno
import re
import stat
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from . import prescan, resources
from .errors import InputError
from .graph import KnowledgeGraph
from .i18n import _
from .limits import Limits, how_to_change, limits_from_environment, size_text
from .search import index_ntriples
from .vocab import ONTOLOGY_GRAPH, SEARCH_GRAPH

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

_XML_ENTITY = re.compile(rb"""<!ENTITY\s+(%\s*)?([^\s%;"'<>]+)\s+(?:"([^"]*)"|'([^']*)')""")
_XML_REFERENCE = re.compile(rb"&([^\s&;#<>]+);")


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF syntax of ``path``, from its extension."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        extension = repr(path.suffix) if path.suffix else _("(no extension)")
        raise InputError(_("{path}: unknown RDF format {extension}; use one of {known}").format(
            path=path, extension=extension, known=known)) from None


def parse_file(path: Path, base_iri: str | None = None, limits: Limits | None = None) -> list[ox.Triple]:
    """The triples of one RDF file, or an :class:`InputError` naming the file and the line of the problem.

    Relative IRIs resolve against ``base_iri`` (default: the file's own ``file:`` URI); ``limits`` (default: the
    policy of the environment, :func:`~pozuzo_kg.limits.limits_from_environment`) bound what the file may hold.
    """
    limits = limits or limits_from_environment()
    if path.is_dir():
        raise InputError(_("{path}: is a directory, not an RDF file").format(path=path))
    fmt = rdf_format(path)
    _check_regular_file(path)
    try:
        data = path.read_bytes().removeprefix(UTF8_BOM)
    except OSError as error:
        raise InputError(_("{path}: cannot read ({reason})").format(path=path, reason=error.strerror)) from None
    check_limits(path, data, fmt, limits)
    if fmt == ox.RdfFormat.JSON_LD:
        from .jsonld_contexts import inline_local_contexts

        data = inline_local_contexts(path, data)
    elif fmt == ox.RdfFormat.RDF_XML:
        _check_entity_expansion(path, data, limits.entity_expansion)
    try:
        triples = [quad.triple for quad in ox.parse(data, format=fmt, base_iri=base_iri or path.resolve().as_uri())]
    except SyntaxError as error:
        raise InputError(_located(path, error)) from None
    except (ValueError, OSError) as error:
        raise InputError(f"{path}: {error}") from None
    except MemoryError as error:
        raise InputError(_("{path}: too large to parse: a single literal or IRI exceeds the parser's limit ({error})")
                         .format(path=path, error=error)) from None
    except RecursionError:
        raise InputError(_("{path}: nested too deeply for the parser ({change})").format(
            path=path, change=how_to_change("depth"))) from None
    if fmt == ox.RdfFormat.JSON_LD and not triples and b'"@' not in data and data.strip() not in (b"{}", b"[]"):
        raise InputError(_("{path}: not JSON-LD: it has no \"@context\" nor any other JSON-LD keyword, so none of it is"
                           " RDF").format(path=path))
    return triples


def _check_regular_file(path: Path) -> None:
    """:class:`InputError` unless ``path`` names a regular file (a symbolic link loop is named as such)."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise InputError(_("{path}: symbolic link loop (the link leads back to itself)").format(path=path)) from None
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            raise InputError(_("{path}: no such file").format(path=path)) from None
        raise InputError(_("{path}: cannot read ({reason})").format(path=path, reason=error.strerror)) from None
    if not stat.S_ISREG(mode):
        raise InputError(_("{path}: not a regular file").format(path=path))


def check_limits(path: Path, data: bytes, fmt: ox.RdfFormat, limits: Limits) -> None:
    """:class:`InputError` at the first place ``data`` (the file ``path`` in syntax ``fmt``) breaks ``limits``.

    Depth and literal length are measured by :func:`pozuzo_kg.prescan.scan`, in time linear in the size of the
    file and before any parser runs. Readers of other inputs (spreadsheets) call it on the text they extract.
    """
    breach = prescan.scan(data, fmt, limits)
    if breach is None:
        return
    line, column = position(data, breach.offset)
    if breach.name == "depth":
        message = _("{path}:{line}:{column}: nested deeper than {limit} levels ({change})")
        if breach.limit < limits.depth:
            message = _("{path}:{line}:{column}: nested deeper than {limit} levels, the most this syntax's parser "
                        "takes safely")
    else:
        message = _("{path}:{line}:{column}: a literal, IRI or text longer than {limit} ({change})")
    raise InputError(message.format(path=path, line=line, column=column, change=how_to_change(breach.name),
                                    limit=breach.limit if breach.name == "depth" else size_text(breach.limit)))


def position(data: bytes, offset: int) -> tuple[int, int]:
    """The line and column (both from 1; the column counts characters) of byte ``offset`` of ``data``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(data[line_start:offset].decode("utf-8", "replace")) + 1


def _check_entity_expansion(path: Path, data: bytes, limit: int) -> None:
    """Refuses RDF/XML whose internal entities would expand beyond ``limit`` bytes, or loop.

    External entities need no check: the parser refuses them and never reads them.
    """
    if b"<!ENTITY" not in data:
        return
    values = {m[2]: m[3] if m[3] is not None else m[4] for m in _XML_ENTITY.finditer(data) if not m[1]}
    references = {name: [r for r in _XML_REFERENCE.findall(value) if r in values] for name, value in values.items()}
    sizes = {name: len(value) for name, value in values.items()}
    for _round in range(len(values) + 1):
        updated = {name: min(len(values[name]) + sum(sizes[r] for r in refs), limit + 1)
                   for name, refs in references.items()}
        if updated == sizes:
            break
        sizes = updated
    else:
        raise InputError(_("{path}: an XML entity refers to itself (directly or through others)").format(path=path))
    expanded = sum(sizes[r] for r in _XML_REFERENCE.findall(data) if r in values)
    if expanded > limit:
        raise InputError(_("{path}: its XML entities would expand to more than {size} (an entity-expansion"
                           " attack?); refused").format(path=path, size=size_text(limit)))


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


def load_graph(data: Sequence[Path | str] | None = None, ontology: Sequence[Path | str] | None = None,
               named: Mapping[str, Sequence[Path | str]] | None = None, *, limits: Limits | None = None) -> KnowledgeGraph:
    """Loads ontology and data into the embedded store, with the search index of both, and returns the
    read-only graph.

    With no ``data`` files, the project's data; with no ``ontology`` files, the project's ontology. ``named``
    maps graph IRIs to files loaded into those named graphs (``serve --named IRI=FILE``). ``limits``: the
    input-limits policy (default: :func:`~pozuzo_kg.limits.limits_from_environment`).
    """
    limits = limits or limits_from_environment()
    data_paths = [Path(p) for p in data] if data else resources.data_files()
    ontology_paths = [Path(p) for p in ontology] if ontology else resources.ontology_files()
    store = ox.Store()
    data_triples = _read_all(data_paths, limits)
    ontology_triples = _read_all(ontology_paths, limits)
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in data_triples)
    graph_name = ox.NamedNode(ONTOLOGY_GRAPH)
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, graph_name) for t in ontology_triples)
    store.load(index_ntriples([*data_triples, *ontology_triples]), format=ox.RdfFormat.N_TRIPLES,
               to_graph=ox.NamedNode(SEARCH_GRAPH))
    for iri, paths in (named or {}).items():
        name = ox.NamedNode(iri)
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in _read_all((Path(p) for p in paths), limits))
    return KnowledgeGraph(store=store, data_files=tuple(data_paths), ontology_files=tuple(ontology_paths))


def _read_all(paths: Iterable[Path], limits: Limits) -> list[ox.Triple]:
    triples: list[ox.Triple] = []
    for path in paths:
        triples.extend(parse_file(path, limits=limits))
    return triples
