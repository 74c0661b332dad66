"""One combined matcher over every dictionary: actors, states and places in a single lookup table.

A sentence's capitalised runs are scanned once; each hit may be an actor ("Kataib Hezbollah"),
a state ("Iraq", "Iranian") and a place ("Iraq") at once, and the extractor decides by context.
Built once per ExtractionContext (the dictionaries with every plugin's aliases).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from api.extract.actors import ActorDictionary, ActorEntry, ActorMention, StateInfo
from api.extract.actors import _accept as actor_accept
from api.extract.gazetteer import (
    CITY,
    CURATED,
    SENTENCE_START_MIN_POPULATION,
    SUFFIX_RE,
    GazEntry,
    Gazetteer,
    PlaceMention,
    _has_loose_words,
)
from api.extract.names import key
from api.extract.spans import NameIndex, Span, find_runs

_OPENERS = frozenset(".!?\"“”'‘’:(")
# One hit, offsets within its run: (start, end, surface, places, the places left when the run has
# loose words, the places left when it opens a sentence, actors, states with how they are named)
_RunHit = tuple[
    int, int, str, tuple[GazEntry, ...], tuple[GazEntry, ...], tuple[GazEntry, ...], list[ActorEntry], list[Any]
]


def _opens(text: str, start: int) -> bool:
    """Whether a run at ``start`` opens the sentence (or a quotation, or a bracket)."""
    return start == 0 or text[max(0, start - 4) : start].rstrip()[-1:] in _OPENERS


def _accept(value: tuple[str, Any, str], surface: str) -> bool:
    tag, obj, case = value
    if tag == "place":
        return obj.layer == CURATED or len(surface) > 2 or surface.isupper()
    return actor_accept((obj, case), surface)


@dataclass
class Found:
    """What one sentence names. Places keep every candidate; the extractor picks by country."""

    places: list[PlaceMention]
    names: list[tuple[int, int, str, list[ActorEntry]]]  # named actors, unresolved
    states: list[ActorMention]


def _names_city(entries: list[GazEntry]) -> bool:
    return bool(entries) and (entries[0].layer >= CITY or entries[-1].layer >= CITY)


class Lexicon:
    def __init__(self, actors: ActorDictionary, gazetteer: Gazetteer) -> None:
        self.actors = actors
        self.gazetteer = gazetteer
        index: NameIndex[tuple[str, Any, str]] = NameIndex(accept=_accept)
        table = index.table
        for k, values in gazetteer.index.table.items():
            table[k] = [("place", e, "name") for e in values]
        for k, actor_values in actors.index.table.items():
            table.setdefault(k, []).extend(("actor", e, case) for e, case in actor_values)
        for k, state_values in actors.state_index.table.items():
            table.setdefault(k, []).extend(("state", (s, how), case) for s, how, case in state_values)
        for source in (gazetteer.index, actors.index, actors.state_index):
            for first, size in source.first_words.items():
                index.first_words[first] = max(index.first_words.get(first, 0), size)
            index.max_words = max(index.max_words, source.max_words)
        self.index = index
        # per capitalised run, by its text: its hits (offsets within the run) and whether it has
        # words no hit covers; names recur from article to article, so each run is looked up once
        self._runs: dict[str, tuple[list[_RunHit], bool]] = {}

    def _look_up(self, span: Span) -> tuple[list[_RunHit], bool]:
        first_words = self.index.first_words
        hits: list[_RunHit] = []
        loose = False
        if any(k.partition(" ")[0] in first_words for k in span.keys):  # a dictionary name may start here
            found = list(self.index.scan(span))
            cities = [_names_city([obj for tag, obj, _case in hit.value if tag == "place"]) for hit in found]
            loose = any(cities) and _has_loose_words(span, found)
            for hit, city in zip(found, cities, strict=True):
                places = tuple(obj for tag, obj, _case in hit.value if tag == "place")
                hits.append(
                    (
                        hit.start - span.start,
                        hit.end - span.start,
                        hit.text,
                        places,
                        # a general-gazetteer town among words no name covers, or opening a sentence
                        tuple(e for e in places if e.layer < CITY) if city else places,
                        tuple(e for e in places if e.layer < CITY or e.population >= SENTENCE_START_MIN_POPULATION)
                        if city
                        else places,
                        [obj for tag, obj, _case in hit.value if tag == "actor"],
                        [obj for tag, obj, _case in hit.value if tag == "state"],
                    )
                )
        if len(self._runs) > 100_000:
            self._runs.clear()
        self._runs[span.text] = (hits, loose)
        return hits, loose

    def find(self, text: str) -> Found:
        places: list[PlaceMention] = []
        names: list[tuple[int, int, str, list[ActorEntry]]] = []
        states: list[ActorMention] = []
        table = self.gazetteer.index.table
        runs = self._runs
        for match in find_runs(text):
            run_start, run_end, run = match.start(), match.end(), match.group()
            suffix = SUFFIX_RE.match(text, run_end) if run_end < len(text) and text[run_end] == " " else None
            if suffix:
                words = [w for w in run.split(" ") if w]  # runs hold single spaces only (SPAN_RE)
                for k in range(min(len(words), 4), 0, -1):
                    tail = " ".join(words[-k:])
                    suffixed = table.get(key(tail + suffix.group()))
                    if suffixed:
                        start = run_end - len(tail)
                        places.append(PlaceMention(start, suffix.end(), text[start : suffix.end()], tuple(suffixed)))
                        run = text[run_start : max(run_start, start - 1)]
                        break
            if not run:
                continue
            looked = runs.get(run)
            if looked is None:
                looked = self._look_up(Span.of(run_start, run))
            hits, loose = looked
            if not hits:
                continue
            base = run_start
            for rel_start, rel_end, surface, entries, unless_loose, unless_opening, actor_objs, state_objs in hits:
                h_start, h_end = base + rel_start, base + rel_end
                if actor_objs:
                    if not names or names[-1][0] != h_start:
                        names.append((h_start, h_end, surface, []))
                    names[-1][3].extend(actor_objs)
                for state, how in state_objs:
                    states.append(ActorMention(h_start, h_end, surface, None, state, how=how))
                if loose:
                    entries = unless_loose
                elif rel_start == 0 and unless_opening is not entries and _opens(text, run_start):
                    entries = unless_opening
                if entries:
                    places.append(PlaceMention(h_start, h_end, surface, entries))
        places.sort(key=lambda m: m.start)
        return Found(places, names, states)

    def actor_mentions(
        self, text: str, found: Found, countries: tuple[str, ...], lowered: str | None = None
    ) -> list[ActorMention]:
        """Named, group and state mentions, resolved for the article's countries, without overlaps."""
        from api.extract.actors import _without_overlaps

        mentions = list(self.actors.groups.find(text, countries, lowered))
        for start, end, surface, entries in found.names:
            entry = self.actors.choose(entries, countries)
            mentions.append(ActorMention(start, end, surface, entry, how="name"))
        mentions.extend(found.states)
        return _without_overlaps(mentions)

    def state_actor(self, state: StateInfo, part: str) -> ActorEntry:
        return self.actors.state_actor(state, part)
