"""The ``pozuzo-kg`` command: parses arguments, calls one function per subcommand, maps errors to exit codes.

Each subcommand lives in its own module of this package with ``register(subparsers)`` and ``run(args) -> int``;
heavy libraries are imported inside ``run`` so that start-up stays fast.
Exit codes: 0 ok, 1 validation found violations, 2 usage or input error.

Every word the command prints goes through the message catalogue (:mod:`pozuzo_kg.i18n`), argparse's own too
("usage:", "options", "the following arguments are required"…): see :func:`argparse_messages`.
"""
import argparse
import importlib
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from ..errors import PozuzoError
from ..i18n import _, ngettext

COMMANDS = ("stats", "validate", "publish", "query", "push", "analyze", "serve")
"""Subcommand modules, in the order ``--help`` lists them."""


@contextmanager
def argparse_messages() -> Iterator[None]:
    """While inside, argparse's words and errors come from pozuzo-kg's catalogue, in the user's language.

    argparse looks up its module-level ``_`` and ``ngettext`` (gettext's, bound when it is imported) each time it
    writes a heading or an error; they point to our translators only for the duration of the block (building
    the parser, parsing, printing help) and are restored afterwards, so argparse elsewhere in the process (a
    program that imports pozuzo-kg, a later command) is untouched. Not for use from several threads at once.
    Its msgids are extracted from the running Python's ``argparse.py`` by ``tools/i18n.py``.
    """
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _, ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class _Version(argparse.Action):
    """``--version``: looks the version up only when asked (package metadata costs start-up time)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help=_("show the version and exit"))

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        from .. import __version__

        parser.exit(0, f"pozuzo-kg {__version__}\n")


class _Parser(argparse.ArgumentParser):
    """argparse with exit code 2, a one-line message for usage errors, and no abbreviated options
    (``validate --out X`` must not quietly mean ``--output X``)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, error_line(message, self.prog))


def error_line(message: object, prog: str = "pozuzo-kg") -> str:
    """``pozuzo-kg: error: …`` (in the user's language), the one line every failure prints on stderr."""
    return _("{prog}: error: {message}").format(prog=prog, message=one_line(message)) + "\n"


def one_line(message: object) -> str:
    """``message`` on one line: line breaks inside it (some parsers' messages, a value the user typed) become spaces."""
    return " ".join(part.strip() for part in str(message).splitlines() if part.strip())


def note(message: str) -> None:
    """``pozuzo-kg: note: …`` on stderr: something the user should know, that is no error."""
    print(_("{prog}: note: {message}").format(prog="pozuzo-kg", message=one_line(message)), file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every subcommand registered."""
    with argparse_messages():
        parser = _Parser(prog="pozuzo-kg", description=_("Knowledge graph of the Municipalidad Distrital de Pozuzo."))
        parser.add_argument("--version", action=_Version)
        subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
        for name in COMMANDS:
            importlib.import_module(f"{__name__}.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    with argparse_messages():
        args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except PozuzoError as error:
        sys.stderr.write(error_line(error))
        return error.exit_code
    except KeyboardInterrupt:
        print("pozuzo-kg: " + _("interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def add_format_option(parser: argparse.ArgumentParser, choices: Sequence[str], default: str) -> None:
    """The one ``--format/-f`` flag every command uses."""
    parser.add_argument("-f", "--format", choices=choices, default=default,
                        help=_("output format (default: {default})").format(default=default))


def add_files_argument(parser: argparse.ArgumentParser) -> None:
    """Optional RDF files to read instead of the project's graph (format from the extension)."""
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help=_("RDF files, format from the extension (.ttl/.turtle, .nt, .nq, .trig,"
                               " .jsonld/.json, .rdf/.owl/.xml); default: the project's graph"))


def write(text: str) -> None:
    """Writes command output to stdout."""
    sys.stdout.write(text)
    sys.stdout.flush()
