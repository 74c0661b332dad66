"""Actors named by a common noun: "Iraqi security forces", "US troops", "the US-led coalition",
"gunmen", "protesters". The noun says what kind of actor it is, the word before it whose.

The nouns are found with one regex; the words before each are read backwards with plain string
operations, which is much cheaper than a regex holding every nationality.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from api.extract.actors import ActorMention
from api.extract.casualties import UNITS
from api.extract.keywords import find_words, word_regex
from api.extract.names import word_key

if TYPE_CHECKING:
    from api.extract.actors import ActorDictionary, ActorEntry, StateInfo

# Places hit, named like groups ("the embassy was stormed", "three bases of Kataib Hezbollah"):
# the part of a state they belong to, or its civilians; a place hit is never the attacker (roles)
_FACILITY_NOUNS = {
    "military": "convoy patrol base bases positions outpost outposts checkpoint checkpoints",
    "government": "embassy consulate ministry",
    "civilians": "market mosque school hospital village villages homes houses neighbourhood neighborhood plant "
    "refinery pipeline oilfield tanker tankers",
}
_TWO_WORD_FACILITIES = {"oil field": "civilians", "power station": "civilians", "pumping stations": "civilians",
                        "pumping station": "civilians", "police station": "police", "police stations": "police",
                        "police academy": "police", "military academy": "military", "army base": "military"}  # fmt: skip
FACILITIES = frozenset(" ".join(_FACILITY_NOUNS.values()).split()) | frozenset(
    name.rpartition(" ")[2] for name in _TWO_WORD_FACILITIES
)

# noun -> the part of a state it names
HEADS: dict[str, str] = {}
for _part, _nouns in [*_FACILITY_NOUNS.items(), *{
    "military": "forces troops soldier soldiers servicemen serviceman servicemembers personnel military army "
    "marines navy warplanes jets aircraft commandos paratroopers sailors airmen advisers advisors contingent "
    "commander commanders officer officers force junta",
    "police": "police policemen policeman gendarmes gendarme gendarmerie",
    "government": "government officials authorities diplomats diplomat",
    # a leader's title without a nationality is, in news prose, the article's own country's
    "leader": "president premier minister",
    "civilians": "civilians civilian citizens nationals villagers villager residents contractor contractors workers "
    "pilgrims journalists journalist students people worshippers shoppers farmers farmer shepherds shepherd "
    "children women passengers bystanders activist activists expert experts researcher researchers analyst "
    "analysts lawyer lawyers doctor doctors engineers engineer teachers fishermen families worshipers pedestrians "
    "commuters tourists guests patients concertgoers spectators revellers revelers parishioners congregants "
    "schoolchildren schoolgirls schoolboys pupils migrants refugees",
    "protesters": "protesters protestors demonstrators rioters mourners crowd crowds mob mobs supporters",
    "unidentified": "gunmen gunman militants militant assailants attackers insurgents militia militias "
    "militiamen paramilitaries fighters jihadists terrorists",
    "rebels": "rebels rebel",
    "coalition": "coalition",
}.items()]:
    for _noun in _nouns.split():
        HEADS[_noun] = _part
# soldiers told without whose: the army the article named last ("officers" may be police, "the
# commander" anybody's)
SOLDIERS = frozenset(["troops", "soldier", "soldiers", "servicemen", "serviceman", "paratroopers", "commandos",
                      "marines"])  # fmt: skip
TWO_WORD_HEADS = {"service members": "military", "service member": "military", "armed forces": "military",
                  "air force": "military", "special forces": "military", "security forces": "military",
                  "police officers": "police", "border guards": "police", "armed men": "unidentified",
                  "prime minister": "leader", "rebel fighters": "rebels", "rebel forces": "rebels",
                  "opposition fighters": "rebels", "opposition forces": "rebels", **_TWO_WORD_FACILITIES}  # fmt: skip
# "people" names victims only when counted ("32 people"), not in "people familiar with the matter"
COUNTED_ONLY = frozenset(["people"])
# words that count people ("32 people", "dozens of people"): the casualty reader's number words
NUMBER_WORDS = frozenset(w for w, n in UNITS.items() if " " not in w and n > 1) | {"many", "more", "some"}

QUALIFIERS = frozenset(
    [
        "security",
        "armed",
        "special",
        "ground",
        "air",
        "naval",
        "regular",
        "government",
        "state",
        "federal",
        "paramilitary",
        "riot",
        "elite",
        "coalition",
        "allied",
        "foreign",
        "military",
        "local",
        "tribal",
        "other",
        "unidentified",
        "unknown",
        "masked",
        "suspected",
        "pro-government",
        "shi'ite",
        "shiite",
        "sunni",
        "kurdish",
        "the",
        "a",
        "an",
        "of",
        "its",
        "their",
        "his",
        "our",
        "own",
        "two-man",
        "senior",
        "border",
        "guard",
        "protection",
        "prominent",
        "young",
        "unarmed",
        "off-duty",
        "innocent",
        "ordinary",
        "angry",
        "deputy",
        "caretaker",
        "former",
        "acting",
        "defense",
        "defence",
        "interior",
        "finance",
        "oil",
        "health",
    ]
) | NUMBER_WORDS
COMPOUNDS = frozenset(
    [
        "led",
        "backed",
        "aligned",
        "linked",
        "allied",
        "affiliated",
        "sponsored",
        "supported",
        "funded",
        "trained",
        "armed",
    ]
)
NOT_ACTOR_AFTER = frozenset(
    ["government", "partner", "partners", "talks", "agreement", "deal", "building", "leaders", "leader"]
)

_WORD_RE = re.compile(r"[\w'’.-]+")


_NEAR_WINDOW = 40


def _walk_back(text: str, end: int, words: list[tuple[int, str]]) -> tuple[int, int, list[str]]:
    """From the last word back over qualifiers ("security", "armed", "two"): (index of the first
    other word, start of the phrase, qualifiers). A sentence or clause break ends the phrase."""
    start = end
    quals: list[str] = []
    i = len(words) - 1
    while i >= 0:
        pos, word = words[i]
        if text[pos + len(word) : start].strip(" "):
            break  # punctuation between the words
        lowered = word.lower()
        # capitalised, a qualifier is a name's word ("Kataib Hezbollah fighters"), unless it opens the text
        if (lowered in QUALIFIERS and (not word[0].isupper() or pos == 0)) or lowered.isdigit():
            quals.append(lowered)
            start = pos
            i -= 1
            continue
        break
    return i, start, quals


class GroupFinder:
    def __init__(self, actors: ActorDictionary) -> None:
        self.actors = actors
        # the last word of every state name ("states" of "united states"): a word before a noun
        # that ends none of them begins no nationality, and most words before a noun are such
        self.last_words = frozenset(k.rpartition(" ")[2] for k in actors.state_index.table)
        # "Palestinians", "Iraqis": a nationality's people, its civilians
        self.peoples: dict[str, StateInfo] = {}
        for name_key, hits in actors.state_index.table.items():
            for state, how, case in hits:
                if how == "demonym" and case != "acronym" and " " not in name_key and name_key.isalpha():
                    self.peoples.setdefault(name_key + "s", state)
        self.head_re = word_regex([*HEADS, *TWO_WORD_HEADS, *(p for p in self.peoples if p not in HEADS)])

    def find(
        self, text: str, countries: tuple[str, ...], lowered: str | None = None, troops: ActorEntry | None = None
    ) -> Iterator[ActorMention]:
        """``troops``: the army the article last named ("Nigerian troops"), whose "the soldiers"
        and "troops" alone are."""
        for head_start, head_end, head in find_words(self.head_re, lowered or text.lower()):
            people = self.peoples.get(head)
            if people is not None:
                if text[head_start].isupper():
                    yield ActorMention(head_start, head_end, text[head_start:head_end],
                                       self.actors.state_actor(people, "civilians"), people, how="group")  # fmt: skip
                continue
            part = TWO_WORD_HEADS.get(head) or HEADS[head]
            if part == "coalition":
                after = text[head_end : head_end + 20].split()
                if after and after[0].strip(",.;").lower() in NOT_ACTOR_AFTER:
                    continue
            start, state, nat, compound, quals, named_before = self._prefix(text, head_start)
            if named_before and state is None:
                continue  # "Kataib Hezbollah fighters": the name is the actor
            if head in COUNTED_ONLY and not any(q.isdigit() or q in NUMBER_WORDS for q in quals):
                continue
            entry = self._resolve(part, head, state, nat, compound, quals, countries)
            if entry is None and head in SOLDIERS and state is None and compound is None:
                entry = troops  # "soldiers opened fire", after "Nigerian troops killed hundreds"
            if entry is None:
                continue
            yield ActorMention(
                start, head_end, text[start:head_end], entry, state, how="group", backed=compound == "backed"
            )
            if state is not None and compound is None:
                yield from self._coordinated(text, start, part, head, countries)

    def _coordinated(
        self, text: str, start: int, part: str, head: str, countries: tuple[str, ...]
    ) -> Iterator[ActorMention]:
        """ "American and British warplanes", "US, British and French troops": each nationality
        before the one the noun follows is its own actor of the same kind."""
        while True:
            sep = next((s for s in (" and ", ", ") if text.endswith(s, 0, start)), None)
            if sep is None:
                return
            end = start - len(sep)
            first, state, nat, _compound, quals, _named = self._prefix(text, end)
            if state is None or quals or first >= end:
                return
            entry = self._resolve(part, head, state, nat, None, [], countries)
            if entry is None:
                return
            yield ActorMention(first, end, text[first:end], entry, state, how="group")
            start = first

    def _prefix(self, text: str, end: int) -> tuple[int, StateInfo | None, str, str | None, list[str], bool]:
        """Walk back over qualifiers to a nationality: (start, state, its words, compound, qualifiers, named)."""
        window_start = max(0, end - 80)
        if end - _NEAR_WINDOW > window_start:
            # Most phrases are short: the words of the last few characters are read first. Past
            # their first word (which the cut may split) the answer could differ, so when the walk
            # and the nationality's words could reach it the whole window is read instead.
            words = [(m.start(), m.group()) for m in _WORD_RE.finditer(text, end - _NEAR_WINDOW, end)]
            i, start, quals = _walk_back(text, end, words)
            if i >= 3:
                return self._nationality(words, i, start, quals, text)
        words = [(m.start(), m.group()) for m in _WORD_RE.finditer(text, window_start, end)]
        i, start, quals = _walk_back(text, end, words)
        return self._nationality(words, i, start, quals, text)

    def _nationality(
        self, words: list[tuple[int, str]], i: int, start: int, quals: list[str], text: str
    ) -> tuple[int, StateInfo | None, str, str | None, list[str], bool]:
        if i < 0:
            return start, None, "", None, quals, False
        pos, word = words[i]
        if text[pos + len(word) : start].strip(" "):
            return start, None, "", None, quals, False
        compound = None
        base = word
        if word.endswith(("'s", "’s")):
            base = word[:-2]
        elif "-" in word:
            head, _, tail = word.rpartition("-")
            if tail.lower() in COMPOUNDS:
                base, compound = head, tail.lower()
            elif head.lower() == "pro":
                base, compound = tail, "backed"
        base_key = word_key(base)
        if base_key and base_key.rpartition(" ")[2] not in self.last_words:
            return start, None, "", compound, quals, base[:1].isupper() and not quals
        keys = [word_key(w) for _, w in words[max(0, i - 2) : i]] + [base_key]
        table = self.actors.state_index.table
        for n in (3, 2, 1):
            if i - n + 1 < 0:
                continue
            hits = table.get(" ".join(k for k in keys[len(keys) - n :] if k))  # key() of the n words
            if hits:
                nat = " ".join([w for _, w in words[i - n + 1 : i]] + [base])
                return words[i - n + 1][0], hits[0][0], nat, compound, quals, False
        named = base[:1].isupper() and not quals
        return start, None, "", compound, quals, named

    def _resolve(
        self,
        part: str,
        head: str,
        state: StateInfo | None,
        nat: str,
        compound: str | None,
        quals: list[str],
        countries: tuple[str, ...],
    ) -> ActorEntry | None:
        actors = self.actors
        if part == "coalition" or ("coalition" in quals and part == "military"):
            if state is not None and compound == "led":
                led = actors.index.get(f"{nat}-led coalition")
                if led:
                    return led[0][0]
            return actors.choose(actors.lower_aliases.get("coalition", []), countries)
        if state is not None and compound is not None and compound != "led":
            # "Iran-backed militias": Iran sponsors them; the militias are of the country they fight in
            # ("US-led forces" are the leader's own)
            state = actors.states.get(countries[0]) if countries else None
            part = "rebels" if part == "rebels" else "unidentified"
        if state is None:
            if part == "military" and not ({"security", "armed"} & set(quals)) and head != "security forces":
                return None  # "troops" alone: whose is unknown
            if part == "government" or not countries or countries[0] not in actors.states:
                return None
            state = actors.states[countries[0]]
        return actors.state_actor(state, "government" if part == "leader" else part)
