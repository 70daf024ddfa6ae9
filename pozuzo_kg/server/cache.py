"""What a read-only graph lets the endpoint cache: one fingerprint of the whole dataset, computed once at start
(the ``ETag`` of every answer), and a bounded cache of whole answers in front of the application.
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

import pyoxigraph as ox
from starlette.types import ASGIApp, Message, Receive, Scope, Send

Value = TypeVar("Value")


def fingerprint(store: ox.Store) -> str:
    """SHA-256 of the store's quads as sorted N-Quads lines (the default graph's as N-Triples), in hex.

    The same data, loaded from any files in any order, gives the same fingerprint.
    """
    lines = (store.dump(format=ox.RdfFormat.N_QUADS) or b"").split(b"\n")
    digest = hashlib.sha256()
    for line in sorted(set(lines)):
        if line:
            digest.update(line + b"\n")
    return digest.hexdigest()


def etag(graph_fingerprint: str, *variant: str) -> str:
    """A strong ``ETag`` for one representation: the graph's fingerprint and the variant (format, page…)."""
    tail = hashlib.sha256("\0".join(variant).encode()).hexdigest()[:8] if variant else ""
    return f'"{graph_fingerprint[:24]}{tail}"'


def matches(if_none_match: str | None, tag: str) -> bool:
    """True if an ``If-None-Match`` header names ``tag`` (or ``*``); weak comparison, as RFC 9110 asks."""
    if not if_none_match:
        return False
    wanted = tag.removeprefix("W/")
    return any(item.strip() == "*" or item.strip().removeprefix("W/") == wanted for item in if_none_match.split(","))


class AnswerCache(Generic[Value]):
    """A least-recently-used cache bounded by entries and by the bytes of the values' bodies."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._items: OrderedDict[Hashable, tuple[Value, int]] = OrderedDict()
        self.size = 0
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> Value | None:
        """The cached value of ``key``, if any (it becomes the most recently used)."""
        item = self._items.get(key)
        if item is None:
            self.misses += 1
            return None
        self.hits += 1
        self._items.move_to_end(key)
        return item[0]

    def put(self, key: Hashable, value: Value, size: int) -> None:
        """Keeps ``value`` (of ``size`` bytes) unless it alone exceeds the byte bound; evicts the oldest."""
        if self.max_entries <= 0 or size > self.max_bytes:
            return
        old = self._items.pop(key, None)
        if old is not None:
            self.size -= old[1]
        self._items[key] = (value, size)
        self.size += size
        while len(self._items) > self.max_entries or self.size > self.max_bytes:
            _key, (_value, dropped) = self._items.popitem(last=False)
            self.size -= dropped

    def __len__(self) -> int:
        return len(self._items)


@dataclass(frozen=True)
class Stored:
    """A response kept whole: status line's headers (ETag among them) and body."""

    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: bytes


class ResponseCache:
    """Pure ASGI middleware answering repeated GET and HEAD requests from an :class:`AnswerCache`, before any
    routing or parsing: the key is the path, the raw query string (query, bound parameters and dataset), the
    ``Accept`` header and the public URL. Only complete 200 answers that carry an ``ETag`` and
    ``Cache-Control: public`` are kept (the graph never changes while served); ``If-None-Match`` on a kept
    answer gets its 304."""

    def __init__(self, app: ASGIApp, cache: AnswerCache[Stored], public_url_key: str) -> None:
        self.app = app
        self.cache = cache
        self.public_url_key = public_url_key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or self.cache.max_entries <= 0:
            await self.app(scope, receive, send)
            return
        accept, if_none_match = b"", None
        for name, value in scope["headers"]:
            if name == b"accept":
                accept = value
            elif name == b"if-none-match":
                if_none_match = value
        key = (scope["path"], scope["query_string"], accept, scope.get(self.public_url_key))
        stored = self.cache.get(key)
        if stored is not None:
            await self._replay(stored, scope["method"] == "HEAD", if_none_match, send)
            return
        start: Message | None = None
        parts: list[bytes] = []

        async def keeping(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":  # copied now: outer middleware edit the headers in place
                start = {"status": message["status"], "headers": tuple(message.get("headers", ()))}
            elif message["type"] == "http.response.body" and start is not None:
                parts.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self._keep(key, start, b"".join(parts), scope["method"] == "HEAD")
            await send(message)

        await self.app(scope, receive, keeping)

    def _keep(self, key: Hashable, start: Message, body: bytes, head: bool) -> None:
        headers = tuple(start.get("headers", ()))
        found = {name.lower(): value for name, value in headers}
        if start["status"] != 200 or head or b"etag" not in found or \
                not found.get(b"cache-control", b"").startswith(b"public"):
            return
        self.cache.put(key, Stored(headers, body, found[b"etag"]), len(body) + sum(len(k) for k in key if k))

    @staticmethod
    async def _replay(stored: Stored, head: bool, if_none_match: bytes | None, send: Send) -> None:
        if if_none_match is not None and matches(if_none_match.decode("latin-1"), stored.etag.decode("latin-1")):
            kept = [(k, v) for k, v in stored.headers if k.lower() in (b"etag", b"cache-control", b"vary")]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": list(stored.headers)})
        await send({"type": "http.response.body", "body": b"" if head else stored.body})
