"""The one IRI <-> file map of the bundle: pages, per-resource data and hosting rules all use it."""
import pytest

from pozuzo_kg.publish.paths import endpoint_path, iri_at, iri_served_at, page_path, resource_path, routes, stem
from pozuzo_kg.vocab import ID_BASE

OWN = f"{ID_BASE}190305/"


@pytest.mark.parametrize("iri, path", [
    (f"{OWN}unidad/gm", "unidad/gm"), (f"{OWN}funcion/gm-07", "funcion/gm-07"), (f"{OWN}fuente/organizacion", "fuente/organizacion"),
    (f"{ID_BASE}fuente/ley-27972", "referencia/ley-27972"), (f"{ID_BASE}lugar/190305", "lugar/190305"),
    (f"{ID_BASE}tipo-organo/linea", "tipo-organo/linea"), (f"{ID_BASE}esquema/tipos", "esquema-compartido/tipos"),
])
def test_scheme_iris_map_to_one_file_stem_and_back(iri, path):
    assert resource_path(iri) == path
    for extension in ("", ".html", ".ttl", ".jsonld"):
        assert iri_at(path + extension, "190305") == iri


def test_a_shared_source_and_a_municipal_document_of_the_same_id_never_share_a_file():
    assert resource_path(f"{OWN}fuente/acta") != resource_path(f"{ID_BASE}fuente/acta")


def test_paths_of_no_iri_of_the_scheme():
    assert iri_at("unidad/gm.html", None) is None  # no municipality: its own resources have no route
    assert iri_at("estilo.css", "190305") is None and iri_at("unidad/Gm.html", "190305") is None
    assert iri_at("otra/gm", "190305") is None and resource_path("https://example.org/x") is None


def test_other_publishers_iris_get_a_hashed_page_in_their_kind_folder():
    path = page_path("unidad", "http://example.org/otra/Unidad%20Rara")
    assert path.startswith("unidad/unidad-20rara-") and path.endswith(".html") and len(path) == len("unidad/unidad-20rara-12345678.html")
    assert stem("fuente", f"{ID_BASE}fuente/ley-27972") == "referencia/ley-27972"
    assert page_path("unidad", f"{OWN}unidad/gm") == "unidad/gm.html"


def test_routes_cover_every_kind_once_with_unique_folders():
    found = routes("190305")
    folders = [route.folder for route in found]
    assert len(folders) == len(set(folders)) == 18
    assert routes(None) == tuple(route for route in found if not route.namespace.startswith(OWN))


@pytest.mark.parametrize("iri, path", [
    (f"{OWN}unidad/gm", "/id/190305/unidad/gm"), (f"{ID_BASE}fuente/ley-27972", "/id/fuente/ley-27972"),
    (f"{ID_BASE}lugar/190305", "/id/lugar/190305"),
])
def test_the_endpoint_answers_each_iri_at_its_own_path_and_back(iri, path):
    assert endpoint_path(iri) == path
    assert iri_served_at(path) == iri


@pytest.mark.parametrize("path", ["/id/190305/unidad/Gm", "/id/190305/planeta/x", "/id/unidad/gm", "/datos/unidad/gm",
                                  "/id/190305/unidad/gm/mas", "/id"])
def test_paths_the_endpoint_answers_no_iri_at(path):
    assert iri_served_at(path) is None
