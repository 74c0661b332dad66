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
from api.extract.spans import NameIndex, Span, find_spans

_OPENERS = frozenset(".!?\"“”'‘’:(")


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
    spans: list[Span]


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

    def find(self, text: str) -> Found:
        spans = find_spans(text)
        places: list[PlaceMention] = []
        names: list[tuple[int, int, str, list[ActorEntry]]] = []
        states: list[ActorMention] = []
        table = self.gazetteer.index.table
        for span in spans:
            suffix = SUFFIX_RE.match(text, span.end) if span.end < len(text) and text[span.end] == " " else None
            if suffix:
                words = [w for _, _, w in span.words]
                for k in range(min(len(words), 4), 0, -1):
                    tail = " ".join(words[-k:])
                    suffixed = table.get(key(tail + suffix.group()))
                    if suffixed:
                        start = span.end - len(tail)
                        places.append(PlaceMention(start, suffix.end(), text[start : suffix.end()], tuple(suffixed)))
                        span = Span.of(span.start, text[span.start : max(span.start, start - 1)])
                        break
            if not span.text:
                continue
            hits = list(self.index.scan(span))
            loose = None
            opening = span.start == 0 or text[: span.start].rstrip()[-1:] in _OPENERS
            for hit in hits:
                place_entries: list[GazEntry] = []
                for tag, obj, _case in hit.value:
                    if tag == "place":
                        place_entries.append(obj)
                    elif tag == "actor":
                        if not names or names[-1][0] != hit.start:
                            names.append((hit.start, hit.end, hit.text, []))
                        names[-1][3].append(obj)
                    else:
                        state, how = obj
                        states.append(ActorMention(hit.start, hit.end, hit.text, None, state, how=how))
                if not place_entries:
                    continue
                if place_entries[0].layer >= CITY or place_entries[-1].layer >= CITY:
                    if loose is None:
                        loose = _has_loose_words(span, hits)
                    if loose:
                        place_entries = [e for e in place_entries if e.layer < CITY]
                    elif opening and hit.start == span.start:
                        place_entries = [
                            e for e in place_entries if e.layer < CITY or e.population >= SENTENCE_START_MIN_POPULATION
                        ]
                if place_entries:
                    places.append(PlaceMention(hit.start, hit.end, hit.text, tuple(place_entries)))
        places.sort(key=lambda m: m.start)
        return Found(places, names, states, spans)

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
