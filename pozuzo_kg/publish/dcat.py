"""The bundle's metadata for portals: a DCAT 3 / DCAT-AP 3.0.1 catalogue (``catalogo.ttl``, ``catalogo.jsonld``)
with one distribution per file (size and SHA-256 of the bytes actually written), and a VoID description
(``void.ttl``) with the data's triple, entity, class and property counts.

Resources of the catalogue are hash IRIs in ``{base_url}catalogo.ttl``, so they dereference to the file that
describes them wherever the bundle is hosted; no blank nodes, so the Turtle bytes are stable.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from datetime import date as Date

from ..errors import UsageError
from ..graph import KnowledgeGraph
from ..i18n import _
from ..jsonld import jsonld
from ..vocab import ID_BASE, PREFIXES
from .model import Download
from .publisher import read_publisher
from .rdf import turtle

CATALOG_FILE = "catalogo.ttl"
CATALOG_JSONLD_FILE = "catalogo.jsonld"
VOID_FILE = "void.ttl"
DEFAULT_BASE_URL = "https://datos.example.org/pozuzo-kg/"
"""Placeholder host: pass ``--base-url`` with the address the bundle is really served from."""

LICENSE = "https://creativecommons.org/licenses/by/4.0/"
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
SPDX = "http://spdx.org/rdf/terms#"
VOID = "http://rdfs.org/ns/void#"
ADMS = "http://www.w3.org/ns/adms#"
DCATAP = "http://data.europa.eu/r5r/"
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"

EU_FILE_TYPES = {
    "text/turtle": "RDF_TURTLE", "application/n-triples": "RDF_N_TRIPLES", "application/ld+json": "JSON_LD",
    "text/csv": "CSV", "application/csvm+json": "JSON", "application/json": "JSON", "image/svg+xml": "SVG",
    "text/html": "HTML", "text/vnd.graphviz": "TXT", "text/plain": "TXT", "text/markdown": "TXT",
}
"""IANA media type → code of the EU file-type authority table (dcterms:format)."""

_CATALOG_PREFIXES = {name: PREFIXES[name] for name in ("dcat", "dcterms", "foaf", "rdf", "rdfs", "skos", "xsd")}
_CATALOG_PREFIXES.update({"adms": ADMS, "dcatap": DCATAP, "spdx": SPDX, "void": VOID})
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BASE_URL = re.compile(r'https?://[^\x00-\x20<>"{}|\\^`\x7f/?#]+(/[^\x00-\x20<>"{}|\\^`\x7f?#]*)?')
"""An absolute http(s) URL, no query or fragment, only characters an IRI can hold."""
_DATE_QUERY = """
SELECT (MAX(STR(?revised)) AS ?revision) (MAX(STR(?value)) AS ?newest) WHERE {
  ?s ?p ?value FILTER(isLITERAL(?value) && DATATYPE(?value) IN (xsd:date, xsd:dateTime))
  OPTIONAL { FILTER(?p = dcterms:modified) BIND(?value AS ?revised) }
}"""


def release_date(graph: KnowledgeGraph, override: str | None = None) -> str:
    """``YYYY-MM-DD`` of the release: ``override`` if given (validated), else the graph's revision date.

    The revision date is the newest ``dcterms:modified`` (the data's curation record states one), or failing
    that the newest date the graph states.
    Never the clock, so that two publishes of the same data give the same bytes.
    """
    if override is not None:
        try:
            if not _DATE.fullmatch(override):
                raise ValueError
            return Date.fromisoformat(override).isoformat()
        except ValueError:
            raise UsageError(_("invalid --date {value!r}: expected YYYY-MM-DD").format(value=override)) from None
    solution = next(iter(graph.query(_DATE_QUERY)))
    newest = solution["revision"] or solution["newest"]
    if newest is None:
        raise UsageError(_("the data states no date (xsd:date) to derive the release date from; pass --date"
                           " YYYY-MM-DD"))
    return newest.value[:10]


def normalize_base_url(base_url: str) -> str:
    """An absolute http(s) URL ending in ``/`` (one is added), or :class:`UsageError`.

    Characters an IRI cannot hold (spaces, quotes, angle brackets, braces, ``|``, backslash, ``^``, backquote,
    control characters) are refused, since the catalogue could not write them: percent-encode them (``%20``).
    """
    if not _BASE_URL.fullmatch(base_url):
        raise UsageError(_("invalid --base-url {value!r}: expected an absolute http(s) URL such as {example}").format(
            value=base_url, example=DEFAULT_BASE_URL))
    return base_url if base_url.endswith("/") else base_url + "/"


def build_void(graph: KnowledgeGraph, dumps: Sequence[str], *, base_url: str, date: str,
               endpoint: str | None = None) -> dict[str, bytes]:
    """``void.ttl``: counts of the data, its class and property partitions and its ``dumps`` (bundle paths);
    ``endpoint``, the URL of a SPARQL endpoint serving the data, as ``void:sparqlEndpoint``."""
    import rdflib

    from rdflib.namespace import DCTERMS as dcterms, VOID as void, XSD as xsd

    g = _graph()
    g.bind("void", VOID)
    dataset = rdflib.URIRef(f"{base_url}{VOID_FILE}#pozuzo-kg")
    count = _counts(graph)
    g.add((dataset, rdflib.RDF.type, void.Dataset))
    who = read_publisher(graph)
    g.add((dataset, dcterms.title, rdflib.Literal(f"Grafo de conocimiento {who.of_es}", lang="es")))
    g.add((dataset, dcterms.title, rdflib.Literal(f"Knowledge graph of the {who.name_en}", lang="en")))
    g.add((dataset, dcterms.license, rdflib.URIRef(LICENSE)))
    g.add((dataset, dcterms.modified, rdflib.Literal(date, datatype=xsd.date)))
    g.add((dataset, void.uriSpace, rdflib.Literal(ID_BASE)))
    for name, value in (("triples", count["triples"]), ("entities", count["entities"]), ("classes", count["classes"]),
                        ("properties", count["properties"]), ("distinctSubjects", count["subjects"]),
                        ("distinctObjects", count["objects"])):
        g.add((dataset, void[name], rdflib.Literal(value, datatype=xsd.integer)))
    for path in dumps:
        g.add((dataset, void.dataDump, rdflib.URIRef(base_url + path)))
    if endpoint is not None:
        g.add((dataset, void.sparqlEndpoint, rdflib.URIRef(endpoint)))
    for namespace in ("org", "skos", "dcterms", "prov", "cv", "pzo"):
        g.add((dataset, void.vocabulary, rdflib.URIRef(PREFIXES[namespace])))
    for iri_, size in _class_sizes(graph).items():
        part = rdflib.URIRef(f"{base_url}{VOID_FILE}#clase-{_slug(iri_)}")
        g.add((dataset, void.classPartition, part))
        g.add((part, void["class"], rdflib.URIRef(iri_)))
        g.add((part, void.entities, rdflib.Literal(size, datatype=xsd.integer)))
    for iri_, size in _property_sizes(graph).items():
        part = rdflib.URIRef(f"{base_url}{VOID_FILE}#propiedad-{_slug(iri_)}")
        g.add((dataset, void.propertyPartition, part))
        g.add((part, void.property, rdflib.URIRef(iri_)))
        g.add((part, void.triples, rdflib.Literal(size, datatype=xsd.integer)))
    return {VOID_FILE: turtle(g, f"# Descripción VoID del grafo de conocimiento {who.of_es}. Licencia: CC BY 4.0.\n")}


def build_catalog(graph: KnowledgeGraph, files: Mapping[str, bytes], downloads: Sequence[Download], *,
                  base_url: str, date: str, endpoint: str | None = None) -> dict[str, bytes]:
    """``catalogo.ttl`` and ``catalogo.jsonld``: the catalogue, the dataset and one distribution per download.

    ``files`` holds the bytes of every download (sizes and checksums are computed from them); ``endpoint``, the
    URL of a SPARQL endpoint serving the dataset (``pozuzo-kg serve``), adds it as a ``dcat:DataService``.
    """
    g = catalog_graph(graph, files, downloads, base_url=base_url, date=date, endpoint=endpoint)
    header = f"# Catálogo DCAT-AP 3.0.1 del grafo de conocimiento {read_publisher(graph).of_es}. Licencia: CC BY 4.0.\n"
    context = dict(sorted(_CATALOG_PREFIXES.items()))
    return {CATALOG_FILE: turtle(g, header), CATALOG_JSONLD_FILE: jsonld(g, context, context)}


def catalog_graph(graph: KnowledgeGraph, files: Mapping[str, bytes], downloads: Sequence[Download], *,
                  base_url: str, date: str, endpoint: str | None = None):
    """The catalogue as an rdflib graph (see :func:`build_catalog`)."""
    import rdflib
    from rdflib import RDF, Literal, URIRef

    from rdflib.namespace import DCAT as dcat, DCTERMS as dct, FOAF as foaf, RDFS, SKOS as skos, XSD as xsd

    spdx = rdflib.Namespace(SPDX)
    g = _graph()
    here = f"{base_url}{CATALOG_FILE}#"
    catalog, dataset = URIRef(here + "catalogo"), URIRef(here + "conjunto-de-datos")
    who = read_publisher(graph)
    publisher = URIRef(who.iri)
    place = URIRef(who.place) if who.place else None
    license_ = URIRef(LICENSE)
    spanish = URIRef(f"{EU}language/SPA")
    modified = Literal(date, datatype=xsd.date)
    landing = URIRef(f"{base_url}index.html")

    def texts(subject, predicate, es: str, en: str) -> None:
        g.add((subject, predicate, Literal(es, lang="es")))
        g.add((subject, predicate, Literal(en, lang="en")))

    g.add((catalog, RDF.type, dcat.Catalog))
    texts(catalog, dct.title, f"Catálogo de datos abiertos de la estructura orgánica {who.of_es}",
          f"Open data catalogue of the organizational structure of the {who.name_en}")
    texts(catalog, dct.description,
          "Catálogo del grafo de conocimiento de pozuzo-kg: el conjunto de datos y cada uno de sus archivos.",
          "Catalogue of the pozuzo-kg knowledge graph: the dataset and each of its files.")
    for predicate, value in ((dct.publisher, publisher), (dct.license, license_), (dct.language, spanish),
                             (dct.spatial, place), (dct.modified, modified), (foaf.homepage, landing),
                             (dcat.dataset, dataset), (dcat.themeTaxonomy, URIRef(f"{EU}data-theme"))):
        if value is not None:
            g.add((catalog, predicate, value))

    g.add((dataset, RDF.type, dcat.Dataset))
    where_es, where_en = (f" ({who.place_es})", f" ({who.place_en})") if who.place else ("", "")
    texts(dataset, dct.title, f"Estructura orgánica {who.of_es}", f"Organizational structure of the {who.name_en}")
    texts(dataset, dct.description,
          "Grafo de conocimiento (ontología W3C ORG) de las unidades orgánicas, puestos, funciones y responsabilidades "
          f"{who.of_es}{where_es}, con la fuente, línea o artículo y cita textual de cada afirmación, y las "
          "discrepancias entre fuentes.",
          "Knowledge graph (W3C ORG ontology) of the organizational units, posts, functions and responsibilities of "
          f"the {who.name_en}{where_en}, with the source, line or article and quote of every claim, and the "
          "conflicts between sources.")
    g.add((dataset, dct.identifier, Literal(str(dataset))))
    keywords = ["estructura orgánica", "municipalidad", "organigrama", "gobierno local"]
    keywords += [who.place_es.split(", ")[0]] if who.place else []
    for keyword in keywords:
        g.add((dataset, dcat.keyword, Literal(keyword, lang="es")))
    theme = URIRef(f"{EU}data-theme/GOVE")
    for predicate, value in ((dct.publisher, publisher), (dct.language, spanish), (dct.spatial, place),
                             (dct.modified, modified), (dcat.theme, theme), (dcat.landingPage, landing),
                             (dct.conformsTo, URIRef(PREFIXES["org"])),
                             (dct.accrualPeriodicity, URIRef(f"{EU}frequency/IRREG")),
                             (RDFS.seeAlso, URIRef(f"{base_url}{VOID_FILE}#pozuzo-kg"))):
        if value is not None:
            g.add((dataset, predicate, value))

    for download in downloads:
        distribution = URIRef(here + "distribucion-" + _slug(download.path))
        content = files[download.path]
        checksum = URIRef(here + "sha256-" + _slug(download.path))
        url = URIRef(base_url + download.path)
        g.add((dataset, dcat.distribution, distribution))
        g.add((distribution, RDF.type, dcat.Distribution))
        g.add((distribution, dct.title, Literal(download.title, lang="es")))
        g.add((distribution, dct.description, Literal(f"{download.title}; formato {download.format}.", lang="es")))
        for predicate, value in ((dcat.accessURL, url), (dcat.downloadURL, url), (dct.license, license_),
                                 (dcat.mediaType, URIRef(IANA + download.media_type)),
                                 (dct.format, URIRef(f"{EU}file-type/{EU_FILE_TYPES[download.media_type]}")),
                                 (dcat.byteSize, Literal(len(content), datatype=xsd.nonNegativeInteger)),
                                 (dct.modified, modified), (spdx.checksum, checksum)):
            g.add((distribution, predicate, value))
        g.add((checksum, RDF.type, spdx.Checksum))
        g.add((checksum, spdx.algorithm, spdx.checksumAlgorithm_sha256))
        g.add((checksum, spdx.checksumValue, Literal(hashlib.sha256(content).hexdigest(), datatype=xsd.hexBinary)))
        g.add((URIRef(IANA + download.media_type), RDF.type, dct.MediaType))
        g.add((URIRef(f"{EU}file-type/{EU_FILE_TYPES[download.media_type]}"), RDF.type, dct.MediaTypeOrExtent))

    if endpoint is not None:
        service, protocol = URIRef(here + "servicio-sparql"), URIRef(SPARQL_PROTOCOL)
        g.add((catalog, dcat.service, service))
        g.add((service, RDF.type, dcat.DataService))
        texts(service, dct.title, f"Punto de consulta SPARQL {who.of_es}", f"SPARQL endpoint of the {who.name_en}")
        texts(service, dct.description,
              "Consultas SPARQL 1.1 sobre el conjunto de datos; sin consulta, el punto describe el servicio.",
              "SPARQL 1.1 queries over the dataset; without a query, the endpoint describes the service.")
        for predicate, value in ((dcat.endpointURL, URIRef(endpoint)), (dcat.endpointDescription, URIRef(endpoint)),
                                 (dcat.servesDataset, dataset), (dct.conformsTo, protocol), (dct.license, license_),
                                 (dct.publisher, publisher)):
            g.add((service, predicate, value))
        g.add((protocol, RDF.type, dct.Standard))
        g.add((protocol, dct.title, Literal("SPARQL 1.1 Protocol (W3C)", lang="en")))

    # The classes the DCAT-AP shapes require of the values (sh:class), with their labels.
    g.add((spdx.checksumAlgorithm_sha256, RDF.type, spdx.ChecksumAlgorithm))
    g.add((publisher, RDF.type, foaf.Agent))
    texts(publisher, foaf.name, who.name_es, who.name_en)
    g.add((publisher, dct.type, URIRef("http://purl.org/adms/publishertype/LocalAuthority")))
    g.add((URIRef("http://purl.org/adms/publishertype/LocalAuthority"), RDF.type, skos.Concept))
    texts(URIRef("http://purl.org/adms/publishertype/LocalAuthority"), skos.prefLabel, "Autoridad local", "Local Authority")
    if place is not None:
        g.add((place, RDF.type, dct.Location))
        texts(place, skos.prefLabel, who.place_es, who.place_en)
    g.add((license_, RDF.type, dct.LicenseDocument))
    g.add((license_, RDFS.label, Literal("Creative Commons Attribution 4.0 International (CC BY 4.0)", lang="en")))
    g.add((spanish, RDF.type, dct.LinguisticSystem))
    g.add((theme, RDF.type, skos.Concept))
    texts(theme, skos.prefLabel, "Gobierno y sector público", "Government and public sector")
    g.add((theme, skos.inScheme, URIRef(f"{EU}data-theme")))
    g.add((URIRef(f"{EU}data-theme"), RDF.type, skos.ConceptScheme))
    texts(URIRef(f"{EU}data-theme"), dct.title, "Temas de datos", "Data theme")
    g.add((landing, RDF.type, foaf.Document))
    g.add((URIRef(PREFIXES["org"]), RDF.type, dct.Standard))
    g.add((URIRef(PREFIXES["org"]), dct.title, Literal("The Organization Ontology (W3C)", lang="en")))
    g.add((URIRef(f"{EU}frequency/IRREG"), RDF.type, dct.Frequency))
    return g


def _graph():
    import rdflib

    g = rdflib.Graph()
    for prefix, namespace in sorted(_CATALOG_PREFIXES.items()):
        g.bind(prefix, namespace, override=True, replace=True)
    return g


def _slug(text: str) -> str:
    """A fragment-safe name: ``tablas/unidades.csv`` → ``tablas-unidades-csv``; IRIs by their prefixed name."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if text.startswith(namespace):
            text = f"{prefix}-{text[len(namespace):]}"
            break
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")


def _counts(graph: KnowledgeGraph) -> dict[str, int]:
    """VoID's dataset-level counts of the data; entities are the distinct IRI subjects."""
    import pyoxigraph as ox

    triples = list(graph.data_triples())
    subjects = {t.subject for t in triples}
    return {
        "triples": len(triples),
        "entities": sum(1 for s in subjects if isinstance(s, ox.NamedNode)),
        "subjects": len(subjects),
        "objects": len({t.object for t in triples}),
        "properties": len({t.predicate for t in triples}),
        "classes": len(_class_sizes(graph)),
    }


def _class_sizes(graph: KnowledgeGraph) -> dict[str, int]:
    """Entities per class of the data, sorted by class IRI."""
    members: dict[str, set] = {}
    for triple in graph.data_triples():
        if triple.predicate.value == PREFIXES["rdf"] + "type":
            members.setdefault(triple.object.value, set()).add(triple.subject)
    return {cls: len(found) for cls, found in sorted(members.items())}


def _property_sizes(graph: KnowledgeGraph) -> dict[str, int]:
    """Triples per property of the data, sorted by property IRI."""
    sizes: dict[str, int] = {}
    for triple in graph.data_triples():
        sizes[triple.predicate.value] = sizes.get(triple.predicate.value, 0) + 1
    return dict(sorted(sizes.items()))
