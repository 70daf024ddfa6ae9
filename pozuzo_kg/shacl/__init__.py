"""SHACL evaluated on the embedded Oxigraph store, with pySHACL as the fallback.

:func:`pozuzo_kg.shacl.dispatch.run` is the one entry point: it reads the shapes (:mod:`.shapes`), routes every
constraint (a shape and one constraint component) either to the SPARQL engine (:mod:`.core` for the SHACL core
components, :mod:`.sparql` for SPARQL-based constraints, both compiled to one query per constraint over all its
focus nodes) or, by the declared list :data:`pozuzo_kg.shacl.dispatch.COMPILED` and the reasons each compiler
gives, to pySHACL (:mod:`.fallback`), and merges both into the same typed results (:mod:`.results`).
"""
