"""Counts that summarise a graph: units, posts, functions, actions, sources, conflicts, triples."""
from dataclasses import asdict, dataclass

from .graph import KnowledgeGraph
from .i18n import N_

_COUNT_QUERY = """
SELECT
  (COUNT(DISTINCT ?unit) AS ?units) (COUNT(DISTINCT ?post) AS ?posts) (COUNT(DISTINCT ?function) AS ?functions)
  (COUNT(DISTINCT ?responsibility) AS ?responsibilities) (COUNT(DISTINCT ?instrument) AS ?instruments)
  (COUNT(DISTINCT ?action) AS ?actions)
  (COUNT(DISTINCT ?source) AS ?sources) (COUNT(DISTINCT ?claim) AS ?claims) (COUNT(DISTINCT ?conflict) AS ?conflicts)
WHERE {
  { ?unit a org:OrganizationalUnit } UNION { ?post a org:Post } UNION { ?function a pzo:Function }
  UNION { ?responsibility a pzo:Responsibility } UNION { ?instrument a pzo:ManagementInstrument }
  UNION { ?action a pzo:Action }
  UNION { ?source a ?sourceClass . ?sourceClass rdfs:subClassOf* pzo:Source }
  UNION { ?claim a pzo:Claim } UNION { ?conflict a pzo:Conflict }
}
"""


@dataclass(frozen=True)
class Stats:
    """What ``pozuzo-kg stats`` reports (the table's labels are :data:`LABELS`)."""

    units: int
    posts: int
    functions: int
    responsibilities: int
    instruments: int
    actions: int
    sources: int
    claims: int
    conflicts: int
    data_triples: int
    ontology_triples: int

    def as_dict(self) -> dict[str, int]:
        """The counts by field name."""
        return asdict(self)


LABELS = {
    "units": N_("Organizational units"),
    "posts": N_("Posts"),
    "functions": N_("Functions"),
    "responsibilities": N_("Responsibilities"),
    "instruments": N_("Management instruments"),
    "actions": N_("Actions"),
    "sources": N_("Sources"),
    "claims": N_("Claims"),
    "conflicts": N_("Conflicts between sources"),
    "data_triples": N_("Data triples"),
    "ontology_triples": N_("Ontology triples"),
}
"""The table's label of each count (English msgids; translate with ``_()`` where shown)."""


def compute_stats(graph: KnowledgeGraph) -> Stats:
    """The counts of ``graph`` (data and ontology triples counted apart)."""
    solution = next(iter(graph.query(_COUNT_QUERY)))
    counts = {name: int(solution[name].value) for name in LABELS if name not in ("data_triples", "ontology_triples")}
    return Stats(**counts, data_triples=graph.data_size(), ontology_triples=graph.ontology_size())
