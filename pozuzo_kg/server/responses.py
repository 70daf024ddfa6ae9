"""The responses every part of the server shares: one-sentence errors, the public URL, reading a capped body."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..i18n import _
from .protocol import ProtocolError

PUBLIC_URL = "pozuzo_kg.public_url"
"""Key of the ASGI scope entry holding the server's public URL (ends in ``/``), set by the app's middleware."""
TRUNCATED_HEADER = "Pozuzo-Truncated"
"""Header saying an answer was cut at ``max_returned_rows`` (its value: the number of rows given)."""


def error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """A plain-text error: one sentence, never a traceback or a path of the server's files."""
    return Response(message.rstrip() + "\n", status_code=status, media_type="text/plain; charset=utf-8",
                    headers={"Cache-Control": "no-store", **(headers or {})})


def from_protocol(problem: ProtocolError) -> Response:
    """The response for a :class:`ProtocolError`."""
    return error(problem.status, problem.message, problem.headers)


def public_url(request: Request) -> str:
    """The URL the server is reached at (``--public-url``, or as the client or a trusted proxy names it)."""
    return request.scope.get(PUBLIC_URL) or str(request.base_url)


def method_not_allowed(allowed: str) -> Response:
    """405 naming the methods that work."""
    return error(405, _("method not allowed here; use {allowed}").format(allowed=allowed), {"Allow": allowed})


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, at most ``limit`` bytes: 413 if Content-Length says more, or if more arrives."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.strip().isdigit() or int(declared) > limit):
        if not declared.strip().isdigit():
            raise ProtocolError(400, _("Content-Length {value!r} is not a number of bytes").format(value=declared))
        raise _too_large(limit)
    parts, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        parts.append(chunk)
    return b"".join(parts)


def _too_large(limit: int) -> ProtocolError:
    return ProtocolError(413, _("the request body is larger than {limit} bytes (the max_body_bytes setting)").format(
        limit=limit))
