"""The open-data bundle: every file ``pozuzo-kg publish`` writes, built from one KnowledgeGraph.

One module per output (``rdf``, ``tables``, ``dcat``, ``orgchart``, ``pages``); each builder returns
``{relative path: bytes}`` and :mod:`.bundle` is the only module that writes to disk.
"""
from .model import Download

__all__ = ["Download"]
