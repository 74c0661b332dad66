"""Name keys: how a name in text and a name in a dictionary are compared.

Both sides go through ``key()``: accents folded, apostrophes and dots dropped, hyphens made
spaces, lower case. "U.S." and "US", "Kata'ib" and "Kataib", "Al-Qā’im" and "al Qaim" meet.
"""

from __future__ import annotations

import unicodedata

_DROP = {ord(c): None for c in "'’‘ʿʾ`´.\u02bc"}
_SPACE = {ord(c): " " for c in "-–—_(),/"}
_TABLE = {**_DROP, **_SPACE}

# Arabic article forms that romanisations attach to place names or leave off ("Al Anbār" / "Anbar").
ARABIC_ARTICLES = ("al ", "el ", "an ", "ar ", "as ", "ash ", "ad ", "az ", "at ", "ath ", "adh ", "ay ")


def fold(text: str) -> str:
    """Strip accents; leave everything else."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def key(text: str) -> str:
    """The comparison key of a name. Not memoised: a table of every name ever read would grow
    with the corpus; callers that meet one name often keep their own table per article."""
    return " ".join(fold(text).translate(_TABLE).lower().split())


def word_key(word: str) -> str:
    """``key(word)`` for a word without spaces, cheaper: the key of a plain ASCII word is the
    word in lower case, and most others need no re-spacing. The key of words joined by spaces
    is their keys joined by spaces (leaving out empty ones)."""
    if word.isascii() and word.isalpha():
        return word.lower()
    found = (word if word.isascii() else fold(word)).translate(_TABLE).lower()
    return " ".join(found.split()) if " " in found else found


def without_article(name_key: str) -> str | None:
    """The key without a leading Arabic article or "the", or None when it has none."""
    if name_key.startswith("the "):
        return name_key[4:]
    for article in ARABIC_ARTICLES:
        if name_key.startswith(article) and len(name_key) > len(article) + 2:
            return name_key[len(article) :]
    return None
