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
