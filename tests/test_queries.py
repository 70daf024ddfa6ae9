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
         "jerarquia", "lecturas", "organigrama", "puestos", "quien-hace-que", "responsabilidades-de-unidad",
         "responsables-de-instrumento", "subunidades", "unidad-de-servicio", "unidades-bajo-alcalde", "unidades-por-tipo", "unidades-sin-etiqueta-en-ingles"]
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
    assert (texto.name, texto.type, texto.kind, texto.default) == ("texto", "search", None, None)
    [instrumento] = named_query("responsables-de-instrumento").parameters
    assert (instrumento.name, instrumento.type, instrumento.default) == ("instrumento", "text", "PEI")


def test_header_continuation_lines_join_the_description():
    assert named_query("jerarquia").description.startswith(
        "Cada unidad orgánica con su tipo de órgano y su unidad superior inmediata. Las unidades sin superior")


def test_unknown_header_key_is_an_input_error():
    with pytest.raises(InputError, match=r"^mia\.rq:2: clave de cabecera desconocida 'autor'"):
        parse_query("mia", "# title: T\n# autor: X\nSELECT * {}", "mia.rq")


def test_malformed_param_is_an_input_error():
    with pytest.raises(InputError, match=r"^q:1: param mal formado 'unidad IRI'"):
        parse_query("q", "# param: unidad IRI\nSELECT * {}")
    with pytest.raises(InputError, match=r"tipo desconocido 'persona'"):
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


FUNCTION_KINDS = {  # the kinds of each function, in the scheme's order (its skos:notation)
    1: ["dirige", "supervisa"], 2: ["dirige", "formula", "supervisa"], 3: ["propone"], 4: ["dirige", "supervisa"],
    5: ["coordina"], 6: ["evalúa"], 7: ["supervisa"], 8: ["emite opinión"], 9: ["propone"], 10: ["asesora"],
    11: ["presta"], 12: ["propone", "supervisa"], 13: ["supervisa"], 14: ["propone"], 15: ["supervisa"],
    16: ["representa"], 17: ["ejecuta"], 18: ["las demás que correspondan conforme a ley"],
}


def test_funciones_de_unidad_in_order_with_exact_text_kind_and_modality(kg, seed_lines):
    variables, rows = answer(kg, "funciones-de-unidad")
    assert variables == ("orden", "funcion", "texto", "linea", "tipo", "modalidad", "por_encargo_de")
    expected = [(n, f"funcion:gm-{n:02d}", seed_lines[DOC_GERENCIA][n + 3][2:], n + 4, kind,
                 "por encargo" if n in (16, 17) else "obligatoria", "puesto:alcalde" if n in (16, 17) else None)
                for n in range(1, 19) for kind in FUNCTION_KINDS[n]]
    assert rows == expected and len(rows) == 23
    assert answer(kg, "funciones-de-unidad", unidad="gaf")[1] == []


GM = ("unidad:gm", "Gerencia Municipal")
OBLIGATORIA = "obligatoria"


@pytest.mark.parametrize("text,expected", [
    ("PEI", [("instrumento:pei", "PEI", "Plan Estratégico Institucional", *GM, "dirige", OBLIGATORIA),
             ("instrumento:pei", "PEI", "Plan Estratégico Institucional", *GM, "supervisa", OBLIGATORIA)]),
    ("poi", [("instrumento:poi", "POI", "Plan Operativo Institucional", *GM, "dirige", OBLIGATORIA),
             ("instrumento:poi", "POI", "Plan Operativo Institucional", *GM, "supervisa", OBLIGATORIA)]),
    ("TUPA", [("instrumento:tupa", "TUPA", "TUPA", *GM, "emite opinión", OBLIGATORIA)]),  # not «responsable» of it
    ("presupuesto", [("instrumento:presupuesto-institucional", None, "Presupuesto Institucional", "unidad:gppr", GPPR,
                      "formula", OBLIGATORIA),
                     ("instrumento:presupuesto-participativo", None, "presupuesto participativo institucional", *GM,
                      "propone", OBLIGATORIA)]),
    ("Plan de Desarrollo Concertado", [
        ("instrumento:pdlc", None, "Plan de Desarrollo Local Concertado", *GM, "dirige", OBLIGATORIA),
        ("instrumento:pdlc", None, "Plan de Desarrollo Local Concertado", *GM, "supervisa", OBLIGATORIA),
        ("instrumento:pdlc", None, "Plan de Desarrollo Local Concertado", "unidad:gppr", GPPR, "formula", OBLIGATORIA)]),
    ("PROGRAMACION MULTIANUAL", [("instrumento:pmi", None, "programación multianual de inversiones", "unidad:gppr", GPPR,
                                  "formula", OBLIGATORIA)]),
    ("PMI", [("instrumento:pmi", None, "programación multianual de inversiones", "unidad:gppr", GPPR, "formula",
              OBLIGATORIA)]),
    ("instrumento:pdlc", [
        ("instrumento:pdlc", None, "Plan de Desarrollo Local Concertado", *GM, "dirige", OBLIGATORIA),
        ("instrumento:pdlc", None, "Plan de Desarrollo Local Concertado", *GM, "supervisa", OBLIGATORIA),
        ("instrumento:pdlc", None, "Plan de Desarrollo Local Concertado", "unidad:gppr", GPPR, "formula", OBLIGATORIA)]),
    ("ROF", []),
])
def test_responsables_de_instrumento(kg, text, expected):
    variables, rows = answer(kg, "responsables-de-instrumento", instrumento=text)
    assert variables == ("plan", "sigla", "nombre_plan", "unidad", "nombre_unidad", "tipo", "modalidad")
    assert rows == expected


UNIDAD_DE_SERVICIO = ("unidad", "nombre", "asunto", "texto", "propiedad", "idioma", "puntos")
GDSS_ROW, GAF_ROW, GIDUR_ROW = ("unidad:gdss", GDSS), ("unidad:gaf", GAF), ("unidad:gidur", GIDUR)


@pytest.mark.parametrize("text,expected", [
    ("cementerios", [(*GDSS_ROW, "responsabilidad:cementerios", "cementerios", "skos:prefLabel", "es", 3)]),
    ("cementerio", [(*GDSS_ROW, "responsabilidad:cementerios", "cementerios", "skos:prefLabel", "es", 2)]),
    ("licencias de construcción", [(*GIDUR_ROW, "responsabilidad:licencias-de-construccion",
                                    "licencias de construcción", "skos:prefLabel", "es", 6)]),
    ("LICENCIAS DE CONSTRUCCION", [(*GIDUR_ROW, "responsabilidad:licencias-de-construccion",
                                    "licencias de construcción", "skos:prefLabel", "es", 6)]),
    ("tesoreria", [(*GAF_ROW, "responsabilidad:tesoreria", "tesorería", "skos:prefLabel", "es", 3)]),
    ("treasury", [(*GAF_ROW, "responsabilidad:tesoreria", "treasury", "skos:prefLabel", "en", 3)]),
    ("street cleaning", [(*GDSS_ROW, "responsabilidad:limpieza-publica", "street cleaning", "skos:prefLabel", "en", 6)]),
    ("adquisición de bienes", [(*GAF_ROW, "responsabilidad:logistica", "adquisición de bienes y servicios",
                                "skos:altLabel", "es", 6)]),
    ("adquisiciones", [(*GAF_ROW, "responsabilidad:logistica", "adquisición de bienes y servicios",
                        "skos:altLabel", "es", 2)]),
    ("catastro", [(*GIDUR_ROW, "responsabilidad:catastro", "catastro", "skos:prefLabel", "es", 3)]),
    ("compras", [(*GAF_ROW, "responsabilidad:logistica", "compras", "skos:hiddenLabel", "es", 3)]),
    ("TUPA", [("unidad:gm", "Gerencia Municipal", "funcion:gm-08", "Issue a favourable opinion in the drafting of the TUPA.",
               "skos:prefLabel", "en", 3),
              ("unidad:gm", "Gerencia Municipal", "funcion:gm-08",
               "Emitir opinión favorable en los procesos de elaboración del TUPA.", "skos:prefLabel", "es", 3)]),
    ("piscinas", []),
])
def test_unidad_de_servicio(kg, text, expected):
    """Spanish and English names, alternative names, accents and case ignored, word forms by their stem."""
    variables, rows = answer(kg, "unidad-de-servicio", servicio=text)
    assert variables == UNIDAD_DE_SERVICIO
    assert rows == expected


def test_unidad_de_servicio_ranks_whole_words_before_stems_before_prefixes(kg):
    """«servicios públicos» is in the name of a responsibility and in a function's text: both have both words
    whole (6 points), the shorter text first; their English names start with the English stems of the Spanish
    words («servicios» → servicio, starting with «services» → servic): 1 point a word. The responsibility's
    alternative name «servicios públicos» (the second document's words, line 6) matches too, after the names."""
    rows = answer(kg, "unidad-de-servicio", servicio="servicios públicos")[1]
    assert [(r[0], r[2], r[4], r[5], r[6]) for r in rows] == [
        ("unidad:gdss", "responsabilidad:servicios-publicos", "skos:prefLabel", "es", 6),
        ("unidad:gm", "funcion:gm-02", "skos:prefLabel", "es", 6),
        ("unidad:gdss", "responsabilidad:servicios-publicos", "skos:altLabel", "es", 6),
        ("unidad:gdss", "responsabilidad:servicios-publicos", "skos:prefLabel", "en", 2),
        ("unidad:gm", "funcion:gm-02", "skos:prefLabel", "en", 2),
        ("unidad:gdss", "responsabilidad:servicios-publicos", "skos:altLabel", "en", 2)]
    rows = answer(kg, "unidad-de-servicio", servicio="planificar")[1]
    assert [(r[0], r[2], r[6]) for r in rows] == [("unidad:gm", "funcion:gm-02", 3)]


SUBUNIT = ("000_b36cf66eb0458a2d.txt", "línea 5", None)


@pytest.mark.parametrize("unit,expected", [
    ("gm", [("unidad:al", "Asesoría Legal", "Asesoramiento", *SUBUNIT), ("unidad:gaf", GAF, "Apoyo", *SUBUNIT),
            ("unidad:gdss", GDSS, "Línea", *SUBUNIT), ("unidad:gidur", GIDUR, "Línea", *SUBUNIT),
            ("unidad:gppr", GPPR, "Asesoramiento", *SUBUNIT)]),
    ("alcaldia", [("unidad:gm", "Gerencia Municipal", "Alta dirección", DOC_ORGANIZACION, "línea 2", "conflicto:dependencia-gm")]),
    ("concejo", [("unidad:gm", "Gerencia Municipal", "Alta dirección", DOC_GERENCIA, "línea 2", "conflicto:dependencia-gm")]),
    ("gaf", []),
])
def test_subunidades_directly_under_a_unit_with_the_claim_and_any_conflict(kg, unit, expected):
    variables, rows = answer(kg, "subunidades", unidad=unit)
    assert variables == ("subunidad", "nombre", "tipo", "documento", "ubicacion", "discrepancia")
    assert rows == expected


def test_subunidades_reads_has_sub_organization_too(tmp_path):
    path = tmp_path / "inversa.ttl"
    path.write_text('@prefix org: <http://www.w3.org/ns/org#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
                    '<http://ex/a> a org:OrganizationalUnit ; org:hasSubOrganization <http://ex/b> .\n'
                    '<http://ex/b> a org:OrganizationalUnit ; skos:prefLabel "Oficina B"@es .\n', encoding="utf-8")
    assert answer(load_graph([path]), "subunidades", unidad="http://ex/a")[1] == [
        ("<http://ex/b>", "Oficina B", None, None, None, None)]


DOING = ("agente", "nombre_agente", "tipo_accion", "verbo", "objeto", "modalidad", "por_encargo_de", "funcion",
         "documento", "linea")


@pytest.mark.parametrize("params,expected", [
    ({"materia": "Plan de Desarrollo", "tipo": "formula"}, [  # who formulates: 000 line 9, through the reading
        ("instrumento:pdlc", "Plan de Desarrollo Local Concertado", "unidad:gppr", GPPR, "formula", "formular",
         "instrumento:pdlc", OBLIGATORIA, None, None, DOC_ORGANIZACION, 9)]),
    ({"materia": "PEI", "tipo": "supervisa"}, [  # who supervises: two verbs of function gm-04 (002 line 8)
        ("instrumento:pei", "Plan Estratégico Institucional", *GM, "supervisa", "controlar", "instrumento:pei",
         OBLIGATORIA, None, "funcion:gm-04", DOC_GERENCIA, 8),
        ("instrumento:pei", "Plan Estratégico Institucional", *GM, "supervisa", "supervisar", "instrumento:pei",
         OBLIGATORIA, None, "funcion:gm-04", DOC_GERENCIA, 8)]),
    ({"materia": "seguridad ciudadana", "tipo": "coordina"}, [  # who may coordinate: «puede coordinar»
        ("responsabilidad:seguridad-ciudadana", "seguridad ciudadana", "unidad:gdss", GDSS, "coordina", "coordinar",
         "responsabilidad:seguridad-ciudadana", "facultativa", None, None, DOC_ORGANIZACION, 13)]),
    ({"materia": "TUPA"}, [("instrumento:tupa", "TUPA", *GM, "emite opinión", "emitir opinión", "instrumento:tupa",
                            OBLIGATORIA, None, "funcion:gm-08", DOC_GERENCIA, 12)]),
    ({"materia": "Municipalidad Distrital", "tipo": "representar"}, [  # on the alcalde's behalf (002 line 20)
        ("organizacion:mdp", "Municipalidad Distrital de Pozuzo", *GM, "representa", "representar", "organizacion:mdp",
         "por encargo", "puesto:alcalde", "funcion:gm-16", DOC_GERENCIA, 20)]),
    ({"materia": "TUPA", "tipo": "aprueba"}, []),
])
def test_quien_hace_que(kg, params, expected):
    variables, rows = answer(kg, "quien-hace-que", **params)
    assert variables == ("asunto", "nombre_asunto", *DOING)
    assert rows == expected


def test_quien_hace_que_reaches_a_matter_through_the_broader_one_acted_upon(kg):
    rows = answer(kg, "quien-hace-que", materia="cementerios")[1]
    assert {r[0] for r in rows} == {"responsabilidad:cementerios"}
    assert {r[6] for r in rows} == {"responsabilidad:servicios-publicos"}  # the acted-upon object
    assert [(r[2], r[4], r[5]) for r in rows] == [
        ("unidad:gm", "dirige", "organizar"), ("unidad:gm", "dirige", "conducir"), ("unidad:gm", "formula", "planificar"),
        ("unidad:gdss", "presta", "prestar"), ("unidad:gm", "supervisa", "controlar"),
        ("unidad:gm", "supervisa", "supervisar"), ("unidad:gdss", "supervisa", "supervisar")]
    default = answer(kg, "quien-hace-que")[1]  # Plan de Desarrollo, every kind
    assert [(r[2], r[4], r[5]) for r in default] == [
        ("unidad:gm", "dirige", "dirigir"), ("unidad:gppr", "formula", "formular"), ("unidad:gm", "supervisa", "controlar"),
        ("unidad:gm", "supervisa", "supervisar")]


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
    assert len(rows) == 391
    short = [(c.replace("https://w3id.org/pozuzo-kg/id/190305/afirmacion/", "afirmacion:"), d, w) for _, c, _, d, w in expected]
    assert [(r[0], r[4], r[5]) for r in rows] == short
    assert rows[0][:5] == ("afirmacion:accion-alcalde-1", "accion:alcalde-1", None, None, DOC_ORGANIZACION)
    assert ("afirmacion:lectura-gm-gerencia-general", "unidad:gm", "skos:altLabel", "Gerencia General", "pozuzo-kg",
            None) in rows  # a reading of the project: no line of a source
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
        ("conflicto:denominacion-gm", "Denominación de la Gerencia Municipal", "afirmacion:lectura-gm-gerencia-general", "pozuzo-kg", "lectura del proyecto"),
        ("conflicto:dependencia-gm", "Dependencia de la Gerencia Municipal", "afirmacion:gm-depende-alcaldia", DOC_ORGANIZACION, "línea 2"),
        ("conflicto:dependencia-gm", "Dependencia de la Gerencia Municipal", "afirmacion:gm-ejecutor", DOC_ORGANIZACION, "línea 5"),
        ("conflicto:dependencia-gm", "Dependencia de la Gerencia Municipal", "afirmacion:gm-depende-concejo", DOC_GERENCIA, "línea 2"),
        ("conflicto:dependencia-gm", "Dependencia de la Gerencia Municipal", "afirmacion:gerente-municipal-designado-por-alcalde", "Ley N.º 27972", "art. 27"),
        ("conflicto:dependencia-gm", "Dependencia de la Gerencia Municipal", "afirmacion:gerente-municipal-responde-ante-alcalde", "pozuzo-kg", "lectura del proyecto"),
    ]
    for _, _, claim, document, where, text in rows:
        if where.startswith("línea"):  # a quote: it is on the cited line of the cited document
            assert text in seed_lines[document][int(where.split()[1]) - 1], claim
        elif where == "lectura del proyecto":  # the project's reasoning, citing the lines it reads
            assert document == "pozuzo-kg" and text.startswith(("El primer documento", "El segundo documento")), claim
        else:  # a law: the project's note, never presented as the law's words
            assert text.startswith("La ley "), claim
    assert rows[11][5] == "Depende del Concejo Municipal para el cumplimiento de sus funciones y responsabilidades"


def test_lecturas_each_reading_with_its_reasoning_and_each_basis(kg, seed_lines):
    variables, rows = answer(kg, "lecturas")
    assert variables == ("lectura", "sujeto", "predicado", "objeto", "razonamiento", "base", "documento", "ubicacion", "texto")
    assert len(rows) == 39 and len({r[0] for r in rows}) == 29  # 14 readings and 15 search synonyms, one basis each
    assert [r[:4] + r[5:8] for r in rows if r[0] == "afirmacion:gerente-municipal-responde-ante-alcalde"] == [
        ("afirmacion:gerente-municipal-responde-ante-alcalde", "puesto:gerente-municipal", "org:reportsTo", "puesto:alcalde",
         "afirmacion:gm-funcion-gm-17", DOC_GERENCIA, "línea 21"),
        ("afirmacion:gerente-municipal-responde-ante-alcalde", "puesto:gerente-municipal", "org:reportsTo", "puesto:alcalde",
         "afirmacion:gerente-municipal-designado-por-alcalde", "Ley N.º 27972", "art. 27")]
    assert [r[5:8] for r in rows if r[0] == "afirmacion:lectura-pdlc-plan-de-desarrollo-concertado"] == [
        ("afirmacion:instrumento-pdlc-nombre-alternativo", DOC_ORGANIZACION, "línea 9"),
        ("afirmacion:instrumento-pdlc-nombre", DOC_GERENCIA, "línea 8")]
    for row in rows:
        assert row[4], row[0]  # every reading says why
        if row[7].startswith("línea"):  # each basis quotes its line
            assert row[8] in seed_lines[row[6]][int(row[7].split()[1]) - 1], row


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
    assert variables == ("orden", "responsabilidad", "materia", "materia_amplia", "tipo", "modalidad")
    A, S, RECAUDACION = ("administra", OBLIGATORIA), ("supervisa", OBLIGATORIA), "recaudación de ingresos tributarios y no tributarios"
    assert rows == [(1, "responsabilidad:recursos-economicos", "recursos económicos", None, *A),
                    (2, "responsabilidad:recursos-financieros", "recursos financieros", None, *A),
                    (3, "responsabilidad:recursos-humanos", "recursos humanos", None, *A),
                    (4, "responsabilidad:recursos-logisticos", "recursos logísticos", None, *A),
                    (5, "responsabilidad:tesoreria", "tesorería", None, *A),
                    (6, "responsabilidad:contabilidad", "contabilidad", None, *A),
                    (7, "responsabilidad:recaudacion", RECAUDACION, None, *A),
                    (8, "responsabilidad:ingresos-tributarios", "ingresos tributarios", RECAUDACION, *A),
                    (9, "responsabilidad:ingresos-no-tributarios", "ingresos no tributarios", RECAUDACION, *A),
                    (10, "responsabilidad:logistica", "logística", None, *A),
                    (11, "responsabilidad:control-patrimonial", "control patrimonial", None, *S),
                    (12, "responsabilidad:bienes-muebles", "bienes muebles", "control patrimonial", *S),
                    (13, "responsabilidad:bienes-inmuebles", "bienes inmuebles", "control patrimonial", *S),
                    (14, "responsabilidad:talento-humano", "talento humano", None, *A)]
    rows = answer(kg, "responsabilidades-de-unidad")[1]  # default: gdss, one row per responsibility and kind
    assert len(rows) == 45 and sorted({r[0] for r in rows}) == list(range(1, 19))
    assert [r for r in rows if r[0] == 16] == [
        (16, "responsabilidad:cementerios", "cementerios", "servicios públicos esenciales", "presta", OBLIGATORIA),
        (16, "responsabilidad:cementerios", "cementerios", "servicios públicos esenciales", "supervisa", OBLIGATORIA)]
    assert [r[4:] for r in rows if r[0] in (17, 18)] == [("coordina", "facultativa")] * 2  # «puede coordinar»


def test_fuentes(kg):
    variables, rows = answer(kg, "fuentes")
    assert variables == ("fuente", "documento", "titulo", "tipo", "afirmaciones")
    assert rows == [
        ("fuente:organizacion", DOC_ORGANIZACION, "Organización", "Documento institucional", 215),
        ("fuente:gerencia-municipal", DOC_GERENCIA, "Gerencia Municipal", "Documento institucional", 126),
        ("referencia:ds-054-2018-pcm", "D.S. N.º 054-2018-PCM", "Lineamientos de Organización del Estado", "Norma legal", 8),
        ("referencia:ley-27972", "Ley N.º 27972", "Ley Orgánica de Municipalidades", "Norma legal", 9),
        ("referencia:inei-ubigeo", "UBIGEO", "Código de Ubicación Geográfica (UBIGEO)", "Fuente pública de referencia", 4),
        ("referencia:pozuzo-kg", "pozuzo-kg", "Lecturas del proyecto pozuzo-kg", "Lecturas del proyecto", 29),
    ]
    assert sum(r[4] for r in rows) == 391


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


BUSCAR = ("recurso", "propiedad", "valor", "idioma", "puntos")
GPPR_DESCRIPTION = ("Es responsable de conducir los procesos de planeamiento estratégico y operativo, como la formulación "
                    "del Plan de Desarrollo Concertado y el Presupuesto Institucional. También se encarga de la programación "
                    "multianual de inversiones, la gestión del presupuesto público asignado, y los estudios de "
                    "racionalización administrativa para optimizar la organización, los procesos y el uso de los recursos.")
BUSCAR_PLANEAMIENTO = [
    ("responsabilidad:planeamiento-operativo", "skos:prefLabel", "planeamiento operativo", "es", 3),
    ("responsabilidad:planeamiento-estrategico", "skos:prefLabel", "planeamiento estratégico", "es", 3),
    ("unidad:gppr", "skos:prefLabel", GPPR, "es", 3),
    ("tipo-organo:asesoramiento", "skos:definition",
     "Órganos de administración interna que orientan la labor de la entidad (asesoría jurídica, planeamiento, presupuesto).",
     "es", 3),
    ("unidad:gppr", "dcterms:description", GPPR_DESCRIPTION, "es", 3),
]


@pytest.mark.parametrize("text", ["planeamiento", "PLANEAMIENTO", "Planeamiento", "pláneamiento"])
def test_buscar_is_case_and_accent_insensitive(kg, text):
    """Ranked by points, then names before definitions before descriptions, then the shorter text."""
    assert answer(kg, "buscar", texto=text) == (BUSCAR, BUSCAR_PLANEAMIENTO)


def test_buscar_racionalizacion_finds_racionalizacion_with_accent(kg):
    rows = answer(kg, "buscar", texto="racionalizacion")[1]
    assert rows == [("responsabilidad:racionalizacion", "skos:prefLabel", "estudios de racionalización administrativa", "es", 3),
                    ("unidad:gppr", "skos:prefLabel", GPPR, "es", 3),
                    ("unidad:gppr", "dcterms:description", GPPR_DESCRIPTION, "es", 3)]


def test_buscar_finds_n_with_tilde_and_english_labels(kg):
    assert answer(kg, "buscar", texto="ninos")[1][0] == ("responsabilidad:ninos", "skos:prefLabel", "niños", "es", 3)
    assert answer(kg, "buscar", texto="general management")[1] == [
        ("unidad:gm", "skos:altLabel", "General Management Office", "en", 6)]


@pytest.mark.parametrize("text,expected", [
    ("tesorería", [("responsabilidad:tesoreria", "skos:prefLabel", "tesorería", "es", 3), ("unidad:gaf", "dcterms:description", 3)]),
    ("treasury", [("responsabilidad:tesoreria", "skos:prefLabel", "treasury", "en", 3)]),
    ("cementerios", [("responsabilidad:cementerios", "skos:prefLabel", "cementerios", "es", 3),
                     ("unidad:gdss", "dcterms:description", 3)]),
    ("cemeteries", [("responsabilidad:cementerios", "skos:prefLabel", "cemeteries", "en", 3)]),
    ("cemetery", [("responsabilidad:cementerios", "skos:prefLabel", "cemeteries", "en", 2)]),
    ("street cleaning", [("responsabilidad:limpieza-publica", "skos:prefLabel", "street cleaning", "en", 6)]),
    ("adquisición de bienes", [("responsabilidad:logistica", "skos:altLabel", "adquisición de bienes y servicios", "es", 6),
                               ("unidad:gaf", "dcterms:description", 6)]),
    ("catastro", [("responsabilidad:catastro", "skos:prefLabel", "catastro", "es", 3), ("unidad:gidur", "dcterms:description", 3)]),
    ("catast", [("responsabilidad:catastro", "skos:prefLabel", "catastro", "es", 1), ("unidad:gidur", "dcterms:description", 1)]),
    ("catastral", [("responsabilidad:catastro", "skos:prefLabel", "catastro", "es", 1),
                   ("unidad:gidur", "dcterms:description", 1)]),
])
def test_buscar_in_spanish_english_without_accents_and_by_word_form(kg, text, expected):
    rows = answer(kg, "buscar", texto=text)[1]
    assert [row if len(e) == 5 else (row[0], row[1], row[4]) for row, e in zip(rows, expected)] == expected
    assert len(rows) == len(expected)


def test_buscar_planificar_and_planificacion_find_each_other_by_their_stems(kg):
    """Snowball: «planificar» → planific, «planificación» → planif, «planifica» → planif. The verb is a whole word
    of function gm-02 and of the kind of action «formula» (3 points) and starts «planifica» and «planificación»
    (1); the noun is whole in two descriptions (3), shares the stem of «planifica» (2) and starts the verb (1)."""
    verb = [(r[0], r[1], r[4]) for r in answer(kg, "buscar", texto="planificar")[1]]
    assert verb == [("funcion:gm-02", "skos:prefLabel", 3), ("tipo-accion:formula", "skos:altLabel", 3),
                    ("tipo-accion:formula", "skos:definition", 1), ("unidad:gm", "dcterms:description", 1),
                    ("unidad:gidur", "dcterms:description", 1), ("unidad:gdss", "dcterms:description", 1)]
    noun = [(r[0], r[1], r[4]) for r in answer(kg, "buscar", texto="planificación")[1]]
    assert noun == [("unidad:gm", "dcterms:description", 3), ("unidad:gidur", "dcterms:description", 3),
                    ("tipo-accion:formula", "skos:definition", 2), ("unidad:gdss", "dcterms:description", 2),
                    ("funcion:gm-02", "skos:prefLabel", 1), ("tipo-accion:formula", "skos:altLabel", 1)]


def test_buscar_needs_every_word_in_one_text(kg):
    assert answer(kg, "buscar", texto="treasury cementerios")[1] == []
    assert answer(kg, "buscar", texto="planeamiento operativo")[1] == [
        ("responsabilidad:planeamiento-operativo", "skos:prefLabel", "planeamiento operativo", "es", 6),
        ("unidad:gppr", "dcterms:description", GPPR_DESCRIPTION, "es", 6)]


# ---- parameters: required, unknown, and bound as terms (never pasted) -----------------------------------

def test_missing_parameter_without_default():
    with pytest.raises(UsageError, match=r"^la consulta 'buscar' necesita el parámetro 'texto' \(--param texto=…\)"):
        bind(named_query("buscar"))


def test_unknown_parameter():
    with pytest.raises(UsageError, match=r"^la consulta 'jerarquia' no tiene el parámetro 'unidad' \(sus parámetros: ninguno\)$"):
        bind(named_query("jerarquia"), {"unidad": "gm"})
    with pytest.raises(UsageError, match=r"no tiene el parámetro 'unit' \(sus parámetros: unidad\)$"):
        bind(named_query("cadena-de-mando"), {"unit": "gm"})


def test_unknown_query_lists_the_names():
    with pytest.raises(UsageError, match=r"^consulta desconocida 'organigram'; consultas conocidas: afirmaciones-con-fuente, buscar, "):
        named_query("organigram")


HOSTILE = ['"} ; DROP ALL ; SELECT * WHERE { ?s ?p ?o', "x\" } } UNION { ?recurso ?propiedad ?valor } #",
           "a\\\"b\nc", "> } "]


@pytest.mark.parametrize("value", HOSTILE)
def test_text_parameters_are_bound_as_literals(kg, value):
    query = named_query("responsables-de-instrumento")
    text = bind(query, {"instrumento": value})
    assert text.count("VALUES ?instrumento {") == 1
    assert text.replace(f" VALUES ?instrumento {{ {ox.Literal(value)} }}", "", 1) == query.text
    assert answer(kg, "responsables-de-instrumento", instrumento=value)[1] == []


@pytest.mark.parametrize("value", HOSTILE[:3])
def test_search_parameters_bind_only_keys_of_letters_and_digits(kg, value):
    """A search text is folded into words of letters and digits before binding: nothing else reaches the query."""
    query = named_query("buscar")
    text = bind(query, {"texto": value})
    block = text[text.index(" VALUES (?texto "):text.index("}", text.index(" VALUES (?texto ")) + 1]
    assert re.fullmatch(r' VALUES \(\?texto \?texto_clave \?texto_raiz \?texto_exacta \?texto_terminos\) \{ '
                        r'(\(\d+ "[wsp]:(?:e[sn]:)?[a-z0-9]+" (?:\d+|UNDEF) (?:\d+|UNDEF) \d+\) )+\}', block)
    assert text.replace(block, "", 1) == query.text
    assert answer(kg, "buscar", texto=value)[1] == []


@pytest.mark.parametrize("value", ["\'\'\'", "> } ", "de la", " ", "¿?"])
def test_a_search_without_words_is_a_usage_error(value):
    with pytest.raises(UsageError, match=r"^el parámetro 'texto' no tiene ninguna palabra que buscar en .* \(solo signos"
                                         r" o palabras comunes como «de», «the»\)$"):
        bind(named_query("buscar"), {"texto": value})


@pytest.mark.parametrize("value", ["> } ", "gm> } UNION { ?s ?p ?o", "unidad:gm>", "a b", ""])
def test_iri_parameters_are_validated(value):
    with pytest.raises(UsageError, match=r"^parámetro 'unidad': .* no es un IRI"):
        bind(named_query("cadena-de-mando"), {"unidad": value})


def test_iri_parameter_in_the_wrong_namespace_finds_nothing(kg):
    assert answer(kg, "cadena-de-mando", unidad="http://example.org/gm")[1] == []


# ---- ad-hoc queries: errors with positions -----------------------------------------------------------------

def test_invalid_query_names_line_and_column(kg):
    with pytest.raises(QueryError, match=r"^consulta no válida en 3:11: expected "):
        run(adhoc_query("SELECT ?x WHERE {\n ?x a ?y \n FILTER( }"), graph=kg)


def test_unknown_prefix_is_named(kg):
    with pytest.raises(QueryError, match=r"^consulta no válida en 1:24: prefijo desconocido 'foo' \(declárelo con PREFIX foo: <…>\)$"):
        run(adhoc_query("SELECT ?x WHERE { ?x a foo:bar }"), graph=kg)


def test_adhoc_queries_get_the_project_prefixes(kg):
    result = run(adhoc_query("SELECT ?p WHERE { unidad:gm org:subOrganizationOf ?p } ORDER BY ?p"), graph=kg)
    assert [_cell(r[0]) for r in result.rows] == ["unidad:alcaldia", "unidad:concejo"]


def test_named_query_files_must_declare_their_prefixes():
    with pytest.raises(QueryError, match="prefijo desconocido 'org'"):
        sparql_syntax.check("SELECT * WHERE { ?u a org:OrganizationalUnit }")


def test_service_is_refused_never_fetched(kg):
    with pytest.raises(QueryError, match=r"^consulta en 1:18: SERVICE no está permitido"):
        run(adhoc_query("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"), graph=kg)


def count(kg, sparql: str) -> int:
    return int(run(adhoc_query(sparql), graph=kg).rows[0][0].value)


def test_from_and_from_named_pick_graphs_of_the_store(kg):
    ontology = kg.ontology_size()
    assert count(kg, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == kg.data_size() + ontology + kg.search_size()
    assert count(kg, "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/pozuzo-kg/grafo/ontologia> WHERE { ?s ?p ?o }") == ontology
    assert count(kg, "SELECT (COUNT(*) AS ?n) FROM NAMED <https://w3id.org/pozuzo-kg/grafo/ontologia>"
                     " WHERE { GRAPH ?g { ?s ?p ?o } }") == ontology
    assert count(kg, "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/pozuzo-kg/grafo/busqueda> WHERE { ?s ?p ?o }") == (
        kg.search_size())


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
    ('# title: Prueba\nSELECT ?u\nWHERE { ?u skos:prefLabel "Alcald\xeda" }\n'.encode("latin-1"), "3:34: no es texto UTF-8 (byte 0xed)"),
    ('\ufeffSELECT * WHERE { ?s ?p "añ'.encode("utf-8") + b'\xe9" }', "1:27: no es texto UTF-8 (byte 0xe9)"),  # BOM dropped; ñ is 1 column
    (b"\xff", "1:1: no es texto UTF-8 (byte 0xff)"),
])
def test_a_query_file_that_is_not_utf8_names_the_first_bad_byte(tmp_path, data, message):
    path = tmp_path / "q.rq"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        query_file(path)
    assert str(caught.value) == f"{path}:{message}; guarde la consulta como UTF-8"


@pytest.mark.parametrize("example", ["### Example 2: who does what with the budget",
                                     "### Example 4: who formulates, who supervises, who may coordinate"])
def test_readme_examples_of_who_does_what_are_the_real_output(capsys, example):
    """Every `$ pozuzo-kg query …` of these README examples, run: the text after it is its output, byte for byte."""
    import shlex
    from pathlib import Path

    from pozuzo_kg.cli import main

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split(example, 1)[1].split("\n### ", 1)[0]
    blocks = [block.split("\n```", 1)[0] for block in section.split("```\n")[1::2]]
    runs = [part for block in blocks for part in ("\n" + block).split("\n$ pozuzo-kg ")[1:]]
    assert len(runs) == {"2": 1, "4": 4}[example.split()[2][0]]
    for text in runs:
        command, expected = text.split("\n", 1)
        assert main(shlex.split(command)) == 0
        assert capsys.readouterr().out == expected.rstrip("\n") + "\n", command
