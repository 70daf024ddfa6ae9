"""Shared fixtures: the project's graph (loaded once) and the source documents."""
from pathlib import Path

import pytest

from pozuzo_kg import KnowledgeGraph, load_graph

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
DOC_ORGANIZACION = "000_b36cf66eb0458a2d.txt"
DOC_GERENCIA = "002_8b167db4ead62e6c.txt"


@pytest.fixture(scope="session")
def kg() -> KnowledgeGraph:
    """The project's knowledge graph (ontology + data), loaded once per test session."""
    return load_graph()


@pytest.fixture(scope="session")
def seed_lines() -> dict[str, list[str]]:
    """Lines of each source document, by file name (line N is index N-1)."""
    return {name: (SEEDS / name).read_text(encoding="utf-8").split("\n") for name in (DOC_ORGANIZACION, DOC_GERENCIA)}


def select(kg: KnowledgeGraph, sparql: str, **bindings: str | tuple[str, str]) -> list[dict[str, str]]:
    """Runs a SELECT (bound variables must be projected) and returns rows of plain string values.

    A binding is an IRI string, or a ``(text, language)`` pair for a language-tagged literal.
    """
    import pyoxigraph as ox

    terms = {k: ox.Literal(v[0], language=v[1]) if isinstance(v, tuple) else ox.NamedNode(v) for k, v in bindings.items()}
    result = kg.query(sparql, terms)
    names = [v.value for v in result.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in result]


@pytest.fixture
def url_trap():
    """A loopback HTTP server that records every request (answering 200): tests assert nothing was fetched.

    Yields ``(base_url, requests)``; ``requests`` lists the paths asked for.
    """
    import http.server
    import threading

    requests: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"secreto")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
