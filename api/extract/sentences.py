"""Sentences of an article, tagged with where they come from (headline, standfirst, body, caption)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from api.extract.records import quick_init
from api.ingest.article import Article

# A full stop followed by space and a capital, a digit or an opening quote may end a sentence.
_BOUNDARY = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "lt",
        "col",
        "maj",
        "sgt",
        "capt",
        "cpl",
        "pte",
        "sen",
        "rep",
        "gov",
        "st",
        "no",
        "nos",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.n",
        "u.k",
        "e.u",
        "inc",
        "corp",
        "co",
        "ltd",
        "vs",
        "etc",
        "jr",
        "sr",
        "adm",
        "brig",
        "cmdr",
        "prof",
        "rev",
        "mt",
        "ft",
        "approx",
        "est",
        "fig",
    ]
)
# "BAGHDAD (Reuters) -", "TEHRAN (Tasnim) –": the dateline names where the reporter is, not an event place
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’/-]{1,60}(?:, [A-Z][A-Za-z .]{1,30})?\s*\([A-Za-z .&-]{2,30}\)\s*[-–—]+\s*")
# Words that open sentences: after "U.S." they mean the sentence did end there.
_OPENERS = frozenset(
    [
        "The",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "But",
        "However",
        "In",
        "On",
        "A",
        "An",
        "This",
        "That",
        "There",
        "Its",
        "His",
        "Their",
        "Then",
        "Meanwhile",
        "After",
        "When",
        "While",
        "Earlier",
        "Later",
        "Some",
        "Many",
    ]
)


@quick_init
@dataclass(frozen=True)
class Sentence:
    text: str
    index: int  # order in the article
    segment: str  # "headline", "standfirst", "body" or "caption"
    paragraph: int  # order of the paragraph within its segment
    first_in_paragraph: bool


def split_sentences(text: str) -> list[str]:
    """Split one paragraph into sentences, keeping abbreviations such as "U.S." and "Lt." whole."""
    text = text.strip()
    if not text:
        return []
    out: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        cut = match.start()
        word = text[max(start, text.rfind(" ", start, cut) + 1) : cut].lower().lstrip('("“')
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            following = text[match.end() : match.end() + 12].split(" ", 1)[0]
            if word not in ("u.s", "u.k", "u.n", "e.u") or following not in _OPENERS:
                continue
        if text[cut] == "." and cut > 0 and text[cut - 1].isdigit() and cut + 1 < len(text) and text[cut + 1].isdigit():
            continue
        out.append(text[start : match.end()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def article_sentences(article: Article) -> list[Sentence]:
    """Headline, standfirst, body and captions as sentences, each said once.

    Pages repeat themselves (a standfirst printed again as the first paragraph, a caption given
    twice); a sentence already seen is skipped so an event is not found twice from one report.
    """
    seen: set[str] = set()
    out: list[Sentence] = []

    def add(segment: str, paragraphs: list[str]) -> None:
        for p_index, paragraph in enumerate(paragraphs):
            if paragraph[:1].isupper() and "(" in paragraph:  # what a dateline needs
                paragraph = _DATELINE.sub("", paragraph, count=1)
            for s_index, text in enumerate(split_sentences(paragraph)):
                norm = " ".join(text.lower().split())
                if norm in seen or len(norm) < 3:
                    continue
                seen.add(norm)
                out.append(Sentence(text, len(out), segment, p_index, s_index == 0))

    add("headline", [article.headline])
    if article.standfirst:
        add("standfirst", [article.standfirst])
    add("body", list(article.paragraphs))
    add("caption", [c.text for c in article.captions])
    return out
