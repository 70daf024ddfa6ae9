"""The SPARQL 1.1 Protocol at /sparql, as a client sees it: the three ways to send a query, every result format by
Accept, each refusal with its status and a sentence naming the parameter, caching headers, and real clients."""
import json
from urllib.parse import quote, urlencode

import pyoxigraph as ox
import pytest

from .serving import assert_clean, request

ASK = "ASK { ?unidad a <http://www.w3.org/ns/org#OrganizationalUnit> }"
UNITS = "SELECT ?unidad WHERE { ?unidad a org:OrganizationalUnit } ORDER BY ?unidad"
CONSTRUCT = "CONSTRUCT { ?u a org:OrganizationalUnit } WHERE { ?u a org:OrganizationalUnit }"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def get(server, query: str, accept: str | None = None, extra: str = ""):
    return request(f"{server.url}sparql?query={quote(query)}{extra}", headers={"Accept": accept} if accept else {})


def test_get_post_form_and_post_query_give_the_same_answer(pozuzo_server):
    by_get = get(pozuzo_server, ASK)
    by_form = request(pozuzo_server.url + "sparql", "POST", urlencode({"query": ASK}).encode(), FORM)
    by_body = request(pozuzo_server.url + "sparql", "POST", ASK.encode(), {"Content-Type": "application/sparql-query"})
    for reply in (by_get, by_form, by_body):
        assert reply.status == 200
        assert reply.headers["content-type"] == "application/sparql-results+json"
        assert json.loads(reply.body) == {"head": {}, "boolean": True}


@pytest.mark.parametrize(("accept", "media_type", "parse"), [
    (None, "application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/sparql-results+json", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/csv", "text/csv; charset=utf-8", None),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8", ox.QueryResultsFormat.TSV),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/*", "text/csv; charset=utf-8", None),
    ("*/*", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
])
def test_select_answers_in_the_format_accept_asks_for(pozuzo_server, accept, media_type, parse):
    reply = get(pozuzo_server, UNITS, accept)
    assert reply.status == 200
    assert reply.headers["content-type"] == media_type
    assert reply.headers["vary"] == "Accept"
    if parse is None:  # CSV is lossy: pyoxigraph does not read it back
        rows = reply.text.splitlines()
        assert rows[:2] == ["unidad", "https://w3id.org/pozuzo-kg/id/190305/unidad/al"] and len(rows) == 9
        return
    rows = list(ox.parse_query_results(reply.body, format=parse))
    assert len(rows) == 8  # the 8 organizational units
    assert rows[0]["unidad"].value == "https://w3id.org/pozuzo-kg/id/190305/unidad/al"


@pytest.mark.parametrize(("accept", "media_type", "fmt"), [
    (None, "text/turtle; charset=utf-8", ox.RdfFormat.TURTLE),
    ("text/turtle", "text/turtle; charset=utf-8", ox.RdfFormat.TURTLE),
    ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
])
def test_construct_answers_in_the_format_accept_asks_for(pozuzo_server, accept, media_type, fmt):
    reply = get(pozuzo_server, CONSTRUCT, accept)
    assert reply.status == 200
    assert reply.headers["content-type"] == media_type
    assert len(list(ox.parse(reply.body, format=fmt))) == 8


def test_accept_that_no_format_satisfies_is_406_with_the_accepted_types(pozuzo_server):
    reply = get(pozuzo_server, UNITS, "image/png")
    assert reply.status == 406
    assert_clean(reply)
    assert "application/sparql-results+json" in reply.text and "text/tab-separated-values" in reply.text
    graph = get(pozuzo_server, CONSTRUCT, "application/sparql-results+json")
    assert graph.status == 406 and "text/turtle" in graph.text


@pytest.mark.parametrize(("method", "target", "body", "headers", "status", "says"), [
    ("GET", "sparql?default-graph-uri=http%3A%2F%2Fa.example%2F", None, {}, 400, "'query'"),
    ("GET", "sparql?query=ASK%7B%7D&query=ASK%7B%7D", None, {}, 400, "'query'"),
    ("POST", "sparql?query=ASK%7B%7D", b"query=ASK%7B%7D", FORM, 400, "'query'"),
    ("POST", "sparql?default-graph-uri=http%3A%2F%2Fa.example%2F", b"query=ASK%7B%7D&default-graph-uri=x", FORM, 400,
     "'default-graph-uri'"),
    ("GET", "sparql?query=ASK%7B%7D&default-graph-uri=no%20iri", None, {}, 400, "'default-graph-uri'"),
    ("GET", "sparql?query=ASK%7B%7D&timeout=soon", None, {}, 400, "'timeout'"),
    ("GET", "sparql?query=SELECT%20%3Fx%20WHERE%20%7B", None, {}, 400, "1:"),
    ("GET", "sparql?query=SELECT%20*%20%7B%20SERVICE%20%3Chttp%3A%2F%2F127.0.0.1%2F%3E%20%7B%7D%20%7D", None, {}, 400,
     "SERVICE"),
    ("GET", "sparql?update=CLEAR%20ALL", None, {}, 403, "SPARQL Update"),
    ("POST", "sparql", b"update=CLEAR%20ALL", FORM, 403, "SPARQL Update"),
    ("POST", "sparql", b"CLEAR ALL", {"Content-Type": "application/sparql-update"}, 403, "SPARQL Update"),
    ("POST", "sparql", b"ASK {}", {"Content-Type": "text/plain"}, 415, "application/sparql-query"),
    ("POST", "sparql", b"ASK {}", {}, 415, "Content-Type"),
    ("POST", "sparql", "ASK {}".encode("utf-16"), {"Content-Type": "application/sparql-query; charset=UTF-16"}, 415,
     "UTF-8"),
    ("POST", "sparql", b"ASK { \xff }", {"Content-Type": "application/sparql-query"}, 400, "UTF-8"),
    ("PUT", "sparql?query=ASK%7B%7D", None, {}, 405, "GET, HEAD, POST"),
    ("DELETE", "sparql", None, {}, 405, "GET, HEAD, POST"),
])
def test_refusals_have_their_status_and_one_sentence_naming_the_problem(pozuzo_server, method, target, body, headers,
                                                                        status, says):
    reply = request(pozuzo_server.url + target, method, body, headers)
    assert reply.status == status, reply.text
    assert_clean(reply)
    assert says in reply.text
    if status == 405:
        assert reply.headers["allow"] == "GET, HEAD, POST"


def test_messages_are_spanish_by_default(pozuzo_server):
    assert get(pozuzo_server, "ASK {}", "image/png").text.startswith("no hay respuesta en el formato")
    assert request(pozuzo_server.url + "sparql?update=CLEAR%20ALL").text == \
        "este servidor es de solo lectura: no acepta SPARQL Update\n"


def test_a_body_over_the_limit_is_413_by_its_length_and_while_reading(pozuzo_server):
    big = b"query=" + b"A" * (2**20 + 10)
    declared = request(pozuzo_server.url + "sparql", "POST", big, FORM)
    assert declared.status == 413
    assert_clean(declared)
    assert "max_body_bytes" in declared.text and "1048576" in declared.text
    streamed = request(pozuzo_server.url + "sparql", "POST", big, FORM, chunked=True)
    assert streamed.status == 413 and "max_body_bytes" in streamed.text


def test_get_answers_carry_etag_and_cache_control_and_if_none_match_gives_304(pozuzo_server):
    first = get(pozuzo_server, UNITS)
    again = get(pozuzo_server, UNITS)
    assert first.headers["etag"] == again.headers["etag"]
    assert first.headers["cache-control"] == "public, max-age=300"
    assert get(pozuzo_server, UNITS, "text/csv").headers["etag"] != first.headers["etag"]
    reply = request(f"{pozuzo_server.url}sparql?query={quote(UNITS)}", headers={"If-None-Match": first.headers["etag"]})
    assert reply.status == 304 and reply.body == b""
    assert reply.headers["etag"] == first.headers["etag"]
    posted = request(pozuzo_server.url + "sparql", "POST", UNITS.encode(), {"Content-Type": "application/sparql-query"})
    assert posted.headers["cache-control"] == "no-store" and "etag" not in posted.headers


def test_repeated_answers_come_from_the_bounded_cache(pozuzo_server):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a org:Post }"
    before = json.loads(request(pozuzo_server.url + "health").body)["cached_answers"]
    assert get(pozuzo_server, query).body == get(pozuzo_server, query).body
    after = json.loads(request(pozuzo_server.url + "health").body)["cached_answers"]
    assert after == before + 1


def test_head_gives_the_headers_of_get_without_a_body(pozuzo_server):
    reply = request(f"{pozuzo_server.url}sparql?query={quote(UNITS)}", "HEAD")
    assert reply.status == 200 and reply.body == b""
    assert reply.headers["content-type"] == "application/sparql-results+json"


def test_named_query_with_a_parameter(pozuzo_server):
    reply = request(pozuzo_server.url + "consultas/cadena-de-mando?unidad=gidur", headers={"Accept": "text/csv"})
    assert reply.status == 200
    assert reply.text.splitlines() == [
        "nivel,superior,nombre", "1,https://w3id.org/pozuzo-kg/id/190305/unidad/gm,Gerencia Municipal",
        "2,https://w3id.org/pozuzo-kg/id/190305/unidad/alcaldia,Alcaldía",
        "2,https://w3id.org/pozuzo-kg/id/190305/unidad/concejo,Concejo Municipal"]
    unknown = request(pozuzo_server.url + "consultas/cadena-de-mando?planta=3")
    assert unknown.status == 400 and "planta" in unknown.text
    assert request(pozuzo_server.url + "consultas/no-existe").status == 404


def test_the_search_runs_on_the_endpoint_as_on_the_command_line(pozuzo_server, capsys):
    """The search box's named query: the text is folded and stemmed by the server's binding, and the endpoint's
    default graph holds the search index, as a store loaded by push does."""
    from pozuzo_kg.cli import main

    reply = request(pozuzo_server.url + "consultas/buscar?texto=" + quote("street cleaning"), headers={"Accept": "text/csv"})
    assert reply.status == 200
    assert main(["query", "buscar", "--param", "texto=street cleaning", "-f", "csv"]) == 0
    assert reply.text.splitlines() == capsys.readouterr().out.splitlines() == [
        "recurso,propiedad,valor,idioma,puntos",
        "https://w3id.org/pozuzo-kg/id/190305/responsabilidad/limpieza-publica,"
        "http://www.w3.org/2004/02/skos/core#prefLabel,street cleaning,en,6"]


def test_sparqlwrapper_reads_the_endpoint(pozuzo_server):
    from SPARQLWrapper import JSON, SPARQLWrapper, TURTLE

    client = SPARQLWrapper(pozuzo_server.url + "sparql")
    client.setQuery("PREFIX org: <http://www.w3.org/ns/org#> SELECT ?p WHERE { ?p a org:Post } ORDER BY ?p")
    client.setReturnFormat(JSON)
    rows = client.queryAndConvert()["results"]["bindings"]
    assert [r["p"]["value"] for r in rows] == ["https://w3id.org/pozuzo-kg/id/190305/puesto/alcalde",
                                                "https://w3id.org/pozuzo-kg/id/190305/puesto/gerente-municipal"]
    client.setMethod("POST")
    client.setQuery("PREFIX org: <http://www.w3.org/ns/org#> CONSTRUCT WHERE { ?p a org:Post }")
    client.setReturnFormat(TURTLE)
    assert len(list(ox.parse(client.queryAndConvert(), format=ox.RdfFormat.TURTLE))) == 2


def test_service_description_at_sparql_without_a_query(pozuzo_server):
    reply = request(pozuzo_server.url + "sparql", headers={"Accept": "application/n-triples"})
    assert reply.status == 200
    triples = [quad.triple for quad in ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES)]
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoint = ox.NamedNode(pozuzo_server.url + "sparql")
    assert ox.Triple(endpoint, ox.NamedNode(sd + "endpoint"), endpoint) in triples
    assert ox.Triple(endpoint, ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + "SPARQL11Query")) in triples
    formats = {t.object.value for t in triples if t.predicate.value == sd + "resultFormat"}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats and len(formats) == 7


def test_health(pozuzo_server):
    reply = request(pozuzo_server.url + "health")
    assert reply.status == 200
    assert json.loads(reply.body)["triples"][""] > 2000


def test_no_cross_origin_access_unless_asked(pozuzo_server):
    reply = request(f"{pozuzo_server.url}sparql?query={quote(ASK)}", headers={"Origin": "https://portal.example"})
    assert reply.status == 200 and "access-control-allow-origin" not in reply.headers


def test_unknown_paths_are_404_in_spanish(pozuzo_server):
    reply = request(pozuzo_server.url + "nada/aqui")
    assert reply.status == 404
    assert_clean(reply)
    assert reply.text == "no hay nada en /nada/aqui en este servidor\n"


def test_a_query_over_the_query_text_limit_is_refused(pozuzo_server):
    text = "ASK {} #" + "x" * (2**20)
    reply = request(pozuzo_server.url + "sparql", "POST", text.encode(), {"Content-Type": "application/sparql-query"})
    assert reply.status == 413  # the body limit comes first
    long_url = request(f"{pozuzo_server.url}sparql?query={quote(text)}")
    assert long_url.status == 400  # the HTTP parser refuses a request line that long before any of our code
    assert "Traceback" not in long_url.text
