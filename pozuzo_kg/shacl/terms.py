"""RDF terms the engine needs: SHACL, RDF and XSD names, and terms written as SPARQL text."""
from __future__ import annotations

import pyoxigraph as ox

from ..vocab import RDF, RDFS, XSD

Term = ox.NamedNode | ox.BlankNode | ox.Literal
"""An RDF term of a graph (subjects, predicates and objects alike)."""

SH_NS = "http://www.w3.org/ns/shacl#"


def sh(name: str) -> ox.NamedNode:
    """The SHACL term ``sh:name``."""
    return ox.NamedNode(SH_NS + name)


def rdf(name: str) -> ox.NamedNode:
    """The RDF term ``rdf:name``."""
    return ox.NamedNode(RDF + name)


def rdfs(name: str) -> ox.NamedNode:
    """The RDFS term ``rdfs:name``."""
    return ox.NamedNode(RDFS + name)


def xsd(name: str) -> ox.NamedNode:
    """The XSD datatype ``xsd:name``."""
    return ox.NamedNode(XSD + name)


RDF_TYPE = rdf("type")
TRUE = ox.Literal("true", datatype=xsd("boolean"))


def sparql(term: Term) -> str | None:
    """``term`` as a SPARQL constant (N-Triples syntax), or ``None`` for a blank node, which has no constant form."""
    return None if isinstance(term, ox.BlankNode) else str(term)


def boolean(term: Term | None) -> bool | None:
    """The value of an ``xsd:boolean`` literal written ``true``/``false``, else ``None`` (absent or ill-formed)."""
    if isinstance(term, ox.Literal) and term.datatype == xsd("boolean") and term.value in ("true", "false"):
        return term.value == "true"
    return None


def integer(term: Term | None) -> int | None:
    """The value of an ``xsd:integer`` literal, else ``None``."""
    if isinstance(term, ox.Literal) and term.datatype == xsd("integer"):
        text = term.value.strip()
        if text.lstrip("+-").isdigit():
            return int(text)
    return None


def is_string(term: Term | None) -> bool:
    """Whether ``term`` is an ``xsd:string`` literal (plain, without language)."""
    return isinstance(term, ox.Literal) and term.datatype == xsd("string")


def text(term: Term) -> str:
    """An IRI as itself, a blank node as ``_:id``, a literal as its lexical form (how findings name terms)."""
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value
