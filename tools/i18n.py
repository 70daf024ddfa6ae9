"""The message catalogue's tools (Babel): extract, update, compile, check. Run from the repository root:

    .venv/bin/python tools/i18n.py extract   # pozuzo_kg/locale/pozuzo_kg.pot: every msgid the code uses
    .venv/bin/python tools/i18n.py update    # merges it into the Spanish .po (new ones empty, unused ones dropped)
    .venv/bin/python tools/i18n.py compile   # the .mo from the .po, the same bytes on every run and Babel version
    .venv/bin/python tools/i18n.py check     # exit 1 unless every msgid has a non-fuzzy Spanish translation
                                             # with the same placeholders

Messages come from the package's Python sources (``_``, ``ngettext``, ``N_``, ``published``), its Jinja2
templates (``_``/``gettext``/``ngettext`` and ``{% trans %}``) and the running Python's ``argparse.py``, whose
words the CLI routes through the catalogue. The ``.po`` is written sorted by msgid, with file names but no line
numbers, so that engineers adding messages in different modules rarely touch the same lines. The usual loop:
write ``_("English text {x}").format(x=…)``, run ``update``, fill in the empty ``msgstr`` in the ``.po``, run
``compile`` and ``check``, commit the ``.po`` and the ``.mo`` (the ``.pot`` is not committed).
"""
from __future__ import annotations

import argparse
import ast
import datetime
import io
import os
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "pozuzo_kg"
LOCALE = PACKAGE / "locale"
DOMAIN = "pozuzo_kg"
POT = LOCALE / f"{DOMAIN}.pot"
PO = LOCALE / "es" / "LC_MESSAGES" / f"{DOMAIN}.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None, "published": None}
"""The translating functions of :mod:`pozuzo_kg.i18n` (and Jinja2's) and which arguments are msgids."""
METHODS = [("**/templates/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")]
ARGPARSE_KEYWORDS = {"_": None, "ngettext": (1, 2)}
FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
"""The catalogue's POT-Creation-Date: fixed, so that extracting again never changes a byte by itself."""
HEADER = """\
# Spanish messages of pozuzo-kg (the default language of every text a user reads).
# Message ids are the English text; see pozuzo_kg/i18n.py and tools/i18n.py.
# License: MIT (as the code)."""
_WIDTH = 120


class _StableCatalog(Catalog):
    """Babel's catalogue without its ``Generated-By`` header, so files do not change with Babel's version."""

    def _get_mime_headers(self) -> list[tuple[str, str]]:
        return [(name, value) for name, value in super()._get_mime_headers() if name != "Generated-By"]


def _stable(catalog: Catalog) -> _StableCatalog:
    stable = _StableCatalog(locale=catalog.locale, domain=DOMAIN, header_comment=HEADER, project="pozuzo-kg",
                            version="messages", creation_date=FIXED_DATE, revision_date=catalog.revision_date,
                            charset="utf-8", fuzzy=False)
    stable.mime_headers = [(k, v) for k, v in catalog.mime_headers
                           if k not in ("Generated-By", "POT-Creation-Date", "Project-Id-Version")]
    stable.last_translator = stable.language_team = stable.msgid_bugs_address = "pozuzo-kg contributors"
    for message in catalog:
        if message.id:
            stable[message.id] = message
    return stable


def template() -> Catalog:
    """Every msgid of the sources, templates and argparse, with the files that use it."""
    catalog = _StableCatalog(domain=DOMAIN, header_comment=HEADER, project="pozuzo-kg", version="messages",
                             creation_date=FIXED_DATE, charset="utf-8", fuzzy=False)
    found = [(f"pozuzo_kg/{name}", line, message, comments, context) for name, line, message, comments, context
             in extract_from_dir(PACKAGE, METHODS, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
                                 strip_comment_tags=True)]
    found += [("argparse.py", line, message, comments, context) for line, message, comments, context
              in extract_from_file("python", argparse.__file__, keywords=ARGPARSE_KEYWORDS)]
    for filename, line, message, comments, context in found:
        catalog.add(message, None, [(filename, line)], auto_comments=comments, context=context)
    return catalog


def _write(path: Path, data: bytes) -> None:
    """Writes ``data`` to ``path`` through a temporary file beside it, so a failure leaves the old file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=_WIDTH, sort_output=True, include_lineno=False, ignore_obsolete=True,
             include_previous=False)
    return buffer.getvalue()


def read_catalogue(path: Path = PO) -> Catalog:
    """The Spanish catalogue as Babel reads it."""
    with path.open("rb") as stream:
        return read_po(stream, locale="es", domain=DOMAIN)


def extract() -> None:
    """Writes the template (``.pot``) of every msgid in use."""
    _write(POT, _po_bytes(template()))
    print(f"{POT.relative_to(REPO)}: {len(template())} messages")


def update() -> None:
    """Merges the template into the Spanish ``.po``: new msgids get an empty translation, unused ones go."""
    catalog = read_catalogue()
    catalog.update(template(), no_fuzzy_matching=True, update_header_comment=False, update_creation_date=False)
    _write(PO, _po_bytes(_stable(catalog)))
    empty = [m.id for m in catalog if m.id and not _translated(m)]
    print(f"{PO.relative_to(REPO)}: {len(catalog)} messages, {len(empty)} to translate")


def compiled() -> bytes:
    """The ``.mo`` of the ``.po``: fuzzy and empty translations left out, deterministic bytes."""
    buffer = io.BytesIO()
    write_mo(buffer, _stable(read_catalogue()), use_fuzzy=False)
    return buffer.getvalue()


def compile_mo() -> None:
    """Writes the ``.mo`` (only if its bytes change)."""
    data = compiled()
    if not MO.is_file() or MO.read_bytes() != data:
        _write(MO, data)
    print(f"{MO.relative_to(REPO)}: {len(data)} bytes")


_BRACE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_PERCENT = re.compile(r"%%|%(\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.\d+)?[diouxXeEfFgGcrsa]")


def placeholders(text: str) -> Counter[str]:
    """The ``{field!conversion:spec}`` and ``%(name)s`` / ``%s`` placeholders of ``text``, counted.

    >>> sorted(placeholders("{path}:{line}: %(prog)s {{literal}} 100%% %s").elements())
    ['%(prog)s', '%s', '{line}', '{path}']
    """
    found: Counter[str] = Counter()
    for match in _BRACE.finditer(text):
        if match.group(0) not in ("{{", "}}"):
            found[match.group(0)] += 1
    for match in _PERCENT.finditer(text):
        if match.group(0) != "%%":
            found[match.group(0)] += 1
    return found


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return bool(strings) and all(strings)


def problems(catalog: Catalog, used: Iterable[Message]) -> list[str]:
    """What keeps ``catalog`` from translating every message in ``used``: one line per problem."""
    found = []
    for wanted in used:
        if not wanted.id:
            continue
        message = catalog.get(wanted.id, context=wanted.context)
        ids = [wanted.id] if isinstance(wanted.id, str) else list(wanted.id)
        where = ", ".join(sorted({location for location, _ in wanted.locations}))
        if message is None or not _translated(message):
            found.append(f"{where}: no Spanish translation for {ids[0]!r}")
            continue
        if message.fuzzy:
            found.append(f"{where}: the translation of {ids[0]!r} is marked fuzzy")
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        expected = placeholders(ids[-1])
        for string in strings:
            if placeholders(string) != expected and placeholders(string) != placeholders(ids[0]):
                found.append(f"{where}: placeholders of {ids[0]!r} ({', '.join(sorted(expected)) or 'none'}) differ"
                             f" in {string!r} ({', '.join(sorted(placeholders(string))) or 'none'})")
    return found


_HIDDEN_CALL = re.compile(r"\{\s*(?:[\w.]*\.)?(?:_|N_|gettext|ngettext|pgettext|published)\(")


def hidden_calls() -> list[str]:
    """``file:line`` of translating calls inside an f-string's braces, which Babel cannot see on Python 3.11."""
    return [f"{path.relative_to(REPO)}:{number}: a translated message inside an f-string is not extracted; "
            "call _() outside the f-string"
            for path in sorted(PACKAGE.rglob("*.py"))
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
            if _HIDDEN_CALL.search(line)]


_TRANSLATORS = {"_", "N_", "ngettext", "pgettext", "published"}
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp, ast.SetComp,
           ast.DictComp, ast.GeneratorExp)


def _own_nodes(scope: ast.AST) -> Iterator[ast.AST]:
    """The nodes of ``scope`` outside its nested functions, classes and comprehensions."""
    for child in ast.iter_child_nodes(scope):
        yield child
        if not isinstance(child, _SCOPES):
            yield from _own_nodes(child)


def shadowed_translators() -> list[str]:
    """``file:line`` where a name such as ``_`` is bound (``for _ in``, ``a, _ = …``) in a scope that also calls
    the translator of that name: the call would then find the variable (UnboundLocalError, or a str called)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for scope in [tree, *(n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))]:
            nodes = list(_own_nodes(scope))
            called = {n.func.id for n in nodes if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
            for node in nodes:
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id in _TRANSLATORS \
                        and (node.id in called or scope is tree):
                    found.append(f"{path.relative_to(REPO)}:{node.lineno}: {node.id!r} is bound here and the"
                                 f" translator {node.id}() is used in the same scope; rename the variable")
    return found


def check() -> int:
    """0 if every msgid in use is translated (non-empty, not fuzzy, same placeholders); else 1, with the list."""
    catalog, used = read_catalogue(), template()
    found = problems(catalog, used) + hidden_calls() + shadowed_translators()
    unused = sorted(m.id if isinstance(m.id, str) else m.id[0] for m in catalog
                    if m.id and used.get(m.id, context=m.context) is None)
    for line in found:
        print(f"{PO.relative_to(REPO)}: error: {line}", file=sys.stderr)
    for msgid in unused:
        print(f"{PO.relative_to(REPO)}: warning: no code uses {msgid!r} (run update)", file=sys.stderr)
    if MO.is_file() and MO.read_bytes() != compiled():
        found.append("stale .mo")
        print(f"{MO.relative_to(REPO)}: error: not compiled from the .po (run compile)", file=sys.stderr)
    print(f"{len(used)} messages, {len(found)} problems")
    return 1 if found else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("command", choices=("extract", "update", "compile", "check"))
    command = parser.parse_args(argv).command
    if command == "check":
        return check()
    {"extract": extract, "update": update, "compile": compile_mo}[command]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
