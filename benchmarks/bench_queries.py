"""Times every named query on the embedded Oxigraph store against rdflib's in-memory store (baseline, same run).

Run: ``.venv/bin/python benchmarks/bench_queries.py [--repeat N]``. Prints median times in milliseconds and the
ratio rdflib / Oxigraph per query, plus the load time of the project's data and ontology. No assertions.
"""
import argparse
import statistics
import time
from collections.abc import Callable

import rdflib

from pozuzo_kg import load_graph, resources
from pozuzo_kg.output import format_table
from pozuzo_kg.queries import bind, catalogue

PARAMS = {"buscar": {"texto": "planeamiento"}}
"""Values for parameters without a default; the others use the header's default."""


def median_ms(action: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median wall time of ``action`` in milliseconds, and its last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def load_rdflib() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in resources.ontology_files() + resources.data_files():
        graph.parse(path, format="turtle")
    return graph


def size(result: object) -> int:
    """Rows, triples or 1 for a boolean."""
    return 1 if isinstance(result, bool) else len(result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="runs per measurement (default: 15)")
    repeat = parser.parse_args().repeat

    ox_load, kg = median_ms(load_graph, repeat)
    rdflib_load, graph = median_ms(load_rdflib, max(3, repeat // 3))
    rows = [["(carga de datos y ontología)", round(ox_load, 2), round(rdflib_load, 2), round(rdflib_load / ox_load, 1), ""]]
    for name, query in catalogue().items():
        text = bind(query, PARAMS.get(name))
        ox_ms, ox_result = median_ms(lambda: _oxigraph(kg, text), repeat)
        try:
            rdflib_ms, rdflib_result = median_ms(lambda: _rdflib(graph, text), repeat)
        except Exception as error:  # rdflib cannot run every SPARQL 1.1 query: report it, keep measuring
            rows.append([name, round(ox_ms, 3), None, None, f"{size(ox_result)}; rdflib falla: {type(error).__name__}"])
            continue
        same = "sí" if size(ox_result) == size(rdflib_result) else f"no ({size(rdflib_result)})"
        rows.append([name, round(ox_ms, 3), round(rdflib_ms, 3), round(rdflib_ms / ox_ms, 1), f"{size(ox_result)} {same}"])
    print(f"Mediana de {repeat} ejecuciones (ms); razón = rdflib / Oxigraph\n")
    print(format_table(["consulta", "oxigraph_ms", "rdflib_ms", "razón", "filas (iguales)"], rows), end="")
    ratios = [row[3] for row in rows[1:] if row[3] is not None]
    print(f"\nrazón mediana de las consultas: {statistics.median(ratios):.1f}×; carga: {rows[0][3]}×")


def _oxigraph(kg, text: str) -> object:
    import pyoxigraph as ox

    result = kg.query(text)
    return bool(result) if isinstance(result, ox.QueryBoolean) else list(result)


def _rdflib(graph: rdflib.Graph, text: str) -> object:
    result = graph.query(text)
    return bool(result.askAnswer) if result.type == "ASK" else list(result)


if __name__ == "__main__":
    main()
