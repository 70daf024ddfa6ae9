"""The endpoint's limits, each a named setting with a default (``--setting NAME=VALUE``; ``serve --help`` lists them).

The names are the ones the command line, the README and the error messages use, so an operator who reads
"the limit is set by query_timeout" knows what to change.
"""
from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields

from ..errors import UsageError
from ..i18n import N_, _


UNISOLATED_FLAG = "--allow-unisolated"
"""The ``serve`` option an operator must pass to run queries where they cannot be isolated from the network."""


@dataclass(frozen=True)
class Setting:
    """One limit: its ``name``, ``default`` (int or float) and an English ``help`` (translated when shown)."""

    name: str
    default: float | int
    help: str


def _default_workers() -> int:
    return max(2, min(4, (os.cpu_count() or 1) * 2))


SETTINGS: tuple[Setting, ...] = (
    Setting("query_timeout", 10.0, N_("seconds a query may run before it is stopped; a request may lower it"
                                      " with the 'timeout' parameter, never raise it")),
    Setting("max_returned_rows", 10_000, N_("rows (or triples) an answer gives at most; a longer answer is cut"
                                            " and says so in the header Pozuzo-Truncated")),
    Setting("max_result_bytes", 16 * 2**20, N_("bytes an answer may take once serialized; a larger one is refused")),
    Setting("max_body_bytes", 2**20, N_("bytes a request body may have (checked against Content-Length and while"
                                        " reading)")),
    Setting("workers", _default_workers(), N_("queries evaluated at the same time (query workers)")),
    Setting("max_queries_per_client", 0, N_("queries one client may have running at once; 0: one less than"
                                            " workers, so one client never holds every worker")),
    Setting("max_queued_queries", 64, N_("queries that may wait for a free worker; beyond that the answer is"
                                         " 503")),
    Setting("queue_timeout", 5.0, N_("seconds a query may wait for a free worker before the answer is 503")),
    Setting("cache_entries", 512, N_("answers kept in the answer cache (0 disables it)")),
    Setting("cache_bytes", 64 * 2**20, N_("bytes the answer cache may hold")),
    Setting("cache_max_age", 300, N_("seconds HTTP caches may reuse an answer (Cache-Control max-age)")),
)
"""Every limit of the endpoint, with its default."""


@dataclass(frozen=True)
class Settings:
    """The values in force (see :data:`SETTINGS` for each one's meaning)."""

    query_timeout: float
    max_returned_rows: int
    max_result_bytes: int
    max_body_bytes: int
    workers: int
    max_queries_per_client: int
    max_queued_queries: int
    queue_timeout: float
    cache_entries: int
    cache_bytes: int
    cache_max_age: int

    @property
    def client_share(self) -> int:
        """Queries one client may run at once: the setting, or one less than the workers (at least one)."""
        return self.max_queries_per_client or max(1, self.workers - 1)


_POSITIVE = {"query_timeout", "max_returned_rows", "max_result_bytes", "max_body_bytes", "workers", "queue_timeout"}
"""Settings that cannot be 0 (the others accept 0: none queued, no cache, no HTTP caching, the default share)."""


def settings(overrides: Mapping[str, str] | None = None) -> Settings:
    """The defaults with ``overrides`` (``{name: text}``) applied; :class:`UsageError` naming a bad one."""
    by_name = {s.name: s for s in SETTINGS}
    values: dict[str, float | int] = {s.name: s.default for s in SETTINGS}
    for name, text in (overrides or {}).items():
        if name not in by_name:
            raise UsageError(_("unknown setting {name!r}; settings: {known}").format(
                name=name, known=", ".join(by_name)))
        values[name] = _value(by_name[name], text)
    return Settings(**{f.name: values[f.name] for f in fields(Settings)})


def parse_overrides(pairs: Sequence[str]) -> dict[str, str]:
    """``--setting NAME=VALUE`` pairs as a dict; :class:`UsageError` for a pair without ``=``."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(_("--setting {pair!r}: expected NAME=VALUE").format(pair=pair))
        out[name.strip()] = value.strip()
    return out


def _value(setting: Setting, text: str) -> float | int:
    kind = type(setting.default)
    try:
        value = kind(text)
    except ValueError:
        value = None
    if value is None or (isinstance(value, float) and not math.isfinite(value)) or value < 0 or (
            value == 0 and setting.name in _POSITIVE):
        if kind is float:
            message = _("setting {name}={text!r}: expected a positive number")
        elif setting.name in _POSITIVE:
            message = _("setting {name}={text!r}: expected a positive whole number")
        else:
            message = _("setting {name}={text!r}: expected a whole number, 0 or more")
        raise UsageError(message.format(name=setting.name, text=text))
    return value
