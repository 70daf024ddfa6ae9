"""The wheel carries the package data (ontology, data, shapes, queries, templates), so it works outside the repo."""
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(REPO)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    (built,) = out.glob("pozuzo_kg-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.mark.parametrize("folder", ["ontology", "data", "shapes", "queries"])
def test_wheel_ships_every_data_file(wheel_names: set[str], folder: str):
    expected = {f"pozuzo_kg/_data/{folder}/{p.name}" for p in (REPO / folder).iterdir() if p.is_file()}
    assert expected and expected <= wheel_names


def test_wheel_ships_templates_and_console_script(wheel: Path, wheel_names: set[str]):
    templates = {f"pozuzo_kg/publish/templates/{p.name}" for p in (REPO / "pozuzo_kg/publish/templates").iterdir()}
    assert templates <= wheel_names
    entry_points = next(n for n in wheel_names if n.endswith(".dist-info/entry_points.txt"))
    with zipfile.ZipFile(wheel) as archive:
        assert "pozuzo-kg = pozuzo_kg.cli:main" in archive.read(entry_points).decode()


def test_the_official_cpov_shapes_and_their_attribution_are_in_the_wheel(wheel_names: set[str]):
    assert {"pozuzo_kg/_data/shapes/oficiales/core-public-organisation-ap-SHACL.ttl",
            "pozuzo_kg/_data/shapes/oficiales/LEEME.md"} <= wheel_names


def test_pytest_is_a_test_dependency_not_a_runtime_one():
    from importlib.metadata import requires

    requirements = requires("pozuzo-kg")
    assert [r for r in requirements if r.startswith("pytest")] == ["pytest>=8; extra == 'test'"]


def test_version_comes_from_package_metadata():
    from importlib.metadata import version

    import pozuzo_kg

    assert pozuzo_kg.__version__ == version("pozuzo-kg") == "0.1.0"
    assert Path(pozuzo_kg.__file__).parent.name == "pozuzo_kg"


def test_the_query_pages_assets_are_in_the_wheel(wheel_names: set[str]):
    """The endpoint's page serves its script, stylesheet and template from the package, never from elsewhere."""
    assets = {f"pozuzo_kg/server/{folder}/{p.name}" for folder in ("static", "templates")
              for p in (REPO / "pozuzo_kg/server" / folder).iterdir()}
    assert {"pozuzo_kg/server/static/ui.js", "pozuzo_kg/server/static/ui.css",
            "pozuzo_kg/server/templates/ui.html"} <= assets <= wheel_names
