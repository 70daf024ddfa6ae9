"""The one HTTP layer against misbehaving loopback servers: every request ends by its deadline, within its size
cap, with one line; Basic and Digest authentication; nothing followed or fetched beyond the URL given.

``misbehaving`` is a raw-socket server (so it can trickle, cut off and lie) that acts by the request's path.
The commands run as users run them (a subprocess) where a hang would otherwise go unseen: each is given a
``--timeout`` of 1 s, and ``subprocess.run`` a generous 30 s, which only a command that ignores its deadline
reaches (the servers trickle for two minutes).
"""
import hashlib
import re
import socket
import subprocess
import sys
import threading
import time

import pytest

from pozuzo_kg.cli import main
from pozuzo_kg.errors import RemoteError
from pozuzo_kg.http import Client, error_for

EMPTY_SELECT = b'{"head": {"vars": ["x"]}, "results": {"bindings": []}}'
HTML = b"<!DOCTYPE html><html><body><h1>Bienvenido</h1></body></html>"
REALM, NONCE = "almacen", "n0nce-1"
USER, PASSWORD = "ana", "clave ñ"


def _read_request(stream) -> tuple[str, str, dict[str, str], bytes]:
    request_line = stream.readline().decode("latin-1").strip()
    method, path, _version = request_line.split(" ", 2)
    headers: dict[str, str] = {}
    while (line := stream.readline().decode("latin-1").strip()):
        name, _sep, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    body = b""
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while (size := int(stream.readline().split(b";")[0], 16)):
            body += stream.read(size)
            stream.readline()
        stream.readline()
    elif headers.get("content-length"):
        body = stream.read(int(headers["content-length"]))
    return method, path, headers, body


def _digest_expected(headers: dict[str, str], method: str) -> bool:
    """Whether the ``Authorization`` header is a right RFC 7616 answer (MD5 or SHA-256, qop=auth)."""
    value = headers.get("authorization", "")
    if not value.startswith("Digest "):
        return False
    fields = {k: v.strip('"') for k, v in re.findall(r'(\w+)=("[^"]*"|[^,\s]*)', value)}
    h = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}[fields["algorithm"]]

    def d(text: str) -> str:
        return h(text.encode()).hexdigest()

    expected = d(f"{d(f'{USER}:{REALM}:{PASSWORD}')}:{NONCE}:{fields['nc']}:{fields['cnonce']}:auth:"
                 f"{d(method + ':' + fields['uri'])}")
    return fields["response"] == expected and fields["username"] == USER and fields.get("opaque") == "opaco"


class Misbehaving:
    """Answers by path: ``/trickle``, ``/slow-headers``, ``/endless``, ``/slow-endless``, ``/cut-500``,
    ``/cut-200``, ``/html/…``, ``/huge``, ``/moved``, ``/digest-md5``, ``/digest-sha256``, ``/silent``; records
    each request's method, path and headers in :attr:`requests`."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.held = 0
        """What ``/digest…`` answers to a COUNT: the triples a test pushed."""
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _address = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection: socket.socket) -> None:
        try:
            with connection, connection.makefile("rb") as stream:
                method, path, headers, body = _read_request(stream)
                self.requests.append((method, path, headers))
                self._answer(connection, method, path.split("?")[0], headers, body)
        except OSError:
            pass  # the client gave up: as it should

    @staticmethod
    def _send(connection: socket.socket, status: str, media_type: str, body: bytes, extra: str = "") -> None:
        connection.sendall(f"HTTP/1.1 {status}\r\nContent-Type: {media_type}\r\nContent-Length: {len(body)}\r\n"
                           f"{extra}Connection: close\r\n\r\n".encode() + body)

    def _answer(self, connection, method: str, path: str, headers: dict[str, str], body: bytes) -> None:
        end = time.monotonic() + 120
        if path == "/trickle":  # headers at once, then one byte every 0.5 s of a body that never completes
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                               b"Content-Length: 100000\r\n\r\n")
            while time.monotonic() < end:
                connection.sendall(b" ")
                time.sleep(0.5)
        elif path == "/slow-headers":
            for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Relleno: " + b"x" * 1000:
                if time.monotonic() > end:
                    break
                connection.sendall(bytes([byte]))
                time.sleep(0.5)
        elif path in ("/endless", "/slow-endless"):  # no length, never ends: fast, or 64 KiB every 50 ms
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n")
            while time.monotonic() < end:
                connection.sendall(b"[" * 65536)
                if path == "/slow-endless":
                    time.sleep(0.05)
        elif path in ("/cut-500", "/cut-200"):  # promises 10,000 bytes, sends 30, closes
            status = "500 Internal Server Error" if path == "/cut-500" else "200 OK"
            connection.sendall(f"HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: 10000\r\n\r\n"
                               "error at 1:1: se cortó aquí\n".encode())
        elif path.startswith("/html/"):  # a web site, not a store: 200 and a page for anything
            self._send(connection, "200 OK", "text/html; charset=utf-8", HTML)
        elif path == "/huge":
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                               b"Content-Length: 10737418240\r\n\r\n[")
        elif path == "/moved":
            self._send(connection, "301 Moved Permanently", "text/plain", b"moved",
                       "Location: http://usuario:secreto@127.0.0.1:9/otro\r\n")
        elif path.startswith("/digest"):
            algorithm = "SHA-256" if path.startswith("/digest-sha256") else "MD5"
            if not _digest_expected(headers, method):
                challenge = f'Digest realm="{REALM}", nonce="{NONCE}", qop="auth", algorithm={algorithm}, opaque="opaco"'
                self._send(connection, "401 Unauthorized", "text/plain", b"Unauthorized",
                           f'WWW-Authenticate: Basic realm="{REALM}"\r\nWWW-Authenticate: {challenge}\r\n')
            elif method == "PUT":
                self._send(connection, "201 Created", "text/plain", b"")
            else:
                count = '{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "%d"}}]}}'
                self._send(connection, "200 OK", "application/sparql-results+json",
                           (count % self.held).encode() if b"COUNT" in body else EMPTY_SELECT)
        elif path == "/silent":
            time.sleep(120)

    def close(self) -> None:
        self.listener.close()


@pytest.fixture(scope="module")
def misbehaving():
    server = Misbehaving()
    yield server
    server.close()


def command(*args: str, env_extra: dict[str, str] | None = None) -> tuple[int, str, str, float]:
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(env_extra or {})
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pozuzo_kg", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=30, env=env)
    return done.returncode, done.stdout, done.stderr, time.monotonic() - started


def one_line_error(code: int, out: str, err: str) -> str:
    assert (code, out) == (2, ""), err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith("pozuzo-kg: error: ")
    return err.removeprefix("pozuzo-kg: error: ").rstrip("\n")


@pytest.mark.parametrize("path", ["trickle", "slow-headers", "slow-endless", "silent"])
def test_a_slow_server_ends_at_the_deadline_with_one_line(misbehaving, path, capsys):
    code, out, err, seconds = command("query", "jerarquia", "--endpoint", f"{misbehaving.url}/{path}", "--timeout", "1")
    assert one_line_error(code, out, err) == f"{misbehaving.url}/{path}: sin respuesta en 1 s (tiempo agotado)"
    with capsys.disabled():
        print(f"\n[http] query --timeout 1 against /{path}: ended after {seconds:.2f} s (process start included)")


def test_push_to_a_trickling_store_ends_at_the_deadline(misbehaving):
    code, out, err, _seconds = command("push", "--store", f"{misbehaving.url}/trickle", "--endpoint",
                                       f"{misbehaving.url}/trickle", "--timeout", "1")
    assert one_line_error(code, out, err) == f"{misbehaving.url}/trickle?default: sin respuesta en 1 s (tiempo agotado)"


def test_an_endless_body_stops_at_the_size_cap(misbehaving):
    code, out, err, _seconds = command("query", "jerarquia", "--endpoint", f"{misbehaving.url}/endless",
                                       env_extra={"POZUZO_KG_LIMITS": "response=8MiB"})
    assert one_line_error(code, out, err) == (f"{misbehaving.url}/endless: la respuesta ocupa más de 8 MiB (límite "
                                              "response; cámbielo con POZUZO_KG_LIMITS=response=…)")


def test_a_declared_length_beyond_the_cap_is_refused_before_reading(misbehaving):
    with pytest.raises(RemoteError, match=r"/huge: la respuesta ocupa más de 256 MiB \(límite response"):
        Client(5).request("GET", f"{misbehaving.url}/huge")


def test_a_500_with_a_cut_off_body_is_the_http_error_not_a_traceback(misbehaving, capsys):
    assert main(["push", "--store", f"{misbehaving.url}/cut-500", "--endpoint", f"{misbehaving.url}/cut-500"]) == 2
    captured = capsys.readouterr()
    assert captured.err == (f"pozuzo-kg: error: {misbehaving.url}/cut-500?default: HTTP 500 (Internal Server Error): "
                            "error at 1:1: se cortó aquí\n")


def test_a_200_with_a_cut_off_body_says_so(misbehaving):
    with pytest.raises(RemoteError) as caught:
        Client(5).request("GET", f"{misbehaving.url}/cut-200")
    assert str(caught.value) == f"{misbehaving.url}/cut-200: la respuesta se cortó tras 30 bytes (HTTP 200)"


def test_a_web_page_answering_200_is_not_a_successful_push(misbehaving, capsys):
    """It answers the PUT with 200 and an HTML page: the count asked at its query URL shows it is no store."""
    assert main(["push", "--store", f"{misbehaving.url}/html/store"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"pozuzo-kg: error: {misbehaving.url}/html/query: respuesta ilegible (text/html): ")
    assert [(m, p) for m, p, _h in misbehaving.requests[-2:]] == [("PUT", "/html/store?default"), ("POST", "/html/query")]


def test_a_redirect_is_named_not_followed(misbehaving):
    before = len(misbehaving.requests)
    with pytest.raises(RemoteError) as caught:
        response = Client(5).request("POST", f"{misbehaving.url}/moved", body=b"query=ASK%7B%7D")
        raise error_for(response)
    assert str(caught.value) == (f"{misbehaving.url}/moved: HTTP 301 (Moved Permanently): el servidor lo trasladó a "
                                 "http://127.0.0.1:9/otro; indique esa URL (no se siguen redirecciones)")
    assert len(misbehaving.requests) == before + 1


@pytest.mark.parametrize("path", ["digest-md5", "digest-sha256"])
def test_digest_authentication_for_query_and_push(misbehaving, capsys, path, kg):
    total = misbehaving.held = kg.data_size() + kg.ontology_size() + kg.search_size()
    url = misbehaving.url.replace("http://", "http://ana:clave%20%C3%B1@") + f"/{path}"
    assert main(["query", "--sparql", "SELECT ?x WHERE {}", "--endpoint", url, "-f", "csv"]) == 0
    assert capsys.readouterr().out == "x\r\n"
    before = len(misbehaving.requests)
    assert main(["push", "--store", url, "--endpoint", url]) == 0
    assert capsys.readouterr().out == (f"{total} tripletas en el grafo por defecto de {url.replace('clave%20%C3%B1', '***')}"
                                       f" tras el envío ({total} enviadas; contadas en {misbehaving.url}/{path})\n")
    sent = [(method, headers["authorization"].split(" ")[0]) for method, _p, headers in misbehaving.requests[before:]]
    assert sent == [("PUT", "Basic"), ("PUT", "Digest"), ("POST", "Digest")]  # the count reuses the challenge


def test_wrong_digest_credentials_are_one_line_and_never_shown(misbehaving, capsys):
    url = misbehaving.url.replace("http://", "http://ana:secreta@") + "/digest-md5"
    assert main(["query", "puestos", "--endpoint", url]) == 2
    err = capsys.readouterr().err
    assert err == (f"pozuzo-kg: error: {misbehaving.url}/digest-md5: HTTP 401 (Unauthorized): Unauthorized; el "
                   "servidor rechazó las credenciales de la URL\n")
    assert "secreta" not in err


def test_the_sparql_protocol_request_is_the_one_sparqlwrapper_builds(misbehaving, capsys):
    url = misbehaving.url.replace("http://", "http://ana:clave%20%C3%B1@") + "/digest-md5"
    assert main(["query", "--sparql", "SELECT ?x WHERE {}", "--endpoint", url, "--graph", "https://example.org/g"]) == 0
    method, path, headers = misbehaving.requests[-1]
    assert (method, path, headers["content-type"]) == ("POST", "/digest-md5", "application/x-www-form-urlencoded")
    assert headers["accept"].startswith("application/sparql-results+json")
    assert headers.get("accept-encoding", "identity") == "identity"  # never a compressed answer (no bombs)


def test_an_unknown_host_and_an_invalid_port_are_one_line():
    with pytest.raises(RemoteError, match=r"^http://no-existe\.invalid/q: servidor desconocido \("):
        Client(5).request("GET", "http://no-existe.invalid/q")
    code, out, err, _seconds = command("query", "puestos", "--endpoint", "http://127.0.0.1:99999/q")
    assert one_line_error(code, out, err) == "punto de acceso 'http://127.0.0.1:99999/q' tiene un puerto no válido"
