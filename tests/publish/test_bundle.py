"""The bundle writer: all-or-nothing, no partial or temporary file left, SHA256SUMS true, stale files pruned."""
import errno
import hashlib
import os

import pytest

from pozuzo_kg.errors import ExportError
from pozuzo_kg.publish import atomic
from pozuzo_kg.publish.bundle import SUMS_FILE, checksums, write_bundle

FIRST = {"pozuzo.ttl": b"version 1\n" * 1000, "tablas/unidades.csv": b"\xef\xbb\xbfIdentificador\r\n", "index.html": b"<p>1</p>"}
SECOND = {"pozuzo.ttl": b"version 2\n" * 1000, "tablas/unidades.csv": b"\xef\xbb\xbfId\r\n", "nuevo.txt": b"nuevo"}


def tree(folder):
    """Every file under ``folder`` (hidden ones included) → bytes."""
    found = {}
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            found[os.path.relpath(path, folder).replace(os.sep, "/")] = open(path, "rb").read()
    return found


def test_writes_every_file_and_sha256sums_last_in_sha256sum_format(tmp_path):
    written = write_bundle(FIRST, tmp_path / "out")
    files = tree(tmp_path / "out")
    assert sorted(files) == sorted([*FIRST, SUMS_FILE])
    assert all(files[path] == content for path, content in FIRST.items())
    lines = files[SUMS_FILE].decode("ascii").splitlines()
    assert lines == [f"{hashlib.sha256(FIRST[p]).hexdigest()}  {p}" for p in sorted(FIRST)]
    assert [(w.path, w.size) for w in written] == sorted([(p, len(c)) for p, c in {**FIRST, SUMS_FILE: files[SUMS_FILE]}.items()])
    assert oct((tmp_path / "out" / "pozuzo.ttl").stat().st_mode & 0o777) == "0o644"


def test_sha256sums_verifies_with_the_files_on_disk(tmp_path):
    write_bundle(FIRST, tmp_path)
    for line in (tmp_path / SUMS_FILE).read_text().splitlines():
        digest, path = line.split("  ", 1)
        assert hashlib.sha256((tmp_path / path).read_bytes()).hexdigest() == digest


def test_a_failure_mid_write_leaves_the_previous_bundle_intact_and_no_partial_file(tmp_path, monkeypatch):
    write_bundle(FIRST, tmp_path)
    before = tree(tmp_path)
    calls = []

    def failing_fill(stream, content):
        calls.append(len(content))
        if len(calls) == 2:  # the second file: write half of it, then the disk fills up
            stream.write(content[: len(content) // 2])
            stream.flush()
            raise OSError(errno.ENOSPC, "No space left on device", stream.name)
        stream.write(content)

    monkeypatch.setattr(atomic, "_fill", failing_fill)
    with pytest.raises(ExportError, match=r"No space left on device; el paquete anterior en .* quedó como estaba"):
        write_bundle(SECOND, tmp_path)
    assert len(calls) == 2
    assert tree(tmp_path) == before  # same files, same bytes, no temporary file


def test_an_interrupt_mid_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    write_bundle(FIRST, tmp_path)
    before = tree(tmp_path)

    def interrupted(stream, content):
        stream.write(content[:10])
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic, "_fill", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_bundle(SECOND, tmp_path)
    assert tree(tmp_path) == before


def test_files_of_the_previous_bundle_that_are_gone_are_removed_others_kept(tmp_path):
    write_bundle(FIRST, tmp_path)
    (tmp_path / "LEEME-del-servidor.txt").write_text("no es del bundle")
    write_bundle(SECOND, tmp_path)
    files = tree(tmp_path)
    assert sorted(files) == sorted([*SECOND, SUMS_FILE, "LEEME-del-servidor.txt"])
    assert "index.html" not in files


def test_output_folder_that_is_a_file_is_an_export_error(tmp_path):
    target = tmp_path / "publicacion"
    target.write_text("not a folder")
    with pytest.raises(ExportError, match=r"no se puede escribir .*publicacion: Not a directory"):
        write_bundle(FIRST, target)
    assert target.read_text() == "not a folder"


@pytest.mark.parametrize("path", ["../fuera.txt", "/etc/x", "a/../../b", ""])
def test_paths_escaping_the_output_folder_are_refused(tmp_path, path):
    with pytest.raises(ExportError, match="las rutas del paquete deben ser relativas"):
        write_bundle({path: b"x"}, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_checksums_are_sorted_by_path():
    text = checksums({"b.txt": b"b", "a/z.txt": b"z"}).decode()
    assert text == (f"{hashlib.sha256(b'z').hexdigest()}  a/z.txt\n{hashlib.sha256(b'b').hexdigest()}  b.txt\n")


def test_a_sha256sums_of_someone_else_in_the_folder_deletes_nothing(tmp_path):
    (tmp_path / "imagen.iso").write_bytes(b"iso")
    (tmp_path / SUMS_FILE).write_text(f"{hashlib.sha256(b'iso').hexdigest()}  imagen.iso\n")
    write_bundle(FIRST, tmp_path)
    assert (tmp_path / "imagen.iso").read_bytes() == b"iso"
    assert sorted(tree(tmp_path)) == sorted([*FIRST, SUMS_FILE, "imagen.iso"])


def test_ctrl_c_during_the_exchange_takes_effect_once_the_new_bundle_is_in_place(tmp_path, monkeypatch):
    import signal

    write_bundle(FIRST, tmp_path)
    exchange, calls = atomic.exchange, []

    def exchange_then_interrupt(first, second):
        exchange(first, second)
        calls.append(second)
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C right after the exchange

    monkeypatch.setattr(atomic, "exchange", exchange_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_bundle(SECOND, tmp_path)
    assert calls == [tmp_path]
    assert tree(tmp_path) == {**SECOND, SUMS_FILE: checksums(SECOND)}  # the whole new bundle, nothing partial
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert [p.name for p in tmp_path.parent.iterdir() if p.name.startswith(f".{tmp_path.name}.")] == []


def test_ctrl_c_while_renaming_one_by_one_takes_effect_once_every_file_is_in_place(tmp_path, monkeypatch):
    """Where the folders cannot be exchanged, the files are renamed one by one, SHA256SUMS last."""
    import signal

    write_bundle(FIRST, tmp_path)
    replace, calls = os.replace, []

    def impossible(first, second):
        raise atomic.NoExchange

    def replace_then_interrupt(source, target):
        replace(source, target)
        calls.append(target)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C after the first rename

    monkeypatch.setattr(atomic, "exchange", impossible)
    monkeypatch.setattr(atomic.os, "replace", replace_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_bundle(SECOND, tmp_path)
    assert len(calls) == len(SECOND) + 1 and calls[-1].name == SUMS_FILE
    assert tree(tmp_path) == {**SECOND, SUMS_FILE: checksums(SECOND)}  # the whole new bundle, nothing partial
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_foreign_entries_stay_the_same_files(tmp_path):
    """What the bundle never wrote is carried into the new folder by hard links: same inode, same bytes."""
    write_bundle(FIRST, tmp_path)
    (tmp_path / "descargas").mkdir()
    (tmp_path / "descargas" / "datos.zip").write_bytes(b"zip")
    (tmp_path / "enlace").symlink_to("pozuzo.ttl")
    inode = (tmp_path / "descargas" / "datos.zip").stat().st_ino
    write_bundle(SECOND, tmp_path)
    assert (tmp_path / "descargas" / "datos.zip").stat().st_ino == inode
    assert os.readlink(tmp_path / "enlace") == "pozuzo.ttl"
    assert sorted(tree(tmp_path)) == sorted([*SECOND, SUMS_FILE, "descargas/datos.zip", "enlace"])
