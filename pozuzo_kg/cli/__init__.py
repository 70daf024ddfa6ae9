"""The ``pozuzo-kg`` command: parses arguments, calls one function per subcommand, maps errors to exit codes.

Each subcommand lives in its own module of this package with ``register(subparsers)`` and ``run(args) -> int``;
heavy libraries are imported inside ``run`` so that start-up stays fast.
Exit codes: 0 ok, 1 validation found violations, 2 usage or input error.
"""
import argparse
import importlib
import sys
from collections.abc import Sequence

from ..errors import PozuzoError
from ..i18n import _

COMMANDS = ("stats", "validate", "publish", "query", "push", "analyze", "serve")
"""Subcommand modules, in the order ``--help`` lists them."""


class _Version(argparse.Action):
    """``--version``: looks the version up only when asked (package metadata costs start-up time)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from .. import __version__

        parser.exit(0, f"pozuzo-kg {__version__}\n")


class _Parser(argparse.ArgumentParser):
    """argparse with exit code 2, a one-line message for usage errors, and no abbreviated options
    (``validate --out X`` must not quietly mean ``--output X``)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every subcommand registered."""
    parser = _Parser(prog="pozuzo-kg", description="Grafo de conocimiento de la Municipalidad Distrital de Pozuzo.")
    parser.add_argument("--version", action=_Version)
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        importlib.import_module(f"{__name__}.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except PozuzoError as error:
        print(f"pozuzo-kg: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(f"pozuzo-kg: {_('interrupted')}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def add_format_option(parser: argparse.ArgumentParser, choices: Sequence[str], default: str) -> None:
    """The one ``--format/-f`` flag every command uses."""
    parser.add_argument("-f", "--format", choices=choices, default=default, help=f"output format (default: {default})")


def add_files_argument(parser: argparse.ArgumentParser) -> None:
    """Optional RDF files to read instead of the project's graph (format from the extension)."""
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help="RDF files, format from the extension (.ttl/.turtle, .nt, .nq, .trig,"
                             " .jsonld/.json, .rdf/.owl/.xml); default: the project's graph")


def write(text: str) -> None:
    """Writes command output to stdout."""
    sys.stdout.write(text)
    sys.stdout.flush()
