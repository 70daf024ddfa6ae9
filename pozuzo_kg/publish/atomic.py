"""All-or-nothing replacement of the files of a folder (the bundle writer's only way to disk).

The new files are written into a staging folder beside the output folder (``.NAME.XXXXXXXX.tmp``); every entry
of the output folder that is not being replaced or removed is hard-linked into it (no data is copied, and the
entry stays the same file); then the two folders are exchanged in one atomic step (Linux
``renameat2(RENAME_EXCHANGE)``) and the old one is removed. Killed at any moment (even ``SIGKILL``), the output
folder is the previous set of files or the new one, whole; the staging folder a killed run leaves behind is
removed by the next run, as are the temporary files of the fallback below.

Where the exchange is impossible (a kernel without ``renameat2``, an output folder that is a mount point or on
another file system than its parent, a parent that is not writable, an entry that cannot be hard-linked), each
file is written to a temporary file beside its target, and the temporary files are renamed over the targets once
all are written, the ``last`` file at the end: a kill during those renames (milliseconds) can then leave a mix.
A failure while writing removes everything the run created, folders included; Ctrl-C during the exchange or the
renames takes effect once they are done.
"""
from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

Step = Callable[[int, int], None]
"""Called with (files written, files in all) as the files are written."""
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")
_FILE_MODE, _FOLDER_MODE = 0o644, 0o755


class NoExchange(Exception):
    """The folders cannot be exchanged here: replace the files one by one instead."""


def replace_files(out: Path, files: Mapping[str, bytes], remove: frozenset[str] = frozenset(), *,
                  last: str | None = None, step: Step | None = None) -> None:
    """Makes the folder ``out`` hold ``files`` (relative POSIX paths → bytes) instead of its files of the same
    paths and of those in ``remove``; every other entry of ``out`` stays. Raises ``OSError`` if writing fails,
    with nothing of this run left behind.
    """
    out = out.resolve() if out.is_symlink() else out
    remove_leftovers(out, set(files) | set(remove))
    created = [folder for folder in reversed(out.parents) if not folder.exists()]
    try:
        staging = _staging_folder(out)
    except NoExchange:
        _replace_in_place(out, files, remove, last, step)
        return
    except BaseException:
        _remove_empty(created)
        raise
    try:
        _write_all(staging, files, step)
        _carry_over(out, staging, set(files) | set(remove))
        _sync(staging)
        with interrupts_held():
            if out.exists():
                exchange(staging, out)
            else:
                os.rename(staging, out)
    except NoExchange:
        shutil.rmtree(staging, ignore_errors=True)
        _replace_in_place(out, files, remove, last, step)
        return
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        _remove_empty(created)
        raise
    shutil.rmtree(staging, ignore_errors=True)  # the previous files, now in the staging folder's place


def remove_leftovers(out: Path, names: set[str]) -> None:
    """Removes what killed runs left: staging folders beside ``out``, temporary files of ``names`` inside it."""
    parent = out.parent
    try:
        for entry in os.scandir(parent):
            match = _LEFTOVER.match(entry.name)
            if match and match["name"] == out.name and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
    except OSError:
        pass
    folders: dict[Path, set[str]] = {}
    for name in names:
        path = out / name
        folders.setdefault(path.parent, set()).add(path.name)
    for folder, known in folders.items():
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            match = _LEFTOVER.match(entry.name)
            if match and match["name"] in known and entry.is_file(follow_symlinks=False):
                Path(entry.path).unlink(missing_ok=True)


def exchange(first: Path, second: Path) -> None:
    """Swaps two paths atomically (Linux ``renameat2`` with ``RENAME_EXCHANGE``); :class:`NoExchange` if impossible."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        raise NoExchange from None
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) != 0:
        code = ctypes.get_errno()
        if code in (errno.ENOSYS, errno.EINVAL, errno.EXDEV, errno.EBUSY, errno.EPERM):
            raise NoExchange
        raise OSError(code, os.strerror(code), str(second))


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Holds Ctrl-C (SIGINT) until the block ends, then raises it: the exchange or renames are never cut half-way."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: received.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)
    if received:
        raise KeyboardInterrupt


def _staging_folder(out: Path) -> Path:
    """A new empty folder beside ``out`` on its file system, or :class:`NoExchange` where there can be none."""
    parent = out.parent
    try:
        if out.exists() and (os.path.ismount(out) or os.stat(out).st_dev != os.stat(parent).st_dev):
            raise NoExchange
        staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{out.name}.", suffix=".tmp"))
    except PermissionError:
        raise NoExchange from None
    except FileNotFoundError:  # a new output folder in a new parent folder: create the parents first
        parent.mkdir(parents=True, exist_ok=True)
        return _staging_folder(out)
    mode = stat.S_IMODE(os.stat(out).st_mode) if out.exists() else _FOLDER_MODE
    os.chmod(staging, mode)
    return staging


def _write_all(folder: Path, files: Mapping[str, bytes], step: Step | None) -> None:
    for done, (path, content) in enumerate(files.items(), start=1):
        if step:
            step(done, len(files))
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as stream:
            _fill(stream, content)
        os.chmod(target, _FILE_MODE)


def _carry_over(out: Path, staging: Path, replaced: set[str]) -> None:
    """Hard-links into ``staging`` every entry of ``out`` whose path is not in ``replaced``."""
    if not out.exists():
        return
    for root, folders, names in os.walk(out):
        relative = Path(root).relative_to(out)
        for folder in folders:
            source = Path(root) / folder
            target = staging / relative / folder
            if source.is_symlink():
                _link(source, target)
            elif not target.exists():
                target.mkdir(parents=True)
                shutil.copystat(source, target)
        for name in names:
            path = (relative / name).as_posix()
            if path not in replaced and not _LEFTOVER.match(name):
                _link(Path(root) / name, staging / path)


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    info = os.lstat(source)
    if stat.S_ISLNK(info.st_mode):
        os.symlink(os.readlink(source), target)
    elif stat.S_ISREG(info.st_mode):
        try:
            os.link(source, target, follow_symlinks=False)
        except OSError as error:
            if error.errno in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.EACCES):
                raise NoExchange from None
            raise
    else:
        raise NoExchange  # a FIFO, socket or device in the folder: keep it where it is


def _sync(folder: Path) -> None:
    """Flushes the staging folder's file system to disk once (``syncfs``), else each file."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        try:
            if ctypes.CDLL(None, use_errno=True).syncfs(descriptor) == 0:
                return
        except (AttributeError, OSError):
            pass
        for root, _folders, names in os.walk(folder):
            for name in names:
                with open(Path(root) / name, "rb") as stream:
                    os.fsync(stream.fileno())
    finally:
        os.close(descriptor)


def _replace_in_place(out: Path, files: Mapping[str, bytes], remove: frozenset[str], last: str | None,
                      step: Step | None) -> None:
    created = _missing_folders(out, files)
    temporary: dict[Path, Path] = {}
    try:
        for done, (path, content) in enumerate(files.items(), start=1):
            if step:
                step(done, len(files))
            temporary[out / path] = _write_temporary(out / path, content)
    except BaseException:
        _discard(temporary)
        _remove_empty(created)
        raise
    with interrupts_held():
        try:
            for target in sorted(temporary, key=lambda t: t.name == last):
                os.replace(temporary.pop(target), target)
        finally:
            _discard(temporary)
        for stale in sorted(remove - set(files)):
            (out / stale).unlink(missing_ok=True)


def _missing_folders(out: Path, files: Mapping[str, bytes]) -> list[Path]:
    """The folders that writing ``files`` into ``out`` will create, parents first."""
    candidates = [*reversed(out.parents), out]
    for path in files:
        parts = Path(path).parts
        candidates += [out.joinpath(*parts[:length]) for length in range(1, len(parts))]
    missing: list[Path] = []
    for folder in candidates:
        if folder not in missing and not folder.exists():
            missing.append(folder)
    return missing


def _remove_empty(folders: list[Path]) -> None:
    for folder in reversed(folders):
        try:
            folder.rmdir()
        except OSError:
            pass


def _discard(temporary: Mapping[Path, Path]) -> None:
    for leftover in temporary.values():
        leftover.unlink(missing_ok=True)


def _write_temporary(target: Path, content: bytes) -> Path:
    """Writes ``content`` in full to a new temporary file next to ``target`` and returns its path."""
    if target.parent.exists() and not target.parent.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "Not a directory", str(target.parent))
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            _fill(stream, content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _FILE_MODE)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _fill(stream, content: bytes) -> None:
    """Writes the bytes (a seam for tests that simulate a failing disk)."""
    stream.write(content)
