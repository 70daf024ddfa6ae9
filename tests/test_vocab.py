"""The IRI scheme: a municipality's own resources under its UBIGEO, shared ones without; short names for display."""
import pytest

from pozuzo_kg.errors import UsageError
from pozuzo_kg.queries import parse_query
from pozuzo_kg.vocab import Resource, compact, iri, parse_iri, prefixes

ID = "https://w3id.org/pozuzo-kg/id/"


def test_own_and_shared_iris():
    assert iri("unidad", "gm", "190305") == f"{ID}190305/unidad/gm"
    assert iri("fuente", "ley-27972") == f"{ID}fuente/ley-27972"
    assert iri("lugar", "190305") == f"{ID}lugar/190305"
    for kind, identifier, ubigeo in [("unidad", "gm", None), ("lugar", "x", "190305"), ("unidad", "GM", "190305"),
                                     ("unidad", "gm", "19035"), ("unidad", "a--b", "190305")]:
        with pytest.raises(ValueError):
            iri(kind, identifier, ubigeo)


@pytest.mark.parametrize(("value", "parts"), [
    (f"{ID}190305/unidad/gm", Resource("190305", "unidad", "gm")),
    (f"{ID}fuente/ley-27972", Resource(None, "fuente", "ley-27972")),
    (f"{ID}lugar/190305", Resource(None, "lugar", "190305")),
    (f"{ID}unidad/gm", None),                 # a municipality's kind without its UBIGEO
    (f"{ID}190305/lugar/pozuzo", None),       # a shared kind under a UBIGEO
    (f"{ID}190305/unidad/gm/x", None),
    ("http://example.org/unidad/gm", None),
])
def test_parse_iri(value, parts):
    assert parse_iri(value) == parts


def test_short_names_carry_the_code_only_beside_another_municipality():
    gm = f"{ID}190305/unidad/gm"
    assert compact(gm) == "unidad:gm"
    assert compact(gm, {"190305"}) == "unidad:gm"
    assert compact(gm, {"190305", "150101"}) == "190305/unidad:gm"
    assert compact(f"{ID}fuente/ley-27972") == "referencia:ley-27972"
    assert compact("http://www.w3.org/ns/org#Post") == "org:Post"
    assert compact("http://example.org/x") is None


def test_prefixes_of_one_municipality_and_of_several():
    assert prefixes(["190305"])["unidad"] == f"{ID}190305/unidad/"
    assert "unidad" not in prefixes(["190305", "150101"]) and "unidad" not in prefixes()
    assert prefixes()["referencia"] == f"{ID}fuente/" and prefixes()["tipo-organo"] == f"{ID}tipo-organo/"


QUERY = parse_query("q", "# param: u (iri unidad) — u\nSELECT * WHERE { ?u ?p ?o }")


@pytest.mark.parametrize(("value", "municipalities", "expected"), [
    ("gm", ["190305"], f"{ID}190305/unidad/gm"),
    ("190305/gm", ["190305", "150101"], f"{ID}190305/unidad/gm"),
    ("unidad:gm", ["190305"], f"{ID}190305/unidad/gm"),
    (f"{ID}150101/unidad/gm", ["190305", "150101"], f"{ID}150101/unidad/gm"),
])
def test_a_bare_id_is_the_one_municipality_s(value, municipalities, expected):
    assert QUERY.parameters[0].term(value, municipalities).value == expected


@pytest.mark.parametrize(("municipalities", "held"), [
    (["150101", "190305"], "los datos describen 2 municipalidades (150101, 190305)"),
    ([], "los datos no describen ninguna municipalidad"),
])
def test_a_bare_id_among_several_municipalities_asks_for_the_code(municipalities, held):
    with pytest.raises(UsageError) as error:
        QUERY.parameters[0].term("gm", municipalities)
    assert str(error.value) == (f"'gm' es un id solo, pero {held}: indique UBIGEO/gm (p. ej. 190305/gm), un nombre"
                                " con prefijo o un IRI completo")
