"""The message catalogue: Spanish by default, English through the locale, published text always Spanish."""
import pytest

from pozuzo_kg import i18n


@pytest.mark.parametrize(("environment", "expected"), [
    ({}, "es"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "es_PE.UTF-8"}, "es"),
    ({"LC_MESSAGES": "en_GB", "LANG": "es_PE.UTF-8"}, "en"),
    ({"LC_ALL": "es_PE.UTF-8", "LANG": "en_US.UTF-8"}, "es"),
    ({"LANGUAGE": "en", "LC_ALL": "es_PE.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "es"),
])
def test_language_follows_the_first_locale_variable_set(monkeypatch, environment, expected):
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    assert i18n.language() == expected


def test_messages_are_spanish_by_default_english_through_the_locale_published_always_spanish(monkeypatch):
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    assert i18n._("interrupted") == "interrumpido"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert i18n._("interrupted") == "interrupted"
    assert i18n.published("interrupted") == "interrumpido"


def test_module_constants_are_translated_where_used(english):
    from pozuzo_kg.stats import LABELS

    assert LABELS["units"] == "Organizational units"
    assert i18n._(LABELS["units"]) == "Organizational units"
    assert i18n.published(LABELS["units"]) == "Unidades orgánicas"


# The catalogue and its tools (tools/i18n.py), as CI runs them.

def _tool():
    import importlib.util

    from conftest import REPO

    spec = importlib.util.spec_from_file_location("i18n_tool", REPO / "tools" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_mo_is_a_fresh_compile_of_the_po():
    tool = _tool()
    assert tool.MO.read_bytes() == tool.compiled(), "run: .venv/bin/python tools/i18n.py compile"
    assert tool.compiled() == tool.compiled()


def test_every_message_the_code_uses_has_a_spanish_translation_with_the_same_placeholders():
    tool = _tool()
    used = tool.template()
    assert len(used) > 100
    assert tool.problems(tool.read_catalogue(), used) == [], "fill in the .po (tools/i18n.py update), then compile"


def test_argparse_words_are_in_the_catalogue():
    used = {m.id if isinstance(m.id, str) else m.id[0] for m in _tool().template()}
    assert {"usage: ", "options", "positional arguments", "show this help message and exit",
            "the following arguments are required: %s", "unrecognized arguments: %s",
            "invalid choice: %(value)r (choose from %(choices)s)", "expected one argument"} <= used


@pytest.mark.parametrize(("msgid", "msgstr", "problem"), [
    ("{path}: no such file", "{path}: no existe el archivo", None),
    ("{path}: no such file", "{ruta}: no existe el archivo", "placeholders"),
    ("{count} of {total}", "{total}", "placeholders"),
    ("argument %(argument_name)s: %(message)s", "argumento %(argument_name)s", "placeholders"),
    ("{value!r} is no code", "{value} no es un código", "placeholders"),
    ("show it", "", "no Spanish translation"),
])
def test_check_finds_missing_translations_and_mismatched_placeholders(msgid, msgstr, problem):
    from babel.messages.catalog import Catalog

    tool = _tool()
    used, catalog = Catalog(), Catalog(locale="es")
    used.add(msgid, locations=[("pozuzo_kg/x.py", 1)])
    catalog.add(msgid, msgstr)
    found = tool.problems(catalog, used)
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].startswith("pozuzo_kg/x.py: ") and problem in found[0]


def test_check_refuses_fuzzy_translations():
    from babel.messages.catalog import Catalog

    tool = _tool()
    used, catalog = Catalog(), Catalog(locale="es")
    used.add("validating", locations=[("pozuzo_kg/cli/validate.py", 1)])
    catalog.add("validating", "validando", flags=["fuzzy"])
    assert tool.problems(catalog, used) == [
        "pozuzo_kg/cli/validate.py: the translation of 'validating' is marked fuzzy"]


def test_argparse_is_left_as_it_was_outside_the_command():
    """The CLI routes argparse's words through the catalogue only while it parses: nothing leaks to other users."""
    import argparse
    import gettext

    from pozuzo_kg.cli import main

    with pytest.raises(SystemExit):
        main(["validate", "-f", "pdf"])
    assert argparse._ is gettext.gettext and argparse.ngettext is gettext.ngettext
    parser = argparse.ArgumentParser(prog="otro")
    assert "options:" in parser.format_help() and "usage: otro" in parser.format_help()


# The command in both languages, through real processes (as Mercurial's test-i18n.t runs hg).

def _cli(*args: str, env: dict[str, str] | None = None):
    import os
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "pozuzo_kg", *args], capture_output=True, text=True,
                          encoding="utf-8", env={**os.environ, **(env or {})})


EN = {"LANG": "en_US.UTF-8"}


@pytest.mark.parametrize(("args", "env", "code", "line"), [
    (["validate", "-f", "pdf"], {}, 2,
     "pozuzo-kg validate: error: argumento -f/--format: valor no válido: 'pdf' (elija entre 'human', 'table', "
     "'turtle', 'json', 'markdown', 'html')"),
    (["validate", "-f", "pdf"], EN, 2,
     "pozuzo-kg validate: error: argument -f/--format: invalid choice: 'pdf' (choose from 'human', 'table', "
     "'turtle', 'json', 'markdown', 'html')"),
    (["push"], {}, 2, "pozuzo-kg push: error: faltan argumentos obligatorios: --store"),
    (["push"], EN, 2, "pozuzo-kg push: error: the following arguments are required: --store"),
    (["stats", "--no-existe"], {}, 2, "pozuzo-kg: error: argumentos no reconocidos: --no-existe"),
    (["stats", "--no-existe"], EN, 2, "pozuzo-kg: error: unrecognized arguments: --no-existe"),
    (["query", "jerarquia", "-f"], {}, 2, "pozuzo-kg query: error: argumento -f/--format: se esperaba un argumento"),
    (["query", "jerarquia", "-f"], EN, 2, "pozuzo-kg query: error: argument -f/--format: expected one argument"),
    (["query", "jerarquia", "--timeout", "x"], {}, 2,
     "pozuzo-kg query: error: argumento --timeout: valor float no válido: 'x'"),
    (["query", "--graph", "urn:x", "jerarquia"], {}, 2,
     "pozuzo-kg: error: --graph y --timeout son para consultas remotas: añada --endpoint URL"),
    (["query", "--graph", "urn:x", "jerarquia"], EN, 2,
     "pozuzo-kg: error: --graph and --timeout apply to remote queries: add --endpoint URL"),
    (["validate", "--shapes", "structure,"], {}, 2,
     "pozuzo-kg: error: --shapes: nombre de conjunto de formas vacío en 'structure,'"),
    (["validate", "--shapes", "structure,"], EN, 2, "pozuzo-kg: error: --shapes: empty shape set name in 'structure,'"),
    (["stats", "no-existe.ttl"], {}, 2, "pozuzo-kg: error: no-existe.ttl: no existe el archivo"),
    (["stats", "no-existe.ttl"], EN, 2, "pozuzo-kg: error: no-existe.ttl: no such file"),
    (["query", "--sparql", "SELECT * WHERE { ?s foo:bar ?o }"], {}, 2,
     "pozuzo-kg: error: consulta no válida en 1:21: prefijo desconocido 'foo' (declárelo con PREFIX foo: <…>)"),
    (["query", "--sparql", "SELECT * WHERE { ?s foo:bar ?o }"], EN, 2,
     "pozuzo-kg: error: invalid query at 1:21: unknown prefix 'foo' (declare it with PREFIX foo: <…>)"),
    (["query", "buscar"], {}, 2, "pozuzo-kg: error: la consulta 'buscar' necesita el parámetro 'texto' "
                                 "(--param texto=…): Palabras a buscar (castellano o inglés)."),
    (["query", "buscar"], EN, 2, "pozuzo-kg: error: query 'buscar' needs parameter 'texto' (--param texto=…): "
                                 "Palabras a buscar (castellano o inglés)."),
    (["query", "jerarquia", "--endpoint", "ftp://127.0.0.1/q"], {}, 2,
     "pozuzo-kg: error: punto de acceso 'ftp://127.0.0.1/q' no es una URL http(s)"),
    (["query", "jerarquia", "--endpoint", "ftp://127.0.0.1/q"], EN, 2,
     "pozuzo-kg: error: endpoint 'ftp://127.0.0.1/q' is not an http(s) URL"),
    (["validate", "--shapes", "nada"], {}, 2,
     "pozuzo-kg: error: conjunto de formas desconocido 'nada'; elija entre compliance, cpov, quality, structure"),
    (["validate", "--shapes", "nada"], EN, 2,
     "pozuzo-kg: error: unknown shape set 'nada'; choose from compliance, cpov, quality, structure"),
    (["publish", "--date", "ayer"], {}, 2, "pozuzo-kg: error: --date 'ayer' no válida: se esperaba AAAA-MM-DD"),
    (["publish", "--date", "ayer"], EN, 2, "pozuzo-kg: error: invalid --date 'ayer': expected YYYY-MM-DD"),
], ids=lambda value: " ".join(value) if isinstance(value, list) else None)
def test_errors_in_both_languages(args, env, code, line):
    done = _cli(*args, env=env)
    assert (done.returncode, done.stdout, done.stderr) == (code, "", line + "\n")


@pytest.mark.parametrize(("env", "headings"), [
    ({}, ["uso: pozuzo-kg [-h] [--version] COMMAND ...", "argumentos posicionales:", "opciones:",
          "  -h, --help  muestra esta ayuda y termina", "  --version   muestra la versión y termina"]),
    (EN, ["usage: pozuzo-kg [-h] [--version] COMMAND ...", "positional arguments:", "options:",
          "  -h, --help  show this help message and exit", "  --version   show the version and exit"]),
])
def test_help_headings_in_both_languages(env, headings):
    done = _cli("--help", env=env)
    assert (done.returncode, done.stderr) == (0, "")
    assert [line for line in done.stdout.splitlines() if line in headings] == headings


@pytest.mark.parametrize(("env", "expected"), [
    ({"LANG": "en_US.UTF-8"}, "en"),  # LANGUAGE unset
    ({"LANGUAGE": "", "LANG": "en_US.UTF-8"}, "en"),  # set but empty: gettext skips it too
    ({"LC_ALL": "en_GB.UTF-8"}, "en"),
    ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "es_PE.UTF-8"}, "en"),
    ({"LANGUAGE": "es", "LANG": "en_US.UTF-8"}, "es"),
    ({"LANG": "es_PE.UTF-8"}, "es"),
    ({"LANG": "C.UTF-8"}, "es"),
    ({"LANG": "fr_FR.UTF-8"}, "es"),
    ({}, "es"),
])
def test_the_first_locale_variable_set_chooses_the_language_of_the_command(env, expected):
    done = _cli("push", env=env)
    assert done.returncode == 2
    assert done.stderr == {"es": "pozuzo-kg push: error: faltan argumentos obligatorios: --store\n",
                           "en": "pozuzo-kg push: error: the following arguments are required: --store\n"}[expected]


@pytest.mark.parametrize(("env", "line"), [
    ({}, "pozuzo-kg: nota: no se indicó --base-url; las URL de descarga del catálogo usan la provisional "
         "https://datos.example.org/pozuzo-kg/"),
    (EN, "pozuzo-kg: note: no --base-url given; the catalogue's download URLs use the placeholder "
         "https://datos.example.org/pozuzo-kg/"),
])
def test_a_note_in_both_languages(tmp_path, env, line):
    done = _cli("publish", "--out", str(tmp_path / "salida"), "--date", "2025-01-01", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr == line + "\n"


def test_no_translated_message_hides_inside_an_f_string():
    """Babel cannot extract ``f"{_('x')}"`` on Python 3.11: such a message would silently stay English."""
    assert _tool().hidden_calls() == []


def test_no_variable_shadows_a_translator():
    """``for _ in …`` in a function that also calls ``_()`` makes the call fail (UnboundLocalError)."""
    assert _tool().shadowed_translators() == []


@pytest.mark.parametrize(("env", "heading", "verdict"), [
    ({}, "# Informe de validación de pozuzo-kg", "**Resultado:** Sin infracciones; 7 advertencias para revisar.  "),
    (EN, "# pozuzo-kg validation report", "**Result:** No violations; 7 warnings to review.  "),
])
def test_a_report_heading_in_both_languages(env, heading, verdict):
    done = _cli("validate", "-f", "markdown", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:3] == [heading, "", verdict]


def test_the_json_of_validate_changes_with_the_language_only_in_its_sentences():
    """Scripts parse the JSON: keys, values and order stay; only ``notes`` and each ``message``/``remedy`` follow
    the locale (the ``message`` from the shape's sh:message @es or @en)."""
    import json

    from conftest import REPO

    for files in ([], [str(REPO / "tests" / "fixtures" / "shapes" / "sin-organizacion.ttl")]):
        spanish = json.loads(_cli("validate", *files, "-f", "json").stdout)
        english = json.loads(_cli("validate", *files, "-f", "json", env=EN).stdout)
        sentences = ("message", "remedy")
        assert {k: v for k, v in spanish.items() if k not in ("notes", "findings")} == \
            {k: v for k, v in english.items() if k not in ("notes", "findings")}
        assert [{k: v for k, v in f.items() if k not in sentences} for f in spanish["findings"]] == \
            [{k: v for k, v in f.items() if k not in sentences} for f in english["findings"]]
        assert len(spanish["notes"]) == len(english["notes"])
    assert spanish["notes"][0].startswith("los datos no tienen ninguna organización")
    assert english["notes"][0].startswith("the data has no organization")


@pytest.mark.parametrize(("env", "lines"), [
    ({}, ["Análisis organizacional", "Resumen", "Indicador                     Valor", "Ciclos", "ninguno",
          "Ruta 1: Gerencia de Administración y Finanzas → Gerencia Municipal → Alcaldía"]),
    (EN, ["Organizational analysis", "Summary", "Indicator                    Value", "Cycles", "none",
          "Path 1: Gerencia de Administración y Finanzas → Gerencia Municipal → Alcaldía"]),
])
def test_analyze_and_stats_in_both_languages(env, lines):
    done = _cli("analyze", "--unit", "gaf", env=env)
    assert done.returncode == 0, done.stderr
    shown = done.stdout.splitlines()
    assert [line for line in shown if line in lines] == lines
    stats = _cli("stats", env=env).stdout.splitlines()
    assert stats[0].split() == (["Concepto", "Cantidad"] if not env else ["Item", "Count"])
    assert stats[2].split()[:-1] == (["Unidades", "orgánicas"] if not env else ["Organizational", "units"])
