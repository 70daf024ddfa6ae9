"""What a read-only graph lets the endpoint cache: one fingerprint of the whole dataset, computed once at start
(the ``ETag`` of every answer), and a bounded cache of answers.
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

import pyoxigraph as ox

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
