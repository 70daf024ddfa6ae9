"""Locates the package data (ontology, data, shapes, queries) in a source tree or an installed wheel."""
from pathlib import Path

from .errors import InputError
from .i18n import _

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder ``name`` (``ontology``, ``data``, ``shapes`` or ``queries``): the wheel's copy, else the repo's."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise InputError(_("package data folder {name!r} not found: reinstall pozuzo-kg").format(name=name))


def ontology_files() -> list[Path]:
    """The project's ontology files, sorted by name."""
    return sorted(resource_dir("ontology").glob("*.ttl"))


def data_files() -> list[Path]:
    """The project's data files, sorted by name."""
    return sorted(resource_dir("data").glob("*.ttl"))
