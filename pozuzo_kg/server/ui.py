"""The query page for people at ``/``: the named queries (title, description, parameters) ready to run, a search
box, a SPARQL editor and the answer as a table. Its texts come from the message catalogue (the server's
language); its one script and stylesheet are files of this package (``static/``), never fetched from elsewhere.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from importlib.resources import files

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..i18n import _, language
from ..queries import catalogue
from ..vocab import BASE
from .cache import matches
from .sparql import ALL_METHODS
from .responses import error, method_not_allowed

SEARCH = ("buscar", "texto")
"""The named query behind the search box, and its parameter."""
EXAMPLE = """SELECT ?unidad ?nombre WHERE {
  ?unidad a org:OrganizationalUnit ; skos:prefLabel ?nombre .
  FILTER(LANG(?nombre) = "es")
}
ORDER BY ?nombre"""
STATIC = {"ui.js": "text/javascript; charset=utf-8", "ui.css": "text/css; charset=utf-8"}
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
          " base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
"""Content-Security-Policy of the page: only this server's own script, stylesheet and endpoint."""


class QueryPage:
    """Routes of the page and its static files."""

    def __init__(self, cache_max_age: int, prefixes: Mapping[str, str]) -> None:
        import jinja2

        self.cache_max_age = cache_max_age
        self.prefixes = dict(prefixes)
        """The graph's prefixes: the table shows ``unidad:gm`` for an IRI, the whole IRI on hover."""
        self.environment = jinja2.Environment(
            loader=jinja2.PackageLoader("pozuzo_kg.server", "templates"), autoescape=True,
            undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.static = {name: files("pozuzo_kg.server").joinpath("static", name).read_bytes() for name in STATIC}
        self.routes = [Route("/", self.page, methods=ALL_METHODS), Route("/static/{name}", self.asset, methods=ALL_METHODS)]

    async def page(self, request: Request) -> Response:
        """The query page, in the server's language."""
        if request.method not in ("GET", "HEAD"):
            return method_not_allowed("GET, HEAD")
        root = request.scope.get("root_path", "") + "/"
        html = self.environment.get_template("ui.html").render(
            lang=language(), root=root, namespace=BASE + "/", t=_texts(), messages=_script_data(self.prefixes),
            queries=[q for name, q in catalogue().items() if name != SEARCH[0]],
            search={"name": SEARCH[0], "parameter": SEARCH[1]}, example=EXAMPLE)
        return Response(html, media_type="text/html; charset=utf-8",
                        headers={"Content-Security-Policy": POLICY, "Cache-Control": "no-cache"})

    async def asset(self, request: Request) -> Response:
        """``ui.js`` or ``ui.css``."""
        if request.method not in ("GET", "HEAD"):
            return method_not_allowed("GET, HEAD")
        name = request.path_params["name"]
        if name not in self.static:
            return error(404, _("nothing at {path} on this server").format(path=request.url.path))
        tag = f'"{hashlib.sha256(self.static[name]).hexdigest()[:32]}"'
        headers = {"ETag": tag, "Cache-Control": f"public, max-age={self.cache_max_age}"}
        if matches(request.headers.get("if-none-match"), tag):
            return Response(status_code=304, headers=headers)
        return Response(self.static[name], media_type=STATIC[name], headers=headers)


def _texts() -> dict[str, str]:
    return {
        "title": _("Queries on the knowledge graph"),
        "intro": _("Run a ready-made query, search the graph or write your own SPARQL. Every answer comes from"
                   " this server's SPARQL endpoint."),
        "skip": _("Skip to the results"),
        "links": _("Other pages"),
        "bundle": _("Published data and pages"),
        "service": _("Endpoint description (SPARQL)"),
        "health": _("Server status"),
        "search": _("Search"),
        "search_label": _("Text to look for in names and descriptions"),
        "search_button": _("Search"),
        "named": _("Ready-made queries"),
        "run": _("Run"),
        "editor": _("Your own SPARQL query"),
        "editor_label": _("SPARQL query (the project's prefixes, such as org: and skos:, are declared)"),
        "results": _("Results"),
        "none_yet": _("Run a query to see its results here."),
        "footer": _("Open data under the CC BY 4.0 licence. Every fact names its source."),
    }


def _script_data(prefixes: Mapping[str, str]) -> Markup:
    """The texts the script shows and the graph's prefixes, as JSON safe inside a ``<script>`` element."""
    messages = {
        "running": _("Running the query…"),
        "rows": _("{n} rows"),
        "one_row": _("1 row"),
        "truncated": _("Only the first {n} rows are shown (the server's limit)."),
        "yes": _("Yes: the pattern is in the graph."),
        "no": _("No: the pattern is not in the graph."),
        "graph": _("The answer is a graph, shown as Turtle."),
        "failed": _("The query could not run (error {status}): {message}"),
        "unreachable": _("The server could not be reached."),
    }
    text = json.dumps({**messages, "prefixes": prefixes}, ensure_ascii=False)
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))
