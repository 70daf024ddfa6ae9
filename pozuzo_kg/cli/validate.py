"""``pozuzo-kg validate [FILE ...]``: SHACL validation (structure, quality, CPOV, legal compliance) and its report."""
import argparse

from ..i18n import _, language
from . import add_files_argument, add_format_option, write

_FORMATS = ("human", "table", "turtle", "json", "markdown", "html")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate", help=_("validate against the SHACL shapes and report the findings"),
        description=_("Validates the project's graph, or the given RDF files, against the shape sets "
                      "(structure, quality, cpov, compliance). Exit 0: no violations (warnings allowed); "
                      "1: violations (or warnings with --strict); 2: usage or input error."))
    add_files_argument(parser)
    parser.add_argument("--shapes", metavar="SET[,SET...]",
                        help=_("comma-separated shape sets, by file stem (default: all)"))
    add_format_option(parser, _FORMATS, "human")
    parser.add_argument("--strict", action="store_true", help=_("warnings also fail (exit 1)"))
    parser.add_argument("-o", "--output", metavar="FILE", help=_("write the report to FILE instead of stdout"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..errors import ExportError, UsageError
    from ..loader import load_graph
    from ..progress import Progress
    from ..reports import render
    from ..validation import validate

    shape_sets = [name.strip() for name in args.shapes.split(",")] if args.shapes is not None else None
    if shape_sets is not None and not all(shape_sets):
        raise UsageError(_("--shapes: empty shape set name in {value!r}").format(value=args.shapes))
    progress = Progress.for_stderr()
    progress(_("loading the graph"))
    graph = load_graph(args.files or None)
    progress(_("validating"))
    result = validate(graph, shape_sets, language=language())
    text = render(result, args.format)
    if args.output:
        target = Path(args.output)
        temporary = target.with_name(f".{target.name}.tmp")
        try:
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(target)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise ExportError(_("{path}: cannot write ({reason})").format(path=target, reason=error.strerror)) from None
    else:
        write(text)
    return 0 if result.passed(strict=args.strict) else 1
