"""Remote stores: push to a real Oxigraph server and get the embedded answers back; one-line remote errors.

The ``oxigraph_server`` fixture starts ``oxigraph serve`` (PyPI package ``oxigraph``, in the ``test`` extra) on a
free loopback port and stops it; ``fake_server`` is a tiny loopback HTTP server that answers errors or sleeps.
"""
import base64
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pozuzo_kg.cli import main
from pozuzo_kg.errors import RemoteError, UsageError
from pozuzo_kg.queries import catalogue, named_query, run
from pozuzo_kg.remote import push

PARAMS = {"buscar": ["texto=racionalizacion"], "responsables-de-instrumento": ["instrumento=presupuesto"],
          "unidad-de-servicio": ["servicio=licencias de construcción"], "cadena-de-mando": ["unidad=unidad:gm"]}
NAMED_GRAPH = "https://w3id.org/pozuzo-kg/grafo/prueba"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory) -> str:
    """Base URL of a fresh Oxigraph server (``/store`` for Graph Store Protocol, ``/query`` for SPARQL)."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server (pip install oxigraph, in the test extra) is not installed")
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"oxigraph did not start: {process.stderr.read().decode()[:500]}") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def pushed(oxigraph_server) -> str:
    """The server after ``pozuzo-kg push`` into its default graph and into the named graph :data:`NAMED_GRAPH`."""
    assert main(["push", "--store", f"{oxigraph_server}/store"]) == 0
    assert main(["push", "--store", f"{oxigraph_server}/store", "--graph", NAMED_GRAPH]) == 0
    return oxigraph_server


def cli_output(capsys, args: list[str]) -> str:
    assert main(args) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def normalized(name: str, text: str) -> object:
    """JSON results as data; RDF as its set of N-Triples lines."""
    return json.loads(text) if named_query(name).form != "graph" else sorted(set(text.splitlines()))


@pytest.mark.parametrize("name", list(catalogue()))
@pytest.mark.parametrize("graph", [None, NAMED_GRAPH])
def test_remote_answers_equal_embedded_ones(pushed, capsys, name, graph):
    fmt = "nt" if named_query(name).form == "graph" else "json"
    args = ["query", name, "-f", fmt] + [a for p in PARAMS.get(name, []) for a in ("--param", p)]
    embedded = cli_output(capsys, args)
    remote_args = args + ["--endpoint", f"{pushed}/query"] + (["--graph", graph] if graph else [])
    remote = cli_output(capsys, remote_args)
    assert normalized(name, remote) == normalized(name, embedded)
    assert embedded.strip() not in ("", "[]")


@pytest.mark.parametrize("name,param", [("buscar", "texto"), ("unidad-de-servicio", "servicio")])
@pytest.mark.parametrize("text", ["cementerios", "street cleaning", "Tesorería", "treasury", "adquisición de bienes", "compras",
                                  "planificar", "planificación", "catast"])
@pytest.mark.parametrize("graph", [None, NAMED_GRAPH])
def test_remote_searches_equal_embedded_ones(pushed, capsys, name, param, text, graph):
    """The search index is pushed with the data, and the text is folded and stemmed before it is sent."""
    args = ["query", name, "-f", "json", "--param", f"{param}={text}"]
    embedded = json.loads(cli_output(capsys, args))
    remote = json.loads(cli_output(capsys, args + ["--endpoint", f"{pushed}/query"] + (["--graph", graph] if graph else [])))
    assert remote == embedded


def test_a_remote_search_that_finds_nothing_gets_the_same_suggestion(pushed, capsys):
    for where in ([], ["--endpoint", f"{pushed}/query"], ["--endpoint", f"{pushed}/query", "--graph", NAMED_GRAPH]):
        assert main(["query", "buscar", "--param", "texto=cementrios", "-f", "csv", *where]) == 0
        captured = capsys.readouterr()
        assert captured.out == "recurso,propiedad,valor,idioma,puntos\r\n"
        assert [line for line in captured.err.splitlines() if line.startswith("pozuzo-kg:")] == [
            "pozuzo-kg: nota: nada encontrado para «cementrios»; ¿quiso decir «cementerios»?"]


def test_remote_results_are_the_same_type_and_value(pushed, kg):
    query = named_query("jerarquia")
    remote = run(query, endpoint=f"{pushed}/query")
    assert remote == run(query, graph=kg)
    assert len(remote.rows) == 9


def test_remote_table_and_adhoc_query_with_project_prefixes(pushed, capsys):
    out = cli_output(capsys, ["query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?u a org:OrganizationalUnit }",
                              "--endpoint", f"{pushed}/query"])
    assert out == "n\n-\n8\n"
    out = cli_output(capsys, ["query", "--sparql", "ASK { unidad:gm org:subOrganizationOf unidad:concejo }",
                              "--endpoint", f"{pushed}/query"])
    assert out == "true\n"


def test_push_reports_what_the_store_holds_counted_through_its_query_url(oxigraph_server, kg, capsys):
    out = cli_output(capsys, ["push", "--store", f"{oxigraph_server}/store", "--graph", "https://example.org/otro"])
    total = kg.data_size() + kg.ontology_size() + kg.search_size()  # the search index goes with the data
    assert out == (f"{total} tripletas en el grafo <https://example.org/otro> de {oxigraph_server}/store tras el envío"
                   f" ({total} enviadas; contadas en {oxigraph_server}/query)\n")
    pushed = push(kg, f"{oxigraph_server}/store", "https://example.org/otro")  # PUT replaces: same count
    assert (pushed.sent, pushed.holds, pushed.endpoint) == (total, total, f"{oxigraph_server}/query")


def test_a_chunked_push_streams_the_same_graph(oxigraph_server, kg):
    total = kg.data_size() + kg.ontology_size() + kg.search_size()  # the search index goes with the data
    pushed = push(kg, f"{oxigraph_server}/store", "https://example.org/troceado", chunked=True,
                  endpoint=f"{oxigraph_server}/query")
    assert (pushed.sent, pushed.holds) == (total, total)


def test_push_given_files(oxigraph_server, tmp_path, capsys):
    path = tmp_path / "mini.ttl"
    path.write_text("<http://ex/u> a <http://www.w3.org/ns/org#OrganizationalUnit> .\n", encoding="utf-8")
    graph = "https://example.org/mini"
    cli_output(capsys, ["push", "--store", f"{oxigraph_server}/store", "--graph", graph, str(path)])
    out = cli_output(capsys, ["query", "unidades-sin-etiqueta-en-ingles", "--endpoint", f"{oxigraph_server}/query",
                              "--graph", graph, "-f", "csv"])
    assert out == "unidad,nombre\r\nhttp://ex/u,\r\n"


# ---- errors: one line, exit code 2 ------------------------------------------------------------------------

XML_ANSWER = ('<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="n"/>'
              '</head><results><result><binding name="n"><literal xml:lang="es">Alcaldía</literal></binding></result>'
              '</results></sparql>').encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    held = 0
    """What ``/auth`` answers to a COUNT: the triples a test pushed."""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(length)
        if self.path.startswith("/slow"):
            time.sleep(2)
        if self.path.startswith("/auth"):
            return self._authenticated()
        if self.path.startswith("/xml"):
            return self._send(200, "application/sparql-results+xml; charset=utf-8", XML_ANSWER)
        status = {"/500": 500, "/404": 404, "/400": 400, "/403": 403, "/503": 503}.get(self.path.split("?")[0], 200)
        body = b"error at 1:1: something broke\nsecond line of detail" if status != 200 else b"not json"
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _send(self, status: int, media_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _authenticated(self) -> None:
        """``/auth``: HTTP Basic for ana:clave ñ (204 for a PUT; :attr:`held` to a COUNT; else an empty SELECT)."""
        if self.headers.get("Authorization") != "Basic " + base64.b64encode("ana:clave ñ".encode()).decode():
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="store"')
            body = b"Unauthorized"
        else:
            self.send_response(204 if self.command == "PUT" else 200)
            count = ('{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "%d"}}]}}'
                     % self.held).encode()
            body = b"" if self.command == "PUT" else count if b"COUNT" in self.body else \
                b'{"head": {"vars": ["x"]}, "results": {"bindings": []}}'
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def fake_server() -> str:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def fails(capsys, args: list[str]) -> str:
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and "Traceback" not in captured.err
    return captured.err


@pytest.mark.parametrize("status,reason", [(500, "Internal Server Error"), (404, "Not Found"), (400, "Bad Request"),
                                           (403, "Forbidden"), (503, "Service Unavailable")])
def test_http_errors_of_queries(fake_server, capsys, status, reason):
    err = fails(capsys, ["query", "jerarquia", "--endpoint", f"{fake_server}/{status}"])
    hint = " (¿es la URL de consultas SPARQL? Oxigraph sirve las consultas en /query, y el Graph Store en /store)" if status == 404 else ""
    assert err == f"pozuzo-kg: error: {fake_server}/{status}: HTTP {status} ({reason}): error at 1:1: something broke{hint}\n"


def test_http_error_of_push(fake_server, capsys):
    err = fails(capsys, ["push", "--store", f"{fake_server}/403", "--endpoint", f"{fake_server}/403"])
    assert err == (f"pozuzo-kg: error: {fake_server}/403?default: HTTP 403 (Forbidden): error at 1:1: something broke\n")


def test_credentials_in_the_url_are_sent_and_never_shown(fake_server, capsys, kg):
    total = kg.data_size() + kg.ontology_size() + kg.search_size()  # the search index goes with the data
    _Handler.held = total
    url = fake_server.replace("http://", "http://ana:clave%20%C3%B1@") + "/auth"
    assert cli_output(capsys, ["query", "--sparql", "SELECT ?x WHERE {}", "--endpoint", url, "-f", "csv"]) == "x\r\n"
    out = cli_output(capsys, ["push", "--store", url, "--endpoint", url])
    assert out == (f"{total} tripletas en el grafo por defecto de {url.replace('clave%20%C3%B1', '***')} tras el envío"
                   f" ({total} enviadas; contadas en {fake_server}/auth)\n")


def test_push_reports_in_english(oxigraph_server, kg, capsys, english):
    out = cli_output(capsys, ["push", "--store", f"{oxigraph_server}/store"])
    total = kg.data_size() + kg.ontology_size() + kg.search_size()  # the search index goes with the data
    assert out == (f"{total} triples in the default graph of {oxigraph_server}/store after the push ({total} sent;"
                   f" counted at {oxigraph_server}/query)\n")


def test_missing_or_refused_credentials(fake_server, capsys):
    err = fails(capsys, ["query", "puestos", "--endpoint", f"{fake_server}/auth"])
    assert err == (f"pozuzo-kg: error: {fake_server}/auth: HTTP 401 (Unauthorized): Unauthorized; el servidor pide"
                   " credenciales: indíquelas en la URL, http://USUARIO:CLAVE@HOST/…\n")
    wrong = fake_server.replace("http://", "http://ana:secreta@")
    err = fails(capsys, ["push", "--store", f"{wrong}/auth", "--endpoint", f"{wrong}/auth"])
    assert err == (f"pozuzo-kg: error: {fake_server}/auth?default: HTTP 401 (Unauthorized): Unauthorized;"
                   " el servidor rechazó las credenciales de la URL\n")
    assert "secreta" not in fails(capsys, ["push", "--store", "ftp://ana:secreta@127.0.0.1/store"])


def test_a_query_url_given_as_store_and_the_reverse(oxigraph_server, capsys):
    err = fails(capsys, ["push", "--store", f"{oxigraph_server}/query"])
    assert err == (f"pozuzo-kg: error: almacén '{oxigraph_server}/query': no se sabe su URL de consulta SPARQL, para"
                   " contar lo que guarda tras el envío; indíquela con --endpoint URL (¿es la URL del"
                   " protocolo Graph Store? Oxigraph lo sirve en /store, y las consultas en /query)\n")
    err = fails(capsys, ["push", "--store", f"{oxigraph_server}/query", "--endpoint", f"{oxigraph_server}/query"])
    assert err == (f"pozuzo-kg: error: {oxigraph_server}/query?default: HTTP 404 (Not Found): PUT /query is not supported"
                   " by this server (¿es la URL del protocolo Graph Store? Oxigraph lo sirve en /store, y las consultas en"
                   " /query)\n")
    err = fails(capsys, ["query", "puestos", "--endpoint", f"{oxigraph_server}/store"])
    assert err.startswith(f"pozuzo-kg: error: {oxigraph_server}/store: HTTP 415 (Unsupported Media Type): ")
    assert err.endswith(" (¿es la URL de consultas SPARQL? Oxigraph sirve las consultas en /query, y el Graph Store en"
                        " /store)\n")


@pytest.mark.parametrize("query", ["graph=https://example.org/g", "default"])
def test_store_url_must_not_name_the_graph(kg, query):
    with pytest.raises(UsageError, match=r"^almacén 'http://127.0.0.1:1/store\?.*': indique la URL del almacén sin"
                                         r" \?graph= ni \?default \(use --graph IRI\)$"):
        push(kg, f"http://127.0.0.1:1/store?{query}")


def test_an_xml_answer_is_read_by_its_media_type(fake_server, capsys):
    out = cli_output(capsys, ["query", "--sparql", "SELECT ?n WHERE {}", "--endpoint", f"{fake_server}/xml", "-f", "tsv"])
    assert out == '?n\n"Alcaldía"@es\n'


def test_unreadable_answer(fake_server):
    with pytest.raises(RemoteError, match=rf"^{fake_server}/ok: respuesta ilegible \(text/plain\)"):
        run(named_query("jerarquia"), endpoint=f"{fake_server}/ok")


def test_timeout(fake_server, capsys):
    err = fails(capsys, ["query", "jerarquia", "--endpoint", f"{fake_server}/slow", "--timeout", "0.3"])
    assert err == f"pozuzo-kg: error: {fake_server}/slow: sin respuesta en 0.3 s (tiempo agotado)\n"


def test_push_timeout(fake_server, kg):
    with pytest.raises(RemoteError, match=r"/slow\?graph=.*: sin respuesta en 0.2 s \(tiempo agotado\)$"):
        push(kg, f"{fake_server}/slow", "https://example.org/g", timeout=0.2, endpoint=f"{fake_server}/slow")


def test_connection_refused(capsys):
    port = free_port()
    err = fails(capsys, ["query", "puestos", "--endpoint", f"http://127.0.0.1:{port}/query"])
    assert err == f"pozuzo-kg: error: http://127.0.0.1:{port}/query: conexión rechazada (¿está en marcha el servidor?)\n"
    err = fails(capsys, ["push", "--store", f"http://127.0.0.1:{port}/store"])
    assert err == f"pozuzo-kg: error: http://127.0.0.1:{port}/store?default: conexión rechazada (¿está en marcha el servidor?)\n"


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/q", "127.0.0.1:7878/query", "file:///etc/passwd"])
def test_only_http_urls(url, kg):
    with pytest.raises(UsageError, match="no es una URL http\\(s\\)"):
        run(named_query("puestos"), endpoint=url)
    with pytest.raises(UsageError, match="no es una URL http\\(s\\)"):
        push(kg, url)


def test_invalid_queries_are_refused_before_contacting_the_endpoint(capsys):
    port = free_port()  # nothing listens: the local check must answer first
    err = fails(capsys, ["query", "--sparql", "SELECT ?x WHERE { ?x a foo:bar }", "--endpoint", f"http://127.0.0.1:{port}/q"])
    assert err == "pozuzo-kg: error: consulta no válida en 1:24: prefijo desconocido 'foo' (declárelo con PREFIX foo: <…>)\n"


def test_push_graph_must_be_an_iri(kg):
    with pytest.raises(UsageError, match="^el grafo 'no es un IRI' no es un IRI$"):
        push(kg, "http://127.0.0.1:1/store", "no es un IRI")
