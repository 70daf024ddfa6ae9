"""Property-based and fuzz tests (Hypothesis): random, mutated and truncated input of every format the loader
reads, random SPARQL and random parameter values, and the committed regression corpus ``tests/fixtures/fuzz/``.

The property, for every input: exit code 0 with the expected output, or exit code 2 with exactly one line
``pozuzo-kg: error: …``; never a traceback, a hang, a signal, a network connection or a file written anywhere
but where the command writes. Most cases call ``cli.main`` in-process (fast); a sample runs as real processes,
where a signal or a crash of a native parser would show. Seeds come from our data and the W3C Turtle suite.

In CI: the seed is printed (``POZUZO_KG_FUZZ_SEED`` replays it), the example database is off, the corpus is
replayed on every run, and the counts are printed. ``-m slow`` runs each property's twin with ten times as many
examples. An input that once broke a command goes into the corpus, named after what it is.
"""
import contextlib
import faulthandler
import io
import os
import random
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from conftest import SHARED
from reliability import FUZZ_SEED
from pozuzo_kg.cli import main

CORPUS = Path(__file__).resolve().parent / "fixtures" / "fuzz"
TURTLE_SUITE = SHARED / "standards" / "w3c-tests" / "turtle"
SEED = FUZZ_SEED
EXTENSIONS = (".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf")
HANG = 60
"""Seconds an example may take before the process dumps its stacks and dies (a hang fails the run, loudly)."""
COUNTS = {"examples": 0, "held": 0}
SMALL_GRAPH = """@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://ex/u1> a org:OrganizationalUnit ; skos:prefLabel "Alcaldía"@es ; org:subOrganizationOf <http://ex/u2> .
<http://ex/u2> a org:OrganizationalUnit ; skos:prefLabel "Concejo \\"Municipal\\""@es, ( 1 2 [ <http://ex/p> 3 ] ) .
"""


def _seed_documents() -> dict[str, list[bytes]]:
    """Valid documents of every syntax: our small graph in each, our data, and W3C Turtle suite files."""
    import pyoxigraph as ox

    triples = list(ox.parse(SMALL_GRAPH.encode(), format=ox.RdfFormat.TURTLE))
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode("http://ex/g")) for t in triples]
    documents = {ext: [ox.serialize(quads if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS) else triples, format=fmt)]
                 for ext, fmt in ((".ttl", ox.RdfFormat.TURTLE), (".nt", ox.RdfFormat.N_TRIPLES),
                                  (".jsonld", ox.RdfFormat.JSON_LD), (".rdf", ox.RdfFormat.RDF_XML),
                                  (".trig", ox.RdfFormat.TRIG), (".nq", ox.RdfFormat.N_QUADS))}
    documents[".ttl"].append((Path(__file__).resolve().parent.parent / "data" / "pozuzo.ttl").read_bytes()[:20000])
    if TURTLE_SUITE.is_dir():
        documents[".ttl"] += [p.read_bytes() for p in sorted(TURTLE_SUITE.glob("*.ttl"))[:120]]
        documents[".nt"] += [p.read_bytes() for p in sorted(TURTLE_SUITE.glob("*.nt"))[:60]]
    return documents


SEEDS = _seed_documents()


def _mutate(data: bytes, draw) -> bytes:
    """``data`` after a few random byte edits: delete, insert, replace, duplicate a slice, or cut it short."""
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["delete", "insert", "replace", "duplicate", "truncate", "bracket"]))
        if kind == "delete":
            del data[where:where + draw(st.integers(1, 8))]
        elif kind == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "replace" and where < len(data):
            data[where] = draw(st.integers(0, 255))
        elif kind == "duplicate":
            data[where:where] = data[where:where + draw(st.integers(1, 64))] * draw(st.integers(1, 30))
        elif kind == "truncate":
            del data[where:]
        else:
            data[where:where] = draw(st.sampled_from([b"[", b"(", b"{", b"<<", b"<", b'"', b"'''", b"\\", b"#",
                                                      b"<![CDATA[", b"<!--", b"&e;", b"\xff", b"\x00"]))
    return bytes(data)


class NoNetwork(Exception):
    """Raised by the guard when anything tries to open a connection."""


@contextlib.contextmanager
def guarded(folder: Path):
    """Runs a case in ``folder`` (which must stay as it was), with sockets refused and a hang watchdog."""
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise NoNetwork(f"connection attempted: {args!r}")

    before = sorted(os.listdir(folder))
    saved = socket.socket.connect, socket.create_connection, os.getcwd()
    socket.socket.connect, socket.create_connection = refuse, refuse
    os.chdir(folder)
    faulthandler.dump_traceback_later(HANG, exit=True)
    try:
        yield attempts
    finally:
        faulthandler.cancel_dump_traceback_later()
        os.chdir(saved[2])
        socket.socket.connect, socket.create_connection = saved[0], saved[1]
    assert attempts == [], attempts
    assert sorted(os.listdir(folder)) == before, "a file was written outside --out"


def holds(args: list[str], folder: Path, expected_out: str | None = None) -> int:
    """Runs ``pozuzo-kg ARGS`` in-process and checks the property; returns the exit code."""
    out, err = io.StringIO(), io.StringIO()
    with guarded(folder), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as exit_:  # argparse's usage errors exit as the console script does
            code = exit_.code
    COUNTS["examples"] += 1
    text = err.getvalue()
    assert "Traceback" not in text, text
    if code == 0:
        notes = text.splitlines()  # exit 0 may come with notes (``pozuzo-kg: nota: …``), never an error
        assert all(line.startswith(("pozuzo-kg: nota: ", "pozuzo-kg: note: ")) for line in notes), text
        if expected_out is not None:
            assert expected_out in out.getvalue()
    else:
        assert code == 2, (code, text)
        assert text.count("\n") == 1 and text.startswith("pozuzo-kg: error: ") and out.getvalue() == "", text
    COUNTS["held"] += 1
    return code


EXAMPLES = 60
"""Examples per property in the default run; the ``slow`` twins run ten times as many."""
FUZZ = settings(max_examples=EXAMPLES, database=None, deadline=None, derandomize=False, print_blob=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])
LONG = settings(FUZZ, max_examples=EXAMPLES * 10)


def _property(name: str, *strategies):
    """Registers ``test_NAME`` (the default run) and ``test_NAME_long`` (``-m slow``) for the decorated body."""
    def register(body):
        globals()[f"test_{name}"] = seed(SEED)(FUZZ(given(*strategies)(body)))
        globals()[f"test_{name}_long"] = pytest.mark.slow(seed(SEED)(LONG(given(*strategies)(body))))
        return body
    return register


@pytest.fixture(scope="module")
def case_folder(tmp_path_factory, reliability_figures) -> Path:
    """An empty folder the cases run in (it must stay empty); the counts and the seed, printed at the end."""
    yield tmp_path_factory.mktemp("fuzz")
    reliability_figures("fuzz", examples=COUNTS["examples"], held=COUNTS["held"], corpus=len(_corpus()), seed=SEED)


def _write(folder: Path, extension: str, data: bytes) -> Path:
    path = folder / f"caso{extension}"
    path.write_bytes(data)
    return path


@_property("mutated_documents_of_every_syntax", st.data())
def _mutated(case_folder, data):
    extension = data.draw(st.sampled_from(EXTENSIONS))
    document = _mutate(data.draw(st.sampled_from(SEEDS[extension])), data.draw)
    path = _write(case_folder, extension, document)
    try:
        holds(["stats", path.name], case_folder)
    finally:
        path.unlink()


@_property("random_bytes_of_every_syntax", st.sampled_from(EXTENSIONS), st.binary(max_size=3000))
def _random_bytes(case_folder, extension, document):
    path = _write(case_folder, extension, document)
    try:
        holds(["stats", path.name], case_folder)
    finally:
        path.unlink()


@_property("every_truncation_of_a_valid_document_reads_or_is_one_line", st.data())
def _truncated(case_folder, data):
    extension = data.draw(st.sampled_from(EXTENSIONS))
    document = SEEDS[extension][0]
    path = _write(case_folder, extension, document[: data.draw(st.integers(0, len(document)))])
    try:
        holds(["stats", path.name], case_folder)
    finally:
        path.unlink()


SPARQL_TOKENS = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "(", ")", "?s", "?p", "?o", "*", ".",
                 ";", ",", "FILTER", "OPTIONAL", "UNION", "MINUS", "GRAPH", "SERVICE", "<http://127.0.0.1:9/>",
                 "VALUES", "BIND", "AS", "COUNT", "GROUP BY", "ORDER BY", "LIMIT 3", "org:Post", "skos:prefLabel",
                 "a", '"texto"', "'x'@es", "1", "2.5", "true", "REGEX", "LANG", "STR", "PREFIX", "foo:", "#", "\\",
                 "INSERT DATA", "DELETE", "LOAD", "DROP ALL", "FROM", "<<", ">>", "[", "]", "^^", "@es", "\n"]


@_property("random_sparql", st.lists(st.sampled_from(SPARQL_TOKENS), max_size=40).map(" ".join) | st.text(max_size=300))
def _random_sparql(case_folder, query):
    (case_folder / "datos.ttl").write_text(SMALL_GRAPH, encoding="utf-8")
    try:
        holds(["query", "--sparql", query, "--data", "datos.ttl", "-f", "json"], case_folder)
    finally:
        (case_folder / "datos.ttl").unlink()


@_property("random_parameter_values", st.sampled_from([("cadena-de-mando", "unidad"), ("buscar", "texto"), ("funciones-de-unidad", "unidad"),
                        ("responsables-de-instrumento", "instrumento")]),
       st.text(max_size=80) | st.sampled_from(['"} ; DROP ALL', "unidad:gm", "gm", "190305/gm", "<http://x>", ">",
                                               "http://127.0.0.1:9/", "\x00", "unidad:", "a b"]))
def _random_parameter(case_folder, query, value):
    name, parameter = query
    holds(["query", name, "--param", f"{parameter}={value}", "-f", "csv"], case_folder)


def _corpus() -> list[Path]:
    return sorted(CORPUS.iterdir()) if CORPUS.is_dir() else []


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.name)
@pytest.mark.parametrize("command", ["stats", "validate", "analyze"])
def test_the_regression_corpus_is_replayed(case_folder, path, command):
    """Every input that once broke a command (or was written to), replayed through the commands."""
    copy = case_folder / path.name
    copy.write_bytes(path.read_bytes())
    try:
        holds([command, copy.name], case_folder)
    finally:
        copy.unlink()


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_a_sample_through_real_processes(case_folder, extension):
    """As users run it: a native crash would be a signal (negative exit code), not a failed assertion."""
    rng = random.Random(SEED + EXTENSIONS.index(extension))
    folder = case_folder / f"procesos{extension}"
    folder.mkdir()
    for number in range(3):
        document = bytearray(rng.choice(SEEDS[extension]))
        for _ in range(rng.randint(1, 5)):
            where = rng.randrange(len(document) + 1)
            document[where:where] = rng.choice([b"[", b"{", b'"', b"<", b"\xff", b"(" * 3000])
        path = folder / f"caso{number}{extension}"
        path.write_bytes(bytes(document))
        done = subprocess.run([sys.executable, "-m", "pozuzo_kg", "stats", path.name], cwd=folder,
                              capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=HANG)
        COUNTS["examples"] += 1
        assert done.returncode in (0, 2), (path, done.returncode, done.stderr)
        assert "Traceback" not in done.stderr
        if done.returncode == 2:
            assert done.stderr.count("\n") == 1 and done.stdout == ""
        COUNTS["held"] += 1


@pytest.mark.parametrize("args", [
    ["query", "buscar", "--param", "texto=0\r", "-f", "csv"],  # a note quoting a carriage return printed two lines
    ["query", "--sparql", "SELECT * WHERE { ?s ?p\n ?o \n", "-f", "csv"],
], ids=["note-with-a-carriage-return", "query-cut-across-lines"])
def test_what_fuzzing_found_stays_fixed(case_folder, args):
    holds(args, case_folder)
