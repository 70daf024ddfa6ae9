"""``pozuzo-kg publish [FILE ...] [--out DIR]``: validates, then writes the open-data bundle (the main job)."""
import argparse
import sys

from ..i18n import _, ngettext
from . import add_files_argument, add_format_option, error_line, note, write

DEFAULT_OUT = "publicacion"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "publish", help=_("validate and write the open-data bundle (RDF, CSV, DCAT-AP catalogue, org chart, pages)"),
        description=_("Validates the graph (refusing to publish if there are violations), then writes the open-data "
                      "bundle: RDF (Turtle, N-Triples, JSON-LD), CSV tables with CSVW metadata, a DCAT-AP catalogue, "
                      "a VoID description, the validation report, the org chart, HTML pages and SHA256SUMS. "
                      "Same input, same bytes."))
    add_files_argument(parser)
    parser.add_argument("--out", default=f"{DEFAULT_OUT}/", metavar="DIR",
                        help=_("output folder (default: {default})").format(default=f"{DEFAULT_OUT}/"))
    parser.add_argument("--base-url", metavar="URL",
                        help=_("public address the folder is served from, for the catalogue's download URLs "
                               "(default: the placeholder {url})").format(url="https://datos.example.org/pozuzo-kg/"))
    parser.add_argument("--date", metavar="YYYY-MM-DD",
                        help=_("release date (dcterms:modified); default: the newest date the data states"))
    parser.add_argument("--allow-violations", action="store_true",
                        help=_("publish even if validation finds violations (the report is included)"))
    add_format_option(parser, ("table", "json"), "table")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..loader import load_graph
    from ..output import format_table, to_json
    from ..progress import Progress
    from ..publish import bundle, dcat
    from ..validation import validate

    progress = Progress.for_stderr()
    out = bundle.output_folder(args.out)
    graph = load_graph(args.files or None)
    base_url = dcat.normalize_base_url(args.base_url or dcat.DEFAULT_BASE_URL)
    date = dcat.release_date(graph, args.date)
    progress(_("validating"))
    result = validate(graph)
    violations, warnings = len(result.violations), len(result.warnings)
    if violations and not args.allow_violations:
        sys.stderr.write(error_line(ngettext(
            "validation found {count} violation; nothing was published (run `pozuzo-kg validate` to see it, "
            "or pass --allow-violations to publish with the report)",
            "validation found {count} violations; nothing was published (run `pozuzo-kg validate` to see them, "
            "or pass --allow-violations to publish with the report)", violations).format(count=violations)))
        return 1
    if args.base_url is None:
        note(_("no --base-url given; the catalogue's download URLs use the placeholder {url}").format(
            url=dcat.DEFAULT_BASE_URL))
    files = bundle.build_bundle(graph, result, base_url=base_url, date=date, progress=progress)
    written = bundle.write_bundle(files, out, progress=progress)
    if args.format == "json":
        write(to_json({
            "out": args.out, "base_url": base_url, "date": date, "violations": violations, "warnings": warnings,
            "files": [{"path": f.path, "bytes": f.size, "sha256": f.sha256} for f in written],
        }))
    else:
        size = sum(f.size for f in written)
        write(format_table([_("File"), _("Bytes")], [[f.path, f.size] for f in written]))
        write(_("{files}, {bytes} bytes, in {out} (date {date}; {violations}, {warnings})").format(
            files=ngettext("{count} file", "{count} files", len(written)).format(count=len(written)), bytes=size,
            out=args.out, date=date,
            violations=ngettext("{count} violation", "{count} violations", violations).format(count=violations),
            warnings=ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings)) + "\n")
    return 0
