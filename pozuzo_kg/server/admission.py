"""Who gets the next free query worker: a bounded, fair queue in front of the pool.

At most ``capacity`` queries run at once; one client (its address) runs at most ``share`` of them, so it can
never hold every worker. Waiting queries are served round-robin across clients, so a client that sends many
does not push the others back. At most ``max_queued`` wait, each at most ``queue_timeout`` seconds; beyond
either the request is refused with :class:`Busy` (the endpoint's 503).
"""
from __future__ import annotations

import asyncio
from collections import OrderedDict, deque


class Busy(Exception):
    """Every worker this client may use is taken and the queue is full or too slow (HTTP 503)."""


class Admission:
    """A fair gate for ``capacity`` workers (must be used from one event loop)."""

    def __init__(self, capacity: int, share: int, max_queued: int, queue_timeout: float) -> None:
        self.capacity = capacity
        self.share = max(1, min(share, capacity))
        self.max_queued = max_queued
        self.queue_timeout = queue_timeout
        self.running: dict[str, int] = {}
        self._total = 0
        self._waiting: OrderedDict[str, deque[asyncio.Future[None]]] = OrderedDict()
        self._queued = 0

    @property
    def total(self) -> int:
        """Queries holding a worker now."""
        return self._total

    def _may_run(self, client: str) -> bool:
        return self._total < self.capacity and self.running.get(client, 0) < self.share

    async def acquire(self, client: str) -> None:
        """Waits for a worker this client may use; :class:`Busy` if the queue is full or the wait too long."""
        if self._may_run(client) and not self._waiting.get(client):
            self._take(client)
            return
        if self._queued >= self.max_queued:
            raise Busy
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(client, deque()).append(future)
        self._queued += 1
        try:
            await asyncio.wait_for(asyncio.shield(future), self.queue_timeout)
        except asyncio.TimeoutError:
            if future.done():
                return  # granted just as the wait ended
            self._forget(client, future)
            raise Busy from None
        except asyncio.CancelledError:  # the client went away while waiting
            if future.done() and not future.cancelled():
                self.release(client)
            else:
                self._forget(client, future)
            raise

    def release(self, client: str) -> None:
        """Gives back a worker and hands it to the next waiting query, round-robin across clients."""
        self._total -= 1
        left = self.running.get(client, 1) - 1
        if left:
            self.running[client] = left
        else:
            self.running.pop(client, None)
        self._grant()

    def _take(self, client: str) -> None:
        self._total += 1
        self.running[client] = self.running.get(client, 0) + 1

    def _grant(self) -> None:
        for client in list(self._waiting):
            if self._total >= self.capacity:
                return
            queue = self._waiting[client]
            if self.running.get(client, 0) >= self.share:
                continue
            future = queue.popleft()
            self._queued -= 1
            if not queue:
                del self._waiting[client]
            else:
                self._waiting.move_to_end(client)  # round-robin: this client goes to the back
            self._take(client)
            future.set_result(None)

    def _forget(self, client: str, future: asyncio.Future[None]) -> None:
        queue = self._waiting.get(client)
        future.cancel()
        if queue and future in queue:
            queue.remove(future)
            self._queued -= 1
            if not queue:
                del self._waiting[client]
