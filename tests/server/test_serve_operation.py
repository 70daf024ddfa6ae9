"""Running the server as an operator does: what it refuses to start with, behind a proxy (base path, X-Forwarded-*
from trusted proxies only), CORS only when asked, a redactable access log, a graceful stop."""
import socket
import subprocess
from urllib.parse import quote

import pyoxigraph as ox
import pytest

from .serving import COMMAND, request, spanish_environment, start

SD_ENDPOINT = "http://www.w3.org/ns/sparql-service-description#endpoint"


def serve(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(COMMAND), "serve", *args], capture_output=True, text=True, timeout=60,
                          env=spanish_environment(), stdin=subprocess.DEVNULL)


@pytest.mark.parametrize(("args", "says"), [
    (["--host", "0.0.0.0", "--allow-unisolated"], "--host 0.0.0.0 dejaría consultar el servidor desde otras máquinas"),
    (["--setting", "query_timeout=0", "--allow-unisolated"], "ajuste query_timeout='0': se esperaba un número positivo"),
    (["--setting", "sql_time_limit_ms=10", "--allow-unisolated"], "ajuste desconocido 'sql_time_limit_ms'"),
    (["--named", "no-es-iri=datos.ttl", "--allow-unisolated"], "--named 'no-es-iri=datos.ttl'"),
    (["--base-path", "grafo", "--allow-unisolated"], "--base-path 'grafo'"),
    (["--port", "70000", "--allow-unisolated"], "--port 70000"),
])
def test_what_cannot_work_is_one_line_and_exit_2(args, says):
    done = serve(*args)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and says in done.stderr, done.stderr


def test_a_port_in_use_is_one_line_and_exit_2():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = serve("--port", str(port), "--allow-unisolated")
    assert done.returncode == 2
    assert f"no se puede escuchar en 127.0.0.1:{port}" in done.stderr and "Traceback" not in done.stderr


def test_without_isolation_serve_refuses_unless_the_operator_says_so():
    from pozuzo_kg.server.engine import isolation_available

    if isolation_available():
        running = start()
        assert not any("sin aislamiento" in line for line in running.log)
        running.stop()
        return
    done = serve("--port", "0")
    assert done.returncode == 2
    assert "las consultas no pueden aislarse de la red; pase --allow-unisolated" in done.stderr


@pytest.fixture(scope="module")
def proxied():
    """Behind a proxy at /grafo, letting one portal's pages query it, with the query text kept out of the log."""
    running = start("--base-path", "/grafo", "--cors", "https://portal.example", "--redact-queries")
    yield running
    running.stop()


def _endpoint(reply) -> str:
    triples = [q.triple for q in ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES)]
    return next(t.object.value for t in triples if t.predicate.value == SD_ENDPOINT)


def test_base_path_and_forwarded_headers_from_a_trusted_proxy(proxied):
    assert proxied.url.endswith("/grafo/")
    root = proxied.url.removesuffix("grafo/")
    assert request(root + "sparql?query=ASK%7B%7D").status == 404
    assert request(proxied.url + "sparql?query=ASK%7B%7D").status == 200
    forwarded = {"Accept": "application/n-triples", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "datos.example",
                 "X-Forwarded-For": "203.0.113.9"}
    assert _endpoint(request(proxied.url + "sparql", headers=forwarded)) == "https://datos.example/grafo/sparql"
    # The same headers from an address that is not a trusted proxy are ignored.
    direct = _endpoint(request(proxied.url + "sparql", headers=forwarded, source="127.0.0.2"))
    assert direct == proxied.url + "sparql"
    page = request(proxied.url).text
    assert 'src="/grafo/static/ui.js"' in page and 'action="/grafo/sparql"' in page
    assert any('203.0.113.9 "GET /grafo/sparql"' in line for line in proxied.log)


def test_cors_only_for_the_origin_given(proxied):
    url = f"{proxied.url}sparql?query={quote('ASK {}')}"
    allowed = request(url, headers={"Origin": "https://portal.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://portal.example"
    assert "access-control-allow-origin" not in request(url, headers={"Origin": "https://otro.example"}).headers
    preflight = request(proxied.url + "sparql", "OPTIONS", headers={
        "Origin": "https://portal.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status == 200 and "POST" in preflight.headers["access-control-allow-methods"]


def test_the_access_log_can_redact_query_text(proxied):
    request(f"{proxied.url}sparql?query={quote('SELECT ?secreto WHERE {}')}")
    lines = [line for line in proxied.log if '"GET /grafo/sparql?query=' in line]
    assert lines and all("secreto" not in line for line in lines)
    assert "[sha256:" in lines[-1] and " 200 " in lines[-1]


def test_sigterm_stops_gracefully():
    running = start("--no-access-log")
    assert request(running.url + "health").status == 200
    assert running.stop() == 0
    assert running.log[-1] == "pozuzo-kg: detenido\n"
    assert not any('"GET /health"' in line for line in running.log)


def test_the_page_and_messages_follow_the_catalogues_language(pozuzo_server):
    english = start(env={**spanish_environment(), "LANG": "en_US.UTF-8"})
    try:
        page = request(english.url).text
        assert '<html lang="en">' in page and "<h1>Queries on the knowledge graph</h1>" in page
        assert request(english.url + "sparql?update=CLEAR%20ALL").text == \
            "this server is read-only: SPARQL Update is not accepted\n"
    finally:
        english.stop()
    spanish = request(pozuzo_server.url).text  # started without locale variables: Spanish, the default
    assert '<html lang="es">' in spanish and "<h1>Consultas al grafo de conocimiento</h1>" in spanish
