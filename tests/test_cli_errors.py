"""Every subcommand × every kind of bad input: exit code 2, one line on stderr, nothing on stdout, no traceback.

Run as the user runs it (a separate process), so that an uncaught exception would show as a traceback.
Exit code 1 is only for validation violations (``validate``, and ``publish`` refusing to publish).
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENGLISH
from pozuzo_kg.cli import COMMANDS

FIXTURES = Path(__file__).resolve().parent / "fixtures"
STORE = "http://127.0.0.1:9/store"  # never contacted: every case fails before any request
FORMATS = {"stats": "table", "validate": "human", "publish": "table", "query": "table", "analyze": "table"}


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pozuzo_kg", *args], capture_output=True, text=True,
                          encoding="utf-8", env={**os.environ, **(env or {})})


def with_file(command: str, path: str, tmp: Path) -> list[str]:
    """The arguments that make ``command`` read the RDF file ``path`` (and nothing else go wrong)."""
    return {
        "query": ["query", "jerarquia", "--data", path],
        "push": ["push", "--store", STORE, path],
        "publish": ["publish", "--out", str(tmp / "salida"), path],
    }.get(command, [command, path])


@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("entradas malas")
    (folder / "carpeta.ttl").mkdir()
    (folder / "roto.ttl").write_text("@prefix ex: <http://ex/> .\nex:a ex:b .\n", encoding="utf-8")
    (folder / "tabla.csv").write_text("id,nombre\ngm,Gerencia Municipal\n", encoding="utf-8")
    (folder / "latin1.ttl").write_bytes('<http://ex/a> <http://ex/b> "Alcaldía" .\n'.encode("latin-1"))
    (folder / "profundo.jsonld").write_text('{"@context": {"ex": "http://ex/"}, "@id": "http://ex/a", "ex:p": '
                                            + "[" * 2000 + "1" + "]" * 2000 + "}", encoding="utf-8")
    (folder / "profundo.ttl").write_text("<http://ex/a> <http://ex/p> " + "( [ <http://ex/p> " * 50_000 + "1"
                                         + " ] )" * 50_000 + " .\n", encoding="utf-8")
    (folder / "bucle.ttl").symlink_to(folder / "bucle.ttl")
    return {"missing": folder / "no-existe.ttl", "directory": folder / "carpeta.ttl", "broken": folder / "roto.ttl",
            "csv": folder / "tabla.csv", "latin1": folder / "latin1.ttl", "folder": folder,
            "deep_jsonld": folder / "profundo.jsonld", "deep_turtle": folder / "profundo.ttl", "loop": folder / "bucle.ttl"}


def test_every_command_is_covered():
    assert set(COMMANDS) == {"stats", "validate", "publish", "query", "push", "analyze", "serve"}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case,message", [
    ("missing", "{path}: no existe el archivo"),
    ("directory", "{path}: es una carpeta, no un archivo RDF"),
    ("broken", "{path}:2:11: . is not a valid RDF object\n"),
    ("csv", "{path}: formato RDF desconocido '.csv'; use uno de "),
    ("latin1", "{path}:1:"),
    ("deep_jsonld", "{path}:1:1065: "),  # was a RecursionError traceback and exit 1
    ("deep_turtle", "{path}:1:"),  # validate hung on it
    ("loop", "{path}: "),  # was "no such file"
])
def test_bad_file(bad, tmp_path, command, case, message):
    path = str(bad[case])
    done = run(*with_file(command, path, tmp_path))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("pozuzo-kg: error: " + message.format(path=path))
    assert not (tmp_path / "salida").exists()


def _usage_failures(command: str) -> list[list[str]]:
    """Bad usage of ``command``: wrong -f value, unknown option, a missing required option or option value."""
    base = {"query": ["query", "jerarquia"], "push": ["push", "--store", STORE]}.get(command, [command])
    missing_value = ["push", "--store"] if command == "push" else base + ["-f"]
    cases = [base + ["--no-existe"], missing_value, base + ["-f", "pdf"]]
    if command == "push":
        cases.append(["push"])  # --store is required
    if command == "query":
        cases.append(["query"])  # a NAME, --file or --sparql is required
    return cases


@pytest.mark.parametrize("args", [args for command in COMMANDS for args in _usage_failures(command)], ids=" ".join)
def test_bad_usage(args):
    done = run(*args)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(("pozuzo-kg: error: ", f"pozuzo-kg {args[0]}: error: "))


@pytest.mark.parametrize("command", [c for c in COMMANDS if c not in ("push", "serve")])  # serve has no -f
def test_wrong_format_names_the_choices(command):
    base = ["query", "jerarquia"] if command == "query" else [command]
    done = run(*base, "-f", "pdf")
    assert done.stderr.startswith(f"pozuzo-kg {command}: error: argumento -f/--format: valor no válido: 'pdf'"
                                  f" (elija entre '{FORMATS[command]}', ")
    done = run(*base, "-f", "pdf", env=ENGLISH)
    assert done.stderr.startswith(f"pozuzo-kg {command}: error: argument -f/--format: invalid choice: 'pdf'"
                                  f" (choose from '{FORMATS[command]}', ")


@pytest.mark.parametrize("args", [
    ["push", "--store", STORE, "--timeout", "0"],
    ["push", "--store", STORE, "--timeout", "-1"],
    ["push", "--store", STORE, "--timeout", "nan"],
    ["query", "jerarquia", "--endpoint", "http://127.0.0.1:9/query", "--timeout", "0"],
    ["query", "jerarquia", "--endpoint", "http://127.0.0.1:9/query", "--timeout", "inf"],
    ["query", "jerarquia", "--endpoint", "http://127.0.0.1:9/query", "--timeout", "nan"],
], ids=" ".join)
def test_timeout_must_be_a_positive_number(args):
    done = run(*args)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "pozuzo-kg: error: --timeout debe ser un número positivo de segundos\n"


def test_exit_1_only_for_violations(tmp_path):
    cyclic = str(FIXTURES / "analytics" / "ciclo.ttl")  # a cycle in org:subOrganizationOf: violations
    for args, code in [(["stats", cyclic], 0), (["analyze", cyclic], 0), (["query", "jerarquia", "--data", cyclic], 0),
                       (["validate", cyclic], 1),
                       (["publish", cyclic, "--out", str(tmp_path / "salida"), "--date", "2025-01-01"], 1)]:
        done = run(*args)
        assert done.returncode == code, (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert not (tmp_path / "salida").exists()


@pytest.mark.parametrize("language,usage,default_is", [("es", "uso:", "por defecto:"), ("en", "usage:", "default:")])
@pytest.mark.parametrize("command", COMMANDS)
def test_help_documents_every_option_with_its_default(command, language, usage, default_is):
    done = run(command, "--help", env=ENGLISH if language == "en" else None)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith(f"{usage} pozuzo-kg {command} ")
    from pozuzo_kg.cli import build_parser

    subparser = build_parser()._subparsers._group_actions[0].choices[command]
    for action in subparser._actions:
        assert action.help, f"{command}: {action.option_strings or action.dest} has no help"
        if action.default not in (None, False, [], "==SUPPRESS==") and action.option_strings:
            default = f"{action.default:g}" if isinstance(action.default, float) else action.default
            assert f"{default_is} {default}" in " ".join(done.stdout.split()), f"{command} {action.option_strings}"


def test_file_help_names_every_extension_the_loader_reads():
    from pozuzo_kg.loader import FORMATS

    text = " ".join(run("stats", "--help").stdout.split())
    assert all(extension in text for extension in FORMATS)


def test_abbreviated_options_are_not_guessed():
    """``validate --out X`` must not quietly mean ``--output X`` (and write the report to a file named X)."""
    done = run("validate", "--out", "informe.txt")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "pozuzo-kg: error: argumentos no reconocidos: --out\n"
