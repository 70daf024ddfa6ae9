"""Progress on stderr: shown on a terminal or when forced by POZUZO_KG_PROGRESS=1, silent otherwise."""
import io
import json
import os
import subprocess
import sys

import pytest

from pozuzo_kg.progress import FORCE, Progress, shown


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("forced, terminal, expected", [
    (None, True, True), (None, False, False), ("1", False, True), ("0", True, False), ("sí", False, False),
])
def test_shown_on_a_terminal_or_when_forced(monkeypatch, forced, terminal, expected):
    monkeypatch.delenv(FORCE, raising=False)
    if forced is not None:
        monkeypatch.setenv(FORCE, forced)
    assert shown(Terminal() if terminal else io.StringIO()) is expected


def test_steps_and_counts_print_one_line_per_tenth():
    out = io.StringIO()
    progress = Progress(out)
    progress("validando")
    for done in range(1, 1001):
        progress.count("importando filas", done, 1000)
    lines = out.getvalue().splitlines()
    assert lines[0] == "pozuzo-kg: validando…"
    assert lines[1:] == ["pozuzo-kg: importando filas: 1/1000 (0 %)"] + [
        f"pozuzo-kg: importando filas: {n}/1000 ({n // 10} %)" for n in range(100, 1001, 100)]


def test_a_disabled_progress_writes_nothing():
    out = io.StringIO()
    progress = Progress(out, enabled=False)
    progress("validando")
    progress.count("filas", 1, 1)
    assert out.getvalue() == ""


def run(args, tmp_path, **env):
    environment = {k: v for k, v in os.environ.items() if k not in (FORCE, "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "pozuzo_kg", *args], capture_output=True, text=True,
                          env=environment, cwd=tmp_path)


def test_publish_and_validate_report_progress_when_forced_and_are_silent_in_a_pipe(tmp_path):
    forced = run(["publish", "--out", "p", "--base-url", "https://x.example/"], tmp_path, **{FORCE: "1"})
    assert forced.returncode == 0, forced.stderr
    lines = forced.stderr.splitlines()
    assert lines[:2] == ["pozuzo-kg: validando…", "pozuzo-kg: RDF: Turtle, N-Triples, JSON-LD, ontología y formas…"]
    assert "pozuzo-kg: páginas HTML…" in lines
    assert lines[-1].startswith("pozuzo-kg: escribiendo archivos: ") and lines[-1].endswith(" (100 %)")
    quiet = run(["publish", "--out", "q", "--base-url", "https://x.example/"], tmp_path)
    assert quiet.returncode == 0 and quiet.stderr == ""
    validated = run(["validate", "-f", "json"], tmp_path, **{FORCE: "1"})
    assert validated.stderr.splitlines() == ["pozuzo-kg: cargando el grafo…", "pozuzo-kg: validando…"]
    english = run(["validate", "-f", "json"], tmp_path, **{FORCE: "1", "LANG": "en_US.UTF-8"})
    assert english.stderr.splitlines() == ["pozuzo-kg: loading the graph…", "pozuzo-kg: validating…"]
    # progress never touches the output (which differs by language only in its sentences: message, remedy, notes)
    sentences = ("message", "remedy")
    plain = [[{k: v for k, v in f.items() if k not in sentences} for f in json.loads(out)["findings"]]
             for out in (english.stdout, validated.stdout)]
    assert plain[0] == plain[1] and len(plain[0]) == 7
