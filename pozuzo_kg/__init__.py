"""pozuzo-kg: the knowledge graph of the Municipalidad Distrital de Pozuzo's organization, and its toolkit.

Data enters through :func:`load_graph` (the only door for RDF), which returns a read-only
:class:`KnowledgeGraph` (the embedded Oxigraph store: data in the default graph, ontology apart).
Everything else is a function of that graph: ``stats``, ``validation``, ``queries``, ``analytics``,
``publish``; ``cli`` turns them into the ``pozuzo-kg`` command.
"""
from importlib.metadata import PackageNotFoundError, version

from .graph import KnowledgeGraph
from .loader import load_graph

try:
    __version__ = version("pozuzo-kg")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["KnowledgeGraph", "load_graph", "__version__"]
