"""The loader: every RDF syntax by extension, and one clear error (file and line) for bad input."""
from pathlib import Path

import pytest

from pozuzo_kg import load_graph
from pozuzo_kg.errors import InputError
from pozuzo_kg.resources import data_files


def test_project_graph_keeps_data_and_ontology_apart(kg):
    assert kg.data_size() == 2098
    assert kg.ontology_size() == 275


@pytest.mark.parametrize("fmt,suffix", [("nt", ".nt"), ("json-ld", ".jsonld"), ("xml", ".rdf"), ("trig", ".trig")])
def test_every_syntax_loads_to_the_same_graph(tmp_path: Path, kg, fmt: str, suffix: str):
    from rdflib.compare import isomorphic

    source = kg.to_rdflib("data")
    path = tmp_path / f"pozuzo{suffix}"
    path.write_text(source.serialize(format=fmt), encoding="utf-8")
    loaded = load_graph([path])
    assert loaded.data_size() == kg.data_size()
    assert isomorphic(loaded.to_rdflib("data"), source)


def test_broken_turtle_names_file_line_and_column(tmp_path: Path):
    bad = tmp_path / "roto.ttl"
    bad.write_text('@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:a ex:b "sin cerrar .\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_graph([bad])
    assert str(caught.value).startswith(f"{bad}:3:")


def test_undefined_prefix_is_reported_with_its_line(tmp_path: Path):
    bad = tmp_path / "prefijo.ttl"
    bad.write_text('@prefix ex: <http://ex/> .\n\nnope:a ex:b ex:c .\n', encoding="utf-8")
    with pytest.raises(InputError, match=rf"^{bad}:3:\d+: .*nope"):
        load_graph([bad])


def test_missing_file(tmp_path: Path):
    with pytest.raises(InputError, match="no such file"):
        load_graph([tmp_path / "falta.ttl"])


def test_directory_is_named_as_such(tmp_path: Path):
    folder = tmp_path / "carpeta.ttl"
    folder.mkdir()
    with pytest.raises(InputError, match=r"is a directory, not an RDF file$"):
        load_graph([folder])


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path):
    path = tmp_path / "con-bom.ttl"
    path.write_bytes(b"\xef\xbb\xbf" + "<http://ex/a> <http://ex/b> \"Pozuzo\" .\n".encode())
    assert [t.object.value for t in load_graph([path]).data_triples()] == ["Pozuzo"]


def test_unknown_extension(tmp_path: Path):
    path = tmp_path / "tabla.csv"
    path.write_text("a,b\n")
    with pytest.raises(InputError, match=r"unknown RDF format '\.csv'"):
        load_graph([path])


def test_remote_jsonld_context_is_refused_not_fetched(tmp_path: Path):
    path = tmp_path / "remoto.jsonld"
    path.write_text('{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://ex/a", "name": "x"}')
    with pytest.raises(InputError, match="is remote; pozuzo-kg never fetches URLs"):
        load_graph([path])


def test_relative_jsonld_context_is_read_from_beside_the_document(tmp_path: Path):
    (tmp_path / "context.jsonld").write_text('{"@context": {"nombre": "http://ex/nombre"}}')
    path = tmp_path / "datos.jsonld"
    path.write_text('{"@context": "context.jsonld", "@id": "http://ex/a", "nombre": "Pozuzo"}')
    triples = list(load_graph([path]).data_triples())
    assert [(t.subject.value, t.predicate.value, t.object.value) for t in triples] == [
        ("http://ex/a", "http://ex/nombre", "Pozuzo")]


def test_missing_relative_jsonld_context(tmp_path: Path):
    path = tmp_path / "datos.jsonld"
    path.write_text('{"@context": "falta.jsonld", "@id": "http://ex/a"}')
    with pytest.raises(InputError, match="JSON-LD context 'falta.jsonld' not found"):
        load_graph([path])


def test_invalid_json_names_line(tmp_path: Path):
    path = tmp_path / "roto.jsonld"
    path.write_text('{\n  "@id": "http://ex/a",\n  "x": \n}')
    with pytest.raises(InputError, match=rf"^{path}:4:1: invalid JSON"):
        load_graph([path])


def test_project_data_files_are_found():
    assert [p.name for p in data_files()] == ["pozuzo.ttl"]
