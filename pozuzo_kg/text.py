"""Comparing text as people type it: without case or accents."""
import unicodedata


def fold(text: str) -> str:
    """``text`` compared without case or accents (``"Puerto Bermúdez"`` → ``"puerto bermudez"``, ``"Niños"`` →
    ``"ninos"``), with runs of white space made one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())
