"""Refuses JSON-LD documents whose ``@context`` (or ``@import``) names a URL: reading them would fetch it."""
import json
from pathlib import Path

from .errors import InputError


def reject_remote_contexts(path: Path, data: bytes) -> None:
    """Raises :class:`InputError` if the JSON-LD document references a remote context."""
    try:
        document = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        line = getattr(error, "lineno", None)
        where = f"{path}:{line}:{getattr(error, 'colno', 0)}" if line else str(path)
        raise InputError(f"{where}: invalid JSON: {getattr(error, 'msg', error)}") from None
    url = _remote_reference(document)
    if url:
        raise InputError(f"{path}: JSON-LD context {url!r} is remote; pozuzo-kg never fetches URLs (inline the context)")


def _remote_reference(node: object) -> str | None:
    if isinstance(node, list):
        return next((url for item in node if (url := _remote_reference(item))), None)
    if not isinstance(node, dict):
        return None
    for key in ("@context", "@import"):
        value = node.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                return item
    return next((url for value in node.values() if (url := _remote_reference(value))), None)
