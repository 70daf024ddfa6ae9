"""Assembles the open-data bundle from every builder and is the only module that writes it to disk.

Writing is all-or-nothing per publish (:mod:`.atomic`): every file is written in full to a staging folder
beside the output folder, which then takes the output folder's place in one atomic step; a run killed at any
moment leaves the previous bundle or the new one, and a failure while writing leaves the previous bundle as it
was, with nothing of the failed run behind. Same graph, base URL and date give byte-identical files (no clock,
no hash-order dependence).
"""
from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..errors import ExportError, UsageError
from ..graph import KnowledgeGraph
from ..i18n import _
from ..progress import SILENT, Progress
from . import atomic, dcat, rdf, report, tables
from .orgchart import build_orgchart
from .pages import build_pages
from .model import Download

if TYPE_CHECKING:
    from ..validation import ValidationResult

SUMS_FILE = "SHA256SUMS"
ORGCHART_DOWNLOADS = {
    "organigrama.svg": Download("organigrama.svg", "Organigrama (SVG)", "image/svg+xml", "SVG"),
    "organigrama.dot": Download("organigrama.dot", "Organigrama (fuente Graphviz DOT)", "text/vnd.graphviz", "DOT"),
    "organigrama.mmd": Download("organigrama.mmd", "Organigrama (fuente Mermaid)", "text/plain", "Mermaid"),
}
VOID_DOWNLOAD = Download(dcat.VOID_FILE, "Descripción VoID del conjunto de datos", "text/turtle", "Turtle")
CATALOG_DOWNLOADS = (
    Download(dcat.CATALOG_FILE, "Catálogo DCAT-AP (Turtle)", "text/turtle", "Turtle"),
    Download(dcat.CATALOG_JSONLD_FILE, "Catálogo DCAT-AP (JSON-LD)", "application/ld+json", "JSON-LD"),
)


@dataclass(frozen=True)
class WrittenFile:
    """One file of a written bundle."""

    path: str
    size: int
    sha256: str


def build_bundle(graph: KnowledgeGraph, validation: "ValidationResult", *, base_url: str = dcat.DEFAULT_BASE_URL,
                 date: str | None = None, progress: Progress = SILENT) -> dict[str, bytes]:
    """Every file of the bundle (except ``SHA256SUMS``), by relative POSIX path.

    The catalogue describes the files built before it (with their sizes and checksums); the pages link to
    every download, the catalogue included.
    """
    base_url = dcat.normalize_base_url(base_url)
    date = dcat.release_date(graph, date)
    files: dict[str, bytes] = {}
    downloads: list[Download] = []

    progress(_("RDF: Turtle, N-Triples, JSON-LD, ontology and shapes"))
    files.update(rdf.build_rdf(graph))
    downloads += [*rdf.DOWNLOADS, *rdf.shape_downloads()]
    progress(_("CSV tables and CSVW metadata"))
    files.update(tables.build_tables(graph))
    downloads += tables.downloads()
    progress(_("validation report"))
    files.update(report.build_report(validation))
    downloads += report.DOWNLOADS
    progress(_("org chart"))
    chart = build_orgchart(graph)
    files.update(chart)
    downloads += [ORGCHART_DOWNLOADS[name] for name in ORGCHART_DOWNLOADS if name in chart]
    progress(_("VoID description"))
    dumps = [d.path for d in rdf.DOWNLOADS if d.path.startswith("pozuzo.")]
    files.update(dcat.build_void(graph, dumps, base_url=base_url, date=date))
    downloads.append(VOID_DOWNLOAD)
    progress(_("DCAT-AP catalogue"))
    files.update(dcat.build_catalog(graph, files, downloads, base_url=base_url, date=date))
    downloads += CATALOG_DOWNLOADS
    progress(_("HTML pages"))
    files.update(build_pages(graph, tuple(downloads)))
    for path in files:
        _check_relative(path)
    return dict(sorted(files.items()))


def checksums(files: Mapping[str, bytes]) -> bytes:
    """``SHA256SUMS`` in ``sha256sum`` format (``<hex>  <path>``), sorted by path; ``sha256sum -c`` checks it."""
    return "".join(f"{hashlib.sha256(files[path]).hexdigest()}  {path}\n" for path in sorted(files)).encode("ascii")


def output_folder(out_dir: str) -> Path:
    """``--out`` as a path, or :class:`UsageError` if it is empty or names something that is not a folder."""
    if not out_dir.strip():
        raise UsageError(_("--out needs a folder path (default: {default})").format(default="publicacion/"))
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise UsageError(_("--out {value!r} is not a folder; give a new or existing folder for the bundle").format(
            value=out_dir))
    return out


def write_bundle(files: Mapping[str, bytes], out_dir: Path | str, progress: Progress = SILENT) -> list[WrittenFile]:
    """Writes ``files`` and ``SHA256SUMS`` into ``out_dir``, all-or-nothing; returns what was written, by path.

    Files listed in the previous ``SHA256SUMS`` that the new bundle no longer has are removed (only if that
    listing shares a file with the new bundle: a download folder's own ``SHA256SUMS`` is not a bundle's); other
    files in ``out_dir`` are never touched. The folder changes in one atomic step (:mod:`.atomic`), so a run
    killed at any moment leaves the previous bundle or the new one, whole, and the next run removes what it left.
    Raises :class:`ExportError` (previous bundle intact, nothing of this run left) if a write fails.
    """
    out = Path(out_dir)
    everything = {**files, SUMS_FILE: checksums(files)}
    for path in everything:
        _check_relative(path)
    if out.exists() and not out.is_dir():
        raise ExportError(_("cannot write {path}: {reason}; the previous bundle in {out} was left as it was").format(
            path=out, reason=os.strerror(errno.ENOTDIR), out=out))
    previous = _previous_listing(out)
    stale = frozenset(previous - set(everything)) if previous & set(everything) else frozenset()
    try:
        atomic.replace_files(out, everything, stale, last=SUMS_FILE,
                             step=lambda done, total: progress.count(_("writing files"), done, total))
    except OSError as error:
        raise ExportError(_("cannot write {path}: {reason}; the previous bundle in {out} was left as it was").format(
            path=error.filename or out, reason=error.strerror or error, out=out)) from None
    return [WrittenFile(path, len(content), hashlib.sha256(content).hexdigest())
            for path, content in sorted(everything.items())]


def _previous_listing(out: Path) -> set[str]:
    """The paths the previous bundle's ``SHA256SUMS`` lists (none if there is no readable one)."""
    try:
        lines = (out / SUMS_FILE).read_text(encoding="ascii").splitlines()
    except (OSError, UnicodeDecodeError):
        return set()
    paths = {line.split("  ", 1)[1] for line in lines if "  " in line}
    return {path for path in paths if _is_relative(path)}


def _is_relative(path: str) -> bool:
    pure = PurePosixPath(path)
    return bool(path) and not pure.is_absolute() and ".." not in pure.parts and "\\" not in path


def _check_relative(path: str) -> None:
    if not _is_relative(path):
        raise ExportError(_("refusing to write {path!r}: bundle paths must be relative and stay inside the output"
                            " folder").format(path=path))

