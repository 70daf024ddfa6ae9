"""Validation on the embedded store (the dispatcher) against pySHACL alone on the same shapes, at growing sizes.

Graphs are N copies of Pozuzo's data, each copy's own resources re-homed under a fresh UBIGEO code (shared ones,
laws, places and organ types, stay shared), until ``benchmarks/generate.py`` gives realistic national graphs.
Run: ``.venv/bin/python benchmarks/bench_validate.py [--sizes pozuzo,10k,100k] [--repeat 3] [--pyshacl-limit 600]``.
Prints, measured in the same run: seconds per size (median of ``--repeat`` runs, one run from 100k up), pySHACL's
seconds (in a child process stopped at ``--pyshacl-limit``; "stopped" then), the ratio pySHACL / engine, the
growth exponent between consecutive sizes (log of the time ratio over log of the size ratio), and the start-up
of ``pozuzo-kg validate`` on Pozuzo against ``python -c 'import pyshacl'``. Measurements, not tests.
"""
from __future__ import annotations

import argparse
import math
import multiprocessing
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from pozuzo_kg import load_graph
from pozuzo_kg.graph import KnowledgeGraph
from pozuzo_kg.output import format_table
from pozuzo_kg.shacl import fallback
from pozuzo_kg.shacl.data import DataGraph
from pozuzo_kg.validation import read_shapes, shape_set_files, shape_set_names, validate
from pozuzo_kg.vocab import ONTOLOGY_GRAPH, iri, parse_iri

SIZES = {"pozuzo": 1, "10k": 4, "100k": 40, "1m": 400}
"""Size name → copies of Pozuzo's data (2,462 triples each)."""


def replicate(copies: int, folder: Path) -> KnowledgeGraph:
    """Pozuzo's data ``copies`` times (copy ``k`` under UBIGEO ``99000k``), loaded through the loader."""
    original = load_graph()
    triples = list(original.data_triples())

    def rehome(term: ox.NamedNode | ox.BlankNode | ox.Literal, code: str):
        resource = parse_iri(term.value) if isinstance(term, ox.NamedNode) else None
        return ox.NamedNode(iri(resource.kind, resource.id, code)) if resource and resource.ubigeo else term

    path = folder / f"copias-{copies}.nt"
    with path.open("wb") as out:
        ox.serialize(triples, out, format=ox.RdfFormat.N_TRIPLES)
        for copy in range(1, copies):
            code = f"{990000 + copy:06d}"
            ox.serialize((ox.Triple(rehome(t.subject, code), t.predicate, rehome(t.object, code)) for t in triples),
                         out, format=ox.RdfFormat.N_TRIPLES)
    return load_graph([path])


def engine_seconds(graph: KnowledgeGraph, repeat: int) -> float:
    """Median seconds of ``validate`` (all shape sets) on ``graph``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        validate(graph)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _pyshacl_child(graph: KnowledgeGraph, answer) -> None:
    shapes = read_shapes({name: shape_set_files(name) for name in shape_set_names()})
    data = DataGraph.prepare(graph.store, ox.DefaultGraph(), ox.NamedNode(ONTOLOGY_GRAPH))
    data_graph = fallback.rdflib_graph(data.triples(data.graphs[0]))
    ontology, shapes_graph = fallback.rdflib_graph(data.triples(data.graphs[1])), fallback.rdflib_graph(shapes.triples)
    start = time.perf_counter()
    fallback.run_pyshacl(data_graph, shapes_graph, ontology)
    answer.send(time.perf_counter() - start)


def pyshacl_seconds(graph: KnowledgeGraph, limit: float) -> float | None:
    """Seconds of pySHACL alone on the same shapes and data (rdflib copies built beforehand, not timed), or
    ``None`` when it had not finished after ``limit`` seconds."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_pyshacl_child, args=(graph, send))
    child.start()
    finished = receive.poll(limit)
    seconds = receive.recv() if finished else None
    child.kill()
    child.join()
    return seconds


def startup(repeat: int) -> tuple[float, float]:
    """Median seconds of ``python -c 'import pyshacl'`` and of ``pozuzo-kg validate`` on Pozuzo (new processes)."""
    def median(command: list[str]) -> float:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    return median([sys.executable, "-c", "import pyshacl"]), median([sys.executable, "-m", "pozuzo_kg", "validate"])


def exponent(small: tuple[int, float | None], large: tuple[int, float | None]) -> str:
    """The growth exponent between two (size, seconds) points, or ``—``."""
    (n1, t1), (n2, t2) = small, large
    if t1 is None or t2 is None or t1 <= 0 or n2 == n1:
        return "—"
    return f"{math.log(t2 / t1) / math.log(n2 / n1):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="pozuzo,10k,100k", help="comma-separated sizes of " + ", ".join(SIZES))
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement below 100k (default: 3)")
    parser.add_argument("--pyshacl-limit", type=float, default=600, help="seconds pySHACL may take (default: 600)")
    args = parser.parse_args()
    rows, points, reference = [], [], []
    with tempfile.TemporaryDirectory() as scratch:
        for name in args.sizes.split(","):
            graph = replicate(SIZES[name], Path(scratch))
            size = graph.data_size()
            runs = args.repeat if size < 100_000 else 1
            mine = engine_seconds(graph, runs)
            theirs = pyshacl_seconds(graph, args.pyshacl_limit) if not reference or reference[-1][1] else None
            points.append((size, mine))
            reference.append((size, theirs))
            rows.append([name, size, f"{mine:.2f}",
                         f"{theirs:.2f}" if theirs is not None else f"stopped (> {args.pyshacl_limit:.0f})",
                         f"{theirs / mine:.1f}" if theirs is not None else "—",
                         exponent(points[-2], points[-1]) if len(points) > 1 else "—",
                         exponent(reference[-2], reference[-1]) if len(reference) > 1 else "—"])
            print(f"{name}: {size} triples, engine {mine:.2f} s", file=sys.stderr, flush=True)
    print(format_table(["size", "triples", "engine s", "pySHACL s", "pySHACL / engine", "exponent (engine)",
                        "exponent (pySHACL)"], rows), end="")
    base, command = startup(args.repeat)
    print(f"\nstart-up on Pozuzo: python -c 'import pyshacl' {base:.2f} s; pozuzo-kg validate {command:.2f} s "
          f"({command / base:.1f}x)")


if __name__ == "__main__":
    main()
