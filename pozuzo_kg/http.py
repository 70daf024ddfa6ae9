"""The one HTTP client of pozuzo-kg: every remote call (``query --endpoint``, ``push``, and later ones) goes here.

What it guarantees, whatever the server does:

- **A total deadline.** ``timeout`` seconds cover the whole request, from connecting to the last byte of the
  answer: a watchdog shuts the socket when they are up, so a server trickling one byte at a time, or sending
  headers slowly, or an endless body, ends at the deadline with one line (not per socket read, as urllib does).
- **A size cap.** An answer larger than the ``response`` limit of the input-limits policy (256 MiB by default,
  :mod:`pozuzo_kg.limits`) is refused as soon as it is known to be (its declared length) or reached.
- **One error type.** Every failure of the socket, TLS, ``http.client`` or the server is one :class:`RemoteError`
  line naming the URL (without its credentials) and, for HTTP errors, the status and the server's first line.
- **Authentication.** Credentials come in the URL (``http://USER:PASSWORD@HOST/…``) and are never shown in
  messages. They are sent as HTTP Basic; a server that challenges with HTTP Digest (RFC 7616: MD5, SHA-256 and
  their ``-sess`` forms, ``qop=auth``) gets the request again with a Digest answer, and a :class:`Client`
  answers that server's later requests with Digest straight away.
- **Nothing else is fetched.** Redirects are not followed (the error names the new location), no proxy or
  ``Accept-Encoding`` is used, and only http(s) URLs are accepted.

A request body is ``bytes`` or a function returning an iterable of chunks (sent with chunked transfer encoding,
or with ``Content-Length`` when the caller knows the length), so large uploads stream and can be sent again
after a Digest challenge.
"""
from __future__ import annotations

import base64
import hashlib
import http.client
import math
import os
import re
import socket
import ssl
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .errors import RemoteError, UsageError
from .i18n import N_, _
from .limits import how_to_change, limits_from_environment, size_text

Body = bytes | Callable[[], Iterable[bytes]] | None
"""A request body: bytes, or a function returning the chunks anew each time it is called."""
DEADLINE_MARGIN = 1.0
"""Seconds past the deadline within which a request is sure to have ended (the watchdog's reaction time)."""
_CHUNK = 64 * 1024
_ERROR_BODY = 64 * 1024
"""Bytes of an HTTP error's body read for its message (the rest is never read)."""
_PARAMETER = re.compile(r'([A-Za-z][\w-]*)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s,]*)')
_DIGESTS = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}


def check_url(url: str, what: str = N_("endpoint")) -> str:
    """``url`` if it is an absolute http(s) URL, else a :class:`UsageError` (credentials never shown)."""
    parts = urllib.parse.urlsplit(url)
    try:
        parts.port
    except ValueError:
        raise UsageError(_("{what} {url!r} has an invalid port").format(what=_(what), url=public_url(url))) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(_("{what} {url!r} is not an http(s) URL").format(what=_(what), url=public_url(url)))
    return url


def check_timeout(timeout: float) -> float:
    """``timeout`` if it is a positive, finite number of seconds, else a :class:`UsageError`."""
    if not 0 < timeout < math.inf:  # also refuses NaN
        raise UsageError(_("--timeout must be a positive number of seconds"))
    return timeout


def public_url(url: str) -> str:
    """``url`` with the password of ``http://USER:PASSWORD@HOST/…`` masked, for messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    user, _at, host = parts.netloc.rpartition("@")
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user.split(':', 1)[0]}:***@{host}"))


def bare_url(url: str) -> str:
    """``url`` without its ``USER:PASSWORD@`` part: what messages name."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


@dataclass(frozen=True)
class Response:
    """A complete answer: ``url`` (without credentials), status, reason, headers and the body (within the cap)."""

    url: str
    status: int
    reason: str
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def media_type(self) -> str:
        """The answer's media type, lower case, without parameters (``""`` when it names none)."""
        return self.headers.get("Content-Type", "").split(";")[0].strip().lower()


@dataclass
class Client:
    """Sends requests with one deadline each (``timeout`` seconds) and one answer-size cap (``max_response``).

    Keeps what each server asked for (HTTP Digest), so a series of requests to one store authenticates once.
    """

    timeout: float
    max_response: int = field(default_factory=lambda: limits_from_environment().response)
    _digest: dict[str, "_Digest"] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        check_timeout(self.timeout)

    def request(self, method: str, url: str, *, body: Body = None, headers: Mapping[str, str] | None = None,
                length: int | None = None) -> Response:
        """Sends one request and returns the whole answer, whatever its status (see :func:`error_for`).

        :class:`RemoteError` when no complete answer came within the deadline or the cap, or the connection
        failed; ``length``: the byte length of a chunked ``body``, when known.
        """
        check_url(url)
        parts = urllib.parse.urlsplit(url)
        credentials = (urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or "")) \
            if parts.username is not None else None
        target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        sent = dict(headers or {})
        if length is not None:
            sent["Content-Length"] = str(length)
        origin = f"{parts.scheme}://{parts.hostname}:{parts.port}"
        for attempt in range(3):
            if credentials:
                digest = self._digest.get(origin)
                sent["Authorization"] = digest.answer(method, target, credentials) if digest else \
                    "Basic " + base64.b64encode(":".join(credentials).encode("utf-8")).decode("ascii")
            response = self._send(method, parts, target, body, sent, bare_url(url))
            challenge = _digest_challenge(response) if credentials and response.status == 401 else None
            if challenge is None or attempt == 2 or (origin in self._digest and not challenge.stale):
                return response
            self._digest[origin] = challenge
        return response

    def _send(self, method: str, parts: urllib.parse.SplitResult, target: str, body: Body,
              headers: Mapping[str, str], url: str) -> Response:
        deadline = time.monotonic() + self.timeout
        watchdog = _Watchdog(self.timeout)
        try:
            with watchdog:
                connection = _connection(parts, deadline, watchdog)
                try:
                    connection.request(method, target, body=body() if callable(body) else body,
                                       headers=dict(headers))
                    answer = connection.getresponse()
                    response = self._read(answer, url, deadline)
                finally:
                    connection.close()
        except RemoteError:
            raise
        except (OSError, http.client.HTTPException, ValueError) as error:
            if watchdog.expired or isinstance(error, TimeoutError):
                raise _timeout(url, self.timeout) from None
            raise _failure(url, error) from None
        if watchdog.expired:
            raise _timeout(url, self.timeout)
        return response

    def _read(self, answer: http.client.HTTPResponse, url: str, deadline: float) -> Response:
        """The body of ``answer``, in chunks, within the cap (an error's body: its first 64 KiB only)."""
        cap = self.max_response if answer.status < 400 else _ERROR_BODY
        declared = answer.getheader("Content-Length", "")
        if answer.status < 400 and declared.isdigit() and int(declared) > cap:
            raise self._too_large(url)
        chunks: list[bytes] = []
        size, ended = 0, False
        try:
            while size <= cap:
                chunk = answer.read(min(_CHUNK, cap + 1 - size))
                if not chunk:
                    ended = True
                    break
                size += len(chunk)
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise _timeout(url, self.timeout)
        except http.client.IncompleteRead as error:  # a chunked body cut off
            size += len(error.partial)
            chunks.append(error.partial)
            ended = True
        cut_off = ended and bool(answer.length)  # the connection closed before the declared length
        if cut_off and answer.status < 400:
            raise RemoteError(_("{url}: the answer was cut off after {size} bytes (HTTP {status})").format(
                url=url, size=size, status=answer.status))
        if size > cap and answer.status < 400:
            raise self._too_large(url)
        return Response(url, answer.status, answer.reason, answer.headers, b"".join(chunks)[:cap])

    def _too_large(self, url: str) -> RemoteError:
        return RemoteError(_("{url}: the answer is larger than {size} ({change})").format(
            url=url, size=size_text(self.max_response), change=how_to_change("response")))


def error_for(response: Response, hint: str = "", authenticated: bool = False) -> RemoteError | None:
    """The one-line error of an HTTP error (or a redirect) ``response``, or ``None`` if it succeeded.

    ``hint`` follows the statuses that mean a wrong URL (404, 405, 415).
    """
    if response.status < 300:
        return None
    if response.status < 400:
        location = response.headers.get("Location", "")
        return RemoteError(_("{url}: HTTP {status} ({reason}): the server moved it to {location}; give that URL "
                             "(redirects are not followed)").format(url=response.url, status=response.status,
                                                                    reason=response.reason,
                                                                    location=bare_url(location) or "?"))
    detail = first_line(response.body.decode("utf-8", "replace"))
    message = f"{response.url}: HTTP {response.status} ({response.reason})" + (f": {detail}" if detail else "")
    if response.status == 401:
        message += "; " + (_("the credentials in the URL were refused") if authenticated else
                           _("the server asks for credentials: give them in the URL, http://USER:PASSWORD@HOST/…"))
    elif response.status in (404, 405, 415) and hint:
        message += " (" + _(hint) + ")"
    return RemoteError(message)


def first_line(text: str, limit: int = 200) -> str:
    """The first non-blank line of ``text``, at most ``limit`` characters."""
    line = next((part.strip() for part in str(text).splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


class _Watchdog:
    """Shuts the watched socket when the deadline passes: a blocked send or receive then returns at once."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._socket: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> "_Watchdog":
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._socket = sock
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            if self._socket is not None:
                _shut(self._socket)


def _shut(sock: socket.socket) -> None:
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


def _connection(parts: urllib.parse.SplitResult, deadline: float,
                watchdog: _Watchdog) -> http.client.HTTPConnection:
    """An open connection to the URL's host, its socket under ``watchdog``."""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    remaining = max(deadline - time.monotonic(), 0.001)
    if parts.scheme == "https":
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            parts.hostname, port, timeout=remaining, context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(parts.hostname, port, timeout=remaining)
    raw = socket.create_connection((parts.hostname, port), timeout=remaining)
    watchdog.watch(raw)
    if parts.scheme == "https":
        raw = connection._context.wrap_socket(raw, server_hostname=parts.hostname)  # type: ignore[attr-defined]
        watchdog.watch(raw)
    connection.sock = raw
    return connection


def _timeout(url: str, timeout: float) -> RemoteError:
    return RemoteError(_("{url}: no answer within {seconds} s (timeout)").format(url=url, seconds=f"{timeout:g}"))


def _failure(url: str, error: Exception) -> RemoteError:
    if isinstance(error, ConnectionRefusedError):
        return RemoteError(_("{url}: connection refused (is the server running?)").format(url=url))
    if isinstance(error, ssl.SSLCertVerificationError):
        return RemoteError(_("{url}: the server's TLS certificate is not trusted ({reason})").format(
            url=url, reason=error.verify_message))
    if isinstance(error, socket.gaierror):
        return RemoteError(_("{url}: unknown host ({reason})").format(url=url, reason=error.strerror))
    if isinstance(error, http.client.RemoteDisconnected):
        return RemoteError(_("{url}: the server closed the connection without answering").format(url=url))
    if isinstance(error, (ConnectionResetError, BrokenPipeError)):
        return RemoteError(_("{url}: the server closed the connection ({reason})").format(
            url=url, reason=error.strerror or type(error).__name__))
    reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return RemoteError(_("{url}: request failed: {reason}").format(url=url, reason=first_line(reason)))


@dataclass
class _Digest:
    """A server's HTTP Digest challenge (RFC 7616), and the count of answers given to its nonce."""

    realm: str
    nonce: str
    algorithm: str
    qop: str | None
    opaque: str | None
    stale: bool
    count: int = 0

    def answer(self, method: str, uri: str, credentials: tuple[str, str]) -> str:
        """The ``Authorization`` header for one request."""
        digest = _DIGESTS[self.algorithm.removesuffix("-sess").upper()]

        def h(text: str) -> str:
            return digest(text.encode("utf-8")).hexdigest()

        self.count += 1
        count, cnonce = f"{self.count:08x}", os.urandom(8).hex()
        user, password = credentials
        secret = h(f"{user}:{self.realm}:{password}")
        if self.algorithm.lower().endswith("-sess"):
            secret = h(f"{secret}:{self.nonce}:{cnonce}")
        scope = h(f"{method}:{uri}")
        proof = h(f"{secret}:{self.nonce}:{count}:{cnonce}:auth:{scope}") if self.qop else h(f"{secret}:{self.nonce}:{scope}")
        fields = [f'username="{_quote(user)}"', f'realm="{_quote(self.realm)}"', f'nonce="{_quote(self.nonce)}"',
                  f'uri="{_quote(uri)}"', f"algorithm={self.algorithm}", f'response="{proof}"']
        if self.qop:
            fields += ["qop=auth", f"nc={count}", f'cnonce="{cnonce}"']
        if self.opaque is not None:
            fields.append(f'opaque="{_quote(self.opaque)}"')
        return "Digest " + ", ".join(fields)


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _digest_challenge(response: Response) -> _Digest | None:
    """The Digest challenge of a 401 answer that offers one this client can answer, else ``None``."""
    for header in response.headers.get_all("WWW-Authenticate") or []:
        scheme, _sep, rest = header.strip().partition(" ")
        if scheme.lower() != "digest":
            continue
        values = {name.lower(): value[1:-1].replace('\\"', '"').replace("\\\\", "\\") if value.startswith('"')
                  else value for name, value in _PARAMETER.findall(rest)}
        algorithm = values.get("algorithm", "MD5")
        qops = [q.strip() for q in values.get("qop", "").split(",") if q.strip()]
        if algorithm.removesuffix("-sess").upper() not in _DIGESTS or (qops and "auth" not in qops) \
                or "nonce" not in values:
            continue
        return _Digest(values.get("realm", ""), values["nonce"], algorithm, "auth" if qops else None,
                       values.get("opaque"), values.get("stale", "").lower() == "true")
    return None
