"""``pozuzo-kg publish``: validates first, writes the whole bundle, byte-identical from run to run."""
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pozuzo_kg.cli import main

REPO = Path(__file__).resolve().parents[2]
VIOLATION = REPO / "tests" / "fixtures" / "publish" / "unidad-sin-organizacion.ttl"
DATA = REPO / "data" / "pozuzo.ttl"
EXPECTED = {
    "pozuzo.ttl", "pozuzo.nt", "pozuzo.jsonld", "context.jsonld", "ontologia.ttl", "busqueda.nt", "void.ttl", "catalogo.ttl",
    "catalogo.jsonld", "validacion.ttl", "validacion.html", "SHA256SUMS", "tablas/csv-metadata.json",
    "organigrama.svg", "organigrama.dot", "organigrama.mmd", "index.html", "estilo.css",
    *(f"unidad/{unit}.html" for unit in ("concejo", "alcaldia", "gm", "al", "gppr", "gaf", "gdss", "gidur")),
    *(f"tablas/{name}.csv" for name in ("unidades", "puestos", "funciones", "responsabilidades", "fuentes", "afirmaciones")),
}


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle") / "publicacion"
    code = main(["publish", "--out", str(out), "--base-url", "https://datos.example.org/pozuzo-kg/", "-f", "json"])
    assert code == 0
    return out


def test_publish_writes_the_whole_bundle(published):
    files = {str(p.relative_to(published)) for p in published.rglob("*") if p.is_file()}
    assert EXPECTED <= files
    assert {f"shapes/{p.name}" for p in (REPO / "shapes").glob("*.ttl")} <= files
    assert not [name for name in files if name.endswith(".tmp") or Path(name).name.startswith(".")]


def test_sha256sums_lists_every_other_file_with_its_true_digest(published):
    listed = dict(reversed(line.split("  ", 1)) for line in (published / "SHA256SUMS").read_text().splitlines())
    on_disk = digests(published)
    del on_disk["SHA256SUMS"]
    assert listed == on_disk


def test_json_summary(tmp_path, capsys):
    out = tmp_path / "p"
    assert main(["publish", "--out", str(out), "--date", "2025-02-01", "-f", "json"]) == 0
    captured = capsys.readouterr()
    summary = json.loads(captured.out)
    assert summary["date"] == "2025-02-01" and summary["violations"] == 0
    assert summary["base_url"] == "https://datos.example.org/pozuzo-kg/"
    assert {f["path"]: f["bytes"] for f in summary["files"]} == {k: (out / k).stat().st_size for k in digests(out)}
    assert "no se indicó --base-url" in captured.err
    assert '"2025-02-01"^^xsd:date' in (out / "catalogo.ttl").read_text()


def test_table_summary(tmp_path, capsys):
    out = tmp_path / "p"
    assert main(["publish", "--out", str(out), "--base-url", "https://x.example/"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0].split() == ["Archivo", "Bytes"]
    assert "catalogo.ttl" in text and "tablas/afirmaciones.csv" in text
    assert text.rstrip().splitlines()[-1].startswith(f"{len(digests(out))} archivos, {sum((out / f).stat().st_size for f in digests(out))} bytes")


def test_two_publishes_in_separate_processes_are_byte_identical(tmp_path):
    runs = []
    for seed in ("1", "4242"):
        out = tmp_path / f"run-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "pozuzo_kg", "publish", "--out", str(out)], check=True, env=env,
                       capture_output=True, cwd=tmp_path)
        runs.append(digests(out))
    assert runs[0] == runs[1]
    assert EXPECTED <= set(runs[0])


def test_refuses_to_publish_with_violations(tmp_path, capsys):
    out = tmp_path / "p"
    assert main(["publish", str(DATA), str(VIOLATION), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("pozuzo-kg: error: la validación encontró ")
    assert "; no se publicó nada (ejecute `pozuzo-kg validate` para ver" in err and "--allow-violations" in err
    assert err.count("\n") == 1 and not out.exists()


def test_refusal_in_english(tmp_path, capsys, english):
    assert main(["publish", str(DATA), str(VIOLATION), "--out", str(tmp_path / "p")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("pozuzo-kg: error: validation found ") and " nothing was published (run `pozuzo-kg" in err


def test_allow_violations_publishes_with_the_report(tmp_path, capsys):
    out = tmp_path / "p"
    assert main(["publish", str(DATA), str(VIOLATION), "--out", str(out), "--allow-violations", "-f", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["violations"] >= 1
    assert "fantasma" in (out / "validacion.ttl").read_text()
    assert "fantasma" in (out / "tablas" / "unidades.csv").read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("args, message", [
    (["--date", "2025-02-30"], "pozuzo-kg: error: --date '2025-02-30' no válida: se esperaba AAAA-MM-DD\n"),
    (["--base-url", "datos.example.org"], "pozuzo-kg: error: --base-url 'datos.example.org' no válida: se esperaba "
                                          "una URL http(s) absoluta como https://datos.example.org/pozuzo-kg/\n"),
    (["--base-url", 'https://x.org/"a"/'], "pozuzo-kg: error: --base-url 'https://x.org/\"a\"/' no válida: se "
                                           "esperaba una URL http(s) absoluta como https://datos.example.org/pozuzo-kg/\n"),
])
def test_bad_options_are_one_line_usage_errors(tmp_path, capsys, args, message):
    assert main(["publish", "--out", str(tmp_path / "p"), *args]) == 2
    assert capsys.readouterr().err == message
    assert not (tmp_path / "p").exists()


def test_the_published_catalogue_describes_the_files_on_disk_and_conforms_to_dcat_ap(published):
    import pyshacl
    import rdflib

    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    spdx = rdflib.Namespace("http://spdx.org/rdf/terms#")
    catalog = rdflib.Graph().parse(published / "catalogo.ttl", format="turtle")
    shapes = rdflib.Graph().parse(REPO.parent / "shared" / "standards" / "dcat-ap-3.0.1" / "dcat-ap-SHACL.ttl")
    conforms, _report, text = pyshacl.validate(catalog, shacl_graph=shapes)
    assert conforms, text
    described = set()
    for distribution in catalog.subjects(rdflib.RDF.type, dcat.Distribution):
        path = str(catalog.value(distribution, dcat.downloadURL)).removeprefix("https://datos.example.org/pozuzo-kg/")
        content = (published / path).read_bytes()
        assert int(catalog.value(distribution, dcat.byteSize)) == len(content)
        checksum = catalog.value(distribution, spdx.checksum)
        assert str(catalog.value(checksum, spdx.checksumValue)) == hashlib.sha256(content).hexdigest()
        described.add(path)
    pages = {name for name in EXPECTED if name.endswith((".html", ".css"))} - {"validacion.html"}
    assert described == EXPECTED - pages - {"SHA256SUMS", "catalogo.ttl", "catalogo.jsonld"} | {
        f"shapes/{p.name}" for p in (REPO / "shapes").glob("*.ttl")}


def test_an_empty_out_is_a_usage_error_and_writes_nothing_in_the_current_folder(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["publish", "--out", ""]) == 2
    assert capsys.readouterr().err == "pozuzo-kg: error: --out necesita la ruta de una carpeta (por defecto: publicacion/)\n"
    assert list(tmp_path.iterdir()) == []


def test_an_out_that_is_a_file_is_refused_before_anything_is_built(tmp_path, capsys):
    target = tmp_path / "notas.txt"
    target.write_text("no es una carpeta")
    assert main(["publish", "--out", str(target)]) == 2
    assert capsys.readouterr().err == (f"pozuzo-kg: error: --out '{target}' no es una carpeta; indique una carpeta "
                                       "nueva o existente para el paquete\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notas.txt"]
    assert target.read_text() == "no es una carpeta"


def test_out_may_be_a_nested_new_folder(tmp_path):
    out = tmp_path / "a b" / "nuevo" / "publicacion"
    assert main(["publish", "--out", str(out), "--base-url", "https://x.example/datos"]) == 0
    assert (out / "SHA256SUMS").is_file() and (out / "unidad" / "gm.html").is_file()
    assert "<https://x.example/datos/pozuzo.ttl>" in (out / "catalogo.ttl").read_text()
