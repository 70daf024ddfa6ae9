"""One search mechanism: how labels and queries are split into words, folded and stemmed, the search index a
graph gets when it is loaded, the keys a query looks up in it, and the suggestion when nothing matches.

The indexed texts are the labels and descriptions (:data:`PROPERTIES`) of every IRI of the data and the
ontology. Each text is folded (no case, no accents: "Tesorería" → ``tesoreria``), split into words of letters
and digits, stripped of common words (:data:`STOPWORDS`), and each word stemmed by the Snowball stemmer of the
text's language (PyStemmer: English for ``@en``, Spanish for every other text, untagged included). The index
(named graph :data:`~pozuzo_kg.vocab.SEARCH_GRAPH`) has

- one *entry* per indexed text: ``pzo:searchResource`` (the resource), ``pzo:searchProperty`` (the label's
  property), ``pzo:searchLabel`` (the text itself, with its language) and ``pzo:searchWord`` (its words);
- one *word* node per language and word, with its ``pzo:searchKey`` literals: ``w:planificacion`` (the folded
  word), ``s:es:planif`` (its stem in its language) and ``p:es:pla`` … ``p:es:planificacion`` (each prefix of
  at least :data:`MIN_PREFIX` letters).

A query is treated the same way; each of its words looks up the keys of :func:`terms`: its folded word
(:data:`EXACT`), its stems in both languages (:data:`STEM`) and, for :data:`PREFIX` points, its stems and the
word itself as prefixes of the indexed words, and the indexed stems that start its stems (:data:`STEM_SLACK`). This module knows no SPARQL engine: :mod:`pozuzo_kg.queries` binds the
keys and runs the query, here or on a remote store that holds the same index.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from .i18n import _
from .text import fold
from .vocab import DCTERMS, PZO, RDFS, SKOS, search_node

PROPERTIES = (f"{SKOS}prefLabel", f"{SKOS}altLabel", f"{SKOS}hiddenLabel", f"{RDFS}label", f"{DCTERMS}title",
              f"{SKOS}definition", f"{DCTERMS}description")
"""The indexed properties, in the order a tie between equally good matches is broken (names before texts)."""

KEY, WORD, RESOURCE, PROPERTY, LABEL = (f"{PZO}search{name}" for name in ("Key", "Word", "Resource", "Property",
                                                                          "Label"))
"""The index's properties (declared in the ontology)."""

LANGUAGES = {"es": "spanish", "en": "english"}
"""Snowball stemmer of each language; a text in any other language, or none, is read as Spanish."""

MIN_PREFIX = 3
"""Shortest prefix indexed, and shortest query stem looked up as a prefix (shorter ones match whole words)."""

STEM_SLACK = 3
"""A query stem also matches an indexed stem that starts it, at most this many letters shorter and with at least
three quarters of its letters (and more than :data:`MIN_PREFIX`): «catastral» → ``catastral`` finds «catastro»
→ ``catastr``, «planificar» → ``planific`` finds «planifica» → ``planif`` (but ``planif`` never finds «plan»)."""

EXACT, STEM, PREFIX = 3, 2, 1
"""Points of one query word: it is a word of the text, has the stem of one, or starts one."""

STOPWORDS = frozenset("""
    a al ante con de del e el en entre la las lo los o para por que se sin sobre su sus u un una unas unos y
    an and as at by for from in into its of on or the to with
""".split())
"""Function words of Spanish and English, neither indexed nor searched: "adquisición de bienes" looks for
«adquisición» and «bienes»."""

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The folded words of ``text`` that are not :data:`STOPWORDS`, in order (``"Tesorería y caja"`` →
    ``["tesoreria", "caja"]``)."""
    return [word for word in _WORD.findall(fold(text)) if word not in STOPWORDS]


def language(tag: str | None) -> str:
    """The stemming language of a text tagged ``tag``: ``en`` for English (``en``, ``en-GB``…), else ``es``."""
    return "en" if (tag or "").lower().split("-")[0] == "en" else "es"


@cache
def _stemmer(lang: str):
    import Stemmer  # PyStemmer, the Snowball project's C stemmers

    return Stemmer.Stemmer(LANGUAGES[lang])


def stem(word: str, lang: str) -> str:
    """The Snowball stem of the folded ``word`` in ``lang`` (``planificacion`` → ``planif``)."""
    return _stemmer(lang).stemWord(word)


# ---- the index ---------------------------------------------------------------------------------------------

def index_ntriples(triples: Iterable[ox.Triple]) -> bytes:
    """The search index of ``triples`` (those with an IRI subject, an indexed property and a literal) as
    N-Triples, for the store's :data:`~pozuzo_kg.vocab.SEARCH_GRAPH`; its size grows linearly with the texts."""
    key, word_of, resource_of, property_of, label_of = (f"<{iri}>" for iri in (KEY, WORD, RESOURCE, PROPERTY, LABEL))
    lines: list[str] = []
    nodes: dict[tuple[str, str], str] = {}
    seen: set[str] = set()
    properties = {ox.NamedNode(p) for p in PROPERTIES}
    for triple in triples:
        subject, obj = triple.subject, triple.object
        if triple.predicate not in properties or not isinstance(subject, ox.NamedNode) or not isinstance(obj, ox.Literal):
            continue
        found = words(obj.value)
        statement = f"{subject} {triple.predicate} {obj}"
        if not found or statement in seen:
            continue
        seen.add(statement)
        entry = f"<{search_node('entrada-' + hashlib.sha1(statement.encode('utf-8')).hexdigest()[:16])}>"
        lines += [f"{entry} {resource_of} {subject} .\n", f"{entry} {property_of} {triple.predicate} .\n",
                  f"{entry} {label_of} {obj} .\n"]
        lang = language(obj.language)
        for word in dict.fromkeys(found):
            node = nodes.get((lang, word))
            if node is None:
                node = nodes[lang, word] = f"<{search_node(f'palabra-{lang}-{word}')}>"
                lines += [f"{node} {key} {ox.Literal(value)} .\n" for value in word_keys(word, lang)]
            lines.append(f"{entry} {word_of} {node} .\n")
    return "".join(lines).encode("utf-8")


def word_keys(word: str, lang: str) -> list[str]:
    """The keys of an indexed word: ``w:`` the word, ``s:LANG:`` its stem, ``p:LANG:`` each prefix."""
    return [f"w:{word}", f"s:{lang}:{stem(word, lang)}",
            *(f"p:{lang}:{word[:end]}" for end in range(MIN_PREFIX, len(word) + 1))]


# ---- queries ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    """One word of a search: its folded form and the keys it looks up, each with the points it is worth."""

    word: str
    keys: tuple[tuple[str, int], ...]


def terms(text: str) -> list[Term]:
    """The words of a search, each with its keys (best points first; no key twice). Empty if ``text`` has
    only punctuation and common words."""
    found: list[Term] = []
    for word in dict.fromkeys(words(text)):
        points: dict[str, int] = {f"w:{word}": EXACT}
        stems = {lang: stem(word, lang) for lang in LANGUAGES}
        for lang, root in stems.items():
            points.setdefault(f"s:{lang}:{root}", STEM)
        for lang, root in stems.items():
            for start in (root, word):
                if len(start) >= MIN_PREFIX:
                    points.setdefault(f"p:{lang}:{start}", PREFIX)
        for lang, root in stems.items():
            for end in range(max(MIN_PREFIX + 1, len(root) - STEM_SLACK, -(-3 * len(root) // 4)), len(root)):
                points.setdefault(f"s:{lang}:{root[:end]}", PREFIX)
        found.append(Term(word, tuple(points.items())))
    return found


def values_block(name: str, found: list[Term]) -> str:
    """The ``VALUES`` block that binds the search ``found`` for a query's parameter ``name``: one row per key,
    ``(?name ?name_clave ?name_raiz ?name_exacta ?name_terminos)``. ``?name`` is the word's number (from 1),
    ``?name_raiz`` the same number when the key is worth :data:`STEM` points or more, ``?name_exacta`` when it
    is worth :data:`EXACT`, and ``?name_terminos`` the number of words, so that a query can require every word
    and score each by its best key (``COUNT(DISTINCT ?name) + COUNT(DISTINCT ?name_raiz) +
    COUNT(DISTINCT ?name_exacta)``)."""
    rows = []
    for number, term in enumerate(found, 1):
        for key, points in term.keys:
            stem_mark = number if points >= STEM else "UNDEF"
            exact_mark = number if points >= EXACT else "UNDEF"
            rows.append(f"({number} {ox.Literal(key)} {stem_mark} {exact_mark} {len(found)})")
    variables = " ".join(f"?{name}{suffix}" for suffix in ("", "_clave", "_raiz", "_exacta", "_terminos"))
    return f" VALUES ({variables}) {{ {' '.join(rows)} }}"


# ---- suggestions ----------------------------------------------------------------------------------------------

VOCABULARY_QUERY = (f"SELECT DISTINCT ?clave WHERE {{ ?palabra <{KEY}> ?clave FILTER(STRSTARTS(?clave, \"w:\")) }}")
"""The indexed words (as ``w:`` keys), for :func:`suggest`; runs on the embedded store or a remote one."""


@dataclass(frozen=True)
class Suggestion:
    """Why a search found nothing: its words that no indexed word has, and the search with each of them replaced
    by the nearest indexed word (``None`` unless every one has a near word); ``finds`` says whether that search
    finds something (the caller runs it)."""

    unknown: tuple[str, ...]
    text: str | None
    finds: bool = True

    def message(self, searched: str) -> str:
        """The one line a user reads (in their language)."""
        if self.text and self.finds:
            return _("nothing found for «{searched}»; did you mean «{suggestion}»?").format(
                searched=searched, suggestion=self.text)
        if self.text:
            return _("nothing found for «{searched}»; the nearest indexed words, «{suggestion}», find nothing"
                     " either").format(searched=searched, suggestion=self.text)
        if self.unknown:
            return _("nothing found for «{searched}»: no indexed text has the word «{word}», nor one close to it"
                     ).format(searched=searched, word=self.unknown[0])
        return _("nothing found for «{searched}»: each of its words is indexed, but no single name or text has"
                 " them all; try fewer words").format(searched=searched)


def suggest(found: list[Term], vocabulary: Iterable[str]) -> Suggestion:
    """Why ``found`` found nothing, given the indexed words (``vocabulary``, as ``w:`` keys). A word is known if
    an indexed word equals it or starts with its stem or itself; an unknown one is replaced by the nearest
    indexed word by edit distance (at most 1 for words of up to 4 letters, 2 up to 8, else 3; ties: the longer
    common start, the shorter word, then alphabetical)."""
    known = sorted({key[2:] for key in vocabulary if key.startswith("w:")})
    fixed: list[str | None] = []
    unknown: list[str] = []
    for term in found:
        starts = {key.split(":", 2)[2] for key, _points in term.keys if key.startswith("p:")}
        if term.word in known or any(word.startswith(start) for word in known for start in starts):
            fixed.append(term.word)
        else:
            unknown.append(term.word)
            fixed.append(_nearest(term.word, known))
    text = " ".join(fixed) if unknown and None not in fixed else None  # type: ignore[arg-type]
    return Suggestion(tuple(unknown), text)


def _nearest(word: str, known: Iterable[str]) -> str | None:
    limit = 1 if len(word) <= 4 else 2 if len(word) <= 8 else 3
    scored = []
    for candidate in known:
        if abs(len(candidate) - len(word)) > limit:
            continue
        distance = edit_distance(word, candidate, limit)
        if distance <= limit:
            common = next((i for i, (a, b) in enumerate(zip(word, candidate)) if a != b), min(len(word), len(candidate)))
            scored.append((distance, -common, len(candidate), candidate))
    return min(scored)[3] if scored else None


def edit_distance(first: str, second: str, limit: int) -> int:
    """Levenshtein distance of two words (insertions, deletions, substitutions), or ``limit + 1`` once it
    exceeds ``limit``."""
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, 1):
        current = [i]
        for j, b in enumerate(second, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return min(previous[-1], limit + 1)
