"""Proper-name spans: runs of capitalised words, looked up in name dictionaries by longest match.

Dictionaries of actors and places are large (GeoNames alone has 34,000 cities), so the text is
scanned once for capitalised runs ("Camp Taji", "Popular Mobilization Units", "Ain al-Asad") and
each run is looked up word-run by word-run in a dict: cost grows with the text, not the
dictionary. Possessives end a run ("Iraq's"), and so do "-led"/"-backed" compounds ("US-led").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from api.extract.names import key, without_article, word_key
from api.extract.records import quick_init

T = TypeVar("T")

_CAP = "A-ZÀ-ÖØ-Þ"
# "Kata'ib"; and a plural possessive inside a name ("Kurdistan Workers' Party"), not at its end
_REST = rf"(?:['’](?!s\b)\w+)*(?:(?<=s)['’](?= [{_CAP}]))?"
_COMPOUND = r"(?:led|backed|based|aligned|linked|allied|affiliated|sponsored|supported|controlled|held|run|born|style|made|owned|funded|trained|armed|era|type|bound)"
_WORD = rf"(?:[{_CAP}](?:\.[{_CAP}])+\.?|[{_CAP}]\w*{_REST}(?:-(?!{_COMPOUND}\b)\w+{_REST})*)"
# The Arabic article in its romanised forms, assimilated ("ash-", "ez-Zor", "ed-Din") or not, and
# the name particles that open names ("bin", "abu")
_PARTICLES = ["al", "el", "ad", "ar", "as", "an", "ash", "at", "az", "ath", "adh", "ed", "er", "es", "esh", "et", "ez",
              "en", "ud", "ur", "uz", "ibn", "bin", "bint", "abu", "abd", "bani", "wal", "ul", "ben"]  # fmt: skip
_PARTICLE = "(?:" + "|".join(_PARTICLES) + ")"
_ARABIC = rf"(?:{_PARTICLE}-[{_CAP}]\w*{_REST}(?:-\w+)*)"
# "Mocimboa da Praia", "Sao Joao dos Angolares": Portuguese particles join a name too
_CONNECT = r"(?:of|the|and|al|el|bin|ibn|de|del|der|la|le|van|von|for|ad|ash|as|an|ar|az|abu|bint|ben|da|do|dos|das)"
_TOKEN = rf"(?:{_WORD}|{_ARABIC})"
_MORE = rf"(?:(?: {_CONNECT})* (?:{_TOKEN}|\d+\b))*"
SPAN_RE = re.compile(rf"(?<![\w-]){_TOKEN}{_MORE}")
# The same runs, written so that each match opens with a character class: the regex engine then
# skips ahead to the next possible first letter instead of trying every position. ``(?<![\w-].)``
# after the first letter is ``(?<![\w-])`` before it. Without a hyphen in the text no Arabic
# particle ("al-") can open a run, and the capital letters alone are a much rarer class.
_FIRST_CAP = rf"(?<![\w-].)(?:(?:\.[{_CAP}])+\.?|\w*{_REST}(?:-(?!{_COMPOUND}\b)\w+{_REST})*)"
_OPENING = sorted({p[0] for p in _PARTICLES})
_FIRST_PARTICLE = (
    "(?:"
    + "|".join(f"(?<={c})(?:{'|'.join(p[1:] for p in _PARTICLES if p[0] == c)})" for c in _OPENING)
    + rf")-[{_CAP}]\w*{_REST}(?:-\w+)*"
)
_RUN_RE = re.compile(rf"[{_CAP}{''.join(_OPENING)}](?<![\w-].)(?:(?<=[{_CAP}]){_FIRST_CAP}|{_FIRST_PARTICLE}){_MORE}")
_CAP_RUN_RE = re.compile(rf"[{_CAP}]{_FIRST_CAP}{_MORE}")


_OPENERS = frozenset(".!?\"“”'‘’:(")


def opens_sentence(text: str, start: int) -> bool:
    """Whether a run at ``start`` opens the sentence (or a quotation, or a bracket)."""
    return start == 0 or text[max(0, start - 4) : start].rstrip()[-1:] in _OPENERS


def find_runs(text: str) -> Iterator[re.Match[str]]:
    """``SPAN_RE.finditer(text)``, faster."""
    return (_RUN_RE if "-" in text else _CAP_RUN_RE).finditer(text)


@quick_init
@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    words: tuple[tuple[int, int, str], ...] = ()  # (start, end, word) relative to the span
    keys: tuple[str, ...] = ()

    @classmethod
    def of(cls, start: int, text: str) -> Span:
        words = []
        keys = []
        pos = 0
        for word in text.split(" "):  # runs hold single spaces only (SPAN_RE)
            if word:
                words.append((pos, pos + len(word), word))
                keys.append(word_key(word))
            pos += len(word) + 1
        return cls(start, start + len(text), text, tuple(words), tuple(keys))


@dataclass(frozen=True)
class NameHit(Generic[T]):
    """``value`` found for the words text[start:end]; ``key`` is the dictionary key that matched."""

    start: int
    end: int
    text: str
    key: str
    value: T


def find_spans(text: str) -> list[Span]:
    return [Span.of(m.start(), m.group()) for m in find_runs(text)]


class NameIndex(Generic[T]):
    """A dict from name keys to values, with the longest word-run match over a span.

    ``accept(value, surface)`` can veto a hit (for example an acronym written in lower case).
    """

    def __init__(self, accept: Callable[[T, str], bool] | None = None) -> None:
        self.table: dict[str, list[T]] = {}
        self.max_words = 1
        self.first_words: dict[str, int] = {}  # first key word -> most key words of a name starting so
        self.accept = accept

    def add(self, name: str, value: T, strip_article: bool = False) -> None:
        name_key = key(name)
        if not name_key:
            return
        keys = [name_key]
        bare = without_article(name_key) if strip_article else None
        if bare:
            keys.append(bare)
        for k in keys:
            bucket = self.table.setdefault(k, [])
            if value not in bucket:
                bucket.append(value)
            size = k.count(" ") + 1
            self.max_words = max(self.max_words, size)
            first = k.partition(" ")[0]
            self.first_words[first] = max(self.first_words.get(first, 0), size)

    def get(self, name: str) -> list[T]:
        return self.table.get(key(name), [])

    def scan(self, span: Span) -> Iterator[NameHit[list[T]]]:
        """Longest matches, left to right, over the words of one span."""
        words, keys = span.words, span.keys
        first_words = self.first_words
        i = 0
        n = len(words)
        while i < n:
            limit = first_words.get(keys[i].partition(" ")[0])
            if limit is None:
                i += 1
                continue
            found = False
            for j in range(min(n, i + limit), i, -1):
                name_key = " ".join(keys[i:j])
                values = self.table.get(name_key)
                if values:
                    surface = span.text[words[i][0] : words[j - 1][1]]
                    if self.accept is not None:
                        values = [v for v in values if self.accept(v, surface)]
                    if values:
                        yield NameHit(span.start + words[i][0], span.start + words[j - 1][1], surface, name_key, values)
                        i = j
                        found = True
                        break
            if not found:
                i += 1


_SPLIT = re.compile(r"\S+")
