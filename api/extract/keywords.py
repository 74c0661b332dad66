"""One pass over an article's lower-cased text for every trigger word, with a trie-shaped regex.

A plain alternation of a few hundred words makes Python's regex engine try each word at each
position; the same words arranged as a trie are tried one character at a time, several times
faster on news-length text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from api.extract.records import quick_init
from api.extract.taxonomy import TRIGGERS


def trie_pattern(words: Iterable[str]) -> str:
    """A regex matching exactly ``words`` (longest first), shaped as a trie."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?"
        return body

    return build(trie)


def word_start(words: Iterable[str]) -> str:
    """A regex for ``\\b(?:words)`` (each word opening with a letter or digit) whose branches each
    open with a literal character: the regex engine then skips ahead to the next possible first
    letter instead of trying the word boundary at every position. ``(?<!\\w.)`` after the first
    letter is ``\\b`` before it."""
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word[1:])
    return (
        "(?:" + "|".join(rf"{re.escape(c)}(?<!\w.){trie_pattern(rest)}" for c, rest in sorted(by_first.items())) + ")"
    )


def word_regex(words: Iterable[str]) -> re.Pattern[str]:
    """Whole-word matches of ``words`` in lower-case text prefixed with one space.

    The word must follow a space, a bracket, a quote or a dash: a literal first character lets
    the regex engine skip ahead, where a look-behind would be tried at every position.
    """
    return re.compile(rf"[ (\"“‘'\n/—–](?:{trie_pattern(words)})(?![a-z0-9])")


@quick_init
@dataclass(frozen=True)
class Keyword:
    start: int
    end: int
    word: str
    cls: str


@lru_cache(maxsize=1)
def _trigger_regex() -> re.Pattern[str]:
    return word_regex(TRIGGERS)


def find_words(pattern: re.Pattern[str], lowered: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of each match of a ``word_regex`` in lower-cased text."""
    return [(m.start(), m.end() - 1, m.group()[1:]) for m in pattern.finditer(" " + lowered)]


def find_triggers(lowered: str) -> list[Keyword]:
    """Trigger words in lower-cased text (same offsets as the original text)."""
    return [Keyword(s, e, w, TRIGGERS[w]) for s, e, w in find_words(_trigger_regex(), lowered)]


def find_triggers_each(lowered: list[str]) -> list[list[Keyword]]:
    """``find_triggers`` of each text, in one regex pass over them all: a sentence costs one call
    less, and most sentences have no trigger at all.

    The texts are joined with newlines, which bound words as the start and end of a text do, and
    no trigger word holds one, so no match spans two texts."""
    out: list[list[Keyword]] = [[] for _ in lowered]
    starts: list[int] = []
    pos = 0
    for text in lowered:
        starts.append(pos)
        pos += len(text) + 1
    index, next_start = 0, starts[1] if len(starts) > 1 else pos
    for m in _trigger_regex().finditer(" " + "\n".join(lowered)):
        start = m.start()
        if start >= next_start:
            index = bisect_right(starts, start) - 1
            next_start = starts[index + 1] if index + 1 < len(starts) else pos
        base = starts[index]
        word = m.group()[1:]
        out[index].append(Keyword(start - base, m.end() - 1 - base, word, TRIGGERS[word]))
    return out
