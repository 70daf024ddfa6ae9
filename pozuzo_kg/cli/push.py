"""``pozuzo-kg push --store URL [--graph IRI] [--endpoint URL] [FILE ...]``: loads the graph into a remote store
(Graph Store Protocol), then reports how many triples the store says the graph holds."""
import argparse

from ..i18n import _
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
    parser.add_argument("--endpoint", metavar="URL",
                        help=_("the store's SPARQL query URL, asked how many triples the graph holds after the push "
                               "(default: beside the store URL: Oxigraph /store -> /query, Fuseki /DATASET/data -> "
                               "/DATASET/sparql)"))
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
    pushed = push(graph, args.store, args.graph, timeout=args.timeout, endpoint=args.endpoint)
    target = _("the graph <{iri}>").format(iri=args.graph) if args.graph else _("the default graph")
    write(_("{holds} triples in {target} of {store} after the push ({sent} sent; counted at {endpoint})").format(
        holds=pushed.holds, target=target, store=public_url(args.store), sent=pushed.sent,
        endpoint=pushed.endpoint) + "\n")
    return 0
