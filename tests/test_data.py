"""The graph against the source documents: every name, function, responsibility, conflict and its provenance."""
import re

import pytest

from conftest import DOC_GERENCIA, DOC_ORGANIZACION, select

UNIT_NAMES = [
    "Gerencia Municipal",
    "Asesoría Legal",
    "Gerencia de Planeamiento, Presupuesto y Racionalización",
    "Gerencia de Administración y Finanzas",
    "Gerencia de Desarrollo Social y Servicios Públicos",
    "Gerencia de Infraestructura, Desarrollo Urbano y Rural",
    "Alcaldía",
    "Concejo Municipal",
]

INVERSION = "proyectos de inversión pública en infraestructura"
DEFENSA = "representación y defensa de los intereses de la municipalidad en procesos judiciales o administrativos"
REVISION = "proyectos de ordenanzas, acuerdos y resoluciones"
RECAUDACION = "recaudación de ingresos tributarios y no tributarios"
VULNERABLES = "atención a poblaciones vulnerables"
SERVICIOS = "servicios públicos esenciales"
RESPONSIBILITIES = {
    # each item of every enumeration of the first document (lines 5-15), in source order, with the matter it
    # refines (a parenthetical list or a "como ..." list); verbs of one activity and purposes are not items. An item
    # is named by its matter: what the unit does to it is said by its actions (tests/test_actions.py)
    "Gerencia Municipal": [
        ("gestión de todas las demás gerencias y unidades orgánicas", None),
        ("políticas y decisiones emanadas del Alcalde y del Concejo Municipal", None)],
    "Asesoría Legal": [
        ("soporte y consejo jurídico", None), ("dictámenes legales", None), (REVISION, None),
        ("proyectos de ordenanzas", REVISION), ("proyectos de acuerdos", REVISION), ("proyectos de resoluciones", REVISION),
        (DEFENSA, None), ("procesos judiciales", DEFENSA), ("procesos administrativos", DEFENSA),
        ("legalidad de todos los actos municipales", None)],
    "Gerencia de Planeamiento, Presupuesto y Racionalización": [
        ("planeamiento estratégico", None), ("planeamiento operativo", None),
        ("presupuesto público asignado", None), ("estudios de racionalización administrativa", None)],
    "Gerencia de Administración y Finanzas": [
        ("recursos económicos", None), ("recursos financieros", None), ("recursos humanos", None),
        ("recursos logísticos", None), ("tesorería", None), ("contabilidad", None), (RECAUDACION, None),
        ("ingresos tributarios", RECAUDACION), ("ingresos no tributarios", RECAUDACION), ("logística", None),
        ("control patrimonial", None), ("bienes muebles", "control patrimonial"),
        ("bienes inmuebles", "control patrimonial"), ("talento humano", None)],
    "Gerencia de Desarrollo Social y Servicios Públicos": [
        ("programas y proyectos sociales", None), ("educación", "programas y proyectos sociales"),
        ("salud", "programas y proyectos sociales"), ("cultura", "programas y proyectos sociales"),
        ("deporte", "programas y proyectos sociales"), (VULNERABLES, "programas y proyectos sociales"),
        ("niños", VULNERABLES), ("adolescentes", VULNERABLES), ("mujeres", VULNERABLES),
        ("adultos mayores", VULNERABLES), ("personas con discapacidad", VULNERABLES), (SERVICIOS, None),
        ("limpieza pública", SERVICIOS), ("áreas verdes", SERVICIOS), ("mercados", SERVICIOS),
        ("cementerios", SERVICIOS), ("programas de inclusión social", None), ("seguridad ciudadana", None)],
    "Gerencia de Infraestructura, Desarrollo Urbano y Rural": [
        (INVERSION, None), ("obras viales", INVERSION), ("edificaciones", INVERSION),
        ("saneamiento básico", INVERSION), ("electrificación", INVERSION), ("ordenamiento territorial", None),
        ("desarrollo urbano y rural sostenible", None),
        ("desarrollo urbano sostenible", "desarrollo urbano y rural sostenible"),
        ("desarrollo rural sostenible", "desarrollo urbano y rural sostenible"),
        ("control de las edificaciones", None), ("licencias de construcción", "control de las edificaciones"),
        ("habilitaciones urbanas", "control de las edificaciones"), ("catastro", None)],
}
ISSUE_RESPONSIBILITIES = {
    # the ones issue 3 names, by unit
    "Gerencia de Administración y Finanzas": [
        "tesorería", "contabilidad", "recaudación de ingresos tributarios y no tributarios", "logística",
        "control patrimonial", "talento humano"],
    "Gerencia de Desarrollo Social y Servicios Públicos": [
        "limpieza pública", "áreas verdes", "mercados", "cementerios", "educación", "salud", "cultura", "deporte",
        "niños", "adolescentes", "mujeres", "adultos mayores", "personas con discapacidad"],
    "Gerencia de Infraestructura, Desarrollo Urbano y Rural": [
        "catastro", "licencias de construcción", "habilitaciones urbanas"],
}


def unit_by_label(kg, label: str) -> str:
    rows = select(kg, "SELECT ?u ?l WHERE { ?u a org:OrganizationalUnit ; skos:prefLabel ?l }", l=(label, "es"))
    assert len(rows) == 1, f"expected one unit labelled {label!r}, got {rows}"
    return rows[0]["u"]


def test_units_have_exact_spanish_labels(kg, seed_lines):
    rows = select(kg, "SELECT ?l WHERE { ?u a org:OrganizationalUnit ; skos:prefLabel ?l FILTER(lang(?l) = 'es') }")
    assert sorted(r["l"] for r in rows) == sorted(UNIT_NAMES)
    headings = [line[2:].rstrip(":") for line in seed_lines[DOC_ORGANIZACION] if line.startswith("- ")]
    assert headings[0] == "Gerencia General"
    for heading in headings[1:]:
        unit_by_label(kg, heading)


def test_gerencia_general_and_municipal_are_one_unit_each_label_with_its_source(kg):
    rows = select(kg, """
        SELECT ?kind ?label ?file ?line WHERE {
          VALUES ?kind { skos:prefLabel skos:altLabel }
          ?u ?kind ?label . FILTER(lang(?label) = 'es' && ?label IN ("Gerencia General"@es, "Gerencia Municipal"@es))
          ?c a pzo:Claim ; rdf:subject ?u ; rdf:predicate ?kind ; rdf:object ?label ;
             prov:wasDerivedFrom/dcterms:identifier ?file ; pzo:sourceLine ?line }""")
    assert {(r["kind"].rsplit("#")[1], r["label"], r["file"], r["line"]) for r in rows} == {
        ("altLabel", "Gerencia General", DOC_ORGANIZACION, "4"),
        ("prefLabel", "Gerencia Municipal", DOC_GERENCIA, "1"),
    }


def test_every_unit_has_spanish_and_english_labels(kg):
    rows = select(kg, """SELECT ?u (GROUP_CONCAT(lang(?l); separator=",") AS ?langs) WHERE {
        ?u a org:OrganizationalUnit ; skos:prefLabel ?l } GROUP BY ?u""")
    assert len(rows) == 8
    for row in rows:
        assert sorted(row["langs"].split(",")) == ["en", "es"], row


def test_all_18_functions_with_exact_text_and_order(kg, seed_lines):
    expected = [line[2:] for line in seed_lines[DOC_GERENCIA][4:22]]
    assert len(expected) == 18 and all(expected)
    rows = select(kg, """SELECT ?text ?order ?line WHERE {
        unidad:gm pzo:hasFunction ?f . ?f skos:prefLabel ?text ; pzo:order ?order . FILTER(lang(?text) = 'es')
        ?c rdf:subject unidad:gm ; rdf:predicate pzo:hasFunction ; rdf:object ?f ; pzo:sourceLine ?line }
        ORDER BY ?order""")
    assert [r["text"] for r in rows] == expected
    assert [int(r["order"]) for r in rows] == list(range(1, 19))
    assert [int(r["line"]) for r in rows] == list(range(5, 23))


@pytest.mark.parametrize("unit,labels", sorted(ISSUE_RESPONSIBILITIES.items()))
def test_responsibilities_named_by_the_issue_are_concepts_linked_to_their_unit(kg, unit, labels):
    iri = unit_by_label(kg, unit)
    rows = select(kg, """SELECT ?u ?l WHERE { ?u pzo:hasResponsibility ?r . ?r a skos:Concept, pzo:Responsibility ;
        skos:inScheme ?scheme ; skos:prefLabel ?l FILTER(lang(?l) = 'es') }""", u=iri)
    assert set(labels) <= {r["l"] for r in rows}


@pytest.mark.parametrize("unit,expected", sorted(RESPONSIBILITIES.items()))
def test_every_enumerated_item_is_a_responsibility_of_its_unit_in_source_order(kg, unit, expected):
    rows = select(kg, """SELECT ?u ?l ?order ?broader WHERE {
        ?u pzo:hasResponsibility ?r . ?r pzo:order ?order ; skos:inScheme esquema:responsabilidades ;
           skos:prefLabel ?l, ?en FILTER(lang(?l) = 'es' && lang(?en) = 'en')
        OPTIONAL { ?r skos:broader/skos:prefLabel ?broader FILTER(lang(?broader) = 'es') } } ORDER BY ?order""",
                  u=unit_by_label(kg, unit))
    assert [(r["l"], r.get("broader")) for r in rows] == expected
    assert [int(r["order"]) for r in rows] == list(range(1, len(expected) + 1))


def test_each_responsibility_label_and_link_cite_the_first_document(kg, seed_lines):
    rows = select(kg, """SELECT ?r ?p ?line ?quote WHERE { ?r a pzo:Responsibility ; skos:inScheme esquema:responsabilidades .
        ?c rdf:subject|rdf:object ?r ; rdf:predicate ?p ; prov:wasDerivedFrom fuente:organizacion ;
           pzo:sourceLine ?line ; pzo:quote ?quote }""")
    cited = {(r["r"], r["p"].rsplit("#", 1)[1]) for r in rows}
    concepts = [r["r"] for r in select(kg, "SELECT ?r WHERE { ?r a pzo:Responsibility ; skos:inScheme esquema:responsabilidades }")]
    assert len(concepts) == sum(len(items) for items in RESPONSIBILITIES.values())
    for concept in concepts:
        assert {(concept, "prefLabel"), (concept, "hasResponsibility")} <= cited, concept
    assert all(5 <= int(r["line"]) <= 15 and r["quote"] in seed_lines[DOC_ORGANIZACION][int(r["line"]) - 1] for r in rows)


def test_logistica_is_the_sources_name_for_procurement(kg):
    rows = select(kg, """SELECT ?alt ?quote WHERE { responsabilidad:logistica skos:altLabel ?alt FILTER(lang(?alt) = 'es')
        ?c rdf:subject responsabilidad:logistica ; rdf:predicate skos:altLabel ; rdf:object ?alt ; pzo:quote ?quote }""")
    assert rows == [{"alt": "adquisición de bienes y servicios",
                     "quote": "los procesos de adquisición de bienes y servicios (logística)"}]


def test_every_claim_quote_is_on_its_cited_line(kg, seed_lines):
    rows = select(kg, """SELECT ?c ?file ?line ?quote WHERE {
        ?c a pzo:Claim ; prov:wasDerivedFrom ?src ; pzo:sourceLine ?line ; pzo:quote ?quote .
        ?src dcterms:identifier ?file }""")
    assert len(rows) > 150
    for row in rows:
        assert row["quote"] in seed_lines[row["file"]][int(row["line"]) - 1], row["c"]


@pytest.mark.parametrize("cls", ["org:OrganizationalUnit", "org:Post", "pzo:Function", "pzo:Responsibility",
                                 "pzo:ManagementInstrument"])
def test_every_resource_has_provenance_with_file_and_line(kg, cls):
    missing = select(kg, f"""SELECT ?x WHERE {{ ?x a {cls} .
        FILTER NOT EXISTS {{ ?c rdf:subject ?x ; prov:wasDerivedFrom/dcterms:identifier ?file ; pzo:sourceLine ?line }} }}""")
    assert missing == []


def test_every_relation_between_resources_has_a_claim(kg):
    missing = select(kg, """SELECT ?s ?p ?o WHERE {
        VALUES ?p { org:subOrganizationOf org:unitOf org:postIn org:reportsTo pzo:hasFunction pzo:hasResponsibility
                    pzo:responsibleFor org:classification pzo:designatedBy }
        ?s ?p ?o . FILTER NOT EXISTS { ?c rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?src } }""")
    assert missing == []


def test_conflicts_keep_every_claim_with_its_source(kg):
    rows = select(kg, """SELECT ?conflict ?src ?where WHERE {
        ?k a pzo:Conflict ; skos:prefLabel ?conflict ; pzo:conflictingClaim ?c . FILTER(lang(?conflict) = 'es')
        ?c prov:wasDerivedFrom/dcterms:identifier ?src .
        OPTIONAL { ?c pzo:sourceLine ?line } OPTIONAL { ?c pzo:article ?art }
        BIND(COALESCE(CONCAT("línea ", STR(?line)), CONCAT("art. ", ?art)) AS ?where) }""")
    found = {(r["conflict"], r["src"], r.get("where")) for r in rows}
    assert found == {
        ("Denominación de la Gerencia Municipal", DOC_ORGANIZACION, "línea 4"),
        ("Denominación de la Gerencia Municipal", DOC_GERENCIA, "línea 1"),
        ("Denominación de la Gerencia Municipal", "Ley N.º 27972", "art. 28"),
        ("Denominación de la Gerencia Municipal", "pozuzo-kg", None),  # the project's reading that the names are one
        ("Dependencia de la Gerencia Municipal", DOC_ORGANIZACION, "línea 2"),
        ("Dependencia de la Gerencia Municipal", DOC_ORGANIZACION, "línea 5"),
        ("Dependencia de la Gerencia Municipal", DOC_GERENCIA, "línea 2"),
        ("Dependencia de la Gerencia Municipal", "pozuzo-kg", None),  # the reportsTo read from line 21
        ("Dependencia de la Gerencia Municipal", "Ley N.º 27972", "art. 27"),
        ("Carácter de la Gerencia Municipal", DOC_ORGANIZACION, "línea 5"),
        ("Carácter de la Gerencia Municipal", DOC_GERENCIA, "línea 2"),
        ("Carácter de la Gerencia Municipal", "Ley N.º 27972", "art. 6"),
        ("Defensa judicial de la municipalidad", DOC_ORGANIZACION, "línea 7"),
        ("Defensa judicial de la municipalidad", "Ley N.º 27972", "art. 29"),
    }


def test_dependency_conflict_quotes_each_source_in_full(kg):
    rows = select(kg, """SELECT ?quote WHERE { conflicto:dependencia-gm pzo:conflictingClaim ?c . ?c pzo:quote ?quote }""")
    quotes = {r["quote"] for r in rows}
    assert "Depende del Concejo Municipal para el cumplimiento de sus funciones y responsabilidades" in quotes
    assert any(q.startswith("Bajo la dirección del Alcalde y en coordinación con el Concejo Municipal") for q in quotes)
    assert any("decisiones emanadas del Alcalde y del Concejo Municipal" in q for q in quotes)


def test_both_reporting_lines_of_the_gerencia_municipal_are_kept(kg):
    rows = select(kg, "SELECT ?p WHERE { unidad:gm org:subOrganizationOf ?p }")
    assert {r["p"].rsplit("/", 1)[1] for r in rows} == {"alcaldia", "concejo"}


def test_organ_types_are_credited_to_the_guidelines_never_to_the_seeds(kg):
    rows = select(kg, """SELECT ?u ?src WHERE { ?u org:classification ?t .
        ?c rdf:subject ?u ; rdf:predicate org:classification ; prov:wasDerivedFrom ?src }""")
    assert len(rows) == 8
    assert {r["src"].rsplit("/", 1)[1] for r in rows} == {"ds-054-2018-pcm"}


def test_municipality_location_cites_inei(kg):
    rows = select(kg, """SELECT ?code ?src WHERE { organizacion:mdp a org:FormalOrganization ; dcterms:spatial ?place .
        ?place pzo:ubigeo ?code . ?c rdf:subject ?place ; rdf:predicate pzo:ubigeo ; prov:wasDerivedFrom ?src }""")
    assert rows == [{"code": "190305", "src": "https://w3id.org/pozuzo-kg/id/fuente/inei-ubigeo"}]


def test_instruments_linked_to_responsible_units(kg):
    rows = select(kg, """SELECT ?i ?u WHERE { ?unit pzo:responsibleFor ?inst . ?inst skos:prefLabel ?i . ?unit skos:prefLabel ?u
        FILTER(lang(?i) = 'es' && lang(?u) = 'es') }""")
    pairs = {(r["i"], r["u"]) for r in rows}
    assert ("Plan Estratégico Institucional", "Gerencia Municipal") in pairs
    assert ("Plan Operativo Institucional", "Gerencia Municipal") in pairs
    assert ("TUPA", "Gerencia Municipal") in pairs
    assert ("Presupuesto Institucional", "Gerencia de Planeamiento, Presupuesto y Racionalización") in pairs
    assert ("programación multianual de inversiones", "Gerencia de Planeamiento, Presupuesto y Racionalización") in pairs
    assert ("Plan de Desarrollo Local Concertado", "Gerencia de Planeamiento, Presupuesto y Racionalización") in pairs


def test_iris_follow_the_scheme(kg):
    pattern = re.compile(r"^https://w3id\.org/pozuzo-kg/id/(190305/)?[a-z-]+/[a-z0-9-]+$")
    rows = select(kg, "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), 'https://w3id.org/pozuzo-kg/id/')) }")
    assert len(rows) > 250
    assert [r["s"] for r in rows if not pattern.match(r["s"])] == []


def test_every_ontology_term_has_spanish_and_english_label_and_definition_and_is_defined_by(kg):
    rows = select(kg, """SELECT ?t WHERE { GRAPH <https://w3id.org/pozuzo-kg/grafo/ontologia> { ?t a ?class .
        FILTER(?class != owl:Ontology)
        FILTER NOT EXISTS { ?t rdfs:label ?les , ?len ; skos:definition ?des , ?den ;
                                rdfs:isDefinedBy <https://w3id.org/pozuzo-kg/ontologia>
            FILTER(lang(?les) = 'es' && lang(?len) = 'en' && lang(?des) = 'es' && lang(?den) = 'en') } } }""")
    assert rows == []
    assert len(select(kg, "SELECT DISTINCT ?t WHERE { ?t rdfs:isDefinedBy <https://w3id.org/pozuzo-kg/ontologia> }")) == 70


def test_org_properties_are_used_within_their_org_domain_and_range(kg):
    """Each ORG 0.8 property of the data links resources of its rdfs:domain and rdfs:range (unions included)."""
    import rdflib
    from rdflib.collection import Collection

    from conftest import SHARED

    schema = rdflib.Graph().parse(SHARED / "standards" / "w3c-org" / "org.ttl", format="turtle")
    schema += kg.to_rdflib("all")
    org = rdflib.Namespace("http://www.w3.org/ns/org#")

    def classes(node):
        union = schema.value(node, rdflib.OWL.unionOf)
        return set(Collection(schema, union)) if union is not None else {node}

    def types(term):
        return {sup for t in schema.objects(term, rdflib.RDF.type) for sup in schema.transitive_objects(t, rdflib.RDFS.subClassOf)}

    checked = 0
    for prop in (org.unitOf, org.postIn, org.reportsTo, org.role, org.classification, org.subOrganizationOf, org.purpose):
        domains = set().union(*(classes(d) for d in schema.objects(prop, rdflib.RDFS.domain)))
        ranges = set().union(*(classes(r) for r in schema.objects(prop, rdflib.RDFS.range)))
        for sub in {prop} | set(schema.subjects(rdflib.RDFS.subPropertyOf, prop)):
            for s, o in schema.subject_objects(sub):
                assert not domains or types(s) & domains, (s, sub)
                assert not ranges or types(o) & ranges, (o, sub)
                checked += 1
    assert checked > 100


def sentences(line: str) -> list[str]:
    """The sentences of a line of a source: split after a full stop followed by a space and a capital letter."""
    return [s for s in re.split(r"(?<=\.)\s+(?=[A-ZÁÉÍÓÚÑ])", line.strip()) if s]


@pytest.mark.parametrize("document", [DOC_ORGANIZACION, DOC_GERENCIA])
def test_every_sentence_of_both_sources_is_cited(kg, document):
    """Each file is read on its own (000 has no final newline: its line 16 ends the file). A sentence is cited by a
    claim of its document and line whose quote lies within it or holds it whole; the title and the headings by
    the source's own metadata (dcterms:title, dcterms:tableOfContents)."""
    from conftest import SEEDS

    text = (SEEDS / document).read_text(encoding="utf-8")
    lines = text.split("\n")
    rows = select(kg, f"""
        SELECT ?line ?quote WHERE {{ ?c a pzo:Claim ; pzo:sourceLine ?line ; pzo:quote ?quote ;
          prov:wasDerivedFrom ?source . ?source dcterms:identifier "{document}" }}""")
    quotes: dict[int, list[str]] = {}
    for row in rows:
        quotes.setdefault(int(row["line"]), []).append(row["quote"])
    (meta,) = select(kg, f"""SELECT ?title ?contents WHERE {{ ?source dcterms:identifier "{document}" ;
        dcterms:title ?title ; dcterms:tableOfContents ?contents }}""")
    uncited = []
    for number, line in enumerate(lines, 1):
        for sentence in sentences(line):
            heading = sentence.removeprefix("- ").rstrip(":")
            if heading == meta["title"] or heading in meta["contents"].split(": ", 1)[-1].split("; ") \
                    or sentence == meta["contents"].split(": ", 1)[0] + ":":
                continue
            if not any(q in sentence or sentence in q for q in quotes.get(number, [])):
                uncited.append((number, sentence))
    assert uncited == []
    assert len(lines) == {DOC_ORGANIZACION: 16, DOC_GERENCIA: 22}[document] and not text.endswith("\n")


def test_line_16_management_for_results_and_coordination_with_the_concejo_are_in_the_graph(kg, seed_lines):
    """Once nowhere (000 line 16), or only inside a quote (line 2): now a described property and an action."""
    rows = select(kg, """SELECT ?p ?line WHERE { ?c rdf:subject ?s ; prov:wasDerivedFrom fuente:organizacion ;
        pzo:sourceLine ?line ; pzo:quote ?q . OPTIONAL { ?c rdf:predicate ?p } FILTER(?line IN (16)) }""")
    assert sorted(r.get("p", "acción").rsplit("/", 1)[-1] for r in rows) == [
        "acción", "core#prefLabel", "ontologia#managementApproach"]  # promotes sustainable development; its name
    assert "gestión por resultados" in seed_lines[DOC_ORGANIZACION][15]
