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


# ---- Every action of the data ----------------------------------------------------------------------------------

O, G = "000_b36cf66eb0458a2d.txt", "002_8b167db4ead62e6c.txt"
R = "responsabilidad:"
# (agent, verbs, objects, document, line, function, modality, delegated by): one action per verb x object, verbs in
# the order the line gives them, objects likewise. Ids: a function's actions are {function}-{n}; the others
# {agent id}-{n}, numbered across the agent's groups in this order.
GROUPS = [
    ("organizacion:mdp", ["coordinar"], ["unidad:concejo"], O, 2, None, "obligatoria", None),
    ("organizacion:mdp", ["planificar", "ejecutar", "supervisar"], [R + "politicas-de-desarrollo"], O, 2, None, "obligatoria", None),
    ("puesto:alcalde", ["dirigir"], ["organizacion:mdp"], O, 2, None, "obligatoria", None),
    ("unidad:gm", ["dirigir", "coordinar", "supervisar", "evaluar"], [R + "gestion-de-gerencias"], O, 5, None, "obligatoria", None),
    ("unidad:gm", ["ejecutar"], [R + "ejecucion-de-politicas"], O, 5, None, "obligatoria", None),
    ("unidad:al", ["brindar consejo"], [R + "consejo-juridico"], O, 7, None, "obligatoria", None),
    ("unidad:al", ["emitir dictamen"], [R + "dictamenes-legales"], O, 7, None, "obligatoria", None),
    ("unidad:al", ["revisar", "visar"], [R + "revision-de-proyectos-normativos"], O, 7, None, "obligatoria", None),
    ("unidad:al", ["representar", "defender"], [R + "defensa-judicial"], O, 7, None, "obligatoria", None),
    ("unidad:al", ["velar"], [R + "legalidad-de-actos"], O, 7, None, "obligatoria", None),
    ("unidad:gppr", ["conducir"], [R + "planeamiento-estrategico", R + "planeamiento-operativo"], O, 9, None, "obligatoria", None),
    ("unidad:gppr", ["formular"], ["instrumento:pdlc", "instrumento:presupuesto-institucional"], O, 9, None, "obligatoria", None),
    ("unidad:gppr", ["programar"], ["instrumento:pmi"], O, 9, None, "obligatoria", None),
    ("unidad:gppr", ["gestionar"], [R + "presupuesto-publico"], O, 9, None, "obligatoria", None),
    ("unidad:gppr", ["encargarse de"], [R + "racionalizacion"], O, 9, None, "obligatoria", None),
    ("unidad:gaf", ["gestionar"], [R + "recursos-economicos", R + "recursos-financieros", R + "recursos-humanos",
                                   R + "recursos-logisticos"], O, 11, None, "obligatoria", None),
    ("unidad:gaf", ["administrar"], [R + "tesoreria", R + "contabilidad"], O, 11, None, "obligatoria", None),
    ("unidad:gaf", ["recaudar"], [R + "recaudacion"], O, 11, None, "obligatoria", None),
    ("unidad:gaf", ["adquirir"], [R + "logistica"], O, 11, None, "obligatoria", None),
    ("unidad:gaf", ["controlar"], [R + "control-patrimonial"], O, 11, None, "obligatoria", None),
    ("unidad:gaf", ["gestionar"], [R + "talento-humano"], O, 11, None, "obligatoria", None),
    ("unidad:gdss", ["promover", "planificar", "ejecutar"], [R + "programas-sociales"], O, 13, None, "obligatoria", None),
    ("unidad:gdss", ["supervisar", "prestar"], [R + "servicios-publicos"], O, 13, None, "obligatoria", None),
    ("unidad:gdss", ["coordinar"], [R + "inclusion-social", R + "seguridad-ciudadana"], O, 13, None, "facultativa", None),
    ("unidad:gidur", ["planificar", "ejecutar", "supervisar", "liquidar"], [R + "inversion-en-infraestructura"], O, 15,
     None, "obligatoria", None),
    ("unidad:gidur", ["gestionar"], [R + "ordenamiento-territorial"], O, 15, None, "obligatoria", None),
    ("unidad:gidur", ["promover"], [R + "desarrollo-urbano-y-rural"], O, 15, None, "obligatoria", None),
    ("unidad:gidur", ["controlar"], [R + "control-de-edificaciones"], O, 15, None, "obligatoria", None),
    ("unidad:gidur", ["emitir"], [R + "licencias-de-construccion", R + "habilitaciones-urbanas"], O, 15, None, "obligatoria", None),
    ("unidad:gidur", ["administrar"], [R + "catastro"], O, 15, None, "obligatoria", None),
    ("organizacion:mdp", ["promover"], [R + "desarrollo-sostenible"], O, 16, None, "obligatoria", None),
    ("unidad:gm", ["planificar", "ejecutar", "evaluar"], [R + "politicas", R + "estrategias-tecnico-administrativas"], G, 2,
     None, "obligatoria", None),
    ("unidad:gm", ["liderar", "supervisar", "controlar"], ["tipo-organo:asesoramiento", "tipo-organo:apoyo", "tipo-organo:linea"],
     G, 5, "gm-01", "obligatoria", None),
    ("unidad:gm", ["planificar", "organizar", "conducir", "controlar", "supervisar"], [R + "servicios-publicos"], G, 6, "gm-02",
     "obligatoria", None),
    ("unidad:gm", ["proponer"], [R + "politicas", R + "planes", "instrumento:presupuesto-participativo"], G, 7, "gm-03",
     "obligatoria", None),
    ("unidad:gm", ["dirigir", "controlar", "supervisar"], ["instrumento:pdlc", "instrumento:pei", "instrumento:poi"], G, 8, "gm-04",
     "obligatoria", None),
    ("unidad:gm", ["coordinar"], [R + "comunicacion-de-organos"], G, 9, "gm-05", "obligatoria", None),
    ("unidad:gm", ["evaluar"], [R + "planes-de-gerencias", R + "presupuesto-de-gerencias"], G, 10, "gm-06", "obligatoria", None),
    ("unidad:gm", ["supervisar"], [R + "acuerdos-municipales", R + "ordenanzas-municipales"], G, 11, "gm-07", "obligatoria", None),
    ("unidad:gm", ["emitir opinión"], ["instrumento:tupa"], G, 12, "gm-08", "obligatoria", None),
    ("unidad:gm", ["proponer"], [R + "proyectos-de-ordenanzas", R + "proyectos-de-acuerdos"], G, 13, "gm-09", "obligatoria", None),
    ("unidad:gm", ["asesorar"], [R + "gestion-municipal"], G, 14, "gm-10", "obligatoria", None),
    ("unidad:gm", ["proporcionar"], [R + "informacion-actualizada"], G, 15, "gm-11", "obligatoria", None),
    ("unidad:gm", ["proponer", "monitorear"], [R + "convenios-interinstitucionales"], G, 16, "gm-12", "obligatoria", None),
    ("unidad:gm", ["fiscalizar"], [R + "documentos-tecnicos", R + "informes-municipales"], G, 17, "gm-13", "obligatoria", None),
    ("unidad:gm", ["proponer"], [R + "estructura-organica", R + "instrumentos-de-mejora"], G, 18, "gm-14", "obligatoria", None),
    ("unidad:gm", ["supervisar"], [R + "normas-de-funcionamiento"], G, 19, "gm-15", "obligatoria", None),
    ("unidad:gm", ["representar"], ["organizacion:mdp"], G, 20, "gm-16", "por-encargo", "puesto:alcalde"),
    ("unidad:gm", ["cumplir"], ["funcion:gm-17"], G, 21, "gm-17", "por-encargo", "puesto:alcalde"),
    ("unidad:gm", ["corresponder conforme a ley"], ["funcion:gm-18"], G, 22, "gm-18", "obligatoria", None),
]
ADDRESSEES = {  # whom an action is addressed to; the gerencias of al-1 are the project's reading of «Gerencias»
    "al-1": ["unidad:alcaldia", "unidad:concejo", "unidad:gaf", "unidad:gdss", "unidad:gidur", "unidad:gm", "unidad:gppr"],
    **{f"gm-03-{n}": ["puesto:alcalde"] for n in (1, 2, 3)}, **{f"gm-09-{n}": ["puesto:alcalde"] for n in (1, 2)},
    "gm-10-1": ["puesto:alcalde"], "gm-11-1": ["puesto:alcalde"],
}


def expected_actions() -> dict[str, tuple]:
    """Id -> (agent, verb, kind, object, modality, delegated by, function, document, line), from :data:`GROUPS`."""
    actions, counters = {}, {}
    for agent, verbs, objects, document, line, function, modality, by in GROUPS:
        for verb in verbs:
            for obj in objects:
                if function:
                    counters[function] = counters.get(function, 0) + 1
                    ident = f"{function}-{counters[function]}"
                else:
                    key = agent.split(":")[1]
                    counters[key] = counters.get(key, 0) + 1
                    ident = f"{key}-{counters[key]}"
                actions[ident] = (agent, verb, VERBS[verb], obj, modality, by, function, document, line)
    return actions


ITEM_KINDS = {  # each item of the first document's enumerations: the kinds its unit's actions give it (on the item
    # itself or on the broader item it refines); items of :data:`INHERITED` have no action of their own
    "adolescentes": ["ejecuta", "formula", "promueve"], "adultos-mayores": ["ejecuta", "formula", "promueve"],
    "areas-verdes": ["presta", "supervisa"], "bienes-inmuebles": ["supervisa"], "bienes-muebles": ["supervisa"],
    "catastro": ["administra"], "cementerios": ["presta", "supervisa"], "consejo-juridico": ["asesora"],
    "contabilidad": ["administra"], "control-de-edificaciones": ["supervisa"], "control-patrimonial": ["supervisa"],
    "cultura": ["ejecuta", "formula", "promueve"], "defensa-judicial": ["representa"],
    "deporte": ["ejecuta", "formula", "promueve"], "desarrollo-rural": ["promueve"], "desarrollo-urbano": ["promueve"],
    "desarrollo-urbano-y-rural": ["promueve"], "dictamenes-legales": ["emite-opinion"],
    "edificaciones": ["ejecuta", "formula", "supervisa"], "educacion": ["ejecuta", "formula", "promueve"],
    "ejecucion-de-politicas": ["ejecuta"], "electrificacion": ["ejecuta", "formula", "supervisa"],
    "gestion-de-gerencias": ["coordina", "dirige", "evalua", "supervisa"],
    "habilitaciones-urbanas": ["aprueba", "supervisa"], "inclusion-social": ["coordina"],
    "ingresos-no-tributarios": ["administra"], "ingresos-tributarios": ["administra"],
    "inversion-en-infraestructura": ["ejecuta", "formula", "supervisa"], "legalidad-de-actos": ["supervisa"],
    "licencias-de-construccion": ["aprueba", "supervisa"], "limpieza-publica": ["presta", "supervisa"],
    "logistica": ["administra"], "mercados": ["presta", "supervisa"], "mujeres": ["ejecuta", "formula", "promueve"],
    "ninos": ["ejecuta", "formula", "promueve"], "obras-viales": ["ejecuta", "formula", "supervisa"],
    "ordenamiento-territorial": ["administra"], "personas-con-discapacidad": ["ejecuta", "formula", "promueve"],
    "planeamiento-estrategico": ["dirige"], "planeamiento-operativo": ["dirige"],
    "poblaciones-vulnerables": ["ejecuta", "formula", "promueve"], "presupuesto-publico": ["administra"],
    "procesos-administrativos": ["representa"], "procesos-judiciales": ["representa"],
    "programas-sociales": ["ejecuta", "formula", "promueve"], "proyectos-de-acuerdos": ["emite-opinion", "evalua"],
    "proyectos-de-ordenanzas": ["emite-opinion", "evalua"], "proyectos-de-resoluciones": ["emite-opinion", "evalua"],
    "racionalizacion": ["administra"], "recaudacion": ["administra"], "recursos-economicos": ["administra"],
    "recursos-financieros": ["administra"], "recursos-humanos": ["administra"], "recursos-logisticos": ["administra"],
    "revision-de-proyectos-normativos": ["emite-opinion", "evalua"], "salud": ["ejecuta", "formula", "promueve"],
    "saneamiento-basico": ["ejecuta", "formula", "supervisa"], "seguridad-ciudadana": ["coordina"],
    "servicios-publicos": ["presta", "supervisa"], "talento-humano": ["administra"], "tesoreria": ["administra"],
}
INHERITED = {  # items a parenthesis or a «como …» list gives as refinements of another: its verbs govern them
    "adolescentes", "adultos-mayores", "areas-verdes", "bienes-inmuebles", "bienes-muebles", "cementerios", "cultura",
    "deporte", "desarrollo-rural", "desarrollo-urbano", "edificaciones", "educacion", "electrificacion",
    "ingresos-no-tributarios", "ingresos-tributarios", "limpieza-publica", "mercados", "mujeres", "ninos",
    "obras-viales", "personas-con-discapacidad", "poblaciones-vulnerables", "procesos-administrativos",
    "procesos-judiciales", "proyectos-de-acuerdos", "proyectos-de-ordenanzas", "proyectos-de-resoluciones",
    "saneamiento-basico", "salud",
}
FUNCTION_KINDS = {  # each of the 18 functions of the Gerencia Municipal: the kinds of its actions, in the source's order
    "gm-01": ["dirige", "supervisa"], "gm-02": ["formula", "dirige", "supervisa"], "gm-03": ["propone"],
    "gm-04": ["dirige", "supervisa"], "gm-05": ["coordina"], "gm-06": ["evalua"], "gm-07": ["supervisa"],
    "gm-08": ["emite-opinion"], "gm-09": ["propone"], "gm-10": ["asesora"], "gm-11": ["presta"],
    "gm-12": ["propone", "supervisa"], "gm-13": ["supervisa"], "gm-14": ["propone"], "gm-15": ["supervisa"],
    "gm-16": ["representa"], "gm-17": ["ejecuta"], "gm-18": ["demas-conforme-a-ley"],
}
STEMS = {"promover": "promu", "velar": "vela ", "defender": "defie", "emitir": "emisi", "dirigir": "direcc"}
"""Another form a verb may take in its quote besides its first five letters («promueve», «la emisión»)."""
NAMED_AS = {"organizacion:mdp": ["municipalidad", "estas areas"], "tipo-organo:linea": ["de linea"],
            R + "proyectos-de-acuerdos": ["proyectos de ordenanzas y acuerdos"]}
"""How a quote names an object that has no name claim on the quote's line."""


def short(iri: str) -> str:
    from pozuzo_kg.vocab import compact

    return compact(iri) or iri


def fold(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


def data_actions(kg) -> dict[str, tuple]:
    """Id -> (agent, verb, kind, object, modality, delegated by, function, document, line) as the data holds them."""
    rows = select(kg, """SELECT ?a ?agent ?verb ?kind ?object ?modality ?by ?function ?document ?line WHERE {
        ?a a pzo:Action ; pzo:agent ?agent ; pzo:verb ?verb ; pzo:actionKind ?kind ; pzo:actionObject ?object ;
           pzo:modality ?modality .
        OPTIONAL { ?a pzo:delegatedBy ?by } OPTIONAL { ?a pzo:viaFunction ?function }
        ?c a pzo:Claim ; rdf:subject ?a ; pzo:sourceLine ?line ; prov:wasDerivedFrom/dcterms:identifier ?document }""")
    found = {}
    for r in rows:
        ident = r["a"].rsplit("/", 1)[1]
        assert ident not in found, f"{ident}: more than one agent, kind, object, modality or claim"
        found[ident] = (short(r["agent"]), r["verb"], r["kind"].removeprefix(TIPO), short(r["object"]),
                        r["modality"].removeprefix(MODALIDAD), short(r["by"]) if "by" in r else None,
                        r["function"].rsplit("/", 1)[1] if "function" in r else None, r["document"], int(r["line"]))
    return found


def test_every_action_is_the_table_s_and_the_kind_is_its_verb_s(kg):
    assert data_actions(kg) == expected_actions()
    assert len(expected_actions()) == 104
    table = verb_table(kg)
    assert all(table[verb] == kind for _, verb, kind, *_ in data_actions(kg).values())


def test_one_action_per_verb_and_object(kg):
    actions = data_actions(kg)
    keys = [(agent, verb, obj, function, line) for agent, verb, _, obj, _, _, function, _, line in actions.values()]
    assert len(keys) == len(set(keys))
    gm02 = sorted((ident, verb, kind, obj, line) for ident, (_, verb, kind, obj, _, _, f, _, line) in actions.items()
                  if f == "gm-02")
    assert gm02 == [("gm-02-1", "planificar", "formula", R + "servicios-publicos", 6),
                    ("gm-02-2", "organizar", "dirige", R + "servicios-publicos", 6),
                    ("gm-02-3", "conducir", "dirige", R + "servicios-publicos", 6),
                    ("gm-02-4", "controlar", "supervisa", R + "servicios-publicos", 6),
                    ("gm-02-5", "supervisar", "supervisa", R + "servicios-publicos", 6)]


def test_each_action_s_quote_says_its_verb_and_names_its_object(kg, seed_lines):
    """The verb is in the quote; the object is named in it: by its label, or by a claim of its name that quotes
    the same line and lies within the quote (or holds it)."""
    labels = select(kg, """SELECT ?o ?name WHERE { ?a pzo:actionObject ?o .
        ?o skos:prefLabel|skos:altLabel|skos:notation ?name FILTER(lang(?name) IN ("es", "")) }""")
    names: dict[str, set[str]] = {}
    for row in labels:
        names.setdefault(short(row["o"]), set()).add(fold(row["name"]))
    for key, extra in NAMED_AS.items():
        names[key] = names.get(key, set()) | set(extra)
    named = select(kg, """SELECT ?o ?document ?line ?quote WHERE { ?a pzo:actionObject ?o .
        VALUES ?name { skos:prefLabel skos:altLabel }
        ?c rdf:subject ?o ; rdf:predicate ?name ; pzo:sourceLine ?line ; pzo:quote ?quote ;
           prov:wasDerivedFrom/dcterms:identifier ?document }""")
    rows = select(kg, "SELECT ?a ?quote WHERE { ?a a pzo:Action . ?c rdf:subject ?a ; pzo:quote ?quote }")
    quotes = {r["a"].rsplit("/", 1)[1]: fold(r["quote"]) for r in rows}
    for ident, (_, verb, _, obj, _, _, function, document, line) in data_actions(kg).items():
        quote = quotes[ident]
        assert fold(verb[:5]) in quote or fold(STEMS.get(verb, verb)) in quote, (ident, verb)
        by_claim = [fold(r["quote"]) for r in named if short(r["o"]) == obj and (r["document"], int(r["line"])) == (document, line)]
        assert (any(name in quote for name in names[obj])
                or any(q in quote or quote in q for q in by_claim)), (ident, obj)
        if function:  # a function's actions quote the function's whole line
            assert quote == fold(seed_lines[document][line - 1][2:]), ident


def test_all_18_functions_have_their_kinds_in_order(kg):
    actions = sorted(data_actions(kg).items(), key=lambda item: (item[0].rsplit("-", 1)[0], int(item[0].rsplit("-", 1)[1])))
    kinds: dict[str, list[str]] = {}
    for _, (_, _, kind, _, _, _, function, _, _) in actions:
        if function and kind not in kinds.setdefault(function, []):
            kinds[function].append(kind)
    assert kinds == FUNCTION_KINDS
    assert sorted(kinds) == [f"gm-{n:02d}" for n in range(1, 19)]


def test_every_enumerated_item_of_the_first_document_has_the_kinds_of_its_verbs(kg):
    rows = select(kg, """SELECT ?r ?kind ?acted WHERE {
        ?u pzo:hasResponsibility ?r . ?r skos:inScheme esquema:responsabilidades .
        ?r skos:broader* ?acted . ?a pzo:agent ?u ; pzo:actionObject ?acted ; pzo:actionKind ?kind }""")
    kinds: dict[str, set[str]] = {}
    direct: set[str] = set()
    for row in rows:
        item = row["r"].rsplit("/", 1)[1]
        kinds.setdefault(item, set()).add(row["kind"].removeprefix(TIPO))
        if row["acted"] == row["r"]:
            direct.add(item)
    assert {item: sorted(found) for item, found in kinds.items()} == ITEM_KINDS
    assert len(ITEM_KINDS) == 61 and set(ITEM_KINDS) - direct == INHERITED


def test_modalities_puede_and_por_encargo(kg):
    actions = data_actions(kg)
    assert {ident: (verb, obj) for ident, (_, verb, _, obj, modality, *_) in actions.items() if modality == "facultativa"} == {
        "gdss-6": ("coordinar", R + "inclusion-social"), "gdss-7": ("coordinar", R + "seguridad-ciudadana")}
    assert {ident: (by, function) for ident, (_, _, _, _, modality, by, function, _, _) in actions.items()
            if modality == "por-encargo"} == {"gm-16-1": ("puesto:alcalde", "gm-16"), "gm-17-1": ("puesto:alcalde", "gm-17")}
    assert all((modality == "por-encargo") == (by is not None) for _, _, _, _, modality, by, *_ in actions.values())


def test_addressees_and_whom_the_asesoria_legal_advises(kg):
    rows = select(kg, "SELECT ?a ?to WHERE { ?a pzo:addressee ?to }")
    found: dict[str, list[str]] = {}
    for row in rows:
        found.setdefault(row["a"].rsplit("/", 1)[1], []).append(short(row["to"]))
    assert {ident: sorted(to) for ident, to in found.items()} == ADDRESSEES
    readings = select(kg, """SELECT ?to WHERE { ?c rdf:subject accion:al-1 ; rdf:predicate pzo:addressee ; rdf:object ?to ;
        prov:wasDerivedFrom referencia:pozuzo-kg ; pzo:basis afirmacion:accion-al-1 ; skos:note ?why }""")
    assert sorted(short(r["to"]) for r in readings) == ["unidad:gaf", "unidad:gdss", "unidad:gidur", "unidad:gm",
                                                         "unidad:gppr"]  # «Gerencias»: the project's reading


def test_statements_about_the_organization_are_actions_and_properties(kg):
    """000 line 2 (under the Alcalde, in coordination with the Concejo) and line 16 (management for results)."""
    assert [tuple(short(v) if k != "verb" else v for k, v in sorted(r.items())) for r in select(kg, """
        SELECT ?agent ?kind ?object ?verb WHERE { ?a pzo:agent ?agent ; pzo:actionKind ?kind ; pzo:actionObject ?object ;
           pzo:verb ?verb . ?c rdf:subject ?a ; prov:wasDerivedFrom fuente:organizacion ; pzo:sourceLine 2 }
        ORDER BY ?a""")] == [
        ("puesto:alcalde", "tipo-accion:dirige", "organizacion:mdp", "dirigir"),
        ("organizacion:mdp", "tipo-accion:coordina", "unidad:concejo", "coordinar"),
        ("organizacion:mdp", "tipo-accion:formula", R + "politicas-de-desarrollo", "planificar"),
        ("organizacion:mdp", "tipo-accion:ejecuta", R + "politicas-de-desarrollo", "ejecutar"),
        ("organizacion:mdp", "tipo-accion:supervisa", R + "politicas-de-desarrollo", "supervisar")]
    assert select(kg, """SELECT ?approach ?quote WHERE { organizacion:mdp pzo:managementApproach ?approach
        FILTER(lang(?approach) = 'es') ?c rdf:subject organizacion:mdp ; rdf:predicate pzo:managementApproach ;
        rdf:object ?approach ; pzo:sourceLine 16 ; pzo:quote ?quote }""") == [
        {"approach": "gestión por resultados",
         "quote": "Estas gerencias, trabajando de manera coordinada y bajo un enfoque de gestión por resultados"}]


# ---- The project's own readings ---------------------------------------------------------------------------------

READINGS = {  # each reading of the project: what it states, and the claims it rests on
    "gerente-municipal-responde-ante-alcalde": ("puesto:gerente-municipal", "org:reportsTo", "puesto:alcalde",
                                                ["gerente-municipal-designado-por-alcalde", "gm-funcion-gm-17"]),
    "lectura-al-1-destinatario-gaf": ("accion:al-1", "pzo:addressee", "unidad:gaf", ["accion-al-1", "gaf-nombre"]),
    "lectura-al-1-destinatario-gdss": ("accion:al-1", "pzo:addressee", "unidad:gdss", ["accion-al-1", "gdss-nombre"]),
    "lectura-al-1-destinatario-gidur": ("accion:al-1", "pzo:addressee", "unidad:gidur", ["accion-al-1", "gidur-nombre"]),
    "lectura-al-1-destinatario-gm": ("accion:al-1", "pzo:addressee", "unidad:gm", ["accion-al-1", "gm-nombre-alternativo"]),
    "lectura-al-1-destinatario-gppr": ("accion:al-1", "pzo:addressee", "unidad:gppr", ["accion-al-1", "gppr-nombre"]),
    "lectura-alcalde-1-objeto": ("accion:alcalde-1", "pzo:actionObject", "organizacion:mdp", ["accion-alcalde-1"]),
    "lectura-gm-gerencia-general": ("unidad:gm", "skos:altLabel", "Gerencia General",
                                    ["gm-nombre", "gm-nombre-alternativo", "gm-nombre-ley"]),
    "lectura-mdp-1-agente": ("accion:mdp-1", "pzo:agent", "organizacion:mdp", ["accion-mdp-1"]),
    "lectura-mdp-2-agente": ("accion:mdp-2", "pzo:agent", "organizacion:mdp", ["accion-mdp-2"]),
    "lectura-mdp-3-agente": ("accion:mdp-3", "pzo:agent", "organizacion:mdp", ["accion-mdp-3"]),
    "lectura-mdp-4-agente": ("accion:mdp-4", "pzo:agent", "organizacion:mdp", ["accion-mdp-4"]),
    "lectura-pdlc-plan-de-desarrollo-concertado": ("instrumento:pdlc", "skos:altLabel", "Plan de Desarrollo Concertado",
                                                   ["instrumento-pdlc-nombre", "instrumento-pdlc-nombre-alternativo"]),
    "lectura-servicios-publicos": ("responsabilidad:servicios-publicos", "skos:altLabel", "servicios públicos",
                                   ["responsabilidad-servicios-publicos-nombre",
                                    "responsabilidad-servicios-publicos-nombre-alternativo"]),
}


SEARCH_SYNONYMS = {  # the search synonyms citizens type (tests/test_search.py pins their reasoning and use)
    "logistica-sinonimo-compras": ("responsabilidad:logistica", "skos:hiddenLabel", "compras",
        ["responsabilidad-logistica-nombre"]),
    "logistica-sinonimo-contrataciones": ("responsabilidad:logistica", "skos:hiddenLabel", "contrataciones",
        ["responsabilidad-logistica-nombre"]),
    "logistica-sinonimo-abastecimiento": ("responsabilidad:logistica", "skos:hiddenLabel", "abastecimiento",
        ["responsabilidad-logistica-nombre"]),
    "logistica-sinonimo-purchasing": ("responsabilidad:logistica", "skos:hiddenLabel", "purchasing",
        ["responsabilidad-logistica-nombre"]),
    "limpieza-publica-sinonimo-recojo-de-basura": ("responsabilidad:limpieza-publica", "skos:hiddenLabel", "recojo de basura",
        ["responsabilidad-limpieza-publica-nombre"]),
    "limpieza-publica-sinonimo-residuos-solidos": ("responsabilidad:limpieza-publica", "skos:hiddenLabel", "residuos sólidos",
        ["responsabilidad-limpieza-publica-nombre"]),
    "limpieza-publica-sinonimo-garbage-collection": ("responsabilidad:limpieza-publica", "skos:hiddenLabel", "garbage collection",
        ["responsabilidad-limpieza-publica-nombre"]),
    "seguridad-ciudadana-sinonimo-serenazgo": ("responsabilidad:seguridad-ciudadana", "skos:hiddenLabel", "serenazgo",
        ["responsabilidad-seguridad-ciudadana-nombre"]),
    "areas-verdes-sinonimo-parques": ("responsabilidad:areas-verdes", "skos:hiddenLabel", "parques",
        ["responsabilidad-areas-verdes-nombre"]),
    "areas-verdes-sinonimo-parks": ("responsabilidad:areas-verdes", "skos:hiddenLabel", "parks",
        ["responsabilidad-areas-verdes-nombre"]),
    "ingresos-tributarios-sinonimo-impuestos": ("responsabilidad:ingresos-tributarios", "skos:hiddenLabel", "impuestos",
        ["responsabilidad-ingresos-tributarios-nombre"]),
    "ingresos-tributarios-sinonimo-impuesto-predial": ("responsabilidad:ingresos-tributarios", "skos:hiddenLabel", "impuesto predial",
        ["responsabilidad-ingresos-tributarios-nombre"]),
    "ingresos-tributarios-sinonimo-arbitrios": ("responsabilidad:ingresos-tributarios", "skos:hiddenLabel", "arbitrios",
        ["responsabilidad-ingresos-tributarios-nombre"]),
    "ingresos-tributarios-sinonimo-taxes": ("responsabilidad:ingresos-tributarios", "skos:hiddenLabel", "taxes",
        ["responsabilidad-ingresos-tributarios-nombre"]),
    "licencias-de-construccion-sinonimo-licencia-de-edificacion": ("responsabilidad:licencias-de-construccion", "skos:hiddenLabel", "licencia de edificación",
        ["responsabilidad-licencias-de-construccion-nombre"]),
}


def test_the_project_s_readings_are_claims_with_reasoning_and_basis_never_a_source_s_line(kg):
    rows = select(kg, """SELECT ?c ?s ?p ?o ?basis ?note ?line ?quote WHERE { ?c prov:wasDerivedFrom referencia:pozuzo-kg ;
        rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; pzo:basis ?basis ; skos:note ?note
        OPTIONAL { ?c pzo:sourceLine ?line } OPTIONAL { ?c pzo:quote ?quote } }""")
    found: dict[str, tuple] = {}
    for r in rows:
        ident = r["c"].rsplit("/", 1)[1]
        s, p, o, bases = found.get(ident, (short(r["s"]), short(r["p"]), short(r["o"]), []))
        found[ident] = (s, p, o, sorted(bases + [r["basis"].rsplit("/", 1)[1]]))
        assert "line" not in r and "quote" not in r and r["note"], ident
    assert found == READINGS | SEARCH_SYNONYMS
    # every basis is a claim of a source (a document's line or a law's article), not another reading
    assert select(kg, """SELECT ?b WHERE { ?c prov:wasDerivedFrom referencia:pozuzo-kg ; pzo:basis ?b .
        FILTER NOT EXISTS { ?b a pzo:Claim ; prov:wasDerivedFrom ?s . { ?b pzo:sourceLine ?l } UNION { ?b pzo:article ?a } } }""") == []


def test_the_names_merged_into_one_unit_or_one_plan_are_readings(kg):
    """Each source's name keeps its claim; that the two names are one unit (or one plan) is the project's."""
    rows = select(kg, """SELECT ?x ?alt ?source WHERE { VALUES ?x { unidad:gm instrumento:pdlc }
        ?x skos:altLabel ?alt FILTER(lang(?alt) = 'es')
        ?c rdf:subject ?x ; rdf:predicate skos:altLabel ; rdf:object ?alt ; prov:wasDerivedFrom ?source }""")
    assert sorted((short(r["x"]), r["alt"], short(r["source"])) for r in rows) == [
        ("instrumento:pdlc", "Plan de Desarrollo Concertado", "fuente:organizacion"),
        ("instrumento:pdlc", "Plan de Desarrollo Concertado", "referencia:pozuzo-kg"),
        ("unidad:gm", "Gerencia General", "fuente:organizacion"),
        ("unidad:gm", "Gerencia General", "referencia:pozuzo-kg")]
