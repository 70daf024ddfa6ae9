"""pozuzo-kg: the knowledge graph of the Municipalidad Distrital de Pozuzo's organization, and its toolkit.

Data enters through :func:`load_graph` (the only door for RDF), which returns a read-only
:class:`KnowledgeGraph` (the embedded Oxigraph store: data in the default graph, ontology apart).
Everything else is a function of that graph: ``stats``, ``validation``, ``queries``, ``analytics``,
``publish``; ``cli`` turns them into the ``pozuzo-kg`` command.

The names below are imported on first use, so that ``import pozuzo_kg`` (and every command's start-up) stays
cheap.
"""
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .graph import KnowledgeGraph
    from .loader import load_graph

__all__ = ["KnowledgeGraph", "load_graph", "__version__"]


def __getattr__(name: str) -> object:
    if name == "KnowledgeGraph":
        from .graph import KnowledgeGraph

        return KnowledgeGraph
    if name == "load_graph":
        from .loader import load_graph

        return load_graph
    if name == "__version__":
        return _version()
    raise AttributeError(f"module 'pozuzo_kg' has no attribute {name!r}")


def _version() -> str:
    """The installed distribution's version (never a copy that could drift from ``pyproject.toml``)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pozuzo-kg")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"
