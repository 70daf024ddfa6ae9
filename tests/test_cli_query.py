"""``pozuzo-kg query``: listing, named queries, files, SPARQL strings, formats, and one-line errors (exit 2)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from pozuzo_kg.cli import main
from pozuzo_kg.jsonld import context
from pozuzo_kg.vocab import prefixes

CONTEXT = context(prefixes(["190305"]))


def ok(capsys, args: list[str]) -> str:
    assert main(args) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def fails(capsys, args: list[str]) -> str:
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    return captured.err


def test_list_table(capsys):
    lines = ok(capsys, ["query", "list"]).splitlines()
    assert lines[0].split() == ["Consulta", "Título", "Parámetros"]
    assert len(lines) == 2 + 18
    assert lines[2].split() == ["afirmaciones-con-fuente", "Afirmaciones", "con", "su", "fuente"]
    assert any(line.startswith("funciones-de-unidad") and line.endswith("unidad (iri) = gm") for line in lines)
    assert any(line.startswith("buscar") and line.endswith("texto (search)") for line in lines)


def test_list_json(capsys):
    queries = json.loads(ok(capsys, ["query", "list", "-f", "json"]))
    assert [q["name"] for q in queries][:3] == ["afirmaciones-con-fuente", "buscar", "cadena-de-mando"]
    cadena = next(q for q in queries if q["name"] == "cadena-de-mando")
    assert cadena["title"] == "Cadena de mando sobre una unidad"
    assert cadena["parameters"] == [{"name": "unidad", "type": "iri", "kind": "unidad", "default": "gidur",
                                     "description": "Unidad orgánica: IRI completo, «unidad:gidur» o solo «gidur»."}]


def test_named_query_table(capsys):
    assert ok(capsys, ["query", "cadena-de-mando"]) == (
        "nivel  superior         nombre\n"
        "-----  ---------------  ------------------\n"
        "    1  unidad:gm        Gerencia Municipal\n"
        "    2  unidad:alcaldia  Alcaldía\n"
        "    2  unidad:concejo   Concejo Municipal\n")


def test_named_query_with_param_as_csv(capsys):
    out = ok(capsys, ["query", "unidad-de-servicio", "--param", "servicio=Licencias de Construccion", "-f", "csv"])
    assert out == ("unidad,nombre,asunto,texto,propiedad,idioma,puntos\r\n"
                   "https://w3id.org/pozuzo-kg/id/190305/unidad/gidur,\"Gerencia de Infraestructura, Desarrollo Urbano y Rural\","
                   "https://w3id.org/pozuzo-kg/id/190305/responsabilidad/licencias-de-construccion,licencias de construcción,"
                   "http://www.w3.org/2004/02/skos/core#prefLabel,es,6\r\n")


def test_named_query_json_and_xml(capsys):
    document = json.loads(ok(capsys, ["query", "puestos", "-f", "json"]))
    assert document["head"]["vars"] == ["puesto", "nombre", "unidad", "nombre_unidad", "reporta_a", "designado_por"]
    assert document["results"]["bindings"][1]["reporta_a"] == {
        "type": "uri", "value": "https://w3id.org/pozuzo-kg/id/190305/puesto/alcalde"}
    assert ok(capsys, ["query", "puestos", "-f", "xml"]).startswith('<?xml version="1.0" encoding="UTF-8"?>\n<sparql ')


def test_query_file_with_header_parameter(tmp_path: Path, capsys):
    path = tmp_path / "mia.rq"
    path.write_text("# title: Mi consulta\n# param: u (iri unidad) — una unidad [default: gm]\n"
                    "SELECT ?p WHERE { ?u org:subOrganizationOf ?p } ORDER BY ?p\n", encoding="utf-8")
    assert ok(capsys, ["query", "--file", str(path), "-f", "tsv"]) == (
        "?p\n<https://w3id.org/pozuzo-kg/id/190305/unidad/alcaldia>\n<https://w3id.org/pozuzo-kg/id/190305/unidad/concejo>\n")
    assert ok(capsys, ["query", "--file", str(path), "-p", "u=al", "-f", "tsv"]) == (
        "?p\n<https://w3id.org/pozuzo-kg/id/190305/unidad/gm>\n")


def test_construct_as_ntriples_and_turtle(capsys):
    sparql = "CONSTRUCT { ?u org:subOrganizationOf unidad:gm } WHERE { ?u org:subOrganizationOf unidad:gm }"
    lines = ok(capsys, ["query", "--sparql", sparql, "-f", "nt"]).splitlines()
    assert len(lines) == 5 and lines[0] == ("<https://w3id.org/pozuzo-kg/id/190305/unidad/al> <http://www.w3.org/ns/org#subOrganizationOf> "
                                            "<https://w3id.org/pozuzo-kg/id/190305/unidad/gm> .")
    assert ok(capsys, ["query", "--sparql", sparql]).startswith("@prefix org: <http://www.w3.org/ns/org#> .\n"
                                                                "@prefix unidad: <https://w3id.org/pozuzo-kg/id/190305/unidad/> .\n")


def test_describe_as_jsonld(capsys):
    document = json.loads(ok(capsys, ["query", "--sparql", "DESCRIBE puesto:alcalde", "-f", "jsonld"]))
    assert document == {"@context": CONTEXT, "@graph": [{
        "id": "puesto:alcalde", "type": "org:Post",
        "description": {"es": "Representante legal de la municipalidad y su máxima autoridad administrativa."},
        "postIn": "unidad:alcaldia", "prefLabel": {"en": "Mayor", "es": "Alcalde"}, "role": "org:Head"}]}


@pytest.mark.parametrize("args", [["organigrama"], ["--sparql", "DESCRIBE unidad:gm"],
                                  ["--sparql", "CONSTRUCT { ?c ?p ?o } WHERE { ?c a pzo:Claim ; ?p ?o }"],
                                  ["--sparql", "CONSTRUCT { ?u skos:prefLabel [ rdf:value ?l ] } WHERE { ?u skos:prefLabel ?l }"]])
def test_jsonld_answers_reparse_to_the_turtle_answer_and_are_stable(capsys, args):
    text = ok(capsys, ["query", *args, "-f", "jsonld"])
    assert ok(capsys, ["query", *args, "-f", "jsonld"]) == text  # blank nodes too get the same labels
    turtle = rdflib.Graph().parse(data=ok(capsys, ["query", *args, "-f", "turtle"]), format="turtle")
    assert len(turtle) > 0 and isomorphic(rdflib.Graph().parse(data=text, format="json-ld"), turtle)


def test_query_given_data_files(tmp_path: Path, capsys):
    path = tmp_path / "otra.ttl"
    path.write_text("@prefix org: <http://www.w3.org/ns/org#> .\n<http://ex/u> a org:OrganizationalUnit .\n")
    out = ok(capsys, ["query", "unidades-sin-etiqueta-en-ingles", "--data", str(path), "-f", "csv"])
    assert out == "unidad,nombre\r\nhttp://ex/u,\r\n"


def test_invalid_query_gives_position(capsys):
    err = fails(capsys, ["query", "--sparql", "SELECT ?x WHERE {\n ?x a ?y \n FILTER( }"])
    assert err.startswith("pozuzo-kg: error: consulta no válida en 3:11: expected ")


def test_unknown_prefix_is_named(capsys):
    err = fails(capsys, ["query", "--sparql", "SELECT * WHERE { ?s foo:bar ?o }"])
    assert err == "pozuzo-kg: error: consulta no válida en 1:21: prefijo desconocido 'foo' (declárelo con PREFIX foo: <…>)\n"


def test_unknown_query_name(capsys):
    err = fails(capsys, ["query", "organigram"])
    assert err.startswith("pozuzo-kg: error: consulta desconocida 'organigram'; consultas conocidas: afirmaciones-con-fuente, ")
    assert err.rstrip().endswith("unidades-sin-etiqueta-en-ingles")


@pytest.mark.parametrize("args,message", [
    (["query", "buscar"], "la consulta 'buscar' necesita el parámetro 'texto' (--param texto=…): Palabras a buscar"
                          " (castellano o inglés)."),
    (["query", "jerarquia", "-p", "unidad=gm"], "la consulta 'jerarquia' no tiene el parámetro 'unidad' (sus parámetros: ninguno)"),
    (["query", "buscar", "-p", "texto"], "--param 'texto': se esperaba NOMBRE=VALOR"),
    (["query", "responsables-de-instrumento", "-p", "instrumento=  "],
     "el parámetro 'instrumento' está vacío; indique el texto que buscar"),
    (["query", "buscar", "-p", "texto=  "],
     "el parámetro 'texto' no tiene ninguna palabra que buscar en '  ' (solo signos o palabras comunes como «de», «the»)"),
    (["query", "cadena-de-mando", "-p", "unidad=gm> } UNION {"],
     "parámetro 'unidad': 'gm> } UNION {' no es un IRI (indique un IRI completo o un nombre con prefijo como unidad:…)"),
    (["query", "puestos", "-f", "turtle"],
     "el formato 'turtle' es para resultados de CONSTRUCT/DESCRIBE; SELECT y ASK dan table, csv, tsv, json, xml"),
    (["query", "organigrama", "-f", "csv"],
     "el formato 'csv' es para resultados de SELECT y ASK; CONSTRUCT/DESCRIBE dan turtle, jsonld, nt"),
    (["query"], "indique uno de: el NOMBRE de una consulta ('query list' las muestra), --file Q.rq o --sparql CONSULTA"),
    (["query", "puestos", "--sparql", "ASK {}"],
     "indique uno de: el NOMBRE de una consulta ('query list' las muestra), --file Q.rq o --sparql CONSULTA"),
    (["query", "puestos", "--graph", "http://ex/g"], "--graph y --timeout son para consultas remotas: añada --endpoint URL"),
    (["query", "puestos", "--endpoint", "http://127.0.0.1:1/q", "--timeout", "0"], "--timeout debe ser un número positivo de segundos"),
    (["query", "list", "-f", "csv"], "'query list' da table o json"),
    (["query", "--sparql", "PREFIX x: <http://x/>\ndrop all"],
     "consulta no válida en 2:1: DROP es SPARQL Update; pozuzo-kg ejecuta consultas (SELECT, ASK, CONSTRUCT, DESCRIBE)"
     " y nunca modifica un almacén"),
    (["query", "--sparql", "INSERT DATA { unidad:x a org:OrganizationalUnit }"],
     "consulta no válida en 1:1: INSERT es SPARQL Update; pozuzo-kg ejecuta consultas (SELECT, ASK, CONSTRUCT,"
     " DESCRIBE) y nunca modifica un almacén"),
    (["query", "--sparql", "SELEC * WHERE { ?s ?p ?o }"],
     "consulta no válida en 1:1: se esperaba SELECT, ASK, CONSTRUCT o DESCRIBE, se encontró 'SELEC'"),
    (["query", "--sparql", "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"],
     "consulta en 1:18: SERVICE no está permitido (pozuzo-kg nunca accede a una URL nombrada en una consulta)"),
])
def test_usage_errors(capsys, args, message):
    assert fails(capsys, args) == f"pozuzo-kg: error: {message}\n"


@pytest.mark.parametrize("option,value", [("--param", "a=b"), ("-p", "unidad=gm"), ("--endpoint", "http://127.0.0.1:9/q"),
                                          ("--file", "q.rq"), ("--sparql", "ASK {}"), ("--data", "otra.ttl"),
                                          ("--graph", "http://ex/g"), ("--timeout", "5")])
def test_list_refuses_the_options_of_running_a_query(capsys, option, value):
    named = "--param" if option == "-p" else option
    assert fails(capsys, ["query", "list", option, value, "-f", "json"]) == (
        f"pozuzo-kg: error: 'query list' no admite {named} (sirve para ejecutar una consulta; 'list' solo admite -f)\n")


def test_query_file_with_a_bom_and_crlf_lines(tmp_path: Path, capsys):
    path = tmp_path / "con bom.rq"
    path.write_bytes("\ufeff# title: Mía\r\n# param: u (iri unidad) — una unidad [default: gm]\r\n"
                     "SELECT ?p WHERE { ?u org:subOrganizationOf ?p } ORDER BY ?p\r\n".encode("utf-8"))
    assert ok(capsys, ["query", "--file", str(path), "-p", "u=gaf", "-f", "tsv"]) == (
        "?p\n<https://w3id.org/pozuzo-kg/id/190305/unidad/gm>\n")


@pytest.mark.parametrize("text", ["", "# title: Nada\n# description: solo cabecera\n\n  \n"])
def test_empty_query_file(tmp_path: Path, capsys, text):
    path = tmp_path / "vacia.rq"
    path.write_text(text, encoding="utf-8")
    assert fails(capsys, ["query", "--file", str(path)]) == "pozuzo-kg: error: la consulta está vacía\n"


def test_query_file_not_in_utf8(tmp_path: Path, capsys):
    path = tmp_path / "latin1.rq"
    path.write_bytes("SELECT ?u\nWHERE { ?u skos:prefLabel \"Alcaldía\" }\n".encode("latin-1"))
    err = fails(capsys, ["query", "--file", str(path)])
    assert err == f"pozuzo-kg: error: {path}:2:34: no es texto UTF-8 (byte 0xed); guarde la consulta como UTF-8\n"


def test_missing_query_file(tmp_path: Path, capsys):
    err = fails(capsys, ["query", "--file", str(tmp_path / "falta.rq")])
    assert err == f"pozuzo-kg: error: {tmp_path / 'falta.rq'}: no se puede leer (No such file or directory)\n"


def test_errors_never_show_a_traceback():
    done = subprocess.run([sys.executable, "-m", "pozuzo_kg", "query", "--sparql", "SELECT ?x WHERE { ?x a foo:bar"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "pozuzo-kg: error: consulta no válida en 1:24: prefijo desconocido 'foo' (declárelo con PREFIX foo: <…>)\n"


@pytest.mark.parametrize("fmt", ["turtle", "nt"])
def test_graph_answers_with_blank_nodes_are_the_same_text_on_every_run(capsys, fmt):
    query = ('CONSTRUCT { ?u pzo:nombre [ pzo:texto ?l ] } WHERE { ?u a org:OrganizationalUnit ; skos:prefLabel ?l '
             'FILTER(lang(?l) = "es") }')
    first = ok(capsys, ["query", "--sparql", query, "-f", fmt])
    assert first == ok(capsys, ["query", "--sparql", query, "-f", fmt])
    assert first.count("_:") == 16  # 8 units, each blank node once as object and once as subject
