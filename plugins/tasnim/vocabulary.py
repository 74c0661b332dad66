"""Tasnim's vocabulary: the names it gives to actors and the words it uses for violence.

Tasnim is affiliated with Iran's Islamic Revolutionary Guard Corps and writes in the Iranian
state's terms. The normalizer rewrites those terms into plain ones so the extractor reads
Tasnim like any other outlet; the original article is stored as published.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from api.extract.vocabulary import ActorAlias, PlaceAlias

KEY = "tasnim"

# alias -> canonical name in seeds/actors.json
ACTORS: dict[str, str] = {
    "Hashd al-Shaabi": "Popular Mobilization Units",
    "Hashd al-Sha'abi": "Popular Mobilization Units",
    "Popular Mobilization Forces": "Popular Mobilization Units",
    "Popular Mobilization Units": "Popular Mobilization Units",
    "PMU": "Popular Mobilization Units",
    "Kataib Hezbollah": "Kataib Hezbollah",
    "Kata'ib Hezbollah": "Kataib Hezbollah",
    "Islamic Revolution Guards Corps": "Islamic Revolutionary Guard Corps",
    "IRGC": "Islamic Revolutionary Guard Corps",
    "Daesh": "Islamic State",
    "Takfiri terrorists": "Islamic State",
    "Daesh Takfiri terrorist group": "Islamic State",
    "US terrorist forces": "Military Forces of the United States",
    "American terrorist forces": "Military Forces of the United States",
    "US army": "Military Forces of the United States",
    "the Zionist regime": "Israel",
    "Zionist regime": "Israel",
    "Israeli regime": "Israel",
    "Iranian Armed Forces": "Military Forces of Iran",
    "Iraqi army": "Military Forces of Iraq",
    "Badr Organization": "Badr Organization",
}

PLACES: dict[str, str] = {
    "Ein al-Assad": "Ain al-Asad Air Base",
    "Ain al-Assad": "Ain al-Asad Air Base",
    "Ein al-Asad": "Ain al-Asad Air Base",
}

# (pattern, replacement, a word the pattern needs): Tasnim's wording -> the plain wording the
# extractor understands. Most paragraphs hold none of the words, and a substring test is much
# cheaper than trying twelve case-blind patterns at every position.
_REWRITES: tuple[tuple[str, str, str], ...] = (
    # Pairs first, so "Daesh and other Takfiri terrorists" does not become "ISIS and other ISIS".
    (r"\bDaesh\s+and\s+(?:the\s+|other\s+)?Takfiri\s+terrorists?(?:\s+groups?)?\b", "ISIS", "takfiri"),
    (r",\s*(?:also\s+)?known\s+as\s+(?:the\s+)?Hashd\s+al-Sha'?abi\s*,", "", "hashd"),
    (r" ?\((?:the\s+)?Hashd\s+al-Sha'?abi\)", "", "hashd"),
    (r"\b(?:the\s+)?Daesh(?:\s+Takfiri)?\s+terrorist\s+group\b", "ISIS", "daesh"),
    (r"\b(?:the\s+)?Takfiri\s+terrorists?(?:\s+groups?)?\b", "ISIS", "takfiri"),
    (r"\bDaesh\b", "ISIS", "daesh"),
    (r"\b(?:the\s+)?(?:Zionist|Israeli)\s+regime's\b", "Israel's", "regime"),
    (r"\b(?:the\s+)?(?:Zionist|Israeli)\s+regime\b", "Israel", "regime"),
    (r"\b(?:the\s+)?Zionist\s+entity\b", "Israel", "zionist"),
    (r"\bZionist\b", "Israeli", "zionist"),  # "Zionist warplanes", "Zionist forces"
    (r"\bHashd\s+al-Sha'?abi\b", "Popular Mobilization Units", "hashd"),
    (r"\b(?:US|American|U\.S\.)\s+terrorist\s+(forces|troops|army)\b", r"United States \1", "terrorist"),
    # Tasnim, like the Houthis' own media, calls the Houthi forces Yemen's army
    # ("Saudi-backed Yemeni forces" are the others)
    (r"(?<!backed )\b(?:the\s+)?Yemen(?:i|'s)\s+(?:armed\s+forces|army|forces)\b", "Houthi forces", "yemen"),
    (r"\bYemeni(?=\s+(?:drones?|missiles?|ballistic|cruise|retaliatory|strikes?|attacks?|operations?)\b)", "Houthi",
     "yemen"),
    (r"\bmartyred\b", "killed", "martyred"),
    (r"\bmartyring\b", "killing", "martyring"),
)
_COMPILED = tuple((re.compile(p, re.I), r, needs) for p, r, needs in _REWRITES)


def _keep_case(replacement: str) -> Callable[[re.Match[str]], str]:
    def apply(match: re.Match[str]) -> str:
        out = match.expand(replacement)
        # "Martyred" opening a sentence stays capitalised; names keep their own case.
        if match.group(0)[:1].isupper() and out[:1].islower():
            out = out[:1].upper() + out[1:]
        return out

    return apply


def plain_words(text: str) -> str:
    folded = text.casefold()  # what a case-blind pattern sees ("Daeſh" holds "daesh" too)
    for pattern, replacement, needs in _COMPILED:
        if needs in folded:
            text = pattern.sub(_keep_case(replacement), text)
            folded = text.casefold()
    return text


def actor_aliases() -> list[ActorAlias]:
    return [ActorAlias(alias, actor, source=KEY) for alias, actor in ACTORS.items()]


def place_aliases() -> list[PlaceAlias]:
    return [PlaceAlias(alias, place, source=KEY) for alias, place in PLACES.items()]
