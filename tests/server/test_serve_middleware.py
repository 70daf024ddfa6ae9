"""The middleware on their own: an exception inside the application is a bare 500 sentence (the traceback goes to
the server's log, never to the client), and repeated GETs are replayed whole from the response cache."""
import asyncio
import logging

from pozuzo_kg.server.cache import AnswerCache, ResponseCache
from pozuzo_kg.server.middleware import Errors


def call(app, scope: dict) -> list[dict]:
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(app({"type": "http", "method": "GET", "path": "/sparql", "query_string": b"", "headers": [],
                     **scope}, receive, send))
    return sent


def test_an_exception_is_a_bare_500_and_the_traceback_goes_to_the_log(caplog, monkeypatch):
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)  # Spanish, the default
    async def broken(scope, receive, send):
        raise RuntimeError("/srv/pozuzo-kg/secreto.py: internal detail")

    with caplog.at_level(logging.ERROR, logger="pozuzo_kg.server.error"):
        sent = call(Errors(broken), {})
    assert sent[0]["status"] == 500
    body = sent[1]["body"].decode()
    assert body == "error interno: el servidor no pudo responder a esta petición\n"
    assert "secreto" not in body and "Traceback" not in body
    assert "internal detail" in caplog.text  # the operator still sees what happened


def test_repeated_gets_are_replayed_and_if_none_match_gets_304():
    calls = []

    async def answer(scope, receive, send):
        calls.append(scope["path"])
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"etag", b'"v1"'), (b"cache-control", b"public, max-age=300"), (b"vary", b"Accept")]})
        await send({"type": "http.response.body", "body": b"respuesta"})

    cached = ResponseCache(answer, AnswerCache(8, 1024), "pozuzo_kg.public_url")
    first = call(cached, {"query_string": b"query=ASK%7B%7D"})
    again = call(cached, {"query_string": b"query=ASK%7B%7D"})
    assert calls == ["/sparql"] and again == first
    other = call(cached, {"query_string": b"query=ASK%7B%7D", "headers": [(b"accept", b"text/csv")]})
    assert calls == ["/sparql", "/sparql"] and other[1]["body"] == b"respuesta"
    revalidated = call(cached, {"query_string": b"query=ASK%7B%7D", "headers": [(b"if-none-match", b'"v1"')]})
    assert revalidated[0]["status"] == 304 and revalidated[1]["body"] == b""
    assert call(cached, {"method": "POST", "query_string": b"query=ASK%7B%7D"})[1]["body"] == b"respuesta"
    assert calls == ["/sparql", "/sparql", "/sparql"]  # POST is never answered from the cache
