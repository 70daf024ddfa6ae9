"""Running the server: checks what the operator asked for (loopback unless ``--allow-remote``, isolation unless
``--allow-unisolated``), loads the graph, binds the socket, then serves with uvicorn until SIGINT/SIGTERM, when
it stops taking connections, lets running requests finish (up to the query deadline) and stops the workers.
"""
from __future__ import annotations

import ipaddress
import logging
import signal
import socket
import sys
from dataclasses import dataclass, field

from ..errors import UsageError
from ..i18n import _
from .settings import UNISOLATED_FLAG, parse_overrides, settings as build_settings


@dataclass(frozen=True)
class ServeRequest:
    """What ``pozuzo-kg serve`` was asked (see its ``--help``)."""

    files: tuple[str, ...] = ()
    named: tuple[str, ...] = ()
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int | None = None
    settings: tuple[str, ...] = ()
    cors: tuple[str, ...] = ()
    allow_remote: bool = False
    base_path: str = ""
    public_url: str | None = None
    trusted_proxies: tuple[str, ...] = ("127.0.0.1", "::1")
    redact_queries: bool = False
    access_log: bool = True
    allow_unisolated: bool = False


@dataclass
class PreparedServer:
    """A bound socket and the application, ready to run; ``url`` is where it answers."""

    app: object
    sock: socket.socket
    url: str
    graceful_seconds: float
    access_log: bool
    notes: list[str] = field(default_factory=list)


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def prepare(request: ServeRequest) -> PreparedServer:
    """Validates ``request``, loads the graph and binds the socket; :class:`UsageError` for what cannot work."""
    from .engine import isolation_available

    if not is_loopback(request.host) and not request.allow_remote:
        raise UsageError(_("--host {host} would let other machines query the server; listen on 127.0.0.1, or add"
                           " --allow-remote (never on a public network; see SECURITY.md)").format(host=request.host))
    if not 0 <= request.port <= 65535:
        raise UsageError(_("--port {port}: expected a port number from 0 to 65535").format(port=request.port))
    base_path = _base_path(request.base_path)
    overrides = parse_overrides(request.settings)
    if request.workers is not None:
        overrides["workers"] = str(request.workers)
    limits = build_settings(overrides)
    public_url = _public_url(request.public_url) if request.public_url else None
    graph = _load(request)
    notes = []
    if not isolation_available():
        if not request.allow_unisolated:
            raise UsageError(_("queries cannot be isolated from the network on this machine; pass {flag} to serve"
                               " anyway").format(flag=UNISOLATED_FLAG))
        notes.append(_("queries run without network isolation ({flag})").format(flag=UNISOLATED_FLAG))

    from .app import ServerOptions, build_app, origins

    options = ServerOptions(limits, base_path=base_path, public_url=public_url, cors_origins=origins(request.cors),
                            trusted_proxies=_networks(request.trusted_proxies), redact_queries=request.redact_queries)
    sock = _bind(request.host, request.port)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    url = public_url or f"http://{shown}:{port}{base_path}/"
    return PreparedServer(build_app(graph, options), sock, url, limits.query_timeout + 1, request.access_log, notes)


def run_server(server: PreparedServer) -> None:
    """Serves until SIGINT or SIGTERM, then shuts down gracefully."""
    import uvicorn

    _logging(server.access_log)
    config = uvicorn.Config(server.app, log_config=None, log_level="warning", access_log=False,
                            proxy_headers=False, server_header=False, lifespan="on",
                            timeout_graceful_shutdown=int(server.graceful_seconds) + 1,
                            http=_available("httptools", "auto"), loop=_available("uvloop", "auto"))
    # uvicorn shuts down on SIGINT/SIGTERM, then raises the signal again against the handlers it found: these
    # ignore it, so a stop the operator asked for ends with exit code 0 rather than death by signal.
    previous = {number: signal.signal(number, lambda *_: None) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        uvicorn.Server(config).run(sockets=[server.sock])
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _available(module: str, fallback: str) -> str:
    import importlib.util

    return module if importlib.util.find_spec(module) else fallback


def _logging(access_log: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%dT%H:%M:%S"))
    for name, level in (("pozuzo_kg.server.access", logging.INFO if access_log else logging.WARNING),
                        ("pozuzo_kg.server.error", logging.ERROR), ("uvicorn.error", logging.WARNING)):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False


def _load(request: ServeRequest):
    from ..loader import load_graph
    import pyoxigraph as ox

    named: dict[str, list[str]] = {}
    for pair in request.named:
        iri, sep, path = pair.partition("=")
        try:
            if not sep or not path:
                raise ValueError
            ox.NamedNode(iri)
        except ValueError:
            raise UsageError(_("--named {pair!r}: expected IRI=FILE with an absolute IRI").format(pair=pair)) from None
        named.setdefault(iri, []).append(path)
    return load_graph(list(request.files) or None, named=named)


def _base_path(value: str) -> str:
    path = value.strip().rstrip("/")
    if path and (not path.startswith("/") or any(c in path for c in "?#\\ ") or "//" in path):
        raise UsageError(_("--base-path {path!r}: expected a path such as /grafo").format(path=value))
    return path


def _public_url(value: str) -> str:
    from ..publish.dcat import normalize_base_url

    try:
        return normalize_base_url(value)
    except UsageError:
        raise UsageError(_("--public-url {url!r}: expected an absolute http(s) URL such as"
                           " https://datos.example.org/grafo/").format(url=value)) from None


def _networks(values: tuple[str, ...]) -> tuple[str, ...]:
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise UsageError(_("--trusted-proxy {value!r}: expected an IP address or network").format(value=value)) \
                from None
    return values


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as problem:
        sock.close()
        raise UsageError(_("cannot listen on {host}:{port}: {reason}").format(
            host=host, port=port, reason=problem.strerror or problem)) from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock

