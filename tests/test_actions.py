"""What each unit does: the closed schemes of kinds of action and modalities, the one verb -> kind table (the
kinds' Spanish skos:altLabels), and the project's own source for its readings."""
from conftest import select

TIPO = "https://w3id.org/pozuzo-kg/id/tipo-accion/"
MODALIDAD = "https://w3id.org/pozuzo-kg/id/modalidad/"

KINDS = [  # notation order: id, Spanish and English names
    ("dirige", "dirige", "directs"), ("formula", "formula", "formulates"), ("propone", "propone", "proposes"),
    ("aprueba", "aprueba", "approves"), ("ejecuta", "ejecuta", "executes"), ("administra", "administra", "manages"),
    ("presta", "presta", "provides"), ("coordina", "coordina", "coordinates"), ("supervisa", "supervisa", "supervises"),
    ("evalua", "evalúa", "evaluates"), ("asesora", "asesora", "advises"),
    ("emite-opinion", "emite opinión", "issues an opinion"), ("representa", "representa", "represents"),
    ("promueve", "promueve", "promotes"),
    ("demas-conforme-a-ley", "las demás que correspondan conforme a ley", "other functions under the law"),
]
VERBS = {  # the verb -> kind table: every Spanish skos:altLabel of a kind of action, and its kind
    "dirigir": "dirige", "liderar": "dirige", "conducir": "dirige", "organizar": "dirige",
    "formular": "formula", "planificar": "formula", "programar": "formula",
    "proponer": "propone",
    "aprobar": "aprueba", "autorizar": "aprueba", "emitir": "aprueba",
    "ejecutar": "ejecuta", "cumplir": "ejecuta", "liquidar": "ejecuta",
    "administrar": "administra", "gestionar": "administra", "recaudar": "administra", "adquirir": "administra",
    "encargarse de": "administra",
    "prestar": "presta", "proporcionar": "presta",
    "coordinar": "coordina",
    "supervisar": "supervisa", "controlar": "supervisa", "fiscalizar": "supervisa", "monitorear": "supervisa",
    "velar": "supervisa",
    "evaluar": "evalua", "revisar": "evalua",
    "asesorar": "asesora", "brindar consejo": "asesora",
    "emitir opinión": "emite-opinion", "emitir dictamen": "emite-opinion", "visar": "emite-opinion",
    "representar": "representa", "defender": "representa",
    "promover": "promueve",
    "corresponder conforme a ley": "demas-conforme-a-ley",
}
MODALITIES = [("obligatoria", "obligatoria", "mandatory"), ("facultativa", "facultativa", "optional"),
              ("por-encargo", "por encargo", "on assignment")]


def verb_table(kg) -> dict[str, str]:
    """The verb -> kind table as the ontology holds it: each Spanish skos:altLabel of a kind of action."""
    rows = select(kg, """SELECT ?verb ?kind WHERE { ?kind a pzo:ActionKind ; skos:altLabel ?verb FILTER(lang(?verb) = 'es') }""")
    table: dict[str, str] = {}
    for row in rows:
        assert row["verb"] not in table, f"verb {row['verb']!r} belongs to two kinds"
        table[row["verb"]] = row["kind"].removeprefix(TIPO)
    return table


def scheme(kg, cls: str, scheme_iri: str) -> list[tuple[str, str, str]]:
    """The concepts of a closed scheme in notation order: (IRI, Spanish name, English name), after checking that
    the class's owl:oneOf, the scheme's members and its top concepts are the same set, each fully described."""
    members = select(kg, f"""SELECT ?c ?es ?en ?n WHERE {{
        ?c a {cls} ; skos:inScheme <{scheme_iri}> ; skos:topConceptOf <{scheme_iri}> ; skos:notation ?n ;
           skos:prefLabel ?es, ?en ; skos:definition ?des, ?den ; rdfs:label ?les, ?len
        FILTER(lang(?es) = 'es' && lang(?en) = 'en' && lang(?des) = 'es' && lang(?den) = 'en'
               && str(?les) = str(?es) && str(?len) = str(?en)) }} ORDER BY ?n""")
    enumerated = select(kg, f"SELECT ?c WHERE {{ {cls} owl:oneOf/rdf:rest*/rdf:first ?c }}")
    assert sorted(r["c"] for r in enumerated) == sorted(r["c"] for r in members)
    assert [int(r["n"]) for r in members] == list(range(1, len(members) + 1))
    return [(r["c"], r["es"], r["en"]) for r in members]


def test_kinds_of_action_are_a_closed_scheme_of_fifteen(kg):
    assert scheme(kg, "pzo:ActionKind", "https://w3id.org/pozuzo-kg/id/esquema/tipos-de-accion") == [
        (TIPO + ident, es, en) for ident, es, en in KINDS]


def test_modalities_are_a_closed_scheme_of_three(kg):
    assert scheme(kg, "pzo:Modality", "https://w3id.org/pozuzo-kg/id/esquema/modalidades") == [
        (MODALIDAD + ident, es, en) for ident, es, en in MODALITIES]


def test_the_verb_table_is_the_kinds_spanish_alternative_labels_one_kind_per_verb(kg):
    assert verb_table(kg) == VERBS
    assert {kind for kind, _, _ in KINDS} == set(VERBS.values())  # every kind has at least one verb


def test_the_project_is_a_source_of_its_own_readings(kg):
    rows = select(kg, """SELECT ?identifier ?title ?class WHERE {
        referencia:pozuzo-kg a ?class ; dcterms:identifier ?identifier ; dcterms:title ?title ; dcterms:description ?d .
        ?class rdfs:subClassOf pzo:Source }""")
    assert rows == [{"identifier": "pozuzo-kg", "title": "Lecturas del proyecto pozuzo-kg",
                     "class": "https://w3id.org/pozuzo-kg/ontologia#CurationSource"}]
    assert select(kg, "SELECT ?s WHERE { conjunto:pozuzo-kg prov:wasDerivedFrom ?s FILTER(?s = referencia:pozuzo-kg) }")
