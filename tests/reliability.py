"""The reliability figures of a test run, for the README: counted by hooks of ``tests/conftest.py``, written as JSON.

Two sources: each test of a :data:`GROUPS` group counts as one case tried (and held if it passed), and tests
record figures of their own (fuzz examples, SIGKILL trials) through the ``reliability_figures`` fixture. At the
end of the session the figures go to ``build/reliability.json`` (or ``POZUZO_KG_FIGURES``), which
``tools/reliability_table.py`` turns into the README's table. A partial run (``-k``, one file) writes them too,
marked ``"complete": false`` unless every group ran.
"""
from __future__ import annotations

import json
import os
import random
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FUZZ_SEED = int(os.environ.get("POZUZO_KG_FUZZ_SEED") or 13)  # fixed in CI, so a run is reproducible; set it to explore
FAULT_SEED = int(os.environ.get("POZUZO_KG_FAULT_SEED") or random.SystemRandom().randrange(2**32))
"""The seeds of this run's fuzzing and fault trials: printed in the run's header, replayed by the variables."""
OUTPUT = Path(os.environ.get("POZUZO_KG_FIGURES") or REPO / "build" / "reliability.json")
GROUPS = {
    "w3c_turtle": ("tests/test_turtle_suite.py::test_turtle[",),
    "hostile_input": ("tests/test_cli_errors.py::", "tests/test_loader.py::test_", "tests/test_limits.py::",
                      "tests/test_archives.py::"),
    "remote_faults": ("tests/test_http.py::", "tests/test_remote.py::test_http_error", "tests/test_remote.py::test_timeout",
                      "tests/test_remote.py::test_push_timeout", "tests/test_remote.py::test_connection_refused"),
    "publish_faults": ("tests/publish/test_faults.py::", "tests/publish/test_bundle.py::"),
    "fuzz": ("tests/test_fuzz.py::",),
}
"""Groups of tests whose count is a figure: by the start of their node id."""
RECORDED = ("w3c_shacl", "w3c_sparql_protocol", "publish_sigkill", "fuzz", "serve_load")
"""Figures that tests record themselves (suites counted inside one test, trials, generated examples)."""


class Figures:
    """Tallies the cases of each group and the figures tests record; writes them once the session ends."""

    def __init__(self) -> None:
        self.cases: dict[str, dict[str, int]] = defaultdict(lambda: {"tried": 0, "held": 0})
        self.recorded: dict[str, dict[str, object]] = {}

    def count(self, nodeid: str, outcome: str) -> None:
        """One test's outcome (``passed``, ``failed``, ``xfailed`` or ``skipped``) into its group."""
        for group, prefixes in GROUPS.items():
            if nodeid.startswith(prefixes) and outcome != "skipped":
                tally = self.cases[group]
                tally["tried"] += 1
                tally["held"] += outcome == "passed"

    def record(self, name: str, **figures: object) -> None:
        """Figures a test measured itself (merged by name: counts add up)."""
        current = self.recorded.setdefault(name, {})
        for key, value in figures.items():
            current[key] = current.get(key, 0) + value if isinstance(value, int) and key != "seed" else value

    def summary(self) -> list[str]:
        """One line per figure, for the end of the test run's output."""
        lines = [f"{group}: {tally['held']} of {tally['tried']} cases held" for group, tally in sorted(self.cases.items())]
        lines += [f"{name}: " + ", ".join(f"{key} {value}" for key, value in sorted(figures.items()))
                  for name, figures in sorted(self.recorded.items())]
        return lines

    def write(self) -> None:
        if not self.cases and not self.recorded:
            return
        OUTPUT.parent.mkdir(parents=True, exist_ok=True)
        complete = set(self.cases) == set(GROUPS) and set(RECORDED) <= set(self.recorded)
        document = {"complete": complete, "cases": dict(sorted(self.cases.items())),
                    "recorded": dict(sorted(self.recorded.items()))}
        OUTPUT.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")
