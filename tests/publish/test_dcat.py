"""The DCAT-AP catalogue conforms to the official DCAT-AP 3.0.1 shapes and describes the files truly;
VoID counts the data."""
import hashlib
import json
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from pozuzo_kg.errors import UsageError
from pozuzo_kg.publish import rdf, tables
from pozuzo_kg.publish.bundle import ORGCHART_DOWNLOADS, VOID_DOWNLOAD
from pozuzo_kg.publish.orgchart import build_orgchart
from pozuzo_kg.publish.dcat import (CATALOG_FILE, CATALOG_JSONLD_FILE, DEFAULT_BASE_URL, VOID_FILE, build_catalog,
                                    build_void, normalize_base_url, release_date)

DCAT_AP_SHAPES = Path(__file__).resolve().parents[2].parent / "shared" / "standards" / "dcat-ap-3.0.1" / "dcat-ap-SHACL.ttl"
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")
FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")
RDF = rdflib.RDF
BASE = "https://datos.muni-pozuzo.example/abiertos/"


@pytest.fixture(scope="module")
def built(kg):
    files = {**rdf.build_rdf(kg), **tables.build_tables(kg), **build_orgchart(kg)}
    files.update(build_void(kg, ["pozuzo.nt"], base_url=BASE, date="2024-06-30"))
    downloads = [*rdf.DOWNLOADS, *rdf.shape_downloads(), *tables.downloads(), *ORGCHART_DOWNLOADS.values(), VOID_DOWNLOAD]
    catalog = build_catalog(kg, files, downloads, base_url=BASE, date="2024-06-30")
    return files, downloads, catalog


@pytest.fixture(scope="module")
def catalog(built):
    return rdflib.Graph().parse(data=built[2][CATALOG_FILE], format="turtle")


def test_catalog_conforms_to_the_official_dcat_ap_3_0_1_shapes(catalog):
    import pyshacl

    shapes = rdflib.Graph().parse(DCAT_AP_SHAPES, format="turtle")
    conforms, report, text = pyshacl.validate(catalog, shacl_graph=shapes)
    severities = list(report.objects(None, SH.resultSeverity))
    assert conforms, text
    assert severities == [], text  # no violations, and no warnings or infos either


def test_one_distribution_per_file_with_true_size_and_checksum(built, catalog):
    files, downloads, _ = built
    dataset = next(catalog.subjects(RDF.type, DCAT.Dataset))
    distributions = list(catalog.objects(dataset, DCAT.distribution))
    assert len(distributions) == len(downloads) == len(files)
    by_url = {str(catalog.value(d, DCAT.downloadURL)): d for d in distributions}
    assert sorted(by_url) == sorted(BASE + path for path in files)
    for path, content in files.items():
        distribution = by_url[BASE + path]
        assert catalog.value(distribution, DCAT.accessURL) == rdflib.URIRef(BASE + path)
        assert catalog.value(distribution, DCAT.byteSize) == rdflib.Literal(len(content), datatype=XSD.nonNegativeInteger)
        checksum = catalog.value(distribution, SPDX.checksum)
        assert catalog.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(catalog.value(checksum, SPDX.checksumValue)) == hashlib.sha256(content).hexdigest()
        assert catalog.value(distribution, DCTERMS.license) == rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")


def test_formats_and_media_types_use_the_eu_and_iana_vocabularies(catalog):
    by_url = {str(catalog.value(d, DCAT.downloadURL)): d for d in catalog.subjects(RDF.type, DCAT.Distribution)}
    turtle, csv = by_url[BASE + "pozuzo.ttl"], by_url[BASE + "tablas/unidades.csv"]
    eu = "http://publications.europa.eu/resource/authority/file-type/"
    assert catalog.value(turtle, DCTERMS["format"]) == rdflib.URIRef(eu + "RDF_TURTLE")
    assert catalog.value(turtle, DCAT.mediaType) == rdflib.URIRef("http://www.iana.org/assignments/media-types/text/turtle")
    assert catalog.value(csv, DCTERMS["format"]) == rdflib.URIRef(eu + "CSV")
    assert catalog.value(by_url[BASE + "pozuzo.nt"], DCTERMS["format"]) == rdflib.URIRef(eu + "RDF_N_TRIPLES")
    assert catalog.value(by_url[BASE + "pozuzo.jsonld"], DCTERMS["format"]) == rdflib.URIRef(eu + "JSON_LD")
    svg = by_url[BASE + "organigrama.svg"]
    assert catalog.value(svg, DCTERMS["format"]) == rdflib.URIRef(eu + "SVG")
    assert catalog.value(svg, DCAT.mediaType) == rdflib.URIRef("http://www.iana.org/assignments/media-types/image/svg+xml")


def test_dataset_metadata(catalog):
    dataset = next(catalog.subjects(RDF.type, DCAT.Dataset))
    titles = {t.language: str(t) for t in catalog.objects(dataset, DCTERMS.title)}
    assert titles == {"es": "Estructura orgánica de la Municipalidad Distrital de Pozuzo",
                      "en": "Organizational structure of the District Municipality of Pozuzo"}
    publisher = catalog.value(dataset, DCTERMS.publisher)
    assert publisher == rdflib.URIRef("https://w3id.org/pozuzo-kg/id/190305/organizacion/mdp")
    assert rdflib.Literal("Municipalidad Distrital de Pozuzo", lang="es") in set(
        catalog.objects(publisher, FOAF.name))
    assert catalog.value(dataset, DCTERMS.spatial) == rdflib.URIRef("https://w3id.org/pozuzo-kg/id/lugar/190305")
    assert catalog.value(dataset, DCTERMS.modified) == rdflib.Literal("2024-06-30", datatype=XSD.date)
    catalogue = next(catalog.subjects(RDF.type, DCAT.Catalog))
    assert catalog.value(catalogue, DCAT.dataset) == dataset
    assert str(catalogue).startswith(BASE + CATALOG_FILE + "#")
    assert not any(isinstance(term, rdflib.BNode) for triple in catalog for term in triple)


def test_catalog_jsonld_is_isomorphic_to_the_turtle(built, catalog):
    document = json.loads(built[2][CATALOG_JSONLD_FILE])
    assert isinstance(document["@context"], dict)  # inlined: a harvester needs no second request
    assert isomorphic(rdflib.Graph().parse(data=json.dumps(document), format="json-ld"), catalog)


def test_void_counts_the_data(kg):
    graph = rdflib.Graph().parse(data=build_void(kg, ["pozuzo.nt"], base_url=BASE, date="2024-06-30")[VOID_FILE],
                                 format="turtle")
    dataset = next(graph.subjects(RDF.type, VOID.Dataset))
    assert graph.value(dataset, VOID.triples).toPython() == 4153
    assert graph.value(dataset, VOID.triples).toPython() == kg.data_size()
    assert graph.value(dataset, VOID.classes).toPython() == 18
    assert graph.value(dataset, VOID.properties).toPython() == 49  # with skos:hiddenLabel (search synonyms)
    assert graph.value(dataset, VOID.entities).toPython() == 629
    assert list(graph.objects(dataset, VOID.dataDump)) == [rdflib.URIRef(BASE + "pozuzo.nt")]
    partitions = {graph.value(p, VOID["class"]): graph.value(p, VOID.entities).toPython()
                  for p in graph.objects(dataset, VOID.classPartition)}
    org = rdflib.Namespace("http://www.w3.org/ns/org#")
    pzo = rdflib.Namespace("https://w3id.org/pozuzo-kg/ontologia#")
    assert partitions[org.OrganizationalUnit] == 8
    assert partitions[org.Post] == 2
    assert partitions[pzo.Function] == 18
    assert partitions[pzo.Claim] == 391
    assert partitions[pzo.Conflict] == 4
    assert sum(graph.value(p, VOID.triples).toPython() for p in graph.objects(dataset, VOID.propertyPartition)) == 4153


def test_release_date_comes_from_the_data_not_the_clock(kg):
    assert release_date(kg) == "2026-11-23"  # dcterms:modified of the data's curation record conjunto:pozuzo-kg
    assert release_date(kg, "2025-01-31") == "2025-01-31"


@pytest.mark.parametrize("bad", ["2025-13-01", "31/01/2025", "2025-1-1", "ayer", ""])
def test_invalid_dates_are_usage_errors(kg, bad):
    with pytest.raises(UsageError, match=r"--date .* no válida: se esperaba AAAA-MM-DD"):
        release_date(kg, bad)


def test_base_url_is_normalized_or_refused():
    assert normalize_base_url("https://datos.example.org/pozuzo") == "https://datos.example.org/pozuzo/"
    assert normalize_base_url(DEFAULT_BASE_URL) == DEFAULT_BASE_URL
    assert normalize_base_url("https://[::1]:8000/datos%20abiertos") == "https://[::1]:8000/datos%20abiertos/"
    for bad in ("datos.example.org/pozuzo/", "ftp://x/", "https://", "https://a b/", 'https://x.org/a"b/',
                "https://x.org/<a>/", "https://x.org/{a}/", "https://x.org/a\\b/", "https://x.org/a|b",
                "https://x.org/a^b", "https://x.org/a`b", "https://x.org/a\tb", "https://x.org/a?b=1"):
        with pytest.raises(UsageError, match="--base-url .* no válida"):
            normalize_base_url(bad)


def test_publisher_and_place_come_from_the_data(catalog):
    dataset = next(catalog.subjects(RDF.type, DCAT.Dataset))
    publisher = catalog.value(dataset, DCTERMS.publisher)
    assert str(publisher) == "https://w3id.org/pozuzo-kg/id/190305/organizacion/mdp"
    assert {str(name) for name in catalog.objects(publisher, FOAF.name)} == {
        "Municipalidad Distrital de Pozuzo", "District Municipality of Pozuzo"}
    place = catalog.value(dataset, DCTERMS.spatial)
    labels = {str(label) for label in catalog.objects(place, rdflib.SKOS.prefLabel)}
    assert labels == {"Pozuzo, Oxapampa, Pasco, Perú", "Pozuzo, Oxapampa, Pasco, Peru"}
    assert str(catalog.value(dataset, DCTERMS.identifier)) == BASE + CATALOG_FILE + "#conjunto-de-datos"


def test_another_municipality_is_credited_as_publisher_not_pozuzo():
    import pyshacl

    from pozuzo_kg import load_graph

    other = load_graph([Path(__file__).resolve().parents[1] / "fixtures" / "publish" / "otra-municipalidad.ttl"])
    text = build_catalog(other, {}, [], base_url=BASE, date="2024-01-02")[CATALOG_FILE].decode()
    graph = rdflib.Graph().parse(data=text, format="turtle")
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    assert str(graph.value(dataset, DCTERMS.publisher)) == "https://example.org/muni/m"
    assert {str(t) for t in graph.objects(dataset, DCTERMS.title)} == {
        "Estructura orgánica de la Municipalidad de Ejemplo", "Organizational structure of the Municipalidad de Ejemplo"}
    assert graph.value(dataset, DCTERMS.spatial) is None  # the data gives no place: none is invented
    assert "Pozuzo" not in text
    conforms, _, report = pyshacl.validate(graph, shacl_graph=rdflib.Graph().parse(DCAT_AP_SHAPES, format="turtle"))
    assert conforms, report


def test_a_graph_without_organization_cannot_be_catalogued(tmp_path):
    from pozuzo_kg import load_graph

    path = tmp_path / "sin-organizacion.ttl"
    path.write_text("<http://ex/u> a <http://www.w3.org/ns/org#OrganizationalUnit> .\n")
    with pytest.raises(UsageError, match=r"^los datos no nombran ninguna organización .* el catálogo necesita su editor$"):
        build_catalog(load_graph([path]), {}, [], base_url=BASE, date="2024-01-02")


def test_an_endpoint_is_catalogued_as_a_data_service_that_conforms(kg, built):
    import pyshacl

    files, downloads, _ = built
    endpoint = "https://datos.muni-pozuzo.example/grafo/sparql"
    turtle = build_catalog(kg, files, downloads, base_url=BASE, date="2024-06-30", endpoint=endpoint)[CATALOG_FILE]
    catalog = rdflib.Graph().parse(data=turtle, format="turtle")
    service = next(catalog.subjects(RDF.type, DCAT.DataService))
    assert catalog.value(next(catalog.subjects(RDF.type, DCAT.Catalog)), DCAT.service) == service
    assert catalog.value(service, DCAT.endpointURL) == rdflib.URIRef(endpoint)
    assert catalog.value(service, DCAT.servesDataset) == next(catalog.subjects(RDF.type, DCAT.Dataset))
    assert {str(t) for t in catalog.objects(service, DCTERMS.title)} == {
        "Punto de consulta SPARQL de la Municipalidad Distrital de Pozuzo",
        "SPARQL endpoint of the District Municipality of Pozuzo"}
    shapes = rdflib.Graph().parse(DCAT_AP_SHAPES, format="turtle")
    # The official file lists property shapes of dcat:DataServiceShape that it never defines (pyshacl refuses
    # them as malformed); they state no constraint, so they are dropped, and only they.
    dangling = [(s, o) for s, o in shapes.subject_objects(SH.property) if (o, None, None) not in shapes]
    assert dangling and all("DataServiceShape" in str(s) for s, _ in dangling)
    for subject, obj in dangling:
        shapes.remove((subject, SH.property, obj))
    conforms, report, text = pyshacl.validate(catalog, shacl_graph=shapes)
    assert conforms and list(report.objects(None, SH.resultSeverity)) == [], text
    void = rdflib.Graph().parse(data=build_void(kg, ["pozuzo.nt"], base_url=BASE, date="2024-06-30",
                                                endpoint=endpoint)[VOID_FILE], format="turtle")
    assert (None, VOID.sparqlEndpoint, rdflib.URIRef(endpoint)) in void
