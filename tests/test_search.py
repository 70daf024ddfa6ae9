"""The search mechanism: words, folding and Snowball stems, the index a graph gets when loaded, the keys a
search binds, the suggestion when nothing matches, and the index kept out of the data's counts."""
from pathlib import Path

import pytest

from pozuzo_kg import load_graph, search
from pozuzo_kg.cli import main
from pozuzo_kg.queries import named_query, run, suggestion
from pozuzo_kg.results import _cell
from pozuzo_kg.stats import compute_stats

SEARCH = "https://w3id.org/pozuzo-kg/grafo/busqueda"
PZO = "https://w3id.org/pozuzo-kg/ontologia#"


def test_words_are_folded_and_common_words_dropped():
    assert search.words("Adquisición de Bienes y Servicios") == ["adquisicion", "bienes", "servicios"]
    assert search.words("«Niños», the street-cleaning; Ley N.º 27972") == ["ninos", "street", "cleaning", "ley", "n", "27972"]
    assert search.words("de la y") == []


@pytest.mark.parametrize("word,lang,expected", [
    ("planificacion", "es", "planif"), ("planificar", "es", "planific"), ("planifica", "es", "planif"),
    ("cementerios", "es", "cementeri"), ("adquisiciones", "es", "adquisicion"), ("tesoreria", "es", "tesoreri"),
    ("cemeteries", "en", "cemeteri"), ("cemetery", "en", "cemeteri"), ("cleaning", "en", "clean"),
    ("treasury", "en", "treasuri"),
])
def test_snowball_stems_of_folded_words(word, lang, expected):
    assert search.stem(word, lang) == expected


@pytest.mark.parametrize("tag,expected", [("es", "es"), ("en", "en"), ("en-GB", "en"), ("EN", "en"), (None, "es"),
                                          ("qu", "es"), ("es-PE", "es")])
def test_the_stemming_language_of_a_text(tag, expected):
    assert search.language(tag) == expected


def test_the_keys_of_an_indexed_word_and_of_a_searched_one():
    assert search.word_keys("catastro", "es") == ["w:catastro", "s:es:catastr", "p:es:cat", "p:es:cata", "p:es:catas",
                                                  "p:es:catast", "p:es:catastr", "p:es:catastro"]
    [term] = search.terms("Catastros")
    assert term.word == "catastros"
    assert term.keys == (("w:catastros", 3), ("s:es:catastr", 2), ("s:en:catastro", 2), ("p:es:catastr", 1),
                         ("p:es:catastros", 1), ("p:en:catastro", 1), ("p:en:catastros", 1),
                         ("s:es:catast", 1), ("s:en:catast", 1), ("s:en:catastr", 1))
    [short] = search.terms("TI")
    assert short.keys == (("w:ti", 3), ("s:es:ti", 2), ("s:en:ti", 2))  # too short to be a prefix
    assert [t.word for t in search.terms("tesorería y TESORERIA de la")] == ["tesoreria"]


def test_the_values_block_scores_each_word_by_its_best_key():
    block = search.values_block("texto", search.terms("street cleaning"))
    assert block == (
        ' VALUES (?texto ?texto_clave ?texto_raiz ?texto_exacta ?texto_terminos) {'
        ' (1 "w:street" 1 1 2) (1 "s:es:street" 1 UNDEF 2) (1 "s:en:street" 1 UNDEF 2)'
        ' (1 "p:es:street" UNDEF UNDEF 2) (1 "p:en:street" UNDEF UNDEF 2)'
        ' (1 "s:es:stree" UNDEF UNDEF 2) (1 "s:en:stree" UNDEF UNDEF 2)'
        ' (2 "w:cleaning" 2 2 2) (2 "s:es:cleaning" 2 UNDEF 2) (2 "s:en:clean" 2 UNDEF 2)'
        ' (2 "p:es:cleaning" UNDEF UNDEF 2) (2 "p:en:clean" UNDEF UNDEF 2) (2 "p:en:cleaning" UNDEF UNDEF 2)'
        ' (2 "s:es:cleani" UNDEF UNDEF 2) (2 "s:es:cleanin" UNDEF UNDEF 2) (2 "s:en:clea" UNDEF UNDEF 2) }')


MINI = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<http://ex/u> skos:prefLabel "Oficina de Catastro"@es, "Cadastre Office"@en ;
    skos:notation "OC" ; dcterms:description "Catastro urbano."@es .
_:b skos:prefLabel "Catastro en blanco"@es .
<http://ex/v> skos:altLabel "de la"@es .
"""


def test_the_index_of_a_small_graph(tmp_path: Path):
    """One entry per indexed text of an IRI (no notation, no blank node, no text of only common words), one word
    node per language and word, shared by the texts that have it."""
    path = tmp_path / "mini.ttl"
    path.write_text(MINI, encoding="utf-8")
    kg = load_graph([path], ontology=[path])  # the same file as ontology: each text is indexed once
    triples = [(t.subject.value, t.predicate.value.removeprefix(PZO), t.object.value) for t in kg.search_triples()]
    entries = sorted({(s, o) for s, p, o in triples if p == "searchLabel"}, key=lambda e: e[1])
    assert [o for _, o in entries] == ["Cadastre Office", "Catastro urbano.", "Oficina de Catastro"]
    words = {o.removeprefix(f"{SEARCH}#palabra-") for _, p, o in triples if p == "searchWord"}
    assert words == {"en-cadastre", "en-office", "es-catastro", "es-oficina", "es-urbano"}
    catastro = f"{SEARCH}#palabra-es-catastro"
    assert sorted(o for s, p, o in triples if s == catastro) == sorted(search.word_keys("catastro", "es"))
    assert sum(1 for _, p, o in triples if p == "searchWord" and o == catastro) == 2
    keys = [*(search.word_keys(w, "es") for w in ("catastro", "oficina", "urbano")),
            *(search.word_keys(w, "en") for w in ("cadastre", "office"))]
    assert len(triples) == 3 * 3 + 6 + sum(map(len, keys))  # 3 entries × 3 + 6 word links + every key
    assert kg.data_size() == 6 and compute_stats(kg).data_triples == 6


def test_the_index_grows_linearly_with_the_texts(tmp_path: Path):
    """Twice the resources with the same words: twice the entries and word links, the same word nodes."""
    one, two = tmp_path / "uno.ttl", tmp_path / "dos.ttl"
    one.write_text(MINI, encoding="utf-8")
    two.write_text(MINI + MINI.split("\n", 2)[2].replace("http://ex/", "http://ex/otro/"), encoding="utf-8")
    sizes = {}
    for name, path in (("uno", one), ("dos", two)):
        predicates = [t.predicate.value for t in load_graph([path], ontology=[path]).search_triples()]
        sizes[name] = {p: predicates.count(p) for p in set(predicates)}
    assert sizes["dos"][f"{PZO}searchLabel"] == 2 * sizes["uno"][f"{PZO}searchLabel"] == 6
    assert sizes["dos"][f"{PZO}searchWord"] == 2 * sizes["uno"][f"{PZO}searchWord"]
    assert sizes["dos"][f"{PZO}searchKey"] == sizes["uno"][f"{PZO}searchKey"]


def test_the_index_is_a_named_graph_kept_out_of_the_data_and_its_counts(kg):
    assert kg.search_size() > 9000
    stats = compute_stats(kg)
    assert (stats.data_triples, stats.ontology_triples) == (kg.data_size(), kg.ontology_size()) == (4153, 717)
    assert not [t for t in kg.data_triples() if t.predicate.value.startswith(f"{PZO}search")]
    internal = "SELECT (COUNT(*) AS ?n) WHERE { ?e <https://w3id.org/pozuzo-kg/ontologia#searchWord> ?w }"
    assert int(next(iter(kg.query(internal)))["n"].value) == 0  # the toolkit's own queries never see it
    assert int(next(iter(kg.query(internal, search=True)))["n"].value) > 1900


def test_a_search_that_finds_nothing_gets_the_nearest_words(kg):
    def hint(text, name="buscar"):
        found = suggestion(named_query(name), {"texto" if name == "buscar" else "servicio": text}, graph=kg)
        return found.unknown, found.text, found.finds

    assert hint("cementrios") == (("cementrios",), "cementerios", True)
    assert hint("tezoreria municipal") == (("tezoreria",), "tesoreria municipal", True)
    assert hint("tezoreria municipal", "unidad-de-servicio") == (("tezoreria",), "tesoreria municipal", False)
    assert hint("piscinas") == (("piscinas",), None, True)
    assert hint("treasury cementerios") == ((), None, True)
    assert suggestion(named_query("jerarquia"), graph=kg) is None


@pytest.mark.parametrize("first,second,limit,expected", [("cementrios", "cementerios", 3, 1), ("tezoreria", "tesoreria", 2, 1),
                                                          ("abc", "xyz", 1, 2), ("", "ab", 5, 2), ("kitten", "sitting", 3, 3)])
def test_edit_distance(first, second, limit, expected):
    assert search.edit_distance(first, second, limit) == expected


def notes(capsys) -> tuple[str, list[str]]:
    """Standard output, and the lines pozuzo-kg wrote on standard error (a stray thread of another test's
    server may write there too)."""
    captured = capsys.readouterr()
    return captured.out, [line for line in captured.err.splitlines() if line.startswith("pozuzo-kg:")]


def test_the_query_command_says_why_a_search_found_nothing(capsys):
    assert main(["query", "buscar", "--param", "texto=cementrios"]) == 0
    assert notes(capsys) == ("recurso  propiedad  valor  idioma  puntos\n-------  ---------  -----  ------  ------\n",
                             ["pozuzo-kg: nota: nada encontrado para «cementrios»; ¿quiso decir «cementerios»?"])
    assert main(["query", "unidad-de-servicio", "--param", "servicio=piscinas", "-f", "csv"]) == 0
    assert notes(capsys)[1] == ["pozuzo-kg: nota: nada encontrado para «piscinas»: ningún texto indexado tiene la"
                                " palabra «piscinas» ni otra parecida"]
    assert main(["query", "buscar", "--param", "texto=treasury cementerios", "-f", "json"]) == 0
    assert notes(capsys)[1] == ["pozuzo-kg: nota: nada encontrado para «treasury cementerios»: cada una de sus palabras"
                                " está indexada, pero ningún nombre o texto las tiene todas; pruebe con menos palabras"]
    assert main(["query", "unidad-de-servicio", "--param", "servicio=tezoreria municipal"]) == 0
    assert notes(capsys)[1] == ["pozuzo-kg: nota: nada encontrado para «tezoreria municipal»; las palabras indexadas más"
                                " parecidas, «tesoreria municipal», tampoco encuentran nada"]
    assert main(["query", "buscar", "--param", "texto=cementerios"]) == 0
    assert notes(capsys)[1] == []


def test_the_suggestion_in_english(capsys, english):
    assert main(["query", "buscar", "--param", "texto=cementrios", "-f", "csv"]) == 0
    assert notes(capsys)[1] == ["pozuzo-kg: note: nothing found for «cementrios»; did you mean «cementerios»?"]


def test_a_users_file_is_searchable_as_soon_as_it_is_loaded(tmp_path: Path):
    path = tmp_path / "mini.ttl"
    path.write_text(MINI, encoding="utf-8")
    rows = run(named_query("buscar"), {"texto": "catastral"}, graph=load_graph([path])).rows
    assert [tuple(_cell(t) for t in row) for row in rows] == [
        ("<http://ex/u>", "skos:prefLabel", "Oficina de Catastro", "es", 1),
        ("<http://ex/u>", "dcterms:description", "Catastro urbano.", "es", 1)]


# ---- search synonyms: the project's own readings -----------------------------------------------------------

SYNONYMS = {
    "logistica": {("compras", "es"), ("contrataciones", "es"), ("abastecimiento", "es"), ("purchasing", "en")},
    "limpieza-publica": {("recojo de basura", "es"), ("residuos sólidos", "es"), ("garbage collection", "en")},
    "seguridad-ciudadana": {("serenazgo", "es")},
    "areas-verdes": {("parques", "es"), ("parks", "en")},
    "ingresos-tributarios": {("impuestos", "es"), ("impuesto predial", "es"), ("arbitrios", "es"), ("taxes", "en")},
    "licencias-de-construccion": {("licencia de edificación", "es")},
}
RESPONSIBILITY = "https://w3id.org/pozuzo-kg/id/190305/responsabilidad/"


def test_search_synonyms_are_hidden_labels_claimed_by_the_project_with_reasoning_and_basis(kg):
    """Each synonym citizens type is a skos:hiddenLabel with one claim of referencia:pozuzo-kg: its reasoning
    (skos:note), its basis (the source's claim naming the responsibility), no line and no quote."""
    from conftest import select

    rows = select(kg, """SELECT ?r ?label ?lang ?claim ?source ?note ?basis ?named ?where ?extra WHERE {
        ?r skos:hiddenLabel ?label BIND(LANG(?label) AS ?lang)
        OPTIONAL { ?claim rdf:subject ?r ; rdf:predicate skos:hiddenLabel ; rdf:object ?label ;
                          prov:wasDerivedFrom ?source ; skos:note ?note ; pzo:basis ?basis .
                   ?basis rdf:subject ?r ; rdf:predicate ?named ; prov:wasDerivedFrom ?where .
                   OPTIONAL { ?claim pzo:quote|pzo:sourceLine|pzo:article ?extra } } }""")
    found: dict[str, set] = {}
    for row in rows:
        found.setdefault(row["r"].removeprefix(RESPONSIBILITY), set()).add((row["label"], row["lang"]))
        assert row["source"] == "https://w3id.org/pozuzo-kg/id/fuente/pozuzo-kg", row
        assert row["note"].startswith("Sinónimo de búsqueda. ") and "extra" not in row, row
        assert row["named"] == "http://www.w3.org/2004/02/skos/core#prefLabel", row
        assert row["where"] == "https://w3id.org/pozuzo-kg/id/190305/fuente/organizacion", row
    assert found == SYNONYMS
    assert len({row["claim"] for row in rows}) == len(rows) == 15


def test_search_synonyms_are_no_text_of_the_sources(seed_lines):
    from pozuzo_kg.text import fold

    sources = fold(" ".join(line for lines in seed_lines.values() for line in lines))
    assert [label for labels in SYNONYMS.values() for label, _ in labels if fold(label) in sources] == []


def test_search_synonyms_stay_out_of_the_names_on_pages_and_tables(kg):
    from pozuzo_kg.publish.pages import build_pages
    from pozuzo_kg.publish.tables import build_tables

    page = build_pages(kg, ())["responsabilidad/logistica.html"].decode("utf-8")
    assert '<p>También llamada: <span lang="es">adquisición de bienes y servicios</span>; <span lang="en">procurement of' \
           ' goods and services</span></p>' in page
    assert "<td>sinónimo de búsqueda</td>\n<td><span lang=\"es\">compras</span></td>" in page  # its provenance
    tables = build_tables(kg)
    for labels in SYNONYMS.values():
        for label, _ in labels:
            assert [name for name, content in tables.items() if label.encode("utf-8") in content] == [
                "tablas/afirmaciones.csv"], label


@pytest.mark.parametrize("text,responsibility,label,points", [
    ("compras", "logistica", "compras", 3),
    ("adquisiciones", "logistica", "adquisición de bienes y servicios", 2),  # a word form: no synonym needed
    ("contratación", "logistica", "contrataciones", 2),
    ("serenazgo", "seguridad-ciudadana", "serenazgo", 3),
    ("basura", "limpieza-publica", "recojo de basura", 3),
    ("garbage collection", "limpieza-publica", "garbage collection", 6),
    ("parques", "areas-verdes", "parques", 3),
    ("predial", "ingresos-tributarios", "impuesto predial", 3),
    ("licencia de edificación", "licencias-de-construccion", "licencia de edificación", 6),
])
def test_which_unit_handles_what_citizens_type(kg, text, responsibility, label, points):
    rows = run(named_query("unidad-de-servicio"), {"servicio": text}, graph=kg).rows
    assert [(_cell(r[2]), _cell(r[3]), _cell(r[6])) for r in rows][:1] == [
        (f"responsabilidad:{responsibility}", label, points)]
