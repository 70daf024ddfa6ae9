"""Pure ASGI middleware of the server: errors without tracebacks, the proxy's view of the request (base path,
``X-Forwarded-*`` from trusted proxies only), an access log whose query text can be redacted, and a few
security headers.
"""
from __future__ import annotations

import hashlib
import ipaddress
import logging
import time
from collections.abc import Sequence
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..i18n import _
from .responses import PUBLIC_URL

ACCESS_LOG = logging.getLogger("pozuzo_kg.server.access")
ERROR_LOG = logging.getLogger("pozuzo_kg.server.error")


class _HttpMiddleware:
    """Pure ASGI middleware that acts on HTTP requests only (lifespan and others pass through)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.http(scope, receive, send)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


class Errors(_HttpMiddleware):
    """Any exception becomes a bare 500 (one translated sentence); the traceback goes to the server's log only."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception:
            ERROR_LOG.exception("error answering %s %s", scope.get("method"), scope.get("path"))
            if started:
                return  # the status is sent already; the connection is closed unfinished
            body = (_("internal error: the server could not answer this request") + "\n").encode()
            await send({"type": "http.response.start", "status": 500,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"cache-control", b"no-store"),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})


_WANTED = (b"host", b"x-forwarded-for", b"x-forwarded-proto", b"x-forwarded-host")
"""The request headers :class:`Proxy` reads (ASGI servers give header names in lower case)."""


class Proxy(_HttpMiddleware):
    """The request as the public sees it: strips ``base_path``, and from a trusted proxy takes the client's
    address (``X-Forwarded-For``), scheme (``X-Forwarded-Proto``) and host (``X-Forwarded-Host``).

    Sets the scope's :data:`~.responses.PUBLIC_URL`: ``public_url`` if given, else built from the request.
    """

    def __init__(self, app: ASGIApp, *, base_path: str = "", trusted: Sequence[str] = ("127.0.0.1", "::1"),
                 public_url: str | None = None) -> None:
        super().__init__(app)
        self.base_path = base_path.rstrip("/")
        self.trusted = [ipaddress.ip_network(t, strict=False) for t in trusted]
        self.public_url = public_url

    def _is_trusted(self, host: str | None) -> bool:
        try:
            address = ipaddress.ip_address(host or "")
        except ValueError:
            return False
        return any(address in network for network in self.trusted)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope = dict(scope)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"] if k in _WANTED}
        client = scope.get("client")
        if client and self._is_trusted(client[0]):
            forwarded = [h.strip() for h in headers.get("x-forwarded-for", "").split(",") if h.strip()]
            while forwarded and self._is_trusted(forwarded[-1]):
                forwarded.pop()
            if forwarded:
                scope["client"] = (forwarded[-1], 0)
            proto = headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
            if proto in ("http", "https"):
                scope["scheme"] = proto
            host = headers.get("x-forwarded-host", "").split(",")[0].strip()
            if host:
                scope["headers"] = [(k, v) for k, v in scope["headers"] if k.lower() != b"host"] + \
                                   [(b"host", host.encode("latin-1"))]
                headers["host"] = host
        path = scope["path"]
        if self.base_path:
            if path != self.base_path and not path.startswith(self.base_path + "/"):
                await _not_found(send)
                return
            scope["path"] = path[len(self.base_path):] or "/"
            scope["root_path"] = scope.get("root_path", "") + self.base_path
        if self.public_url:
            scope[PUBLIC_URL] = self.public_url
        else:
            host = headers.get("host") or "%s:%s" % tuple(scope.get("server") or ("localhost", 80))
            scope[PUBLIC_URL] = f"{scope.get('scheme', 'http')}://{host}{scope.get('root_path', '')}/"
        await self.app(scope, receive, send)


async def _not_found(send: Send) -> None:
    body = (_("not found: this server answers under its base path only") + "\n").encode()
    await send({"type": "http.response.start", "status": 404,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class AccessLog(_HttpMiddleware):
    """One line per request: client, method, path and query (``query`` values redacted to a short hash if asked),
    status, bytes sent and milliseconds."""

    def __init__(self, app: ASGIApp, *, redact: bool = False) -> None:
        super().__init__(app)
        self.redact = redact

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        start = time.perf_counter()
        status, size = 500, 0

        async def counting(message: Message) -> None:
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, counting)
        finally:
            if ACCESS_LOG.isEnabledFor(logging.INFO):
                client = (scope.get("client") or ("-",))[0]
                query = self._query(scope.get("query_string", b"").decode("latin-1"))
                target = scope.get("root_path", "") + scope["path"] + (f"?{query}" if query else "")
                ACCESS_LOG.info('%s "%s %s" %d %d %.1fms', client, scope["method"], target, status, size,
                                (time.perf_counter() - start) * 1000)

    def _query(self, query_string: str) -> str:
        if not self.redact or not query_string:
            return query_string
        pairs = parse_qsl(query_string, keep_blank_values=True)
        return urlencode([(k, f"[sha256:{hashlib.sha256(v.encode()).hexdigest()[:12]}]" if k == "query" else v)
                          for k, v in pairs], safe="[]:")


class SecurityHeaders(_HttpMiddleware):
    """``X-Content-Type-Options: nosniff`` and ``Referrer-Policy`` on every response."""

    HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def adding(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *self.HEADERS]}
            await send(message)

        await self.app(scope, receive, adding)
