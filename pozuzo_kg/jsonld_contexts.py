"""JSON-LD ``@context`` references, resolved without the network.

A context named by a relative reference (``"context.jsonld"``, as in the published bundle) is read from the
file beside the document and inlined; a context named by a URL is refused, since reading it would fetch it.
"""
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from .errors import InputError
from .i18n import _
from .limits import how_to_change

_MAX_DEPTH = 8
_CONTEXT_REFERENCE = re.compile(rb'"@(?:context|import)"\s*:\s*(?:\[[^\]"]*)?"')
"""A context named by a string (``"@context": "x.jsonld"`` or ``["x.jsonld", …]``), the only kind to inline."""


def inline_local_contexts(path: Path, data: bytes) -> bytes:
    """The JSON-LD document with every local context inlined; :class:`InputError` for remote ones or bad JSON.

    A document nested more deeply than Python's JSON reader goes (the loader has already checked it against
    the depth limit) is handed on as it is when it names no context by a string, since there is nothing to inline.
    """
    try:
        document = _read_json(path, data)
        return json.dumps(_inline(document, path.parent, path, 0), ensure_ascii=False).encode("utf-8")
    except RecursionError:
        if not _CONTEXT_REFERENCE.search(data):
            return data
        raise InputError(_("{path}: nested too deeply to inline its JSON-LD contexts ({change})").format(
            path=path, change=how_to_change("depth"))) from None


def _read_json(path: Path, data: bytes) -> object:
    try:
        return json.loads(data)
    except UnicodeDecodeError as error:
        raise InputError(_("{path}: not UTF-8 text ({reason})").format(path=path, reason=error.reason)) from None
    except json.JSONDecodeError as error:
        raise InputError(_("{path}:{line}:{column}: invalid JSON: {reason}").format(
            path=path, line=error.lineno, column=error.colno, reason=error.msg)) from None


def _inline(node: object, folder: Path, document: Path, depth: int) -> object:
    if isinstance(node, list):
        return [_inline(item, folder, document, depth) for item in node]
    if not isinstance(node, dict):
        return node
    result = {}
    for key, value in node.items():
        if key == "@context":
            result[key] = _context(value, folder, document, depth)
        else:
            result[key] = _inline(value, folder, document, depth)
    return result


def _context(value: object, folder: Path, document: Path, depth: int) -> object:
    if isinstance(value, list):
        return [_context(item, folder, document, depth) for item in value]
    if isinstance(value, dict):
        if isinstance(value.get("@import"), str):
            imported = _context(value["@import"], folder, document, depth)
            merged = dict(imported) if isinstance(imported, dict) else {}
            merged.update({k: v for k, v in value.items() if k != "@import"})
            return _inline({"@context": merged}, folder, document, depth)["@context"]
        return _inline(value, folder, document, depth)
    if not isinstance(value, str):
        return value
    if urlsplit(value).scheme:
        raise InputError(_("{document}: JSON-LD context {value!r} is remote; pozuzo-kg never fetches URLs (save it"
                           " beside the document and name it by a relative path)").format(document=document, value=value))
    if depth >= _MAX_DEPTH:
        raise InputError(_("{document}: JSON-LD contexts nest deeper than {depth} levels").format(
            document=document, depth=_MAX_DEPTH))
    local = (folder / value).resolve()
    if not local.is_file():
        raise InputError(_("{document}: JSON-LD context {value!r} not found at {path}").format(
            document=document, value=value, path=local))
    loaded = _read_json(local, local.read_bytes())
    if not isinstance(loaded, dict) or "@context" not in loaded:
        raise InputError(_("{path}: not a JSON-LD context document (no \"@context\" member)").format(path=local))
    return _context(loaded["@context"], local.parent, local, depth + 1)
