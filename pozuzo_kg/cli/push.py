"""``pozuzo-kg push --store URL [--graph IRI] [FILE ...]``: loads the graph into a remote store (Graph Store Protocol)."""
import argparse

from . import add_files_argument, write


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "push", help="load the graph (data and ontology) into a remote store",
        description="Replaces the default graph (or the named graph --graph) of a SPARQL 1.1 Graph Store Protocol "
                    "endpoint (Oxigraph: http://HOST:PORT/store) with the data and the ontology.")
    parser.add_argument("--store", required=True, metavar="URL",
                        help="the store's Graph Store Protocol URL (credentials: http://USER:PASSWORD@HOST/…)")
    parser.add_argument("--graph", metavar="IRI", help="replace this named graph instead of the default graph")
    parser.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                        help="give up after this many seconds (default: 60)")
    add_files_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..i18n import _
    from ..loader import load_graph
    from ..progress import Progress
    from ..remote import public_url, push

    progress = Progress.for_stderr()
    progress(_("loading the graph"))
    graph = load_graph(args.files or None)
    progress(_("sending the graph to {store}").format(store=public_url(args.store)))
    count = push(graph, args.store, args.graph, timeout=args.timeout)
    target = f"graph <{args.graph}>" if args.graph else "default graph"
    write(f"{count} triples loaded into the {target} of {public_url(args.store)}\n")
    return 0
