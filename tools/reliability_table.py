"""Writes the README's reliability table from the figures of a test run (``build/reliability.json``).

    .venv/bin/python -m pytest            # the whole suite writes build/reliability.json
    .venv/bin/python tools/reliability_table.py [--check] [FIGURES.json]

The table goes between the ``<!-- reliability-figures -->`` and ``<!-- /reliability-figures -->`` lines of
README.md; ``--check`` only says whether the README already carries it (exit 1 if not). Nothing is typed by hand.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- reliability-figures -->", "<!-- /reliability-figures -->"
ROWS = (
    ("hostile_input", "Hostile input: every command × missing, unreadable, malformed, deeply nested files; "
                      "literals, queries and archives beyond the limits"),
    ("remote_faults", "Misbehaving stores: trickling, slow headers, endless or cut-off bodies, HTML 200, redirects, "
                      "Basic and Digest, HTTP errors, timeouts, refused connections"),
    ("publish_faults", "Publishing under faults: SIGKILL trials, full and read-only disk, refused writes, "
                       "interrupts, the bundle writer's guarantees"),
    ("fuzz", "Property-based and fuzz tests (Hypothesis) and the replayed regression corpus"),
    ("w3c_turtle", "W3C Turtle test suite, through the loader"),
)
CONFORMANCE = (
    ("w3c_shacl", "W3C SHACL test suite, through `validate`'s engine"),
    ("w3c_sparql_protocol", "W3C SPARQL 1.1 Protocol tests, against `pozuzo-kg serve`"),
)


def table(figures: dict) -> str:
    """The Markdown table of ``figures``."""
    lines = ["| what was tried | test cases held | measured |", "|---|---|---|"]
    recorded = figures.get("recorded", {})
    for group, title in ROWS:
        tally = figures["cases"].get(group)
        if tally is None:
            continue
        lines.append(f"| {title} | {tally['held']} of {tally['tried']} | {_measured(group, recorded)} |")
    if "serve_load" in recorded:
        load = recorded["serve_load"]
        statuses = ", ".join(f"{status}: {count}" for status, count in load["statuses"].items())
        lines.append(f"| Load on `pozuzo-kg serve`: {load['requests']} requests from {load['clients']} clients mixing "
                     f"named, slow, malformed and hostile queries | {load['held']} of {load['requests']} | "
                     f"{load['throughput']} req/s, p50 {load['p50_ms']} ms, p99 {load['p99_ms']} ms; by status: "
                     f"{statuses}; no worker left running, memory back near its start |")
    for name, title in CONFORMANCE:
        if name in recorded:
            lines.append(f"| {title} | {recorded[name]['passed']} of {recorded[name]['total']} | |")
    return "\n".join(lines) + "\n"


def _measured(group: str, recorded: dict) -> str:
    if group == "publish_faults" and "publish_sigkill" in recorded:
        kills = recorded["publish_sigkill"]
        return (f"{kills['held']} of {kills['trials']} SIGKILLs left a whole bundle ({kills['write_phase']} in the "
                f"write phase: {kills['previous']} previous, {kills['new']} new)")
    if group == "fuzz" and "fuzz" in recorded:
        fuzz = recorded["fuzz"]
        return f"{fuzz['examples']} generated inputs held, {fuzz['corpus']} corpus files replayed"
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("figures", nargs="?", default=str(REPO / "build" / "reliability.json"))
    parser.add_argument("--check", action="store_true", help="only check that README.md carries the table")
    args = parser.parse_args(argv)
    figures = json.loads(Path(args.figures).read_text(encoding="utf-8"))
    if not figures.get("complete"):
        print(f"{args.figures}: figures of a partial run (run the whole suite first)", file=sys.stderr)
        return 2
    readme = REPO / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, begin, rest = text.partition(BEGIN + "\n")
    _old, end, tail = rest.partition(END)
    if not begin or not end:
        print(f"README.md has no {BEGIN} … {END} block", file=sys.stderr)
        return 2
    updated = head + begin + table(figures) + end + tail
    if args.check:
        return 0 if updated == text else 1
    readme.write_text(updated, encoding="utf-8")
    print(table(figures), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
