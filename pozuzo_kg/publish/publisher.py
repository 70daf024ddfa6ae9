"""Who publishes the bundle and where: the organization the data describes, read from the graph.

The catalogue names it as publisher and its place as spatial coverage, so a bundle of another municipality's
graph is credited to that municipality, never to Pozuzo.
"""
from dataclasses import dataclass

from ..errors import UsageError
from ..graph import KnowledgeGraph
from ..i18n import _

_ORGANIZATION = """
SELECT ?organization ?es ?en ?place WHERE {
  ?organization a/rdfs:subClassOf* org:FormalOrganization ; skos:prefLabel ?es FILTER(langMatches(lang(?es), "es"))
  OPTIONAL { ?organization skos:prefLabel ?en FILTER(langMatches(lang(?en), "en")) }
  OPTIONAL { ?organization dcterms:spatial ?place FILTER(isIRI(?place)) }
} ORDER BY ?organization ?es ?en ?place LIMIT 1
"""

_PLACES = """
SELECT ?organization ?place ?es ?en ?parent WHERE {
  ?organization dcterms:spatial/dcterms:isPartOf* ?place .
  OPTIONAL { ?place skos:prefLabel ?es FILTER(langMatches(lang(?es), "es")) }
  OPTIONAL { ?place skos:prefLabel ?en FILTER(langMatches(lang(?en), "en")) }
  OPTIONAL { ?place dcterms:isPartOf ?parent FILTER(isIRI(?parent)) }
} ORDER BY ?place ?es ?en ?parent
"""


@dataclass(frozen=True)
class Publisher:
    """The organization (IRI, names in Spanish and English) and its place (IRI, names from narrowest to broadest)."""

    iri: str
    name_es: str
    name_en: str
    place: str | None
    place_es: str
    place_en: str

    @property
    def of_es(self) -> str:
        """``de la Municipalidad …``: the name after «de», with the article Spanish asks for before «Municipalidad»."""
        return f"de la {self.name_es}" if self.name_es.lower().startswith("municipalidad") else f"de {self.name_es}"


def read_publisher(graph: KnowledgeGraph) -> Publisher:
    """The first ``org:FormalOrganization`` (by IRI) with a Spanish name, or :class:`UsageError` if there is none."""
    row = next(iter(graph.query(_ORGANIZATION)), None)
    if row is None:
        raise UsageError(_("the data names no organization (an org:FormalOrganization with a Spanish"
                           " skos:prefLabel); the catalogue needs its publisher"))
    organization, place = row["organization"], row["place"]
    names: dict[str, tuple[str | None, str | None, str | None]] = {}
    for found in graph.query(_PLACES, {"organization": organization}):
        names.setdefault(found["place"].value, tuple(t.value if t is not None else None
                                                     for t in (found["es"], found["en"], found["parent"])))
    chain_es: list[str] = []
    chain_en: list[str] = []
    current = place.value if place is not None else None
    while current in names and len(chain_es) < len(names):  # the length guard stops on an isPartOf cycle
        es, en, parent = names[current]
        chain_es.append(es or current)
        chain_en.append(en or es or current)
        current = parent
    return Publisher(iri=organization.value, name_es=row["es"].value,
                     name_en=row["en"].value if row["en"] is not None else row["es"].value,
                     place=place.value if place is not None else None,
                     place_es=", ".join(chain_es), place_en=", ".join(chain_en))
