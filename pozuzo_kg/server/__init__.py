"""``pozuzo-kg serve``: the graph over HTTP, read-only.

:mod:`.sparql` is the SPARQL 1.1 Protocol router (mountable on its own), :mod:`.linked_data` answers each
resource IRI and serves the bundle's files, :mod:`.ui` is the query page, :mod:`.app` assembles them behind
the middleware and :mod:`.serve` runs it. Every query goes through :mod:`.engine`, within the limits of
:mod:`.settings`.
"""
