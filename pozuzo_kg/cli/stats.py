"""``pozuzo-kg stats [FILE ...]``: counts of units, posts, functions, actions, sources, conflicts and triples."""
import argparse

from ..i18n import _
from . import add_files_argument, add_format_option, write


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("stats", help=_("count units, posts, functions, actions, sources, conflicts and triples"),
                                   description=_("Counts of the project's graph, or of the given RDF files."))
    add_files_argument(parser)
    add_format_option(parser, ("table", "json"), "table")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..loader import load_graph
    from ..output import format_table, to_json
    from ..stats import LABELS, compute_stats

    stats = compute_stats(load_graph(args.files or None))
    if args.format == "json":
        write(to_json(stats.as_dict()))
    else:
        write(format_table([_("Item"), _("Count")], [[_(LABELS[k]), v] for k, v in stats.as_dict().items()]))
    return 0
