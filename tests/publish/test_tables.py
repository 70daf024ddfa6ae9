"""The CSV tables: exact headers and row counts, Excel-friendly encoding, and valid CSVW metadata."""
import csv
import io
import json

from pathlib import Path

import csvw
import pytest

from conftest import select
from pozuzo_kg.publish.tables import METADATA_FILE, build_tables
from pozuzo_kg.vocab import PREFIXES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "publish"

HEADERS = {
    "unidades": ["Identificador", "IRI", "Nombre", "Nombre en inglés", "Otras denominaciones", "Tipo de órgano",
                 "Depende de", "Descripción"],
    "puestos": ["Identificador", "IRI", "Nombre", "Unidad", "Rol", "Reporta a", "Designado por", "Descripción"],
    "funciones": ["Identificador", "IRI", "Orden", "Unidad", "Texto", "Texto en inglés"],
    "responsabilidades": ["Identificador", "IRI", "Nombre", "Nombre en inglés", "Unidades",
                          "Responsabilidad más amplia"],
    "fuentes": ["Identificador", "IRI", "Tipo", "Identificador de la fuente", "Título", "Descripción"],
    "afirmaciones": ["Identificador", "IRI", "Sujeto", "Predicado", "Objeto", "Fuente", "Archivo fuente", "Línea",
                     "Artículo", "Cita textual", "Nota"],
}
ROWS = {"unidades": 8, "puestos": 2, "funciones": 18, "responsabilidades": 79, "fuentes": 6, "afirmaciones": 391}


@pytest.fixture(scope="module")
def files(kg):
    return build_tables(kg)


def read(files, name):
    raw = files[f"tablas/{name}.csv"]
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM, so that Excel reads the accents"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_the_bundle_has_exactly_the_six_tables_and_their_metadata(files):
    assert sorted(files) == sorted([f"tablas/{name}.csv" for name in HEADERS] + [METADATA_FILE])


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_headers_and_row_counts(files, name):
    rows = read(files, name)
    assert rows[0] == HEADERS[name]
    assert len(rows) - 1 == ROWS[name]
    assert all(len(row) == len(HEADERS[name]) for row in rows)
    assert files[f"tablas/{name}.csv"].count(b"\r\n") == ROWS[name] + 1


def test_units_rows(files):
    units = {row[0]: row for row in read(files, "unidades")[1:]}
    assert [row[0] for row in read(files, "unidades")[1:]] == sorted(units)
    gm = units["gm"]
    assert gm[1] == "https://w3id.org/pozuzo-kg/id/190305/unidad/gm"
    assert gm[2:7] == ["Gerencia Municipal", "Municipal Management Office", "Gerencia General", "Alta dirección",
                       "alcaldia | concejo"]
    assert len(gm[7].split(" | ")) == 2
    assert units["gaf"][5] == "Apoyo" and units["gidur"][5] == "Línea" and units["al"][6] == "gm"
    assert units["concejo"][6] == "" and units["alcaldia"][6] == ""


def test_posts_rows(files):
    posts = {row[0]: row for row in read(files, "puestos")[1:]}
    assert posts["gerente-municipal"][3:7] == ["gm", "org:Head", "alcalde", "alcalde"]
    assert posts["alcalde"][3] == "alcaldia"


def test_functions_are_in_source_order(files):
    rows = read(files, "funciones")[1:]
    assert [row[2] for row in rows] == [str(n) for n in range(1, 19)]
    assert [row[0] for row in rows] == [f"gm-{n:02d}" for n in range(1, 19)]
    assert rows[0][4] == "Liderar, supervisar y controlar las acciones de los órganos de asesoramiento, de apoyo y de línea."
    assert {row[3] for row in rows} == {"gm"}


def test_claims_carry_source_file_line_and_quote(files):
    claims = {row[0]: dict(zip(HEADERS["afirmaciones"], row)) for row in read(files, "afirmaciones")[1:]}
    claim = claims["gm-depende-concejo"]
    assert claim["Sujeto"] == "unidad:gm" and claim["Predicado"] == "org:subOrganizationOf"
    assert claim["Objeto"] == "unidad:concejo" and claim["Fuente"] == "gerencia-municipal"
    assert claim["Archivo fuente"] == "002_8b167db4ead62e6c.txt" and claim["Línea"] == "2"
    assert claim["Cita textual"] == "Depende del Concejo Municipal para el cumplimiento de sus funciones y responsabilidades"
    law = claims["gm-nombre-ley"]
    assert law["Fuente"] == "referencia:ley-27972" and law["Artículo"] == "28" and law["Archivo fuente"] == "" and law["Línea"] == ""
    assert sum(1 for c in claims.values() if c["Línea"]) == 341
    assert sum(1 for c in claims.values() if c["Artículo"]) == 9


def test_sources_rows(files):
    sources = {row[0]: row for row in read(files, "fuentes")[1:]}
    assert sources["organizacion"][2:5] == ["Documento institucional", "000_b36cf66eb0458a2d.txt", "Organización"]
    assert sources["referencia:ley-27972"][2] == "Norma legal"
    assert sources["referencia:inei-ubigeo"][2] == "Fuente pública de referencia"


def test_csvw_metadata_loads_and_every_row_parses_against_it(files, tmp_path):
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    group = csvw.TableGroup.from_file(tmp_path / METADATA_FILE)
    assert [str(table.url) for table in group.tables] == [f"{name}.csv" for name in ROWS]
    for table in group.tables:
        name = str(table.url)[:-4]
        assert [c.titles.getfirst() for c in table.tableSchema.columns] == HEADERS[name]
        rows = list(table.iterdicts(strict=True))
        assert len(rows) == ROWS[name]
    assert csvw.CSVW(str(tmp_path / METADATA_FILE)).is_valid
    functions = next(t for t in group.tables if str(t.url) == "funciones.csv")
    assert [row["orden"] for row in functions.iterdicts()] == list(range(1, 19))


def test_csvw_metadata_describes_every_column(files):
    metadata = json.loads(files[METADATA_FILE])
    for table in metadata["tables"]:
        schema = table["tableSchema"]
        if table["url"] == "fuentes.csv":  # shared laws beside Pozuzo's documents: rows described by their IRI column
            assert "aboutUrl" not in schema
        else:
            assert schema["aboutUrl"].startswith("https://w3id.org/pozuzo-kg/id/190305/")
        assert [c["titles"] for c in schema["columns"]] == HEADERS[table["url"][:-4]]
        assert all(c["datatype"] in ("string", "integer", "anyURI") for c in schema["columns"])


def csvw_rows(files, tmp_path):
    """What the ``csvw`` library (strict) reads from the tables: table name → the rows' described resources."""
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    processed = csvw.CSVW(str(tmp_path / METADATA_FILE), validate=True, strict=True)
    assert processed.is_valid
    return {str(table["url"]).rsplit("/", 1)[-1][:-4]: [row["describes"][0] for row in table["row"]]
            for table in processed.to_json()["tables"]}


def test_csvw_conversion_links_only_to_iris_of_the_data(kg, files, tmp_path):
    rows = csvw_rows(files, tmp_path)
    subjects = {row["s"] for row in select(kg, "SELECT DISTINCT ?s WHERE { ?s ?p ?o }")}
    triples = {(r["s"], r["p"], r["o"]) for r in select(kg, "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?o)) }")}
    links = {PREFIXES["org"] + name for name in ("postIn", "reportsTo", "subOrganizationOf")} | {
        PREFIXES["pzo"] + "designatedBy", PREFIXES["skos"] + "broader", PREFIXES["prov"] + "wasDerivedFrom"}
    found = 0
    for table in rows.values():
        for described in table:
            assert described.get("@id", described.get("iri")) in subjects
            for key, values in described.items():
                prefix, _, local = key.partition(":")
                prop = PREFIXES[prefix] + local if prefix in PREFIXES else key  # csvw compacts the prefixes it knows
                for value in (values if isinstance(values, list) else [values]) if prop in links else []:
                    assert (described["@id"], prop, value) in triples
                    found += 1
    # claims cite Pozuzo's documents and shared laws: ids of two namespaces, so their source column is not a link
    assert found == 2 + 1 + 1 + len(select(kg, "SELECT * WHERE { ?s a pzo:Responsibility ; skos:broader ?b }"))
    # the Gerencia Municipal depends on two units: one cell, two ids, which CSVW cannot turn into two links
    units = json.loads(files[METADATA_FILE])["tables"][0]["tableSchema"]["columns"]
    parent = next(column for column in units if column["name"] == "depende_de")
    assert parent == {"name": "depende_de", "titles": "Depende de", "datatype": "string", "separator": " | "}
    gm = next(d for d in rows["unidades"] if d["id"] == "gm")
    assert gm["depende_de"] == ["alcaldia", "concejo"]


def test_tables_of_another_publisher_keep_their_own_iris_and_valid_metadata(tmp_path):
    from pozuzo_kg.loader import load_graph

    other = load_graph([FIXTURES / "otra-municipalidad.ttl"])
    built = build_tables(other)
    units = read(built, "unidades")
    assert [row[1] for row in units[1:]] == [f"https://example.org/muni/{x}" for x in "abc"]
    assert units[2][2] == "Sub, área\nnueva"  # a line break inside a quoted cell
    assert b'"Sub, \xc3\xa1rea\nnueva"' in built["tablas/unidades.csv"]
    schema = json.loads(built[METADATA_FILE])["tables"][0]["tableSchema"]
    assert "aboutUrl" not in schema  # not the project's IRI scheme: rows are described by their IRI column
    name = next(column for column in schema["columns"] if column["name"] == "nombre")
    assert "required" not in name  # one unit has no name
    rows = csvw_rows(built, tmp_path)["unidades"]
    assert [row["iri"] for row in rows] == [f"https://example.org/muni/{x}" for x in "abc"]
    assert all(not str(value).startswith("https://w3id.org/") for row in rows for value in row.values())
