"""A bounded load test of ``pozuzo-kg serve`` on loopback (issue 13 item 5): a fixed number of requests from
concurrent clients mixing named queries, slow queries, malformed and hostile ones.

It reports throughput, p50/p99 and the answers by status (printed with the run's reliability figures), and
asserts what must hold under load: no 5xx but 503 (saturation), every refusal one clean sentence, no worker
left running once the load stops, and the server's memory back near where it started. No timing is asserted.
"""
import json
import statistics
import threading
import time
import urllib.parse
from collections import Counter

import pytest

from .serving import request, start

CLIENTS = 8
REQUESTS = 240
SLOW = "SELECT (COUNT(DISTINCT CONCAT(STR(?a), STR(?d))) AS ?n) WHERE { ?a ?b ?c . ?d a ?t }"
"""About a second of work: past the 2 s deadline under load, yet it ends (a runaway query would keep its thread
until the isolated workers of issue 12 land, as the endpoint's README says)."""
MIX = [
    ("named", "GET", "consultas/jerarquia", None, {"Accept": "application/sparql-results+json"}),
    ("named", "GET", "consultas/cadena-de-mando?unidad=gidur", None, {"Accept": "text/csv"}),
    ("own", "POST", "sparql", b"SELECT ?u WHERE { ?u a org:OrganizationalUnit } ORDER BY ?u",
     {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}),
    ("slow", "GET", "sparql?timeout=1&query=" + urllib.parse.quote(SLOW), None, {}),
    ("malformed", "GET", "sparql?query=" + urllib.parse.quote("SELEC * WHERE {"), None, {}),
    ("hostile", "GET", "sparql?query=" + urllib.parse.quote("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"), None, {}),
    ("hostile", "POST", "sparql", b"update=" + urllib.parse.quote("DROP ALL").encode(),
     {"Content-Type": "application/x-www-form-urlencoded"}),
    ("hostile", "GET", "sparql?query=" + urllib.parse.quote("ASK {" + "{" * 3000 + "}" * 3000 + "}"), None, {}),
    ("hostile", "GET", "sparql?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }"), None, {"Accept": "image/png"}),
]


def resident_kib(pid: int) -> int:
    for line in open(f"/proc/{pid}/status", encoding="ascii"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


@pytest.fixture(scope="module")
def loaded_server():
    running = start("--workers", "2", "--setting", "query_timeout=2", "--setting", "cache_entries=0")
    yield running
    running.stop()


def test_a_bounded_mixed_load(loaded_server, reliability_figures):
    base = loaded_server.url
    for kind, method, path, body, headers in MIX:  # warm up: each kind once
        request(base + path, method, body, headers)
    memory_before = resident_kib(loaded_server.process.pid)
    results: list[tuple[str, int, float, bytes, str]] = []
    lock = threading.Lock()
    counter = iter(range(REQUESTS))

    def client() -> None:
        while True:
            with lock:
                number = next(counter, None)
            if number is None:
                return
            kind, method, path, body, headers = MIX[number % len(MIX)]
            started = time.monotonic()
            reply = request(base + path, method, body, headers, timeout=60)
            with lock:
                results.append((kind, reply.status, time.monotonic() - started, reply.body,
                                reply.headers.get("content-type", "")))

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    statuses = Counter(status for _kind, status, _s, _b, _t in results)
    assert len(results) == REQUESTS
    unanswered = [kind for kind, status, _s, _b, _t in results if status == 0]
    assert unanswered == [], unanswered  # no connection dropped without an answer
    assert not [s for s in statuses if s >= 500 and s != 503], statuses
    for kind, status, _seconds, body, media_type in results:
        if status >= 400:
            text = body.decode("utf-8", "replace")
            assert media_type.startswith("text/plain") and text.count("\n") == 1 and "Traceback" not in text, text
        if kind in ("named", "own"):
            assert status in (200, 503), (kind, status)
        if kind in ("malformed", "hostile"):
            assert 400 <= status < 500 or status == 503, (kind, status)

    for _ in range(300):  # every worker free again once the slow queries end
        health = json.loads(request(base + "health").body)
        if health["running"] == 0:
            break
        time.sleep(0.1)
    assert health["running"] == 0
    assert request(base + "consultas/jerarquia").status == 200
    memory_after = resident_kib(loaded_server.process.pid)
    assert memory_after < memory_before + 200 * 1024, (memory_before, memory_after)  # KiB: back near its start

    latencies = sorted(seconds for _k, _s, seconds, _b, _t in results)
    p50, p99 = statistics.median(latencies), latencies[int(len(latencies) * 0.99) - 1]
    reliability_figures("serve_load", requests=REQUESTS, clients=CLIENTS, held=REQUESTS,
                        throughput=round(REQUESTS / elapsed, 1), p50_ms=round(p50 * 1000, 1),
                        p99_ms=round(p99 * 1000, 1), statuses=dict(sorted((str(k), v) for k, v in statuses.items())),
                        memory_kib=[memory_before, memory_after])
