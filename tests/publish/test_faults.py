"""Faults while publishing: SIGKILL at random points, a full disk, a read-only disk, a refused write.

The property, every time: the output folder holds a whole bundle (the previous one or the new one, byte for
byte, its ``SHA256SUMS`` true), a failed run says so in one line with exit code 2 and leaves nothing behind,
and the next run leaves no temporary file anywhere. Kills hit a real ``pozuzo-kg publish`` process at a random
moment of its run, or at a random moment of its write phase (once its staging folder appears). 5 trials by
default, 50 with ``-m slow``; the seed is printed with the run's reliability figures (and in any failure), and
``POZUZO_KG_FAULT_SEED`` replays it.
"""
import errno
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pozuzo_kg.cli import main
from reliability import FAULT_SEED
from pozuzo_kg.errors import ExportError
from pozuzo_kg.publish import atomic
from pozuzo_kg.publish.bundle import write_bundle

DATES = ("2025-01-01", "2025-02-01")
BASE = ["--base-url", "https://datos.pozuzo.gob.pe/grafo/"]
def tree(folder: Path) -> dict[str, bytes]:
    """Every entry under ``folder`` (hidden ones included): files → bytes, folders → ``b"/"``."""
    found = {}
    for root, folders, names in os.walk(folder):
        for name in folders:
            found[os.path.relpath(os.path.join(root, name), folder)] = b"/"
        for name in names:
            path = os.path.join(root, name)
            found[os.path.relpath(path, folder)] = Path(path).read_bytes()
    return found


def sums_hold(folder: Path) -> bool:
    """``sha256sum -c SHA256SUMS``: every listed file is there with its checksum."""
    lines = (folder / "SHA256SUMS").read_text(encoding="ascii").splitlines()
    return bool(lines) and all(hashlib.sha256((folder / path).read_bytes()).hexdigest() == digest
                               for digest, path in (line.split("  ", 1) for line in lines))


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """The bundle of each of :data:`DATES`, as written by an undisturbed run."""
    found = {}
    for date in DATES:
        out = tmp_path_factory.mktemp("referencia") / "publicacion"
        assert main(["publish", "--out", str(out), "--date", date, *BASE]) == 0
        found[date] = tree(out)
    return found


def publish_process(out: Path, date: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pozuzo_kg", "publish", "--out", str(out), "--date", date,
                             *BASE],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def staging_folders(parent: Path) -> list[Path]:
    return [entry for entry in parent.iterdir() if entry.name.startswith(".publicacion.")]


def kill_trials(tmp_path: Path, bundles, trials: int, record) -> None:
    seed = FAULT_SEED
    rng = random.Random(seed)
    parent = tmp_path / "sitio"
    parent.mkdir()
    out = parent / "publicacion"
    started = time.monotonic()
    assert publish_process(out, DATES[0]).wait() == 0
    duration = time.monotonic() - started
    outcomes = {"previous": 0, "new": 0, "write_phase": 0}
    current = DATES[0]
    for number in range(trials):
        previous, new = current, DATES[1 - DATES.index(current)]
        before = tree(out)
        assert before == bundles[previous]
        child = publish_process(out, new)
        if number % 2:  # a random moment of the write phase: once the staging folder is there
            while child.poll() is None and not staging_folders(parent):
                time.sleep(0.0005)
            time.sleep(rng.uniform(0, 0.05))
            outcomes["write_phase"] += 1
        else:
            time.sleep(rng.uniform(0, duration))
        child.kill()
        child.wait()
        after = tree(out)
        assert after in (bundles[previous], bundles[new]), f"seed {seed}, trial {number}: not a whole bundle"
        assert sums_hold(out)
        if after == bundles[previous]:
            outcomes["previous"] += 1
        else:
            outcomes["new"] += 1
            current = new
    assert main(["publish", "--out", str(out), "--date", DATES[0], *BASE]) == 0  # the next run
    assert sorted(entry.name for entry in parent.iterdir()) == ["publicacion"]  # no staging folder left
    assert tree(out) == bundles[DATES[0]]  # and no temporary file inside
    record("publish_sigkill", trials=trials, held=trials, **outcomes, seed=seed)  # printed at the end of the run


def test_sigkill_at_random_points_leaves_a_whole_bundle(tmp_path, bundles, reliability_figures):
    kill_trials(tmp_path, bundles, 5, reliability_figures)


@pytest.mark.slow
def test_sigkill_at_random_points_leaves_a_whole_bundle_50_trials(tmp_path, bundles, reliability_figures):
    kill_trials(tmp_path, bundles, 50, reliability_figures)


def test_a_refused_write_is_one_line_and_leaves_nothing(tmp_path, bundles, monkeypatch, capsys):
    parent = tmp_path / "sitio"
    out = parent / "publicacion"
    assert main(["publish", "--out", str(out), "--date", DATES[0], *BASE]) == 0
    capsys.readouterr()
    calls = []

    def refused(stream, content):
        calls.append(stream.name)
        if len(calls) == 5:
            raise PermissionError(errno.EACCES, "Permission denied", stream.name)
        stream.write(content)

    monkeypatch.setattr(atomic, "_fill", refused)
    assert main(["publish", "--out", str(out), "--date", DATES[1], *BASE]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert captured.err.startswith("pozuzo-kg: error: no se puede escribir ")
    assert captured.err.endswith(f": Permission denied; el paquete anterior en {out} quedó como estaba\n")
    assert tree(out) == bundles[DATES[0]]
    assert sorted(entry.name for entry in parent.iterdir()) == ["publicacion"]


def bundle_files(tree_: dict[str, bytes]) -> dict[str, bytes]:
    """The files to give :func:`write_bundle` to write ``tree_`` again (all but folders and SHA256SUMS)."""
    return {path: content for path, content in tree_.items() if content != b"/" and path != "SHA256SUMS"}


def test_a_refused_write_into_a_new_folder_leaves_no_folder(tmp_path, bundles, monkeypatch):
    def refused(stream, content):
        raise PermissionError(errno.EACCES, "Permission denied", stream.name)

    monkeypatch.setattr(atomic, "_fill", refused)
    with pytest.raises(ExportError, match=r": Permission denied; el paquete anterior en .* quedó como estaba$"):
        write_bundle(bundle_files(bundles[DATES[0]]), tmp_path / "nuevo" / "publicacion")
    assert list(tmp_path.iterdir()) == []


def test_where_the_folders_cannot_be_exchanged_files_are_replaced_one_by_one(tmp_path, bundles, monkeypatch):
    """The fallback (no renameat2, a mount point, a parent not writable); leftovers of killed runs removed."""
    out = tmp_path / "publicacion"
    write_bundle(bundle_files(bundles[DATES[0]]), out)
    for leftover in (".pozuzo.ttl.abcd1234.tmp", "tablas/.unidades.csv.a1b2c3d4.tmp"):
        (out / leftover).write_bytes(b"a killed run's")
    (out / ".notas.abcd1234.tmp").write_bytes(b"not the bundle's: kept")

    def impossible(first, second):
        raise atomic.NoExchange

    monkeypatch.setattr(atomic, "exchange", impossible)
    write_bundle(bundle_files(bundles[DATES[1]]), out)
    assert tree(out) == {**bundles[DATES[1]], ".notas.abcd1234.tmp": b"not the bundle's: kept"}
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["publicacion"]


DRIVER = r'''
import hashlib, json, os, subprocess, sys
folder, dates = sys.argv[1], sys.argv[2:]
out = os.path.join(folder, "publicacion")


def mount(options):
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", folder] if "remount" not in options
                   else ["mount", "-o", options, folder], check=True)


def publish(date):
    done = subprocess.run([sys.executable, "-m", "pozuzo_kg", "publish", "--out", out, "--date", date,
                           "--base-url", "https://datos.pozuzo.gob.pe/grafo/"],
                          capture_output=True, text=True, encoding="utf-8")
    return [done.returncode, done.stdout, done.stderr]


def tree():
    found = {}
    for root, folders, names in os.walk(folder):
        for name in folders + names:
            path = os.path.join(root, name)
            found[os.path.relpath(path, folder)] = "/" if os.path.isdir(path) else \
                hashlib.sha256(open(path, "rb").read()).hexdigest()
    return found


results = {}
mount("size=128k")  # not even one bundle fits
results["too_small"] = publish(dates[0]) + [tree()]
mount("remount,size=64m")
results["first"] = publish(dates[0]) + [tree()]
used = os.statvfs(folder)
used = (used.f_blocks - used.f_bfree) * used.f_frsize
mount(f"remount,size={used * 3 // 2 // 4096 * 4096}")  # room for one bundle and a half
results["full"] = publish(dates[1]) + [tree()]
mount("remount,ro")
results["read_only"] = publish(dates[1]) + [tree()]
print(json.dumps(results))
'''


def test_a_full_or_read_only_disk_is_one_line_and_leaves_the_previous_bundle(tmp_path, bundles):
    """A small tmpfs mounted in a private mount namespace (``unshare -m``, as root): the disk fills up for real."""
    unshare = shutil.which("unshare")
    probe = subprocess.run([unshare, "-m", "true"], capture_output=True) if unshare else None
    if probe is None or probe.returncode != 0:
        message = "unshare -m is not available here (it needs root, or CAP_SYS_ADMIN)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path / "disco"
    folder.mkdir()
    script = tmp_path / "driver.py"
    script.write_text(DRIVER, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    done = subprocess.run([unshare, "-m", sys.executable, str(script), str(folder), *DATES], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    first_tree = {path: "/" if content == b"/" else hashlib.sha256(content).hexdigest()
                  for path, content in bundles[DATES[0]].items()}
    code, out, err, left = results["too_small"]
    assert (code, out, err.count("\n"), left) == (2, "", 1, {})  # no folder, no staging, no empty folders
    assert "No space left on device; el paquete anterior en " in err
    assert results["first"][0] == 0
    for case, reason in (("full", "No space left on device"), ("read_only", "Read-only file system")):
        code, out, err, left = results[case]
        assert (code, out, err.count("\n")) == (2, "", 1), err
        assert err.startswith("pozuzo-kg: error: no se puede escribir ") and f": {reason}; el paquete anterior en " in err
        assert left == {f"publicacion/{path}" if path != "." else "publicacion": digest
                        for path, digest in first_tree.items()} | {"publicacion": "/"}
