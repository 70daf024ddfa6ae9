"""Namespaces and the IRI scheme ``{BASE}/id/{kind}/{id}``, in one place."""

BASE = "https://w3id.org/pozuzo-kg"
ID_BASE = f"{BASE}/id/"
ONTOLOGY_IRI = f"{BASE}/ontologia"
PZO = f"{ONTOLOGY_IRI}#"
ONTOLOGY_GRAPH = f"{BASE}/grafo/ontologia"
"""Named graph of the embedded store that holds the ontology, kept apart from the data (default graph)."""

ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
CV = "http://data.europa.eu/m8g/"

KINDS = (
    "afirmacion", "conflicto", "conjunto", "esquema", "fuente", "funcion", "instrumento", "lugar",
    "organizacion", "puesto", "responsabilidad", "tipo-organo", "unidad",
)
"""The kinds of resource the IRI scheme knows, each the path segment after ``/id/``."""

PREFIXES: dict[str, str] = {
    "cv": CV,
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": DCTERMS,
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": ORG,
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": PROV,
    "pzo": PZO,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "xsd": XSD,
    **{kind: f"{ID_BASE}{kind}/" for kind in KINDS},
}
"""Stable prefixes: used by serializers (sorted) and offered to every SPARQL query."""


def iri(kind: str, identifier: str) -> str:
    """The IRI of resource ``identifier`` of ``kind`` (one of :data:`KINDS`)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    return f"{ID_BASE}{kind}/{identifier}"
