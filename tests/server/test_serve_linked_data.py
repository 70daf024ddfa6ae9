"""Linked data: each resource IRI answered at its path (the bundle's page for browsers, its description for machines,
Vary and Link headers), 404 for unknown ones; the bundle's files, VoID and catalogue with the server's own URL."""
import pyoxigraph as ox
import pytest
import rdflib

from .serving import assert_clean, request

GM = "https://w3id.org/pozuzo-kg/id/190305/unidad/gm"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SKOS_PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")


def test_a_browser_gets_the_bundles_page_at_the_iris_path(pozuzo_server):
    reply = request(pozuzo_server.url + "id/190305/unidad/gm", headers={"Accept": BROWSER})
    assert reply.status == 200
    assert reply.headers["content-type"] == "text/html; charset=utf-8"
    assert reply.headers["vary"] == "Accept"
    assert "<title>Gerencia Municipal · Unidad orgánica</title>" in reply.text
    # Its relative links resolve from the page's place in the bundle, served under /datos/.
    assert f'<base href="{pozuzo_server.url}datos/unidad/gm.html">' in reply.text
    assert request(pozuzo_server.url + "datos/estilo.css").status == 200
    assert request(pozuzo_server.url + "datos/unidad/gaf.html").status == 200


@pytest.mark.parametrize(("accept", "media_type", "fmt"), [
    ("text/turtle", "text/turtle; charset=utf-8", ox.RdfFormat.TURTLE),
    ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
])
def test_a_machine_gets_the_resources_description(pozuzo_server, accept, media_type, fmt):
    reply = request(pozuzo_server.url + "id/190305/unidad/gm", headers={"Accept": accept})
    assert reply.status == 200
    assert reply.headers["content-type"] == media_type
    assert reply.headers["vary"] == "Accept"
    triples = [quad.triple for quad in ox.parse(reply.body, format=fmt)]
    assert ox.Triple(ox.NamedNode(GM), SKOS_PREF, ox.Literal("Gerencia Municipal", language="es")) in triples
    assert {t.subject for t in triples} == {ox.NamedNode(GM)}


def test_link_header_names_every_other_form(pozuzo_server):
    reply = request(pozuzo_server.url + "id/190305/unidad/gm", headers={"Accept": "text/turtle"})
    links = reply.headers["link"]
    base = pozuzo_server.url + "id/190305/unidad/gm"
    for target, media_type in ((base + ".ttl", "text/turtle"), (base + ".nt", "application/n-triples"),
                               (base + ".jsonld", "application/ld+json"),
                               (pozuzo_server.url + "datos/unidad/gm.html", "text/html")):
        assert f'<{target}>; rel="alternate"; type="{media_type}' in links
    one_form = request(base + ".nt")
    assert one_form.status == 200 and one_form.headers["content-type"] == "application/n-triples"


def test_shared_resources_resolve_too(pozuzo_server):
    reply = request(pozuzo_server.url + "id/fuente/ley-27972", headers={"Accept": "text/turtle"})
    assert reply.status == 200
    assert "Ley Orgánica de Municipalidades" in reply.text


@pytest.mark.parametrize("path", ["id/190305/unidad/no-existe", "id/190305/unidad/gm.xls", "id/otra/cosa",
                                  "datos/no-existe.html"])
def test_unknown_resources_and_files_are_404(pozuzo_server, path):
    reply = request(pozuzo_server.url + path, headers={"Accept": BROWSER})
    assert reply.status == 404
    assert_clean(reply)


def test_an_accept_no_form_satisfies_is_406(pozuzo_server):
    reply = request(pozuzo_server.url + "id/190305/unidad/gm", headers={"Accept": "image/png"})
    assert reply.status == 406 and "text/turtle" in reply.text and "text/html" in reply.text


def test_void_and_catalogue_name_the_server_and_its_endpoint(pozuzo_server):
    void = rdflib.Graph().parse(data=request(pozuzo_server.url + "datos/void.ttl").body, format="turtle")
    endpoint = rdflib.URIRef(pozuzo_server.url + "sparql")
    VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
    DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    assert (None, VOID.sparqlEndpoint, endpoint) in void
    assert (None, VOID.dataDump, rdflib.URIRef(pozuzo_server.url + "datos/pozuzo.nt")) in void
    catalog = rdflib.Graph().parse(data=request(pozuzo_server.url + "datos/catalogo.ttl").body, format="turtle")
    service = next(catalog.subjects(rdflib.RDF.type, DCAT.DataService))
    assert catalog.value(service, DCAT.endpointURL) == endpoint
    assert catalog.value(service, DCAT.servesDataset) == next(catalog.subjects(rdflib.RDF.type, DCAT.Dataset))
    dump = request(pozuzo_server.url + "datos/pozuzo.nt")
    assert dump.status == 200 and dump.headers["content-type"] == "application/n-triples"
    again = request(pozuzo_server.url + "datos/pozuzo.nt", headers={"If-None-Match": dump.headers["etag"]})
    assert again.status == 304


def test_the_query_page_loads_nothing_from_elsewhere(pozuzo_server):
    import re

    page = request(pozuzo_server.url)
    assert page.status == 200
    assert page.headers["content-security-policy"].startswith("default-src 'none'; script-src 'self'")
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(source.startswith(("/", "#")) for source in sources), sources
    for asset, media_type in (("static/ui.js", "text/javascript"), ("static/ui.css", "text/css")):
        reply = request(pozuzo_server.url + asset)
        assert reply.status == 200 and reply.headers["content-type"].startswith(media_type)
        assert not re.search(rb"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", reply.body)  # no address of another host
