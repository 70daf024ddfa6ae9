"""Zip archives (XLSX, ODS) checked against the input-limits policy before a single member is expanded.

The spreadsheet readers open their files only through :func:`open_archive`, which refuses an archive with more
members than ``archive_members``, members that expand to more than ``archive_size`` bytes in all, or a member
(above 1 MiB) that expands more than ``archive_ratio`` times its compressed size: a zip bomb is one line, in
the time it takes to read the archive's directory. :func:`read_member` then reads a member in bounded chunks,
so an archive whose directory lies about a size still stops at the limit.
"""
import zipfile
import zlib
from pathlib import Path

from .errors import InputError
from .i18n import _
from .limits import Limits, MiB, how_to_change, limits_from_environment, size_text

RATIO_FLOOR = 1 * MiB
"""Members that expand to at most this many bytes are never a bomb, whatever their ratio."""
_CHUNK = 1 * MiB


def open_archive(path: Path, limits: Limits | None = None) -> zipfile.ZipFile:
    """The zip archive at ``path``, after checking its directory against ``limits``; :class:`InputError` if not."""
    limits = limits or limits_from_environment()
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as error:
        raise InputError(_("{path}: not a readable zip archive ({error})").format(path=path, error=error)) from None
    except OSError as error:
        raise InputError(_("{path}: cannot read ({reason})").format(path=path, reason=error.strerror)) from None
    try:
        check_members(path, archive.infolist(), limits)
    except BaseException:
        archive.close()
        raise
    return archive


def check_members(path: Path, members: list[zipfile.ZipInfo], limits: Limits) -> None:
    """:class:`InputError` for the first way the ``members`` of the archive ``path`` break ``limits``."""
    if len(members) > limits.archive_members:
        raise InputError(_("{path}: the archive has {count} members, more than {limit} ({change})").format(
            path=path, count=len(members), limit=limits.archive_members, change=how_to_change("archive_members")))
    total = 0
    for member in members:
        total += member.file_size
        if total > limits.archive_size:
            raise InputError(_("{path}: member {member}: the archive expands to more than {size} ({change})").format(
                path=path, member=member.filename, size=size_text(limits.archive_size),
                change=how_to_change("archive_size")))
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > limits.archive_ratio:
            raise InputError(_("{path}: member {member} expands {ratio:.0f} times its compressed size, more than "
                               "{limit} ({change})").format(path=path, member=member.filename, ratio=ratio,
                                                            limit=limits.archive_ratio,
                                                            change=how_to_change("archive_ratio")))


def read_member(archive: zipfile.ZipFile, name: str, limits: Limits | None = None) -> bytes:
    """The bytes of member ``name``, read in chunks and never more than the policy's ``archive_size``."""
    limit = (limits or limits_from_environment()).archive_size
    where = f"{archive.filename}: member {name}"
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise InputError(_("{where}: expands to more than {size} ({change})").format(
                        where=where, size=size_text(limit), change=how_to_change("archive_size")))
                chunks.append(chunk)
    except KeyError:
        raise InputError(_("{where}: no such member in the archive").format(where=where)) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as error:
        raise InputError(_("{where}: damaged or unsupported ({error})").format(where=where, error=error)) from None
    return b"".join(chunks)
