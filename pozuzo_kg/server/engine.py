"""The one place where the endpoint runs a query: an adapter in front of the toolkit's execution path.

:func:`evaluate` is the work (run the query on the store with the request's dataset, cap the rows, serialize
with pyoxigraph's own serializers); :class:`Engine` decides where it runs, with a deadline, behind the fair
:class:`~.admission.Admission` gate. Every query the server answers goes through :meth:`Engine.run`.

Until ``pozuzo_kg.execution`` (isolated worker processes with real deadlines) is on main, the work runs in a
thread pool: the deadline ends the wait and frees the request, but not the evaluation, and nothing isolates
the engine from the network, so :func:`isolation_available` says no and ``serve`` refuses to start unless the
operator passes :data:`UNISOLATED_FLAG`. Switching to the execution module changes only this file.
"""
from __future__ import annotations

import asyncio
import functools
import io
import queue
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from .. import sparql_syntax
from ..errors import QueryError
from ..i18n import _
from ..graph import query_graphs
from .admission import Admission, Busy
from .negotiation import Format
from .settings import UNISOLATED_FLAG, Settings

__all__ = ["Answer", "Busy", "Dataset", "Engine", "QueryFailed", "QueryTimeout", "UNISOLATED_FLAG",
           "evaluate", "isolation_available"]


def isolation_available() -> bool:
    """Whether queries run isolated from the network (not in the interim thread pool)."""
    return False


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset a request names (SPARQL Protocol ``default-graph-uri``/``named-graph-uri``).

    Both empty: the server's default, the data and the ontology as one default graph and every named graph
    available to ``GRAPH`` (or the graphs the query picks itself with ``FROM``/``FROM NAMED``).
    """

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @property
    def is_default(self) -> bool:
        return not self.default_graphs and not self.named_graphs


@dataclass(frozen=True)
class Answer:
    """A serialized answer: the query ``form`` (``select``, ``ask``, ``graph``), its bytes, and whether the rows
    were cut at the ``max_returned_rows`` limit."""

    form: str
    body: bytes
    truncated: bool = False


class QueryFailed(Exception):
    """The query is invalid, refused or failed (HTTP 400); the message is one sentence for the client."""


class QueryTimeout(Exception):
    """The query ran past its deadline."""


class _Full(Exception):
    """Raised by :class:`_RowSink` to stop the serializer once the row limit is passed."""


class _RowSink(io.RawIOBase):
    """Keeps at most ``lines`` lines of TSV (the header and one line per solution) and ``max_bytes`` bytes."""

    def __init__(self, lines: int, max_bytes: int) -> None:
        super().__init__()
        self.lines, self.max_bytes = lines, max_bytes
        self.parts: list[bytes] = []
        self.size = self.count = 0
        self.truncated = self.too_large = False

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[override]
        chunk = bytes(data)
        newlines = chunk.count(b"\n")
        if self.count + newlines > self.lines:
            cut = -1
            for _i in range(self.lines - self.count):
                cut = chunk.index(b"\n", cut + 1)
            chunk, self.truncated = chunk[:cut + 1], True
        self.count += chunk.count(b"\n")
        self.size += len(chunk)
        if self.size > self.max_bytes:
            self.too_large = True
            raise _Full
        self.parts.append(chunk)
        if self.truncated:
            raise _Full
        return len(data)


def evaluate(store: ox.Store, text: str, dataset: Dataset, fmt: Format, max_rows: int, max_bytes: int, *,
             prefixes: Mapping[str, str], base_iri: str | None = None) -> Answer:
    """Runs ``text`` on ``store`` and serializes the answer in ``fmt``, with pyoxigraph's serializers.

    ``prefixes`` are predeclared (the graph's); relative IRIs resolve against ``base_iri`` (the endpoint's URL).
    At most ``max_rows`` solutions (or triples) are kept; :class:`QueryFailed` for an invalid or refused query
    (SERVICE, updates) or an answer over ``max_bytes``.
    """
    try:
        sparql_syntax.check(text, prefixes, base_iri)
        result = store.query(text, prefixes=dict(prefixes), base_iri=base_iri, **_dataset_arguments(text, dataset))
    except QueryError as error:
        raise QueryFailed(str(error)) from None
    except SyntaxError as error:
        raise QueryFailed(" ".join(str(error).split())) from None
    except (ValueError, OSError, RuntimeError) as error:
        raise QueryFailed(_("query failed: {reason}").format(reason=" ".join(str(error).split()))) from None
    try:
        return _serialize(result, fmt, max_rows, max_bytes, prefixes)
    except (ValueError, OSError, RuntimeError) as error:
        raise QueryFailed(_("query failed: {reason}").format(reason=" ".join(str(error).split()))) from None


def _dataset_arguments(text: str, dataset: Dataset) -> dict[str, object]:
    if dataset.is_default:
        if sparql_syntax.has_dataset_clause(text):
            return {}
        return {"default_graph": query_graphs()}
    return {"default_graph": [ox.NamedNode(iri) for iri in dataset.default_graphs],
            "named_graphs": [ox.NamedNode(iri) for iri in dataset.named_graphs]}


def _serialize(result, fmt: Format, max_rows: int, max_bytes: int, prefixes: Mapping[str, str]) -> Answer:
    if isinstance(result, ox.QueryBoolean):
        return Answer("ask", result.serialize(format=fmt.oxigraph))
    if isinstance(result, ox.QuerySolutions):
        sink = _RowSink(max_rows + 1, max_bytes)
        try:
            result.serialize(sink, format=ox.QueryResultsFormat.TSV)
        except _Full:
            pass
        if sink.too_large:
            raise _too_large(max_bytes)
        tsv = b"".join(sink.parts)
        if fmt.oxigraph != ox.QueryResultsFormat.TSV:
            tsv = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(format=fmt.oxigraph)
        return Answer("select", tsv, sink.truncated)
    triples = list(islice(result, max_rows + 1))
    truncated = len(triples) > max_rows
    body = ox.serialize(triples[:max_rows], format=fmt.oxigraph, **_used(prefixes, triples, fmt)) or b""
    if len(body) > max_bytes:
        raise _too_large(max_bytes)
    return Answer("graph", body, truncated)


def _used(prefixes: Mapping[str, str], triples: Sequence[ox.Triple], fmt: Format) -> dict[str, object]:
    """The graph's prefixes the triples use, for Turtle (other formats take none)."""
    if fmt.oxigraph != ox.RdfFormat.TURTLE:
        return {}
    iris = {term.value for t in triples for term in (t.subject, t.predicate, t.object) if isinstance(term, ox.NamedNode)}
    return {"prefixes": {p: ns for p, ns in sorted(prefixes.items()) if any(i.startswith(ns) for i in iris)}}


def _too_large(max_bytes: int) -> QueryFailed:
    return QueryFailed(_("the answer is larger than {size} bytes (the max_result_bytes setting); ask for fewer rows"
                         " with LIMIT").format(size=max_bytes))


class Engine:
    """Runs queries on a read-only store: at most ``settings.workers`` at once, fairly shared between clients."""

    def __init__(self, store: ox.Store, settings: Settings, prefixes: Mapping[str, str]) -> None:
        self.store = store
        self.settings = settings
        self.prefixes = dict(prefixes)
        self.admission = Admission(settings.workers, settings.client_share, settings.max_queued_queries,
                                   settings.queue_timeout)
        self._pool: ThreadPoolExecutor | None = None

    def start(self) -> None:
        """Starts the workers (call once, before the first query)."""
        self._pool = _DaemonPool(self.settings.workers)

    def stop(self) -> None:
        """Stops the workers; queries still running are abandoned (their threads do not keep the process alive)."""
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    async def run(self, text: str, dataset: Dataset, fmt: Format, *, client: str, timeout: float,
                  base_iri: str | None = None) -> Answer:
        """The answer to ``text``; :class:`Busy`, :class:`QueryTimeout` or :class:`QueryFailed` otherwise."""
        if self._pool is None:
            self.start()  # mounted in another application, whose lifespan does not start it
        await self.admission.acquire(client)
        future = self._pool.submit(functools.partial(
            evaluate, self.store, text, dataset, fmt, self.settings.max_returned_rows, self.settings.max_result_bytes,
            prefixes=self.prefixes, base_iri=base_iri))
        loop = asyncio.get_running_loop()
        # The worker is freed when the evaluation ends, not when the request gives up on it.
        future.add_done_callback(lambda _f: _call_soon(loop, self.admission.release, client))
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout)
        except asyncio.TimeoutError:
            raise QueryTimeout from None


class _DaemonPool:
    """A fixed set of daemon threads taking work from one queue (a thread stuck in a query never blocks exit)."""

    def __init__(self, size: int) -> None:
        self._work: queue.SimpleQueue = queue.SimpleQueue()
        for number in range(size):
            threading.Thread(target=self._serve, name=f"pozuzo-kg-query-{number}", daemon=True).start()
        self._size = size

    def _serve(self) -> None:
        while (item := self._work.get()) is not None:
            future, function, args = item
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(function(*args))
                except BaseException as problem:  # handed to the waiting request, which maps it to a response
                    future.set_exception(problem)

    def submit(self, function, *args) -> Future:
        future: Future = Future()
        self._work.put((future, function, args))
        return future

    def shutdown(self) -> None:
        for _number in range(self._size):
            self._work.put(None)


def _call_soon(loop: asyncio.AbstractEventLoop, callback, *args: object) -> None:
    """Schedules ``callback`` on ``loop`` from a worker thread (nothing to do once the loop has closed)."""
    try:
        loop.call_soon_threadsafe(callback, *args)
    except RuntimeError:
        pass
