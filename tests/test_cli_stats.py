"""``pozuzo-kg stats``: counts as a table and as JSON, and exit code 2 with one line for bad input."""
import json
import subprocess
import sys
from pathlib import Path

from pozuzo_kg.cli import main

EXPECTED = {"units": 8, "posts": 2, "functions": 18, "responsibilities": 79, "instruments": 7, "actions": 104, "sources": 6,
            "claims": 391, "conflicts": 4, "data_triples": 4153, "ontology_triples": 717}


def test_stats_json(capsys):
    assert main(["stats", "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == EXPECTED


def test_stats_table_has_spanish_labels(capsys):
    assert main(["stats"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["Concepto", "Cantidad"]
    assert "Unidades orgánicas" in out[2] and out[2].endswith(" 8")
    assert any(line.startswith("Funciones") and line.endswith(" 18") for line in out)


def test_stats_of_given_files(tmp_path: Path, capsys):
    path = tmp_path / "mini.ttl"
    path.write_text("@prefix org: <http://www.w3.org/ns/org#> .\n<http://ex/u> a org:OrganizationalUnit .\n")
    assert main(["stats", "--format", "json", str(path)]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert counts["units"] == 1 and counts["data_triples"] == 1 and counts["ontology_triples"] == 717


def test_broken_turtle_exits_2_with_one_line(tmp_path: Path):
    bad = tmp_path / "roto.ttl"
    bad.write_text("<http://ex/a> <http://ex/b> .\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pozuzo_kg", "stats", str(bad)], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"pozuzo-kg: error: {bad}:1:")
    assert "Traceback" not in done.stderr


def test_bad_format_is_a_usage_error(capsys):
    try:
        main(["stats", "-f", "xml"])
    except SystemExit as exit_:
        assert exit_.code == 2
    assert "valor no válido: 'xml'" in capsys.readouterr().err
