"""One combined matcher over every dictionary: actors, states and places in a single lookup table.

A sentence's capitalised runs are scanned once; each hit may be an actor ("Kataib Hezbollah"),
a state ("Iraq", "Iranian") and a place ("Iraq") at once, and the extractor decides by context.
Built once per ExtractionContext (the dictionaries with every plugin's aliases).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from api.extract.actors import ActorDictionary, ActorEntry, ActorMention, StateInfo, _without_overlaps
from api.extract.actors import _accept as actor_accept
from api.extract.gazetteer import (
    CITY,
    SENTENCE_START_MIN_POPULATION,
    SUFFIX_RE,
    GazEntry,
    Gazetteer,
    PlaceMention,
    accept_place,
    loose_words,
)
from api.extract.names import key, without_article, word_key
from api.extract.placing import owned_by_country, place_unknown
from api.extract.qualifiers import members_named, qualifying_states
from api.extract.spans import NameIndex, find_runs, opens_sentence
from api.extract.tails import LOCATIVE
from api.extract.unlisted import NAMED_AFTER_TOWNS, place_word, unlisted

# One hit, offsets within its run: (start, end, surface, places, the places left when the run has
# loose words, the places left when it opens a sentence, actors, states with how they are named)
_RunHit = tuple[
    int, int, str, tuple[GazEntry, ...], tuple[GazEntry, ...], tuple[GazEntry, ...], list[ActorEntry], list[Any]
]
Looked = tuple[list[_RunHit], bool]  # a run's hits, and whether it has words no hit covers


def _known_as(name: str, entry: GazEntry) -> Looked:
    """What an article's later run ``name`` is: the place no dictionary holds it has placed."""
    return ([(0, len(name), name, (entry,), (entry,), (entry,), [], [])], False)


def _accept(value: tuple[str, Any, str], surface: str) -> bool:
    tag, obj, case = value
    if tag == "place":
        return accept_place(obj, surface)
    return actor_accept((obj, case), surface)


@dataclass
class Found:
    """What one sentence names. Places keep every candidate; the extractor picks by country."""

    places: list[PlaceMention]
    names: list[tuple[int, int, str, list[ActorEntry]]]  # named actors, unresolved
    states: list[ActorMention]


def _names_city(entries: list[GazEntry]) -> bool:
    return bool(entries) and (entries[0].layer >= CITY or entries[-1].layer >= CITY)


# What one dictionary key names: (places, the places left when the run has loose words, the
# places left when it opens a sentence, actors, states with how they are named, names a city)
Bucket = tuple[tuple[GazEntry, ...], tuple[GazEntry, ...], tuple[GazEntry, ...], list[ActorEntry], list[Any], bool]
_NO_HITS: Looked = ([], False)


def _bucket_of(values: list[tuple[str, Any, str]]) -> Bucket | None:
    if not values:
        return None
    places = tuple(obj for tag, obj, _case in values if tag == "place")
    city = _names_city(list(places))
    return (
        places,
        # a general-gazetteer town among words no name covers, or opening a sentence
        tuple(e for e in places if e.layer < CITY) if city else places,
        tuple(e for e in places if e.layer < CITY or e.population >= SENTENCE_START_MIN_POPULATION) if city else places,
        [obj for tag, obj, _case in values if tag == "actor"],
        [obj for tag, obj, _case in values if tag == "state"],
        city,
    )


def _without_borrowed_names(name_key: str, values: list[tuple[str, Any, str]]) -> list[tuple[str, Any, str]]:
    """An actor's name that GeoNames also lists among a foreign town's other names ("Hamas" for
    Hamm, "Egypt" for Goodyear, "White House" for Casablanca) names the actor: the town keeps it
    only in the actor's own country ("Kiev" is Kyiv for Ukraine's government)."""
    countries = {obj.country if tag == "actor" else obj[0].country for tag, obj, _case in values if tag != "place"}
    return [
        v
        for v in values
        if v[0] != "place"
        or v[1].layer < CITY
        or v[1].country in countries
        or name_key in (key(v[1].name), without_article(key(v[1].name)))
    ]


def _only_towns(hits: list[_RunHit]) -> bool:
    """Whether a run's hits name only GeoNames towns and provinces: no actor, no curated place, no
    country. Such a run before "district" or "village" may be a place no dictionary lists."""
    return not any(h[6] or h[7] or any(e.layer < CITY for e in h[3]) for h in hits)


_ARTICLES_APART = ("al ", "el ", "Al ", "El ")


def _one_unknown_name(hits: list[_RunHit]) -> bool:
    """Whether a run's hits are single words side by side that each name only a town: one name
    of two words is a place no dictionary holds far more often than two towns written as one. A
    word with its article counts as one ("Ras al Ain" is not the towns Ras and Al Ain)."""
    return (
        len(hits) > 1
        and all(" " not in h[2] or (h[2].startswith(_ARTICLES_APART) and h[2].count(" ") == 1) for h in hits)
        and all(b[0] == a[1] + 1 for a, b in pairwise(hits))
        and _only_towns(hits)
    )


# ", a town in", ", a village east of": what an unlisted name is, before the place that holds it
_APPOSITIVE = re.compile(
    r",\s+(?:an?|the)\s+(?:[a-z-]+\s+){0,2}?"  # ", a fishing suburb of", ", the main town of"
    r"(town|village|city|district|suburb|neighbou?rhood|area|region)"
    r"(?=\s+(?:in|of|near|outside|on|north|south|east|west|northeast|northwest|southeast|southwest)\b)"
)


# ", east of Tehran": where an unlisted name lies, right after it
_DIRECTION_AFTER = re.compile(r",? (?:north|south|east|west)[a-z-]* of ")
# "the city of", "the northern Jerusalem neighborhood of": what an unlisted name is, said before it
_KIND_BEFORE = re.compile(r"\b(town|village|city|district|suburb|neighbou?rhood|area|region) of $")


_LOWER_WORD_AFTER = re.compile(r" [a-z]")
_IN_BEFORE = re.compile(r"\b(?:in|inside|across|throughout)\s+(?:the\s+)?$")


def _without_demonym_places(text: str, places: list[PlaceMention], states: list[ActorMention]) -> list[PlaceMention]:
    """Without the places that are a nationality before a noun: "the Somali group" is no visit to
    Ethiopia's Somali region, though "in Somali" would be."""
    demonyms = {m.start for m in states if m.how == "demonym"}
    return [
        m
        for m in places
        if m.start not in demonyms
        or m.entry.feature_type == "country"  # "UAE officials": the country's own demonym, read elsewhere
        or not _LOWER_WORD_AFTER.match(text, m.end)
        or _IN_BEFORE.search(text, max(0, m.start - 12), m.start)
    ]


def _capital_as_place(text: str, start: int, found: Found) -> bool:
    """Whether the name at ``start`` is also a place the text puts something in ("in Tehran")."""
    return any(m.start == start for m in found.places) and LOCATIVE(text[max(0, start - 40) : start].lower())


def _modifier(text: str, end: int) -> bool:
    """Whether a name ends in a compound that makes it a modifier: "the Oslo-based group", "a
    Tehran-bound flight" name no place where anything happens."""
    return text[end : end + 1] == "-" and text[end + 1 : end + 2].islower()


# "Bakhtar news agency", "(Photo by Fars)": a place's name as an outlet's, which names no place
_OUTLET_AFTER = re.compile(r" (?:[Nn]ews [Aa]gency|[Aa]gency|[Tt]elevision|TV|[Rr]adio|[Nn]ewspaper|[Dd]aily)\b")
_CREDIT_BEFORE = ("Photo by ", "photo by ", "Photo: ", "Courtesy of ")


def _outlet(text: str, start: int, end: int) -> bool:
    """Whether a name is an outlet's ("Bakhtar news agency", "Photo by Fars"), not a place."""
    return bool(_OUTLET_AFTER.match(text, end)) or text.endswith(_CREDIT_BEFORE, max(0, start - 12), start)


def _article_apart(text: str, start: int) -> bool:
    """Whether the word "al" stands alone right before ``start`` ("blamed al Shabaab")."""
    return start >= 3 and text.endswith("al ", start - 3, start) and (start == 3 or not text[start - 4].isalnum())


def _saint(text: str, start: int, entries: tuple[GazEntry, ...]) -> bool:
    """Whether a name is a saint's: "St. George's Church" is in Tanta, not in George ("St.
    Petersburg" is still Saint Petersburg)."""
    return text.endswith(("St. ", "St ", "Saint "), max(0, start - 6), start) and not any(
        e.name.startswith(("Saint ", "St")) for e in entries
    )


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
        for k in {*actors.index.table, *actors.state_index.table}:
            table[k] = _without_borrowed_names(k, table[k])
        for source in (gazetteer.index, actors.index, actors.state_index):
            for first, size in source.first_words.items():
                index.first_words[first] = max(index.first_words.get(first, 0), size)
            index.max_words = max(index.max_words, source.max_words)
        self.index = index
        self._buckets: dict[str, dict[tuple[bool, bool], Bucket | None]] = {}

    def _look_up(self, run: str) -> Looked:
        """The hits of one capitalised run: the longest dictionary names, left to right.

        ``NameIndex.scan`` over the run's words, with what each hit's names say worked out once
        per dictionary key (``_bucket``) instead of once per run."""
        if " " not in run:  # one word (most runs): it is a name or it is not
            name_key = word_key(run)
            values = self.index.table.get(name_key)
            bucket = self._bucket(name_key, values, run) if values else None
            return ([(0, len(run), run, *bucket[:5])], False) if bucket is not None else _NO_HITS
        words: list[tuple[int, int]] = []
        keys: list[str] = []
        pos = 0
        for word in run.split(" "):  # runs hold single spaces only (SPAN_RE)
            if word:
                words.append((pos, pos + len(word)))
                keys.append(word_key(word))
            pos += len(word) + 1
        first_words, table = self.index.first_words, self.index.table
        found: list[tuple[int, int, str, Bucket]] = []
        i, n = 0, len(keys)
        while i < n:
            first = keys[i]
            limit = first_words.get(first.partition(" ")[0] if " " in first else first)
            if limit is None:
                i += 1
                continue
            for j in range(min(n, i + limit), i, -1):
                name_key = " ".join(keys[i:j]) if j - i > 1 else first
                values = table.get(name_key)
                if values:
                    start, end = words[i][0], words[j - 1][1]
                    surface = run[start:end]
                    bucket = self._bucket(name_key, values, surface)
                    if bucket is not None:
                        found.append((start, end, surface, bucket))
                        i = j
                        break
            else:
                i += 1
        if not found:
            return _NO_HITS
        loose = any(b[5] for *_, b in found) and loose_words(run, [(h[0], h[1]) for h in found])
        hits = [(start, end, surface, *bucket[:5]) for start, end, surface, bucket in found]
        if _one_unknown_name(hits):
            return _NO_HITS  # "the Khair Khana area": one name no dictionary holds, not the towns Khair and Khanna
        return hits, loose

    def _bucket(self, name_key: str, values: list[tuple[str, Any, str]], surface: str) -> Bucket | None:
        """What a dictionary key's names are when written as ``surface``, or None when none of them
        can be written so (``_accept``). For the capitalised surfaces of runs only two things
        matter: whether the surface is in capitals (an acronym, never a town) and whether it has
        two letters; the answer is kept by key and those, bounded by the dictionaries' size."""
        form = (surface.isupper(), len(surface) <= 2)
        kept = self._buckets.setdefault(name_key, {})
        if form not in kept:
            kept[form] = _bucket_of([v for v in values if _accept(v, surface)])
        return kept[form]

    def find(self, text: str, runs: dict[str, Looked] | None = None, told: GazEntry | None = None) -> Found:
        """What ``text`` names. ``runs``: the runs already looked up, by their text; an article
        names the same few actors and places again and again, so the extractor keeps one table
        per article (one for every article would grow with the corpus). ``told``: the town or
        district an earlier sentence named, which holds a place no dictionary lists when the
        sentence names no place that could ("the Tayouneh roundabout" of a Beirut story)."""
        if runs is None:
            runs = {}
        if text.isupper() and text.isascii():
            text = text.title()  # a dateline in capitals ("ERBIL"): its words are names, not acronyms
        places: list[PlaceMention] = []
        names: list[tuple[int, int, str, list[ActorEntry]]] = []
        states: list[ActorMention] = []
        # names of places no dictionary holds: start, end, name, its place word, where its holder is told
        unknown: list[tuple[int, int, str, str, int]] = []
        table = self.gazetteer.index.table
        for match in find_runs(text):
            run_start, run_end, run = match.start(), match.end(), match.group()
            suffix = SUFFIX_RE.match(text, run_end) if run_end < len(text) and text[run_end] == " " else None
            found_suffixed = False
            if suffix:
                words = [w for w in run.split(" ") if w]  # runs hold single spaces only (SPAN_RE)
                for k in range(min(len(words), 4), 0, -1):
                    tail = " ".join(words[-k:])
                    suffixed = table.get(key(tail + suffix.group()))
                    if suffixed:
                        start = run_end - len(tail)
                        places.append(PlaceMention(start, suffix.end(), text[start : suffix.end()], tuple(suffixed)))
                        run = text[run_start : max(run_start, start - 1)]
                        found_suffixed = True
                        break
            if not run:
                continue
            if not found_suffixed and _article_apart(text, run_start):
                # "blamed al Shabaab": the article written apart and in lower case belongs to the name
                with_article = text[run_start - 3 : run_end]
                if with_article not in runs:
                    runs[with_article] = self._look_up(with_article)
                article_hits = runs[with_article][0]
                if article_hits and article_hits[0][0] == 0:  # a name that starts with the article
                    run_start, run = run_start - 3, with_article
            looked = runs.get(run)
            if looked is None:
                looked = runs[run] = self._look_up(run)
            hits, loose = looked
            word = None if found_suffixed else place_word(run, suffix.group() if suffix else None)
            end = held_from = suffix.end() if suffix else run_end
            if word is None and not found_suffixed and (appositive := _APPOSITIVE.match(text, run_end)) is not None:
                # "in Absard, a town in Damavand county": the name, then what it is and where
                word, held_from = appositive.group(1), appositive.end()
            elif word is None and not found_suffixed and (not hits or loose):
                # "near the city of Mirjaveh in Sistan and Baluchestan province"; never a listed town
                # ("the port city of Hudaydah" is Hudaydah, wherever the place named before it lies); a
                # name only partly listed is not listed ("the town of Majdal Shams" is not al-Majdal)
                kind = _KIND_BEFORE.search(text, max(0, run_start - 20), run_start)
                word = kind.group(1) if kind else None
                if (
                    word is None
                    and _DIRECTION_AFTER.match(text, run_end)
                    and LOCATIVE(text[max(0, run_start - 40) : run_start].lower())
                ):
                    word = "area"  # "in Absard, east of Tehran"
            if word in NAMED_AFTER_TOWNS and hits and hits[0][0] == 0 and hits[0][1] < len(run):
                towns = [e for e in hits[0][3] if e.feature_type == "city"]
                if towns:  # "Abu Dhabi International Airport": at the town it is named after
                    sites = tuple(unlisted(run, word, town, self.gazetteer) for town in towns)
                    places.append(PlaceMention(run_start, run_end, run, sites))
                    continue
            if word is not None and (not hits or _only_towns(hits)):
                # no dictionary name, or only towns that may lie in another country than the text says;
                # "al-Aqsa Mosque and the Sheikh Jarrah neighborhood": the neighbourhood is the last one
                cut = run.rfind(" and ") + 5 if " and " in run else 0
                cut += 4 if run.startswith("the ", cut) else 0
                unknown.append((run_start + cut, end, run[cut:], word, held_from))
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
                elif rel_start == 0 and unless_opening is not entries and opens_sentence(text, run_start):
                    entries = unless_opening
                if entries and not (
                    _modifier(text, h_end) or _saint(text, h_start, entries) or _outlet(text, h_start, h_end)
                ):
                    places.append(PlaceMention(h_start, h_end, surface, entries))
        places.sort(key=lambda m: m.start)
        if states and places:
            places = _without_demonym_places(text, places, states)
        if len(places) > 1 and ("'s " in text or "’s " in text):
            for name, entry in owned_by_country(text, places, self.gazetteer):
                runs[name] = _known_as(name, entry)  # "Mozambique's Palma": a later "Palma" too
        if unknown:
            for name, entry in place_unknown(text, unknown, places, told, states, self.gazetteer):
                if not runs.get(name, _NO_HITS)[0]:
                    runs[name] = _known_as(name, entry)  # "the West Bank town of Huwara", then "Huwara"
        return Found(places, names, states)

    def actor_mentions(
        self,
        text: str,
        found: Found,
        countries: tuple[str, ...],
        lowered: str | None = None,
        troops: ActorEntry | None = None,
    ) -> list[ActorMention]:
        """Named, group and state mentions, resolved for the article's countries, without overlaps.
        ``troops``: the army named last before, whose soldiers are told without a nationality."""
        mentions = list(self.actors.groups.find(text, countries, lowered, troops))
        for start, end, surface, entries in found.names:
            if len(entries) > 1 and all(w[:1].isupper() for w in surface.split()):
                # written as a proper name, the actor of that very name: "Lebanese Forces", the party
                entries = [e for e in entries if key(e.name) == key(surface)] or entries
            entry = self.actors.choose(entries, countries)
            if entry is not None and entry.kind == "government" and _capital_as_place(text, start, found):
                continue  # "protesters in Tehran": the capital is where, not the government
            mentions.append(ActorMention(start, end, surface, entry, how="name"))
        mentions.extend(found.states)
        return members_named(text, qualifying_states(text, _without_overlaps(mentions)))

    def state_actor(self, state: StateInfo, part: str) -> ActorEntry:
        return self.actors.state_actor(state, part)
