"""Progress of long work (validate, publish, push, import at scale) on stderr, for the person waiting.

Shown when stderr is a terminal, or when the environment variable :data:`FORCE` is ``1`` (so tests and logs
can see it); ``0`` silences it even on a terminal; otherwise silent, so pipes and scripts get clean output.
Lines read ``pozuzo-kg: validando…`` and, for counted work, ``pozuzo-kg: importando filas: 500/2000 (25 %)``;
counted work prints at most one line per tenth of the total, so a million rows give about ten lines.
Messages are passed in already translated (``_()``), since they are terminal text.

    progress = Progress.for_stderr()
    progress(_("validating"))
    for done, row in enumerate(rows, 1):
        progress.count(_("importing rows"), done, len(rows))
"""
from __future__ import annotations

import os
import sys
from typing import TextIO

FORCE = "POZUZO_KG_PROGRESS"
"""``1``: always show progress; ``0``: never; unset or anything else: only when stderr is a terminal."""
_STEPS = 10


class Progress:
    """Writes progress lines to ``stream``, or nothing when ``enabled`` is false. Callable: ``progress(msg)``."""

    def __init__(self, stream: TextIO | None = None, enabled: bool = True) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self._shown: dict[str, int] = {}

    @classmethod
    def for_stderr(cls) -> "Progress":
        """Progress on stderr, enabled as :data:`FORCE` or a terminal on stderr says."""
        return cls(sys.stderr, enabled=shown(sys.stderr))

    def __call__(self, message: str) -> None:
        """One step: ``pozuzo-kg: {message}…``."""
        self._write(f"{message}…")

    def count(self, message: str, done: int, total: int) -> None:
        """``done`` of ``total`` items: a line at the first item, at each further tenth, and at the last."""
        if not self.enabled or total <= 0:
            return
        tenth = done * _STEPS // total
        if done != 1 and done != total and self._shown.get(message, -1) >= tenth:
            return
        self._shown[message] = tenth
        self._write(f"{message}: {done}/{total} ({done * 100 // total} %)")

    def _write(self, text: str) -> None:
        if self.enabled:
            print(f"pozuzo-kg: {text}", file=self.stream, flush=True)


def shown(stream: TextIO) -> bool:
    """Whether progress goes to ``stream``: :data:`FORCE` decides if set to ``1`` or ``0``, else a terminal."""
    forced = os.environ.get(FORCE, "").strip()
    if forced in ("0", "1"):
        return forced == "1"
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


SILENT = Progress(enabled=False)
"""A progress that says nothing: the default of library functions that accept one."""
