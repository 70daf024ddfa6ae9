"""Throughput of ``pozuzo-kg serve`` against ``oxigraph serve-read-only`` on the same data, in the same run.

Run: ``.venv/bin/python benchmarks/bench_serve.py [--seconds S] [--connections N] [--triples N]``. Needs Debian's
``wrk`` (the load client, in C, so the client is not the bottleneck) and the ``oxigraph`` server (PyPI
``oxigraph``, in the test extra). For each graph (Pozuzo, and a synthetic graph of Pozuzo's shape grown to about
100k triples) and each mode, ``wrk`` sends the interactive named queries (GET ``/sparql?query=``, parameters at
their defaults, ``buscar`` with ``texto=planeamiento``; those Oxigraph answers in under ``--light-ms`` on that
graph, the rest are listed as left out: on the 100k graph a few take seconds on either server and would measure
only the engine) round-robin from N concurrent connections for S seconds to each server, and the table gives
requests/s, p50 and p99 latency and the ratio pozuzo-kg / Oxigraph. Modes: ``cached`` (the
answer cache on, as served by default) and ``uncached`` (``--setting cache_entries=0``: every request
evaluated). Oxigraph has no answer cache: it evaluates every request in both modes. Loopback only; no
assertions.
"""
from __future__ import annotations

import argparse
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from pozuzo_kg import load_graph, resources
from pozuzo_kg.output import format_table
from pozuzo_kg.queries import bind, catalogue
from pozuzo_kg.vocab import ID_BASE

PARAMS = {"buscar": {"texto": "planeamiento"}}
ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited early: {url}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server never answered: {url}")


def synthetic_graph(folder: Path, triples: int) -> Path:
    """Pozuzo's data plus generated units under the Gerencia Municipal (labels es/en, description, parent,
    organ type, two functions each), up to about ``triples`` triples, as N-Triples."""
    graph = load_graph()
    lines = graph.to_ntriples("data").decode().splitlines()
    org, skos, pzo = "http://www.w3.org/ns/org#", "http://www.w3.org/2004/02/skos/core#", "https://w3id.org/pozuzo-kg/ontologia#"
    own = f"{ID_BASE}190305/"
    number = 0
    while len(lines) < triples:
        number += 1
        unit = f"<{own}unidad/s{number:05d}>"
        parent = f"<{own}unidad/s{number // 10:05d}>" if number >= 10 else f"<{own}unidad/gm>"
        lines += [
            f"{unit} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{org}OrganizationalUnit> .",
            f'{unit} <{skos}prefLabel> "Subgerencia sintética {number}"@es .',
            f'{unit} <{skos}prefLabel> "Synthetic sub-office {number}"@en .',
            f'{unit} <http://purl.org/dc/terms/description> "Unidad generada para medir el servidor ({number})."@es .',
            f"{unit} <{org}subOrganizationOf> {parent} .",
            f"{unit} <{org}unitOf> <{own}organizacion/municipalidad> .",
            f"{unit} <{org}classification> <{ID_BASE}tipo-organo/linea> .",
        ]
        for part in (1, 2):
            function = f"<{own}funcion/s{number:05d}-{part}>"
            lines += [f"{unit} <{pzo}hasFunction> {function} .",
                      f"{function} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{pzo}Function> .",
                      f'{function} <{skos}prefLabel> "Función {part} de la subgerencia {number}"@es .']
    path = folder / "sintetico.nt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def query_paths(municipalities: tuple[str, ...]) -> dict[str, str]:
    return {name: f"/PATH?query={quote(bind(q, PARAMS.get(name), municipalities))}" for name, q in catalogue().items()}


def start_pozuzo(data: list[Path], port: int, cached: bool) -> subprocess.Popen:
    args = [str(BIN / "pozuzo-kg"), "serve", *map(str, data), "--port", str(port), "--allow-unisolated",
            "--no-access-log", "--setting", "max_returned_rows=1000000"]  # whole answers, as Oxigraph gives
    if not cached:
        args += ["--setting", "cache_entries=0"]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(f"http://127.0.0.1:{port}/health", process)
    return process


def start_oxigraph(location: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen([str(BIN / "oxigraph"), "serve-read-only", "--location", str(location), "--bind",
                                f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", process)
    return process


def wrk(base: str, paths: list[str], seconds: int, connections: int, folder: Path) -> dict[str, float]:
    """requests/s, p50 and p99 (ms) and non-2xx answers of ``wrk`` cycling through ``paths``."""
    script = folder / "rotar.lua"
    listed = ",\n".join(f'  "{p}"' for p in paths)
    script.write_text(f"paths = {{\n{listed}\n}}\ni = 0\nrequest = function()\n  i = i + 1\n"
                      f'  return wrk.format("GET", paths[(i % #paths) + 1], {{["Accept"] = "{ACCEPT}"}})\nend\n')
    done = subprocess.run(["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency",
                           "-s", str(script), base], capture_output=True, text=True, check=True)
    out = done.stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1)),
            "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
            "errors": int(errors.group(1)) if errors else 0}


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def compare(pozuzo: str, oxigraph: str, paths: dict[str, str]) -> tuple[dict[str, float], list[str]]:
    """Each query's time on Oxigraph (ms, one request), and the queries whose answers differ in lines (TSV or
    N-Triples) between the two servers."""
    timings, different = {}, []
    for name, path in paths.items():
        sizes = []
        for base in (pozuzo + path.replace("/PATH", "/sparql"), oxigraph + path.replace("/PATH", "/query")):
            request = urllib.request.Request(base, headers={"Accept": "text/tab-separated-values, application/n-triples;q=0.9"})
            start = time.perf_counter()
            with urllib.request.urlopen(request, timeout=120) as response:
                sizes.append(len(response.read().splitlines()))
            timings[name] = (time.perf_counter() - start) * 1000
        if sizes[0] != sizes[1]:
            different.append(f"{name} ({sizes[0]} vs {sizes[1]} lines)")
    return timings, different


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="seconds of load per measurement (default: 10)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent clients (default: 8)")
    parser.add_argument("--triples", type=int, default=100_000, help="size of the synthetic graph (default: 100000)")
    parser.add_argument("--light-ms", type=float, default=100, help="queries slower than this on Oxigraph are left"
                                                                      " out of the load (default: 100)")
    args = parser.parse_args()
    for tool in ("wrk",):
        if not shutil.which(tool):
            raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    rows, left_out = [], {}
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        folder = Path(tmp)
        graphs = {"Pozuzo": resources.data_files(), f"sintético ({args.triples // 1000}k)":
                  [synthetic_graph(folder, args.triples)]}
        for label, data in graphs.items():
            location = folder / f"oxigraph-{len(rows)}"
            for path in [*data, *resources.ontology_files()]:
                subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(path)],
                               check=True, capture_output=True)
            graph = load_graph(data)
            paths = query_paths(graph.municipalities)
            size = graph.data_size() + graph.ontology_size()
            oxigraph_port = free_port()
            oxigraph = start_oxigraph(location, oxigraph_port)
            try:
                for mode, cached in (("cached", True), ("uncached", False)):
                    port = free_port()
                    ours = start_pozuzo(data, port, cached)
                    try:
                        pozuzo_base, oxigraph_base = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{oxigraph_port}"
                        if mode == "cached":
                            timings, different = compare(pozuzo_base, oxigraph_base, paths)
                            if different:
                                print(f"{label}: answers differ: {', '.join(different)}", file=sys.stderr)
                            light = [name for name in paths if timings[name] < args.light_ms]
                            left_out[label] = [f"{n} ({timings[n]:.0f} ms)" for n in paths if n not in light]
                        ours_paths = [paths[n].replace("/PATH", "/sparql") for n in light]
                        theirs_paths = [paths[n].replace("/PATH", "/query") for n in light]
                        mine = wrk(pozuzo_base, ours_paths, args.seconds, args.connections, folder)
                        base = wrk(oxigraph_base, theirs_paths, args.seconds, args.connections, folder)
                    finally:
                        ours.terminate()
                        ours.wait(30)
                    rows.append([f"{label}, {size} triples", f"{mode}, {len(light)} queries", round(mine["rps"]), mine["p50"], mine["p99"],
                                 round(base["rps"]), base["p50"], base["p99"], f"{mine['rps'] / base['rps']:.2f}x",
                                 mine["errors"] + base["errors"]])
            finally:
                oxigraph.terminate()
                oxigraph.wait(30)
    print(f"{args.connections} connections (wrk), {args.seconds} s each, the named queries round-robin")
    for label, names in left_out.items():
        print(f"left out on {label} (slower than {args.light_ms:g} ms on Oxigraph): {', '.join(names) or 'none'}")
    print(format_table(["graph", "mode", "pozuzo-kg req/s", "p50 ms", "p99 ms", "Oxigraph req/s", "p50 ms",
                        "p99 ms", "ratio", "non-2xx"], rows))


if __name__ == "__main__":
    main()
