"""Error types. Each carries a message a user can act on and the exit code the CLI returns for it."""


class PozuzoError(Exception):
    """Base of every error the toolkit reports to users (exit code 2: usage or input error)."""

    exit_code = 2


class UsageError(PozuzoError):
    """The command was called with arguments that cannot work (unknown name, bad option value)."""


class InputError(PozuzoError):
    """An input file is missing, unreadable, of unknown format or malformed (message names file and line)."""


class QueryError(PozuzoError):
    """A SPARQL query is invalid, names an unknown prefix or cannot be run."""


class RemoteError(PozuzoError):
    """A remote SPARQL store timed out, refused the request or answered with an HTTP error."""


class ExportError(PozuzoError):
    """An output file could not be written (the previous file, if any, is left intact)."""
