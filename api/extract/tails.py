"""Tests on the words just before a point of a sentence: "near the", "fired by", "was reportedly".

Each test is a regex anchored at the end of a window of text (``...\\s+$``). Searched forwards,
the regex engine tries such a pattern at every position of the window; written backwards and
matched at the start of the reversed window, it is tried once. A ``Tail`` keeps both forms: the
forward one says what the test means (``tests/extract/test_tails.py`` checks that the two agree
on the corpus), the backward one runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Tail:
    forward: re.Pattern[str]
    backward: re.Pattern[str]

    def __call__(self, before: str) -> bool:
        """Whether ``forward`` matches at the end of ``before``."""
        return self.backward.match(before[::-1]) is not None


def tail(forward: str, backward: str) -> Tail:
    return Tail(re.compile(forward), re.compile(backward))


def back(words: Iterable[str]) -> str:
    """An alternation of literal words, each written backwards."""
    return "|".join(re.escape(w[::-1]) for w in words)


_THE = r"(?:\s+eht)?"  # "the " before the end, backwards
_PLACE_PREPOSITIONS = ["in", "at", "near", "outside", "into", "on", "to", "from", "of", "around", "across", "toward",
                       "towards"]  # fmt: skip
_COUNTRY_PREPOSITIONS = ["in", "into", "inside", "across", "throughout", "near", "outside", "at", "on", "over"]
_NEAR_WORDS = ["near", "close to", "outside", "on the outskirts of", "around", "nearby", "not far from",
               "in the vicinity of"]  # fmt: skip
_DIRECTIONS = ["north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "north-east",
               "north-west", "south-east", "south-west"]  # fmt: skip
# "northern Iraq", "central Syria": a part of a country is still the country
_REGIONS = [*(d + "ern" for d in _DIRECTIONS), *_DIRECTIONS, "central"]
_ROUTE_WORDS = ["lead", "leads", "leading", "led", "road", "roads", "highway", "route"]
_TRIED_WORDS = ["tried", "attempted", "tries", "attempts", "trying", "began", "begun", "continued", "continue",
                "started"]  # fmt: skip
_PASSIVE_WORDS = ["was", "were", "been", "being", "is", "are", "get", "got"]
_ADVERBS = ["also", "not", "later", "then", "still", "reportedly"]
_TARGET_WORDS = ["on", "at", "against", "targeting", "targeted", "into", "toward", "towards", "hitting", "struck",
                 "near", "hit", "attacked", "killing", "wounding", "clash with", "clashed with", "clashes with",
                 "fighting with", "fought with", "battled with", "exchanged fire with", "ambushed"]  # fmt: skip
_SETTLEMENTS = ["town", "city", "village", "camp", "district", "province", "region", "area"]
_COUNTS = ["the", "a", "an", "two", "three", "several", "its", "their"]

# "in the", "at": a place where something happens
LOCATIVE = tail(
    rf"\b(?:{'|'.join(_PLACE_PREPOSITIONS)})\s+(?:the\s+)?(?:(?:{'|'.join(_REGIONS)})\s+)?$",
    rf"(?:\s+(?:{back(_REGIONS)}))?{_THE}\s+(?:{back(_PLACE_PREPOSITIONS)})\b",
)
# "in", "across the", "in northern": a country as a place, not an owner
IN_COUNTRY = tail(
    rf"\b(?:{'|'.join(_COUNTRY_PREPOSITIONS)})\s+(?:the\s+)?(?:(?:{'|'.join(_REGIONS)})\s+)?$",
    rf"(?:\s+(?:{back(_REGIONS)}))?{_THE}\s+(?:{back(_COUNTRY_PREPOSITIONS)})\b",
)
# "launched from", "from the nearby", "from south of": where a weapon came from; "a teacher from
# the Bedouin town of": where a person comes from
ORIGIN = tail(
    r"\bfrom\s+(?:the\s+)?(?:(?:nearby|neighbouring|neighboring|adjacent)\s+)?"
    rf"(?:(?:an?\s+)?areas?\s+(?:{'|'.join(_DIRECTIONS)})\s+of\s+(?:the\s+)?)?"  # "from an area north of the"
    rf"(?:(?:[\w'’-]+\s+){{0,2}}(?:{'|'.join(_SETTLEMENTS)})\s+of\s+|(?:{'|'.join(_DIRECTIONS)})\s+of\s+)?$",
    rf"(?:\s+fo\s+(?:{back(_SETTLEMENTS)})(?:\s+[\w'’-]+){{0,2}}|\s+fo\s+(?:{back(_DIRECTIONS)}))?"
    rf"(?:{_THE}\s+fo\s+(?:{back(_DIRECTIONS)})\s+s?aera(?:\s+(?:na|a))?)?"
    rf"(?:\s+(?:ybraen|gniruobhgien|gniroobhgien|tnecajda))?{_THE}\s+morf\b",
)
# "blamed on", "blamed the attack on", "attributed to": who is blamed, not where
BLAMED_ON = tail(
    r"\b(?:blam\w*\s+(?:[\w'’.-]+\s+){0,4}on|attributed\s+to|ascribed\s+to)\s+(?:the\s+)?$",
    rf"{_THE}\s+(?:no(?:\s+[\w'’.-]+){{0,4}}\s+\w*malb|ot\s+detubirtta|ot\s+debircsa)\b",
)
# "flying over", "via": a place passed on the way, not where it happened
TRANSIT = tail(
    r"\b(?:(?:fl(?:y|ying|ew|own|ies)|pass(?:ing|ed|es)?|transit(?:ing|ed)?)\s+(?:over|through|across)|via)"
    r"\s+(?:the\s+)?(?:(?:airspace|skies)\s+of\s+(?:the\s+)?)?$",
    rf"(?:{_THE}\s+fo\s+(?:ecapsria|seiks))?{_THE}\s+(?:(?:revo|hguorht|ssorca)\s+(?:y|gniy|we|nwo|sei)lf"
    r"|(?:revo|hguorht|ssorca)\s+(?:gni|de|se)?ssap|(?:revo|hguorht|ssorca)\s+(?:gni|de)?tisnart|aiv)\b",
)
# "the road leading to": where a road goes, not where it happened
ROUTE = tail(
    rf"\b(?:{'|'.join(_ROUTE_WORDS)})\s+(?:to|toward|towards|into)\s+(?:the\s+)?$",
    rf"{_THE}\s+(?:ot|drawot|sdrawot|otni)\s+(?:{back(_ROUTE_WORDS)})\b",
)
NEAR = tail(
    rf"\b(?:{'|'.join(_NEAR_WORDS)})\s+(?:the\s+)?(?:city of\s+|town of\s+)?$",
    rf"(?:\s+fo ytic|\s+fo nwot)?{_THE}\s+(?:{back(_NEAR_WORDS)})\b",
)
# "north of the city of": a reference point, not the place ("in northern Tehran" is in Tehran)
DIRECTION = tail(
    rf"\b(?:{'|'.join(_DIRECTIONS)})\s+of\s+(?:the\s+)?(?:city of\s+|capital,?\s+)?$",
    rf"(?:\s+fo ytic|\s+,?latipac)?{_THE}\s+fo\s+(?:{back(_DIRECTIONS)})\b",
)
INFINITIVE = tail(r"\bto\s+$", r"\s+ot\b")
TRIED = tail(rf"\b(?:{'|'.join(_TRIED_WORDS)})\s+to\s+$", rf"\s+ot\s+(?:{back(_TRIED_WORDS)})\b")
# "was", "were reportedly": what follows is done to someone
PASSIVE_BEFORE = tail(
    rf"\b(?:{'|'.join(_PASSIVE_WORDS)})\s+(?:(?:{'|'.join(_ADVERBS)}|\w+ly)\s+)*$",
    rf"(?:\s+(?:{back(_ADVERBS)}|yl\w+))*\s+(?:{back(_PASSIVE_WORDS)})\b",
)
# "fired by", "from the", "by a squad of": who did it
_BANDS = ["squad", "group", "band", "team", "gang", "unit", "cell"]
BY_BEFORE = tail(
    rf"\b(?:by|from)\s+(?:the\s+|an?\s+)?(?:(?:{'|'.join(_BANDS)})\s+(?:of\s+)?)?$",
    rf"(?:(?:\s+fo)?\s+(?:{back(_BANDS)}))?(?:\s+(?:eht|a|na))?\s+(?:yb|morf)\b",
)
CLAIMED_BY_BEFORE = tail(r"\bclaimed by\s+(?:the\s+)?$", rf"{_THE}\s+yb demialc\b")
# "struck the", "clashed with two": who was hit
TARGET_PREP = tail(
    rf"\b(?:{'|'.join(_TARGET_WORDS)})\s+(?:(?:{'|'.join(_COUNTS)})\s+)?(?:[\w'’.-]+\s+){{0,2}}$",
    rf"(?:\s+[\w'’.-]+){{0,2}}(?:\s+(?:{back(_COUNTS)}))?\s+(?:{back(_TARGET_WORDS)})\b",
)
