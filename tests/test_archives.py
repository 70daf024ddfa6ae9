"""Zip archives (the XLSX/ODS readers' door) checked against the policy: crafted zips are one line each."""
import random
import struct
import zipfile
from pathlib import Path

import pytest

from pozuzo_kg.archives import open_archive, read_member
from pozuzo_kg.errors import InputError
from pozuzo_kg.limits import Limits

def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def test_a_plain_spreadsheet_archive_opens_and_reads(tmp_path: Path):
    path = make_zip(tmp_path / "estructura.xlsx", {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>" * 100})
    with open_archive(path) as archive:
        assert archive.namelist() == ["[Content_Types].xml", "xl/workbook.xml"]
        assert read_member(archive, "xl/workbook.xml") == b"<w/>" * 100


def test_too_many_members(tmp_path: Path):
    path = make_zip(tmp_path / "muchos.ods", {f"m{i}.xml": b"x" for i in range(11)})
    with pytest.raises(InputError) as caught:
        open_archive(path, Limits(archive_members=10))
    assert str(caught.value) == (f"{path}: el archivo tiene 11 miembros, más de 10 (límite archive_members; cámbielo "
                                 "con POZUZO_KG_LIMITS=archive_members=…)")


def test_a_zip_bomb_member_is_refused_by_its_ratio_before_expanding(tmp_path: Path):
    path = make_zip(tmp_path / "bomba.xlsx", {"xl/worksheets/sheet1.xml": b"\0" * (20 * 2**20)})
    with pytest.raises(InputError, match=rf"^{path}: el miembro xl/worksheets/sheet1.xml se expande \d+ veces su "
                                         r"tamaño comprimido, más de 100 \(límite archive_ratio; "):
        open_archive(path)


def test_members_expanding_beyond_the_total_size(tmp_path: Path):
    path = make_zip(tmp_path / "grande.xlsx", {"a.xml": bytes(range(256)) * 4096, "b.xml": bytes(range(256)) * 4096})
    with pytest.raises(InputError) as caught:
        open_archive(path, Limits(archive_size=2**20 + 1))
    assert str(caught.value) == (f"{path}: miembro b.xml: el archivo se expande a más de 1048577 B (límite archive_size;"
                                 " cámbielo con POZUZO_KG_LIMITS=archive_size=…)")


def test_a_member_whose_directory_lies_about_its_size_stops_at_the_limit(tmp_path: Path):
    path = make_zip(tmp_path / "mentira.xlsx", {"a.xml": b"<x/>" * 300_000})
    data = bytearray(path.read_bytes())
    central = data.rfind(b"PK\x01\x02")  # the central directory entry: claim 1,000 bytes uncompressed
    data[central + 24:central + 28] = struct.pack("<I", 1000)
    data[26 - 4:26] = struct.pack("<I", 1000)  # and the local header
    path.write_bytes(bytes(data))
    with open_archive(path, Limits(archive_ratio=10_000)) as archive:
        assert archive.getinfo("a.xml").file_size == 1000
        with pytest.raises(InputError, match=rf"^{path}: member a.xml: dañado o no admitido"):
            read_member(archive, "a.xml")


def test_reading_stops_at_the_size_limit(tmp_path: Path):
    path = make_zip(tmp_path / "lectura.xlsx", {"a.xml": random.Random(13).randbytes(2 * 2**20)})
    with open_archive(path) as archive:
        with pytest.raises(InputError, match=rf"^{path}: member a.xml: se expande a más de 1 MiB \(límite archive_size"):
            read_member(archive, "a.xml", Limits(archive_size=2**20))


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 no es un zip", b"<xml/>"])
def test_what_is_not_a_zip_is_one_line(tmp_path: Path, content: bytes):
    path = tmp_path / "falso.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputError, match=rf"^{path}: no es un archivo zip legible \("):
        open_archive(path)


def test_a_missing_member(tmp_path: Path):
    path = make_zip(tmp_path / "a.ods", {"content.xml": b"<c/>"})
    with open_archive(path) as archive, pytest.raises(InputError, match=rf"^{path}: member styles.xml: el archivo no"):
        read_member(archive, "styles.xml")
