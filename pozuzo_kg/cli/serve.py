"""``pozuzo-kg serve``: the SPARQL endpoint, linked data and the query page, on the embedded graph (read-only)."""
import argparse
import sys

from . import add_files_argument, note


def register(subparsers: argparse._SubParsersAction) -> None:
    from ..i18n import _
    from ..server.settings import SETTINGS, UNISOLATED_FLAG

    limits = "; ".join(_("{name} (default {default}): {help}").format(name=s.name, default=f"{s.default:g}",
                                                                       help=_(s.help)) for s in SETTINGS)
    parser = subparsers.add_parser(
        "serve", help=_("serve the graph over HTTP: SPARQL endpoint, linked data and a query page"),
        description=_("Serves the project's graph (or the given RDF files) read-only over HTTP: the SPARQL 1.1"
                      " Protocol at /sparql, each resource at its IRI's path, the query page at /, /health."))
    add_files_argument(parser)
    parser.add_argument("--named", action="append", default=[], metavar="IRI=FILE",
                        help=_("load FILE as the named graph IRI (repeatable)"))
    parser.add_argument("--host", default="127.0.0.1",
                        help=_("address to listen on (default: 127.0.0.1; another than loopback needs --allow-remote)"))
    parser.add_argument("--port", type=int, default=8000, help=_("port to listen on (default: 8000; 0: any free port)"))
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help=_("queries evaluated at once (default: the workers setting)"))
    parser.add_argument("--setting", action="append", default=[], metavar="NAME=VALUE",
                        help=_("change a limit (repeatable): {limits}").format(limits=limits))
    parser.add_argument("--cors", action="append", default=[], metavar="ORIGIN",
                        help=_("let pages of this origin query the server from a browser (repeatable; default: none)"))
    parser.add_argument("--allow-remote", action="store_true",
                        help=_("allow listening on an address other than loopback (never on a public network)"))
    parser.add_argument("--base-path", default="", metavar="PATH",
                        help=_("serve under this path, behind a proxy (default: none)"))
    parser.add_argument("--public-url", default=None, metavar="URL",
                        help=_("the URL people reach the server at, for the descriptions (default: from the request)"))
    parser.add_argument("--trusted-proxy", action="append", default=None, metavar="ADDRESS",
                        help=_("address (or network) of a proxy whose X-Forwarded-* headers are believed"
                               " (repeatable; default: 127.0.0.1 and ::1)"))
    parser.add_argument("--redact-queries", action="store_true",
                        help=_("write a short hash instead of the query text in the access log"))
    parser.add_argument("--no-access-log", action="store_true", help=_("write no access log"))
    parser.add_argument(UNISOLATED_FLAG, action="store_true", dest="allow_unisolated",
                        help=_("run even where queries cannot be isolated from the network"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..i18n import _
    from ..server.serve import ServeRequest, prepare, run_server

    server = prepare(ServeRequest(
        files=tuple(args.files), named=tuple(args.named), host=args.host, port=args.port, workers=args.workers,
        settings=tuple(args.setting), cors=tuple(args.cors), allow_remote=args.allow_remote, base_path=args.base_path,
        public_url=args.public_url, trusted_proxies=tuple(args.trusted_proxy or ("127.0.0.1", "::1")),
        redact_queries=args.redact_queries, access_log=not args.no_access_log,
        allow_unisolated=args.allow_unisolated))
    for text in server.notes:
        note(text)
    print("pozuzo-kg: " + _("serving {url} (SPARQL endpoint: {url}sparql); Ctrl-C stops").format(url=server.url),
          file=sys.stderr, flush=True)
    run_server(server)
    print("pozuzo-kg: " + _("stopped"), file=sys.stderr)
    return 0
