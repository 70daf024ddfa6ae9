"""The named queries: the catalogue's headers, the exact answer of each query on the Pozuzo data, safe binding."""
import re

import pyoxigraph as ox
import pytest

from conftest import DOC_GERENCIA, DOC_ORGANIZACION
from pozuzo_kg import load_graph, sparql_syntax
from pozuzo_kg.errors import InputError, QueryError, UsageError
from pozuzo_kg.queries import adhoc_query, bind, catalogue, named_query, parse_query, query_file, run
from pozuzo_kg.results import _cell

NAMES = ["afirmaciones-con-fuente", "buscar", "cadena-de-mando", "conflictos", "fuentes", "funciones-de-unidad",
         "jerarquia", "organigrama", "puestos", "responsabilidades-de-unidad", "responsables-de-instrumento",
         "unidad-de-servicio", "unidades-bajo-alcalde", "unidades-por-tipo", "unidades-sin-etiqueta-en-ingles"]
GPPR = "Gerencia de Planeamiento, Presupuesto y Racionalización"
GDSS = "Gerencia de Desarrollo Social y Servicios Públicos"
GIDUR = "Gerencia de Infraestructura, Desarrollo Urbano y Rural"
GAF = "Gerencia de Administración y Finanzas"


def answer(kg, name: str, **params: str) -> tuple[tuple[str, ...], list[tuple]]:
    """Variables and rows (IRIs as prefixed names, literals as values, integers as int) of a named query."""
    result = run(named_query(name), params, graph=kg)
    return result.variables, [tuple(_cell(term) for term in row) for row in result.rows]


# ---- the catalogue ------------------------------------------------------------------------------------------

def test_catalogue_names_titles_and_descriptions():
    queries = catalogue()
    assert list(queries) == NAMES
    for query in queries.values():
        assert query.title and query.description and query.builtin, query.name
        assert query.text.startswith("# title: ")


@pytest.mark.parametrize("name", NAMES)
def test_every_query_declares_its_prefixes_and_orders_its_rows(name):
    query = named_query(name)
    sparql_syntax.check(query.text, prefixes=None)  # no predeclared prefix: runs unchanged on any endpoint
    words = [v.upper() for k, v, _ in sparql_syntax.tokens(query.text) if k == "word"]
    if query.form == "select":
        assert "ORDER" in words, f"{name}: a SELECT needs a deterministic ORDER BY"
    for parameter in query.parameters:
        assert f"?{parameter.name}" in query.text


def test_parameters_are_parsed_from_the_header():
    query = named_query("funciones-de-unidad")
    [unidad] = query.parameters
    assert (unidad.name, unidad.type, unidad.kind, unidad.default) == ("unidad", "iri", "unidad", "gm")
    assert unidad.description.startswith("Unidad orgánica: IRI completo")
    [texto] = named_query("buscar").parameters
    assert (texto.name, texto.type, texto.kind, texto.default) == ("texto", "text", None, None)


def test_header_continuation_lines_join_the_description():
    assert named_query("jerarquia").description.startswith(
        "Cada unidad orgánica con su tipo de órgano y su unidad superior inmediata. Las unidades sin superior")


def test_unknown_header_key_is_an_input_error():
    with pytest.raises(InputError, match=r"^mia\.rq:2: unknown header key 'autor'"):
        parse_query("mia", "# title: T\n# autor: X\nSELECT * {}", "mia.rq")


def test_malformed_param_is_an_input_error():
    with pytest.raises(InputError, match=r"^q:1: malformed param 'unidad IRI'"):
        parse_query("q", "# param: unidad IRI\nSELECT * {}")
    with pytest.raises(InputError, match=r"unknown kind 'persona'"):
        parse_query("q", "# param: x (iri persona) — y\nSELECT * {}")


# ---- the exact answer of each query -----------------------------------------------------------------------

def test_jerarquia(kg):
    variables, rows = answer(kg, "jerarquia")
    assert variables == ("unidad", "nombre", "tipo", "superior", "nombre_superior")
    assert rows == [
        ("unidad:alcaldia", "Alcaldía", "Alta dirección", None, None),
        ("unidad:concejo", "Concejo Municipal", "Alta dirección", None, None),
        ("unidad:gm", "Gerencia Municipal", "Alta dirección", "unidad:alcaldia", "Alcaldía"),
        ("unidad:gm", "Gerencia Municipal", "Alta dirección", "unidad:concejo", "Concejo Municipal"),
        ("unidad:al", "Asesoría Legal", "Asesoramiento", "unidad:gm", "Gerencia Municipal"),
        ("unidad:gppr", GPPR, "Asesoramiento", "unidad:gm", "Gerencia Municipal"),
        ("unidad:gaf", GAF, "Apoyo", "unidad:gm", "Gerencia Municipal"),
        ("unidad:gdss", GDSS, "Línea", "unidad:gm", "Gerencia Municipal"),
        ("unidad:gidur", GIDUR, "Línea", "unidad:gm", "Gerencia Municipal"),
    ]


@pytest.mark.parametrize("value", ["gidur", "unidad:gidur", "https://w3id.org/pozuzo-kg/id/190305/unidad/gidur", None])
def test_cadena_de_mando_accepts_short_and_full_iris(kg, value):
    params = {"unidad": value} if value else {}
    variables, rows = answer(kg, "cadena-de-mando", **params)
    assert variables == ("nivel", "superior", "nombre")
    assert rows == [(1, "unidad:gm", "Gerencia Municipal"), (2, "unidad:alcaldia", "Alcaldía"),
                    (2, "unidad:concejo", "Concejo Municipal")]


def test_cadena_de_mando_of_the_top_and_of_the_gerencia(kg):
    assert answer(kg, "cadena-de-mando", unidad="concejo")[1] == []
    assert answer(kg, "cadena-de-mando", unidad="gm")[1] == [(1, "unidad:alcaldia", "Alcaldía"),
                                                            (1, "unidad:concejo", "Concejo Municipal")]


def test_unidades_bajo_alcalde(kg):
    variables, rows = answer(kg, "unidades-bajo-alcalde")
    assert variables == ("nivel", "unidad", "nombre")
    assert rows == [(1, "unidad:gm", "Gerencia Municipal"), (2, "unidad:al", "Asesoría Legal"), (2, "unidad:gaf", GAF),
                    (2, "unidad:gdss", GDSS), (2, "unidad:gidur", GIDUR), (2, "unidad:gppr", GPPR)]


def test_funciones_de_unidad_in_order_with_exact_text(kg, seed_lines):
    variables, rows = answer(kg, "funciones-de-unidad")
    assert variables == ("orden", "funcion", "texto", "linea")
    expected = [(n, f"funcion:gm-{n:02d}", seed_lines[DOC_GERENCIA][n + 3][2:], n + 4) for n in range(1, 19)]
    assert rows == expected
    assert answer(kg, "funciones-de-unidad", unidad="gaf")[1] == []


@pytest.mark.parametrize("text,expected", [
    ("PEI", [("instrumento:pei", "PEI", "Plan Estratégico Institucional", "unidad:gm", "Gerencia Municipal")]),
    ("poi", [("instrumento:poi", "POI", "Plan Operativo Institucional", "unidad:gm", "Gerencia Municipal")]),
    ("TUPA", [("instrumento:tupa", "TUPA", "TUPA", "unidad:gm", "Gerencia Municipal")]),
    ("presupuesto", [("instrumento:presupuesto-institucional", None, "Presupuesto Institucional", "unidad:gppr", GPPR),
                     ("instrumento:presupuesto-participativo", None, "presupuesto participativo institucional",
                      "unidad:gm", "Gerencia Municipal")]),
    ("Plan de Desarrollo Concertado", [
        ("instrumento:pdlc", None, "Plan de Desarrollo Local Concertado", "unidad:gm", "Gerencia Municipal"),
        ("instrumento:pdlc", None, "Plan de Desarrollo Local Concertado", "unidad:gppr", GPPR)]),
    ("PROGRAMACION MULTIANUAL", [("instrumento:pmi", None, "programación multianual de inversiones", "unidad:gppr", GPPR)]),
    ("PMI", [("instrumento:pmi", None, "programación multianual de inversiones", "unidad:gppr", GPPR)]),
    ("instrumento:pdlc", [
        ("instrumento:pdlc", None, "Plan de Desarrollo Local Concertado", "unidad:gm", "Gerencia Municipal"),
        ("instrumento:pdlc", None, "Plan de Desarrollo Local Concertado", "unidad:gppr", GPPR)]),
    ("ROF", []),
])
def test_responsables_de_instrumento(kg, text, expected):
    variables, rows = answer(kg, "responsables-de-instrumento", instrumento=text)
    assert variables == ("plan", "sigla", "nombre_plan", "unidad", "nombre_unidad")
    assert rows == expected


@pytest.mark.parametrize("text,expected", [
    ("cementerios", [("unidad:gdss", GDSS, "responsabilidad:cementerios", "cementerios")]),
    ("licencias de construcción", [("unidad:gidur", GIDUR, "responsabilidad:licencias-de-construccion",
                                    "licencias de construcción")]),
    ("LICENCIAS DE CONSTRUCCION", [("unidad:gidur", GIDUR, "responsabilidad:licencias-de-construccion",
                                    "licencias de construcción")]),
    ("tesoreria", [("unidad:gaf", GAF, "responsabilidad:tesoreria", "tesorería")]),
    ("TUPA", [("unidad:gm", "Gerencia Municipal", "funcion:gm-08",
               "Emitir opinión favorable en los procesos de elaboración del TUPA.")]),
    ("piscinas", []),
])
def test_unidad_de_servicio(kg, text, expected):
    variables, rows = answer(kg, "unidad-de-servicio", servicio=text)
    assert variables == ("unidad", "nombre", "asunto", "texto")
    assert rows == expected


def test_afirmaciones_con_fuente_lists_every_claim_with_file_and_place(kg):
    """Checked against the claims read straight from the Turtle with rdflib (an independent reader)."""
    import rdflib

    g = rdflib.Graph().parse(kg.data_files[0])
    ns = {p: rdflib.Namespace(u) for p, u in
          {"rdf": str(rdflib.RDF), "prov": "http://www.w3.org/ns/prov#", "dcterms": "http://purl.org/dc/terms/",
           "pzo": "https://w3id.org/pozuzo-kg/ontologia#"}.items()}
    expected = []
    for claim in g.subjects(rdflib.RDF.type, ns["pzo"].Claim):
        line, article = g.value(claim, ns["pzo"].sourceLine), g.value(claim, ns["pzo"].article)
        document = str(g.value(g.value(claim, ns["prov"].wasDerivedFrom), ns["dcterms"].identifier))
        where = f"línea {line}" if line is not None else f"art. {article}" if article is not None else None
        key = (document, int(line) if line is not None else -1, str(article or ""), str(claim))
        expected.append((key, str(claim), str(g.value(claim, rdflib.RDF.subject)), document, where))
    expected.sort()
    variables, rows = answer(kg, "afirmaciones-con-fuente")
    assert variables == ("afirmacion", "sujeto", "predicado", "objeto", "documento", "ubicacion")
    assert len(rows) == 236
    short = [(c.replace("https://w3id.org/pozuzo-kg/id/190305/afirmacion/", "afirmacion:"), d, w) for _, c, _, d, w in expected]
    assert [(r[0], r[4], r[5]) for r in rows] == short
    assert rows[0][:5] == ("afirmacion:al-unidad-de", "unidad:al", "org:unitOf", "organizacion:mdp", DOC_ORGANIZACION)
    assert ("afirmacion:alcaldia-organo-ejecutivo", "unidad:alcaldia", None, None, "Ley N.º 27972", "art. 6") in rows


def test_conflictos_each_claim_with_its_source(kg, seed_lines):
    variables, rows = answer(kg, "conflictos")
    assert variables == ("conflicto", "tema", "afirmacion", "documento", "ubicacion", "texto")
    assert [r[:5] for r in rows] == [
        ("conflicto:caracter-gm", "Carácter de la Gerencia Municipal", "afirmacion:gm-descripcion-1", DOC_ORGANIZACION, "línea 5"),
        ("conflicto:caracter-gm", "Carácter de la Gerencia Municipal", "afirmacion:gm-descripcion-2", DOC_GERENCIA, "línea 2"),
        ("conflicto:caracter-gm", "Carácter de la Gerencia Municipal", "afirmacion:alcaldia-organo-ejecutivo", "Ley N.º 27972", "art. 6"),
        ("conflicto:defensa-judicial", "Defensa judicial de la municipalidad", "afirmacion:al-responsabilidad-defensa-judicial", DOC_ORGANIZACION, "línea 7"),
        ("conflicto:defensa-judicial", "Defensa judicial de la municipalidad", "afirmacion:procuraduria-defensa-judicial", "Ley N.º 27972", "art. 29"),
        ("conflicto:denominacion-gm", "Denominación de la Gerencia Municipal", "afirmacion:gm-nombre-alternativo", DOC_ORGANIZACION, "línea 4"),
        ("conflicto:denominacion-gm", "Denominación de la Gerencia Municipal", "afirmacion:gm-nombre", DOC_GERENCIA, "línea 1"),
        ("conflicto:denominacion-gm", "Denominación de la Gerencia Municipal", "afirmacion:gm-nombre-ley", "Ley N.º 27972", "art. 28"),
        ("conflicto:dependencia-gm", "Dependencia de la Gerencia Municipal", "afirmacion:gm-depende-alcaldia", DOC_ORGANIZACION, "línea 2"),
        ("conflicto:dependencia-gm", "Dependencia de la Gerencia Municipal", "afirmacion:gm-ejecutor", DOC_ORGANIZACION, "línea 5"),
        ("conflicto:dependencia-gm", "Dependencia de la Gerencia Municipal", "afirmacion:gm-depende-concejo", DOC_GERENCIA, "línea 2"),
        ("conflicto:dependencia-gm", "Dependencia de la Gerencia Municipal", "afirmacion:gerente-municipal-responde-ante-alcalde", DOC_GERENCIA, "línea 21"),
        ("conflicto:dependencia-gm", "Dependencia de la Gerencia Municipal", "afirmacion:gerente-municipal-designado-por-alcalde", "Ley N.º 27972", "art. 27"),
    ]
    for _, _, claim, document, where, text in rows:
        if where.startswith("línea"):  # a quote: it is on the cited line of the cited document
            assert text in seed_lines[document][int(where.split()[1]) - 1], claim
        else:  # a law: the project's note, never presented as the law's words
            assert text.startswith("La ley "), claim
    assert rows[10][5] == "Depende del Concejo Municipal para el cumplimiento de sus funciones y responsabilidades"


def test_unidades_sin_etiqueta_en_ingles(kg, tmp_path):
    assert answer(kg, "unidades-sin-etiqueta-en-ingles") == (("unidad", "nombre"), [])
    path = tmp_path / "sin-ingles.ttl"
    path.write_text('@prefix org: <http://www.w3.org/ns/org#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
                    '<http://ex/b> a org:OrganizationalUnit ; skos:prefLabel "Beta"@es .\n'
                    '<http://ex/a> a org:OrganizationalUnit ; skos:prefLabel "Alfa"@es, "Alpha"@en-GB .\n'
                    '<http://ex/c> a org:OrganizationalUnit .\n', encoding="utf-8")
    assert answer(load_graph([path]), "unidades-sin-etiqueta-en-ingles")[1] == [("<http://ex/c>", None),
                                                                                  ("<http://ex/b>", "Beta")]


def test_puestos(kg):
    variables, rows = answer(kg, "puestos")
    assert variables == ("puesto", "nombre", "unidad", "nombre_unidad", "reporta_a", "designado_por")
    assert rows == [("puesto:alcalde", "Alcalde", "unidad:alcaldia", "Alcaldía", None, None),
                    ("puesto:gerente-municipal", "gerente municipal", "unidad:gm", "Gerencia Municipal",
                     "puesto:alcalde", "puesto:alcalde")]


def test_unidades_por_tipo_includes_empty_types(kg):
    variables, rows = answer(kg, "unidades-por-tipo")
    assert variables == ("tipo", "nombre", "unidades")
    assert rows == [("tipo-organo:alta-direccion", "Alta dirección", 3),
                    ("tipo-organo:consultivo", "Consultivo y de coordinación", 0),
                    ("tipo-organo:control", "Control institucional", 0),
                    ("tipo-organo:defensa-juridica", "Defensa jurídica", 0),
                    ("tipo-organo:asesoramiento", "Asesoramiento", 2),
                    ("tipo-organo:apoyo", "Apoyo", 1),
                    ("tipo-organo:linea", "Línea", 2)]


def test_responsabilidades_de_unidad(kg):
    variables, rows = answer(kg, "responsabilidades-de-unidad", unidad="gaf")
    assert variables == ("orden", "responsabilidad", "materia", "materia_amplia")
    assert rows == [(1, "responsabilidad:recursos-economicos", "recursos económicos", None),
                    (2, "responsabilidad:recursos-financieros", "recursos financieros", None),
                    (3, "responsabilidad:recursos-humanos", "recursos humanos", None),
                    (4, "responsabilidad:recursos-logisticos", "recursos logísticos", None),
                    (5, "responsabilidad:tesoreria", "tesorería", None),
                    (6, "responsabilidad:contabilidad", "contabilidad", None),
                    (7, "responsabilidad:recaudacion", "recaudación de ingresos tributarios y no tributarios", None),
                    (8, "responsabilidad:ingresos-tributarios", "ingresos tributarios",
                     "recaudación de ingresos tributarios y no tributarios"),
                    (9, "responsabilidad:ingresos-no-tributarios", "ingresos no tributarios",
                     "recaudación de ingresos tributarios y no tributarios"),
                    (10, "responsabilidad:logistica", "logística", None),
                    (11, "responsabilidad:control-patrimonial", "control patrimonial", None),
                    (12, "responsabilidad:bienes-muebles", "bienes muebles", "control patrimonial"),
                    (13, "responsabilidad:bienes-inmuebles", "bienes inmuebles", "control patrimonial"),
                    (14, "responsabilidad:talento-humano", "talento humano", None)]
    rows = answer(kg, "responsabilidades-de-unidad")[1]  # default: gdss
    assert len(rows) == 18 and [r[0] for r in rows] == list(range(1, 19))
    assert rows[15] == (16, "responsabilidad:cementerios", "cementerios", "servicios públicos esenciales")


def test_fuentes(kg):
    variables, rows = answer(kg, "fuentes")
    assert variables == ("fuente", "documento", "titulo", "tipo", "afirmaciones")
    assert rows == [
        ("fuente:organizacion", DOC_ORGANIZACION, "Organización", "Documento institucional", 160),
        ("fuente:gerencia-municipal", DOC_GERENCIA, "Gerencia Municipal", "Documento institucional", 55),
        ("referencia:ds-054-2018-pcm", "D.S. N.º 054-2018-PCM", "Lineamientos de Organización del Estado", "Norma legal", 8),
        ("referencia:ley-27972", "Ley N.º 27972", "Ley Orgánica de Municipalidades", "Norma legal", 9),
        ("referencia:inei-ubigeo", "UBIGEO", "Código de Ubicación Geográfica (UBIGEO)", "Fuente pública de referencia", 4),
        ("referencia:pozuzo-kg", "pozuzo-kg", "Lecturas del proyecto pozuzo-kg", "Lecturas del proyecto", 0),
    ]
    assert sum(r[4] for r in rows) == 236


def test_organigrama_is_a_graph_of_the_structure(kg):
    result = run(named_query("organigrama"), graph=kg)
    assert result.form == "graph"
    pairs = {(_cell(t.subject), _cell(t.predicate), _cell(t.object)) for t in result.triples}
    assert len(result.triples) == 38  # 8 units × 3 + 7 parent links; 2 posts × 3 + 1 reporting line
    assert {(s, o) for s, p, o in pairs if p == "org:subOrganizationOf"} == {
        ("unidad:gm", "unidad:alcaldia"), ("unidad:gm", "unidad:concejo"), ("unidad:al", "unidad:gm"),
        ("unidad:gppr", "unidad:gm"), ("unidad:gaf", "unidad:gm"), ("unidad:gdss", "unidad:gm"), ("unidad:gidur", "unidad:gm")}
    assert ("puesto:gerente-municipal", "org:reportsTo", "puesto:alcalde") in pairs
    assert not any(p == "skos:prefLabel" and o == "Municipal Management Office" for _, p, o in pairs)


BUSCAR_PLANEAMIENTO = [
    ("responsabilidad:planeamiento-estrategico", "skos:prefLabel", "planeamiento estratégico"),
    ("responsabilidad:planeamiento-operativo", "skos:prefLabel", "planeamiento operativo"),
    ("unidad:gppr", "dcterms:description", "Es responsable de conducir los procesos de planeamiento estratégico y "
     "operativo, como la formulación del Plan de Desarrollo Concertado y el Presupuesto Institucional. También se "
     "encarga de la programación multianual de inversiones, la gestión del presupuesto público asignado, y los "
     "estudios de racionalización administrativa para optimizar la organización, los procesos y el uso de los recursos."),
    ("unidad:gppr", "skos:prefLabel", GPPR),
    ("tipo-organo:asesoramiento", "skos:definition",
     "Órganos de administración interna que orientan la labor de la entidad (asesoría jurídica, planeamiento, presupuesto)."),
]


@pytest.mark.parametrize("text", ["planeamiento", "PLANEAMIENTO", "Planeamiento", "pláneamiento"])
def test_buscar_is_case_and_accent_insensitive(kg, text):
    assert answer(kg, "buscar", texto=text) == (("recurso", "propiedad", "valor"), BUSCAR_PLANEAMIENTO)


def test_buscar_racionalizacion_finds_racionalizacion_with_accent(kg):
    rows = answer(kg, "buscar", texto="racionalizacion")[1]
    assert rows == [("responsabilidad:racionalizacion", "skos:prefLabel", "estudios de racionalización administrativa"),
                    BUSCAR_PLANEAMIENTO[2], BUSCAR_PLANEAMIENTO[3]]


def test_buscar_finds_n_with_tilde_and_english_labels(kg):
    assert answer(kg, "buscar", texto="ninos")[1][0] == ("responsabilidad:ninos", "skos:prefLabel", "niños")
    assert ("unidad:gm", "skos:altLabel", "General Management Office") in answer(kg, "buscar", texto="general management")[1]


# ---- parameters: required, unknown, and bound as terms (never pasted) -----------------------------------

def test_missing_parameter_without_default():
    with pytest.raises(UsageError, match=r"^query 'buscar' needs parameter 'texto' \(--param texto=…\)"):
        bind(named_query("buscar"))


def test_unknown_parameter():
    with pytest.raises(UsageError, match=r"^query 'jerarquia' has no parameter 'unidad' \(its parameters: none\)$"):
        bind(named_query("jerarquia"), {"unidad": "gm"})
    with pytest.raises(UsageError, match=r"has no parameter 'unit' \(its parameters: unidad\)$"):
        bind(named_query("cadena-de-mando"), {"unit": "gm"})


def test_unknown_query_lists_the_names():
    with pytest.raises(UsageError, match=r"^unknown query 'organigram'; known queries: afirmaciones-con-fuente, buscar, "):
        named_query("organigram")


HOSTILE = ['"} ; DROP ALL ; SELECT * WHERE { ?s ?p ?o', "x\" } } UNION { ?recurso ?propiedad ?valor } #",
           "a\\\"b\nc", "'''", "> } "]


@pytest.mark.parametrize("value", HOSTILE)
def test_text_parameters_are_bound_as_literals(kg, value):
    query = named_query("buscar")
    text = bind(query, {"texto": value})
    assert text.count("VALUES ?texto {") == 1
    assert text.replace(f" VALUES ?texto {{ {ox.Literal(value)} }}", "", 1) == query.text
    assert answer(kg, "buscar", texto=value)[1] == []


@pytest.mark.parametrize("value", ["> } ", "gm> } UNION { ?s ?p ?o", "unidad:gm>", "a b", ""])
def test_iri_parameters_are_validated(value):
    with pytest.raises(UsageError, match=r"^parameter 'unidad': .* is not an IRI"):
        bind(named_query("cadena-de-mando"), {"unidad": value})


def test_iri_parameter_in_the_wrong_namespace_finds_nothing(kg):
    assert answer(kg, "cadena-de-mando", unidad="http://example.org/gm")[1] == []


# ---- ad-hoc queries: errors with positions -----------------------------------------------------------------

def test_invalid_query_names_line_and_column(kg):
    with pytest.raises(QueryError, match=r"^invalid query at 3:11: expected "):
        run(adhoc_query("SELECT ?x WHERE {\n ?x a ?y \n FILTER( }"), graph=kg)


def test_unknown_prefix_is_named(kg):
    with pytest.raises(QueryError, match=r"^invalid query at 1:24: unknown prefix 'foo' \(declare it with PREFIX foo: <…>\)$"):
        run(adhoc_query("SELECT ?x WHERE { ?x a foo:bar }"), graph=kg)


def test_adhoc_queries_get_the_project_prefixes(kg):
    result = run(adhoc_query("SELECT ?p WHERE { unidad:gm org:subOrganizationOf ?p } ORDER BY ?p"), graph=kg)
    assert [_cell(r[0]) for r in result.rows] == ["unidad:alcaldia", "unidad:concejo"]


def test_named_query_files_must_declare_their_prefixes():
    with pytest.raises(QueryError, match="unknown prefix 'org'"):
        sparql_syntax.check("SELECT * WHERE { ?u a org:OrganizationalUnit }")


def test_service_is_refused_never_fetched(kg):
    with pytest.raises(QueryError, match=r"^query at 1:18: SERVICE is not allowed"):
        run(adhoc_query("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"), graph=kg)


def count(kg, sparql: str) -> int:
    return int(run(adhoc_query(sparql), graph=kg).rows[0][0].value)


def test_from_and_from_named_pick_graphs_of_the_store(kg):
    ontology = kg.ontology_size()
    assert count(kg, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == kg.data_size() + ontology
    assert count(kg, "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/pozuzo-kg/grafo/ontologia> WHERE { ?s ?p ?o }") == ontology
    assert count(kg, "SELECT (COUNT(*) AS ?n) FROM NAMED <https://w3id.org/pozuzo-kg/grafo/ontologia>"
                     " WHERE { GRAPH ?g { ?s ?p ?o } }") == ontology


def test_from_a_url_is_an_empty_graph_never_fetched(kg):
    assert count(kg, "SELECT (COUNT(*) AS ?n) FROM <http://127.0.0.1:1/pozuzo.ttl> WHERE { ?s ?p ?o }") == 0
    assert count(kg, "SELECT (COUNT(*) AS ?n) FROM NAMED <http://127.0.0.1:1/pozuzo.ttl>"
                     " WHERE { GRAPH ?g { ?s ?p ?o } }") == 0


def test_own_prefix_declarations_override_the_project_ones(kg):
    assert count(kg, "PREFIX unidad: <http://example.org/> SELECT (COUNT(*) AS ?n) WHERE { unidad:gm ?p ?o }") == 0
    result = run(adhoc_query("PREFIX org: <http://example.org/> SELECT ?x WHERE { BIND(org:x AS ?x) }"), graph=kg)
    assert result.rows[0][0].value == "http://example.org/x"


def test_blank_nodes_and_strings_are_not_mistaken_for_prefixes(kg):
    result = run(adhoc_query('SELECT ?x WHERE { BIND("foo:bar { # }" AS ?x) _:b <http://ex/p> ?o }'), graph=kg)
    assert result.rows == ()


def test_parameters_go_into_the_where_pattern_of_a_construct():
    query = parse_query("q", "# param: u (iri unidad) — u\nCONSTRUCT { ?u ?p ?o } WHERE { ?u ?p ?o }")
    assert bind(query, {"u": "gm"}, ["190305"]).endswith(
        "WHERE { VALUES ?u { <https://w3id.org/pozuzo-kg/id/190305/unidad/gm> } ?u ?p ?o }")
    assert re.search(r"CONSTRUCT \{ \?u \?p \?o \}", bind(query, {"u": "gm"}, ["190305"]))


@pytest.mark.parametrize("name", NAMES)
def test_named_queries_are_portable_to_a_second_engine(kg, name):
    """rdflib's SPARQL engine gives the same number of rows (or triples) for every named query."""
    graph = kg.to_rdflib("all")
    query = named_query(name)
    text = bind(query, {"texto": "planeamiento"} if name == "buscar" else None, kg.municipalities)
    embedded = run(query, {"texto": "planeamiento"} if name == "buscar" else None, graph=kg)
    assert len(list(graph.query(text))) == len(embedded.rows or embedded.triples)


@pytest.mark.parametrize("data,message", [
    ('# title: Prueba\nSELECT ?u\nWHERE { ?u skos:prefLabel "Alcald\xeda" }\n'.encode("latin-1"), "3:34: not UTF-8 text (byte 0xed)"),
    ('\ufeffSELECT * WHERE { ?s ?p "añ'.encode("utf-8") + b'\xe9" }', "1:27: not UTF-8 text (byte 0xe9)"),  # BOM dropped; ñ is 1 column
    (b"\xff", "1:1: not UTF-8 text (byte 0xff)"),
])
def test_a_query_file_that_is_not_utf8_names_the_first_bad_byte(tmp_path, data, message):
    path = tmp_path / "q.rq"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        query_file(path)
    assert str(caught.value) == f"{path}:{message}; save the query as UTF-8"
