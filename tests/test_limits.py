"""The input-limits policy: named defaults, changed through the environment or the API, one line per breach."""
import pytest

from pozuzo_kg.errors import InputError, UsageError
from pozuzo_kg.limits import DEFAULT_LIMITS, ENVIRONMENT_VARIABLE, Limits, check_query_text, limits_from_environment, size_text


@pytest.fixture(autouse=True)
def default_policy(monkeypatch):
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)


def test_the_defaults_are_the_documented_ones():
    assert DEFAULT_LIMITS == Limits(depth=1000, literal=16 * 2**20, query=2**20, archive_members=10_000,
                                    archive_size=256 * 2**20, archive_ratio=100, response=256 * 2**20,
                                    entity_expansion=64 * 2**20)
    assert limits_from_environment({}) is DEFAULT_LIMITS


def test_the_environment_changes_named_limits_with_sizes_in_binary_units():
    limits = limits_from_environment({ENVIRONMENT_VARIABLE: "depth=2000, literal=4MiB,query=512KiB,response=1GiB"})
    assert (limits.depth, limits.literal, limits.query, limits.response) == (2000, 4 * 2**20, 512 * 2**10, 2**30)
    assert limits.archive_members == DEFAULT_LIMITS.archive_members


@pytest.mark.parametrize("value,message", [
    ("profundidad=3", "POZUZO_KG_LIMITS: 'profundidad=3' is not NAME=VALUE with NAME one of depth, literal, query, "),
    ("depth", "POZUZO_KG_LIMITS: 'depth' is not NAME=VALUE"),
    ("depth=0", "POZUZO_KG_LIMITS: depth='0' must be a positive whole number"),
    ("depth=2KiB", "POZUZO_KG_LIMITS: depth='2KiB' must be a positive whole number"),
    ("literal=mucho", "POZUZO_KG_LIMITS: literal='mucho' must be a positive size such as 4MiB"),
])
def test_a_malformed_setting_is_a_usage_error_naming_it(monkeypatch, value, message):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    with pytest.raises(UsageError) as caught:
        limits_from_environment({ENVIRONMENT_VARIABLE: value})
    assert str(caught.value).startswith(message)


def test_a_malformed_setting_is_one_line_and_exit_2_in_every_command(monkeypatch, capsys):
    from pozuzo_kg.cli import main

    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "depth=-1")
    assert main(["stats"]) == 2
    assert capsys.readouterr().err == ("pozuzo-kg: error: POZUZO_KG_LIMITS: depth='-1' debe ser un número entero "
                                       "positivo\n")


def test_sizes_read_as_people_read_them():
    assert [size_text(n) for n in (16 * 2**20, 512 * 2**10, 300, 2**30, 1500)] == [
        "16 MiB", "512 KiB", "300 B", "1 GiB", "1500 B"]


def test_query_text_beyond_the_limit():
    check_query_text("x" * 100, "--sparql", Limits(query=100))
    with pytest.raises(InputError) as caught:
        check_query_text("ñ" * 60, "--sparql", Limits(query=100))  # 120 bytes of UTF-8
    assert str(caught.value) == ("--sparql: el texto de la consulta ocupa más de 100 B (límite query; cámbielo con "
                                 "POZUZO_KG_LIMITS=query=…)")


def test_query_text_limit_holds_for_the_cli(monkeypatch, capsys, tmp_path):
    from pozuzo_kg.cli import main

    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "query=1KiB")
    assert main(["query", "--sparql", "SELECT * WHERE { ?s ?p ?o }" + " " * 2000]) == 2
    assert capsys.readouterr().err.startswith("pozuzo-kg: error: --sparql: el texto de la consulta ocupa más de 1 KiB")
    path = tmp_path / "larga.rq"
    path.write_text("# " + "x" * 2000 + "\nASK {}\n", encoding="utf-8")
    assert main(["query", "--file", str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"pozuzo-kg: error: {path}: el texto de la consulta ocupa más de 1 KiB")


def test_replace_refuses_what_is_not_a_positive_whole_number():
    assert DEFAULT_LIMITS.replace(depth=5).depth == 5
    with pytest.raises(UsageError):
        DEFAULT_LIMITS.replace(depth=0)
    with pytest.raises(UsageError):
        DEFAULT_LIMITS.replace(literal=1.5)


@pytest.mark.parametrize("query,column", [("ASK {" + "{" * 3000 + "}" * 3000 + "}", 1005),
                                          ("ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }", 1012)])
def test_a_deeply_nested_query_is_one_line_not_a_crash(capsys, query, column):
    """Oxigraph's query parser crashed the process (SIGSEGV) on these: the depth limit is checked first."""
    from pozuzo_kg.cli import main

    assert main(["query", "--sparql", query]) == 2
    assert capsys.readouterr().err == (f"pozuzo-kg: error: consulta en 1:{column}: anidamiento de más de 1000 niveles"
                                       " (límite depth; cámbielo con POZUZO_KG_LIMITS=depth=…)\n")
