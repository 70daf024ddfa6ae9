"""The loader: every RDF syntax by extension, and one clear error (file and line) for bad input."""
from pathlib import Path

import pytest

from pozuzo_kg import load_graph
from pozuzo_kg.errors import InputError
from pozuzo_kg.limits import Limits
from pozuzo_kg.resources import data_files


def test_project_graph_keeps_data_ontology_and_search_index_apart(kg):
    assert kg.data_size() == 4153
    assert kg.ontology_size() == 717
    assert kg.search_size() == len(set(kg.to_ntriples("search").splitlines())) > kg.data_size()


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
    with pytest.raises(InputError, match="no existe el archivo"):
        load_graph([tmp_path / "falta.ttl"])


def test_directory_is_named_as_such(tmp_path: Path):
    folder = tmp_path / "carpeta.ttl"
    folder.mkdir()
    with pytest.raises(InputError, match=r"es una carpeta, no un archivo RDF$"):
        load_graph([folder])


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path):
    path = tmp_path / "con-bom.ttl"
    path.write_bytes(b"\xef\xbb\xbf" + "<http://ex/a> <http://ex/b> \"Pozuzo\" .\n".encode())
    assert [t.object.value for t in load_graph([path]).data_triples()] == ["Pozuzo"]


def test_unknown_extension(tmp_path: Path):
    path = tmp_path / "tabla.csv"
    path.write_text("a,b\n")
    with pytest.raises(InputError, match=r"formato RDF desconocido '\.csv'"):
        load_graph([path])


def test_remote_jsonld_context_is_refused_not_fetched(tmp_path: Path):
    path = tmp_path / "remoto.jsonld"
    path.write_text('{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://ex/a", "name": "x"}')
    with pytest.raises(InputError, match="es remoto; pozuzo-kg nunca accede a URL"):
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
    with pytest.raises(InputError, match="no se encontró el contexto JSON-LD 'falta.jsonld'"):
        load_graph([path])


def test_invalid_json_names_line(tmp_path: Path):
    path = tmp_path / "roto.jsonld"
    path.write_text('{\n  "@id": "http://ex/a",\n  "x": \n}')
    with pytest.raises(InputError, match=rf"^{path}:4:1: JSON no válido"):
        load_graph([path])


def test_project_data_files_are_found():
    assert [p.name for p in data_files()] == ["pozuzo.ttl"]


@pytest.mark.parametrize("text", ["", "# solo comentarios\n\n# nada más\n", "@prefix ex: <http://ex/> .\n"])
def test_empty_or_comment_only_turtle_is_an_empty_graph(tmp_path: Path, text: str):
    path = tmp_path / "vacio.ttl"
    path.write_text(text, encoding="utf-8")
    assert load_graph([path]).data_size() == 0


def test_literal_beyond_the_parser_buffer_is_an_input_error(tmp_path: Path):
    path = tmp_path / "enorme.ttl"
    path.write_text('<http://ex/a> <http://ex/b> "' + "x" * (17 * 2**20) + '" .\n', encoding="utf-8")
    with pytest.raises(InputError, match=rf"^{path}:1:29: un literal, IRI o texto de más de 16 MiB \(límite literal"):
        load_graph([path])
    with pytest.raises(InputError, match=rf"^{path}: demasiado grande para leerlo: un solo literal o IRI supera"):
        load_graph([path], limits=Limits(literal=32 * 2**20))  # beyond the policy, the parser's own buffer holds


def test_named_graphs_of_nquads_and_trig_are_read_into_the_default_graph(tmp_path: Path):
    nq = tmp_path / "grafos.nq"
    nq.write_text("<http://ex/a> <http://ex/b> <http://ex/c> <http://ex/g> .\n<http://ex/a> <http://ex/b> <http://ex/d> .\n")
    trig = tmp_path / "grafos.trig"
    trig.write_text("<http://ex/g> { <http://ex/a> <http://ex/b> <http://ex/e> . }\n")
    kg = load_graph([nq, trig])
    assert sorted(t.object.value for t in kg.data_triples()) == ["http://ex/c", "http://ex/d", "http://ex/e"]
    assert sorted(r["g"].value for r in kg.store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")) == [
        "https://w3id.org/pozuzo-kg/grafo/busqueda", "https://w3id.org/pozuzo-kg/grafo/ontologia"]


RDF_XML = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">'
           '<rdf:Description rdf:about="&ex;a"><ex:p>{value}</ex:p></rdf:Description></rdf:RDF>')


def test_rdf_xml_internal_entities_are_expanded(tmp_path: Path):
    path = tmp_path / "entidades.rdf"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY ex "http://ex/"> ]>\n'
                    + RDF_XML.format(value="Pozuzo"), encoding="utf-8")
    assert [(t.subject.value, t.object.value) for t in load_graph([path]).data_triples()] == [("http://ex/a", "Pozuzo")]


def test_rdf_xml_external_entity_is_refused_never_fetched(tmp_path: Path, url_trap):
    base, requests = url_trap
    path = tmp_path / "externa.rdf"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY ex "http://ex/"> '
                    f'<!ENTITY fuera SYSTEM "{base}/secreto"> ]>\n'
                    + RDF_XML.format(value="&fuera;"), encoding="utf-8")
    with pytest.raises(InputError, match=rf"^{path}: "):
        load_graph([path])
    assert requests == []


def test_rdf_xml_entity_bomb_is_refused_before_expansion(tmp_path: Path):
    levels = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
    path = tmp_path / "bomba.rdf"
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY ex "http://ex/"> <!ENTITY e0 "ja"> {levels} ]>\n'
                    + RDF_XML.format(value="&e9;"), encoding="utf-8")
    with pytest.raises(InputError, match=rf"^{path}: sus entidades XML se expandirían a más de 64 MiB"):
        load_graph([path])


def test_rdf_xml_entity_loop_is_refused(tmp_path: Path):
    path = tmp_path / "bucle.rdf"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY ex "http://ex/"> <!ENTITY a "&b;"> '
                    '<!ENTITY b "&a;"> ]>\n' + RDF_XML.format(value="&a;"), encoding="utf-8")
    with pytest.raises(InputError, match=rf"^{path}: una entidad XML se refiere a sí misma"):
        load_graph([path])


@pytest.mark.parametrize("text", ['{"nombre": "Pozuzo", "ubigeo": "190305"}', "[1, 2, 3]"])
def test_json_that_is_not_json_ld_is_named_as_such(tmp_path: Path, text: str):
    path = tmp_path / "datos.json"
    path.write_text(text)
    with pytest.raises(InputError, match=rf'^{path}: no es JSON-LD: no tiene "@context"'):
        load_graph([path])


def test_empty_json_ld_document_is_an_empty_graph(tmp_path: Path):
    path = tmp_path / "vacio.jsonld"
    path.write_text('{"@context": {"ex": "http://ex/"}, "@graph": []}')
    assert load_graph([path]).data_size() == 0


# ---- the input-limits policy: depth and literal length checked before any parser runs ---------------------




def nested(fmt: str, levels: int) -> str:
    """A document of syntax ``fmt`` nesting ``levels`` levels (blank nodes, lists, JSON objects, XML elements)."""
    if fmt == "ttl":
        return "<http://ex/a> <http://ex/p> " + "[ <http://ex/p> " * levels + "1" + " ]" * levels + " .\n"
    if fmt == "list":
        return "<http://ex/a> <http://ex/p> " + "( " * levels + "1" + " )" * levels + " .\n"
    if fmt == "trig":
        return "<http://ex/g> { <http://ex/a> <http://ex/p> " + "[ <http://ex/p> " * (levels - 1) + "1" + " ]" * (levels - 1) + " . }\n"
    if fmt == "nt":
        return "<http://ex/a> <http://ex/p> " + "<<( <http://ex/a> <http://ex/p> " * levels + '"1"' + " )>>" * levels + " .\n"
    if fmt == "jsonld":
        return '{"@context": {"ex": "http://ex/"}, "@id": "http://ex/a", "ex:p": ' + '{"ex:p": ' * (levels - 1) + "1" + "}" * levels
    return ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">'
            + '<rdf:Description rdf:about="http://ex/a">' + "<ex:p><rdf:Description>" * ((levels - 4) // 2)
            + "<ex:q>x</ex:q>" + "</rdf:Description></ex:p>" * ((levels - 4) // 2) + "</rdf:Description></rdf:RDF>")


SUFFIX = {"ttl": ".ttl", "list": ".ttl", "trig": ".trig", "nt": ".nt", "jsonld": ".jsonld", "xml": ".rdf"}


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_nesting_at_the_limit_loads_one_level_more_is_one_line_with_its_position(tmp_path: Path, fmt: str):
    limits = Limits(depth=50)
    path = tmp_path / f"profundo{SUFFIX[fmt]}"
    path.write_text(nested(fmt, 50), encoding="utf-8")
    assert load_graph([path], limits=limits).data_size() > 0
    path.write_text(nested(fmt, 51 if fmt != "xml" else 52), encoding="utf-8")  # XML: two elements a level
    with pytest.raises(InputError) as caught:
        load_graph([path], limits=limits)
    assert str(caught.value).startswith(f"{path}:1:")
    assert str(caught.value).endswith(": anidamiento de más de 50 niveles (límite depth; cámbielo con "
                                      "POZUZO_KG_LIMITS=depth=…)")


@pytest.mark.parametrize("fmt,levels", [("jsonld", 2_000), ("xml", 100_000), ("ttl", 100_000), ("list", 100_000),
                                        ("nt", 100_000)])
def test_hostile_nesting_is_refused_by_the_default_policy(tmp_path: Path, fmt: str, levels: int):
    """What crashed (JSON-LD: RecursionError; triple terms: a segfault) or hung (RDF/XML: quadratic)."""
    path = tmp_path / f"hostil{SUFFIX[fmt]}"
    path.write_text(nested(fmt, levels), encoding="utf-8")
    with pytest.raises(InputError, match=rf"^{path}:1:\d+: anidamiento de más de 1000 niveles \(límite depth"):
        load_graph([path])


def test_the_parsers_own_ceiling_holds_whatever_the_policy(tmp_path: Path):
    path = tmp_path / "profundo.jsonld"
    path.write_text(nested("jsonld", 3000), encoding="utf-8")
    with pytest.raises(InputError, match=rf"^{path}:1:\d+: anidamiento de más de 2000 niveles, lo más que el "
                                         "analizador de esta sintaxis admite sin riesgo$"):
        load_graph([path], limits=Limits(depth=100_000))


def test_brackets_inside_strings_comments_iris_and_cdata_do_not_count(tmp_path: Path):
    limits = Limits(depth=3)
    ttl = tmp_path / "cadenas.ttl"
    ttl.write_text('# [[[[[[ ((((((\n<http://ex/a?((((> <http://ex/p> "[[[[((((", """{{{{\n[[[[""", \'((((\' .\n'
                   '<http://ex/a> <http://ex/q> [ <http://ex/r> ( 1 ) ] .\n', encoding="utf-8")
    assert load_graph([ttl], limits=limits).data_size() == 7
    jsonld = tmp_path / "cadenas.jsonld"
    jsonld.write_text('{"@context": {"ex": "http://ex/"}, "@id": "http://ex/a", "ex:p": "[[[[{{{{\\"[[[["}')
    assert load_graph([jsonld], limits=limits).data_size() == 1
    xml = tmp_path / "cdata.rdf"
    xml.write_text(RDF_XML.replace("&ex;", "http://ex/").format(
        value="<![CDATA[<a><b><c><d>]]><!-- <e><f><g> -->"), encoding="utf-8")
    assert [t.object.value for t in load_graph([xml], limits=limits).data_triples()] == ["<a><b><c><d>"]


@pytest.mark.parametrize("suffix,text", [
    (".ttl", '<http://ex/a> <http://ex/p> "corto" .\n<http://ex/a> <http://ex/p> "{long}" .\n'),
    (".nt", '<http://ex/a> <http://ex/p> "corto" .\n<http://ex/a> <http://ex/p> <http://ex/{long}> .\n'),
    (".jsonld", '{{"@id": "http://ex/a",\n "http://ex/p": "{long}"}}'),
    (".rdf", RDF_XML.replace("&ex;", "http://ex/").replace("><ex:p>", ">\n<ex:p>")),
])
def test_a_literal_beyond_the_limit_is_one_line_with_its_position(tmp_path: Path, suffix: str, text: str):
    path = tmp_path / f"largo{suffix}"
    path.write_text(text.format(long="x" * 3000, value="x" * 3000), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_graph([path], limits=Limits(literal=2048))
    assert str(caught.value).startswith(f"{path}:2:")
    assert str(caught.value).endswith(": un literal, IRI o texto de más de 2 KiB (límite literal; cámbielo con "
                                      "POZUZO_KG_LIMITS=literal=…)")
    assert load_graph([path], limits=Limits(literal=4096)).data_size() >= 1


def test_the_environment_sets_the_policy_of_every_command(tmp_path: Path, monkeypatch, capsys):
    from pozuzo_kg.cli import main

    path = tmp_path / "seis.ttl"
    path.write_text(nested("ttl", 6), encoding="utf-8")
    monkeypatch.setenv("POZUZO_KG_LIMITS", "depth=5")
    for command in (["stats"], ["analyze"], ["validate"], ["query", "jerarquia", "--data"]):
        assert main([*command, str(path)]) == 2
        assert capsys.readouterr().err == (f"pozuzo-kg: error: {path}:1:109: anidamiento de más de 5 niveles (límite "
                                           "depth; cámbielo con POZUZO_KG_LIMITS=depth=…)\n")


def test_a_symbolic_link_loop_is_named_as_such(tmp_path: Path):
    loop = tmp_path / "bucle.ttl"
    loop.symlink_to(tmp_path / "bucle.ttl")
    with pytest.raises(InputError, match=rf"^{loop}: enlace simbólico en bucle \(el enlace lleva de vuelta a sí mismo\)$"):
        load_graph([loop])
    dangling = tmp_path / "roto.ttl"
    dangling.symlink_to(tmp_path / "falta.ttl")
    with pytest.raises(InputError, match=rf"^{dangling}: no existe el archivo$"):
        load_graph([dangling])


def test_a_fifo_is_not_read(tmp_path: Path):
    import os

    fifo = tmp_path / "tubo.ttl"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=rf"^{fifo}: no es un archivo normal$"):
        load_graph([fifo])
