"""One message catalogue for every text a user reads: gettext, with the English text as the message id.

Users read Spanish by default; English when the first of ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG``
that is set (gettext's own order) starts with ``en``. Two translators, as Sphinx keeps them apart:

- :func:`_` (and :func:`ngettext`) for what a command says on the terminal: help, errors, notes, progress,
  reports printed for the user. It follows the locale.
- :func:`published` for text written into published files (the bundle's pages, CSV headers, catalogue titles):
  always Spanish, so the bytes of a publication never depend on who ran it.

Strings needed at import time are marked with :func:`N_` (extraction only) and translated where they are used.
The catalogue is ``pozuzo_kg/locale/es/LC_MESSAGES/pozuzo_kg.po`` (source) and its compiled ``.mo`` (shipped);
``tools/i18n.py`` extracts, updates and compiles it. JSON keys and option values stay English.
"""
from __future__ import annotations

import gettext
import os
from functools import cache
from pathlib import Path

DOMAIN = "pozuzo_kg"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("es", "en")
"""Languages users can read the messages in; the first is the default."""
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
"""The environment variables that choose the language, in the order gettext reads them."""


def language() -> str:
    """``en`` when the first locale variable that is set starts with ``en``; otherwise ``es``."""
    for variable in LOCALE_VARIABLES:
        value = os.environ.get(variable, "")
        if value:
            return "en" if value.lower().startswith("en") else "es"
    return "es"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of ``lang`` (English is the message ids themselves); a missing catalogue is an install bug."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])


Translator = gettext.NullTranslations
"""What renderers shared by the terminal and the bundle take: ``.gettext`` and ``.ngettext`` of one language,
:func:`translator` for the user's, :func:`published_translator` for published files."""


def translator() -> Translator:
    """The catalogue of the user's language (what :func:`_` and :func:`ngettext` use)."""
    return translations(language())


def published_translator() -> Translator:
    """The Spanish catalogue (what :func:`published` uses), for renderers that write published files."""
    return translations("es")


def language_of(t: Translator) -> str:
    """The language code of a translator (``es``; ``en`` for the message ids themselves)."""
    return t.info().get("language", "en")


def _(message: str) -> str:
    """``message`` (English) in the user's language."""
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form of a message for ``count``, in the user's language."""
    return translations(language()).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` in the user's language, as translated in ``context`` (Spanish "ninguna" for a unit, "ninguno"
    for a cycle, where English says "none" for both)."""
    return translations(language()).pgettext(context, message)


def published(message: str) -> str:
    """``message`` in Spanish, whatever the locale: for text written into published files."""
    return translations("es").gettext(message)


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional name)
    """Marks ``message`` for the catalogue without translating it (translate it with :func:`_` where it is used)."""
    return message
