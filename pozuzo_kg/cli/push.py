"""``pozuzo-kg push --store URL [--graph IRI] [FILE ...]``: loads the graph into a remote store (Graph Store Protocol)."""
import argparse

from ..i18n import _, ngettext
from . import add_files_argument, write


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "push", help=_("load the graph (data and ontology) into a remote store"),
        description=_("Replaces the default graph (or the named graph --graph) of a SPARQL 1.1 Graph Store Protocol "
                      "endpoint (Oxigraph: http://HOST:PORT/store) with the data and the ontology."))
    parser.add_argument("--store", required=True, metavar="URL",
                        help=_("the store's Graph Store Protocol URL (credentials: http://USER:PASSWORD@HOST/…)"))
    parser.add_argument("--graph", metavar="IRI", help=_("replace this named graph instead of the default graph"))
    parser.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                        help=_("give up after this many seconds (default: {default})").format(default=60))
    add_files_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..loader import load_graph
    from ..progress import Progress
    from ..remote import public_url, push

    progress = Progress.for_stderr()
    progress(_("loading the graph"))
    graph = load_graph(args.files or None)
    progress(_("sending the graph to {store}").format(store=public_url(args.store)))
    count = push(graph, args.store, args.graph, timeout=args.timeout)
    store = public_url(args.store)
    if args.graph:
        loaded = ngettext("{count} triple loaded into the graph <{graph}> of {store}",
                          "{count} triples loaded into the graph <{graph}> of {store}", count)
    else:
        loaded = ngettext("{count} triple loaded into the default graph of {store}",
                          "{count} triples loaded into the default graph of {store}", count)
    write(loaded.format(count=count, graph=args.graph, store=store) + "\n")
    return 0
