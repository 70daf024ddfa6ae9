"""``pozuzo-kg query``: named queries (``query list``, ``query NAME``), ``--file`` and ``--sparql``, here or remote."""
import argparse

from ..i18n import _
from . import add_format_option, note, write

_FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "jsonld", "nt")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "query", help=_("run a named query or your own SPARQL, on the embedded graph or a remote endpoint"),
        description=_("Runs a named query ('query list' shows them), a query file or a SPARQL string, on the "
                      "project's graph (or the given RDF files) or on a remote SPARQL 1.1 endpoint."))
    parser.add_argument("name", nargs="?", metavar="NAME", help=_("named query to run, or 'list'"))
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--file", metavar="Q.rq", help=_("run the SPARQL query in this file"))
    source.add_argument("--sparql", metavar="QUERY", help=_("run this SPARQL query"))
    parser.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                        help=_("bind a parameter of the query (repeatable)"))
    parser.add_argument("--endpoint", metavar="URL",
                        help=_("query this SPARQL endpoint instead of the embedded graph"
                               " (credentials: http://USER:PASSWORD@HOST/…)"))
    parser.add_argument("--graph", metavar="IRI", help=_("with --endpoint: query this named graph of the remote store"))
    parser.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                        help=_("with --endpoint: give up after this many seconds (default: {default})").format(default=30))
    parser.add_argument("--data", action="append", default=None, metavar="FILE",
                        help=_("an RDF file to query instead of the project's data (repeatable)"))
    add_format_option(parser, _FORMATS, "table")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import UsageError
    from ..output import format_table, to_json
    from ..queries import adhoc_query, catalogue, named_query, query_file
    from ..queries import run as run_query
    from ..results import serialize

    if args.name == "list":
        _check_list_options(args)
        queries = catalogue().values()
        if args.format == "json":
            write(to_json([q.as_dict() for q in queries]))
        elif args.format == "table":
            rows = [[q.name, q.title, ", ".join(_describe(p) for p in q.parameters)] for q in queries]
            write(format_table([_("Query"), _("Title"), _("Parameters")], rows))
        else:
            raise UsageError(_("'query list' gives table or json"))
        return 0
    if sum(bool(x) for x in (args.name, args.file, args.sparql)) != 1:
        raise UsageError(_("give one of: a query NAME ('query list' shows them), --file Q.rq or --sparql QUERY"))
    if (args.graph or args.timeout is not None) and not args.endpoint:
        raise UsageError(_("--graph and --timeout apply to remote queries: add --endpoint URL"))
    if args.endpoint and args.data:
        raise UsageError(_("--data reads local files; it cannot be combined with --endpoint"))
    query = named_query(args.name) if args.name else query_file(args.file) if args.file else adhoc_query(args.sparql)
    graph = None
    if not args.endpoint:
        from ..loader import load_graph

        graph = load_graph(args.data)
    values, timeout = _params(args.param), 30.0 if args.timeout is None else args.timeout
    result = run_query(query, values, graph=graph, endpoint=args.endpoint, graph_iri=args.graph, timeout=timeout)
    write(serialize(result, args.format))
    if result.form == "select" and not result.rows:
        _explain_empty_search(query, values, graph, args.endpoint, args.graph, timeout)
    return 0


def _explain_empty_search(query, values: dict[str, str], graph, endpoint: str | None, graph_iri: str | None,
                          timeout: float) -> None:
    """For a search that found nothing, one line on stderr saying why, with a suggestion when one is near."""
    from ..queries import suggestion

    found = suggestion(query, values, graph=graph, endpoint=endpoint, graph_iri=graph_iri, timeout=timeout)
    if found is not None:
        note(found.message(next(values.get(p.name, p.default) for p in query.parameters if p.type == "search")))


_RUN_OPTIONS = (("file", "--file"), ("sparql", "--sparql"), ("param", "--param"), ("endpoint", "--endpoint"),
                ("graph", "--graph"), ("timeout", "--timeout"), ("data", "--data"))


def _check_list_options(args: argparse.Namespace) -> None:
    """:class:`UsageError` naming the first option given to ``query list`` that only applies to running a query."""
    from ..errors import UsageError

    for attribute, option in _RUN_OPTIONS:
        if getattr(args, attribute) not in (None, []):
            raise UsageError(_("'query list' takes no {option} (it applies to running a query; 'list' takes only -f)")
                             .format(option=option))


def _describe(parameter) -> str:
    default = f" = {parameter.default}" if parameter.default is not None else ""
    return f"{parameter.name} ({parameter.type}){default}"


def _params(pairs: list[str]) -> dict[str, str]:
    from ..errors import UsageError

    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(_("--param {value!r}: expected NAME=VALUE").format(value=pair))
        values[name.strip()] = value
    return values
