"""Helpers of the server tests: ``pozuzo-kg serve`` run as users run it (the console script, a subprocess, a free
loopback port), and a plain HTTP client that shows status, headers and body as they came."""
from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit


COMMAND = Path(sys.executable).with_name("pozuzo-kg")
_READY = re.compile(r"(http://127\.0\.0\.1:\d+/\S*) ")


@dataclass
class Running:
    """A server process: its ``url`` (ends in ``/``) and every line it wrote to stderr."""

    url: str
    process: subprocess.Popen
    log: list[str] = field(default_factory=list)

    def stop(self) -> int:
        """SIGTERM, as systemd stops it; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        time.sleep(0.05)
        return self.process.returncode


def spanish_environment() -> dict[str, str]:
    """The environment without locale variables: the server speaks Spanish, its default."""
    return {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}


def start(*args: str, env: dict[str, str] | None = None) -> Running:
    """Starts ``pozuzo-kg serve --port 0 ARGS`` and waits until it answers ``/health``."""
    process = subprocess.Popen([str(COMMAND), "serve", "--port", "0", "--allow-unisolated", *args],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, env=env or spanish_environment())
    log: list[str] = []
    deadline = time.monotonic() + 60
    url = None
    while url is None:
        line = process.stderr.readline()
        if not line:
            process.wait(5)
            raise RuntimeError("pozuzo-kg serve exited before serving: " + "".join(log))
        log.append(line)
        found = _READY.search(line)
        url = found.group(1) if found else None
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("pozuzo-kg serve did not start: " + "".join(log))
    threading.Thread(target=lambda: log.extend(iter(process.stderr.readline, "")), daemon=True).start()
    running = Running(url, process, log)
    for _ in range(200):
        if request(running.url + "health").status == 200:
            return running
        time.sleep(0.05)
    running.stop()
    raise RuntimeError("pozuzo-kg serve never answered /health")


@dataclass(frozen=True)
class Reply:
    """An HTTP answer: status, headers (lower-case names) and body."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def request(url: str, method: str = "GET", body: bytes | None = None, headers: dict[str, str] | None = None, *,
            source: str | None = None, chunked: bool = False, timeout: float = 30) -> Reply:
    """One request with the standard library's client (no redirects followed, no headers added but Host)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout,
                                            source_address=(source, 0) if source else None)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        if chunked:
            connection.putrequest(method, target)
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            connection.putheader("Transfer-Encoding", "chunked")
            connection.endheaders()
            for start_ in range(0, len(body or b""), 4096):
                piece = body[start_:start_ + 4096]
                connection.send(b"%x\r\n%s\r\n" % (len(piece), piece))
            connection.send(b"0\r\n\r\n")
        else:
            connection.request(method, target, body=body, headers=headers or {})
        response = connection.getresponse()
        content = response.read()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, content)
    except (ConnectionError, OSError):
        return Reply(0, {}, b"")
    finally:
        connection.close()


def assert_clean(reply: Reply) -> None:
    """An error answer is one plain sentence: no traceback, no path of the server's files."""
    text = reply.body.decode("utf-8", "replace")
    assert "Traceback" not in text and "site-packages" not in text and "/work/" not in text and ".py" not in text
    assert reply.headers["content-type"].startswith("text/plain")
    assert text.count("\n") == 1, text
