"""The actor dictionary: canonical actors, their kinds, countries, parents and aliases.

Loaded from ``seeds/actors.json``; plugins add the names their outlet uses through
``eventgraph_actor_aliases``. ``find(text)`` returns the actor mentions of a text: named actors
("Kataib Hezbollah", "IRGC"), groups named by nationality ("Iraqi security forces", "US troops",
"the US-led coalition") and bare states ("Iran", "Iranian") whose part the extractor decides.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from api.errors import ConfigError
from api.extract.names import key
from api.extract.records import quick_init
from api.extract.spans import NameIndex, Span, find_spans
from api.extract.vocabulary import ActorAlias

KINDS = (
    "state force", "non-state armed group", "coalition", "government", "political party",
    "religious authority", "media outlet", "civilians",
)  # fmt: skip


@dataclass
class ActorEntry:
    """One canonical actor. ``aliases`` pairs each alias with the outlet that uses it (None: everyone)."""

    name: str
    kind: str
    country: str | None = None
    parent: str | None = None
    aliases: list[tuple[str, str | None]] = field(default_factory=list)
    operates_in: tuple[str, ...] = ()
    note: str | None = None

    def alias_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a for a, _ in self.aliases))


@dataclass(frozen=True)
class StateInfo:
    """A country as an actor: the canonical actors its forces, government and people map to."""

    country: str
    name: str
    military: str
    police: str
    government: str
    civilians: str
    protesters: str
    unidentified: str
    rebels: str


@quick_init
@dataclass(frozen=True)
class ActorMention:
    """An actor named in a text. ``actor`` is None for a bare state ("Iran"), when ``state`` is set.

    ``how`` is "name" (a dictionary alias), "group" (nationality + noun: "Iraqi forces"),
    "state" (a country name) or "demonym" ("Iranian").
    """

    start: int
    end: int
    text: str
    actor: ActorEntry | None
    state: StateInfo | None = None
    how: str = "name"
    backed: bool = False  # "Iran-backed militias": the state is a sponsor, not the actor


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 5


def _accept(value: Any, surface: str) -> bool:
    """Acronyms only in capitals: "IS" and "US" but not "Is" and "Us"."""
    if value[-1] == "acronym":
        letters = [c for c in surface if c.isalpha()]
        return all(c.isupper() for c in letters)
    return True


class ActorDictionary:
    def __init__(
        self,
        entries: Iterable[ActorEntry],
        states: Iterable[StateInfo] = (),
        state_names: dict[str, list[str]] | None = None,
        demonyms: dict[str, list[str]] | None = None,
    ) -> None:
        self._entries: dict[str, ActorEntry] = {}
        self.states: dict[str, StateInfo] = {s.country: s for s in states}
        self.index: NameIndex[tuple[ActorEntry, str]] = NameIndex(accept=_accept)
        self.lower_aliases: dict[str, list[ActorEntry]] = {}
        self.state_index: NameIndex[tuple[StateInfo, str, str]] = NameIndex(accept=_accept)
        self.version = 0
        for entry in entries:
            self._add_entry(entry)
        for how, table in (("state", state_names or {}), ("demonym", demonyms or {})):
            for country, names in table.items():
                for n in names:
                    case = "acronym" if _is_acronym(n) else "name"
                    self.state_index.add(n, (self.states[country], how, case))
        from api.extract.groups import GroupFinder

        self.groups = GroupFinder(self)

    # -- building ----------------------------------------------------------------------
    @classmethod
    def from_seeds(cls, path: Path | None = None) -> ActorDictionary:
        from api.settings import SEEDS_DIR

        path = path or SEEDS_DIR / "actors.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"{path}: cannot read the actor dictionary: {exc}") from exc
        return cls.from_data(data, str(path))

    @classmethod
    def from_data(cls, data: dict[str, Any], name: str = "<actors>") -> ActorDictionary:
        entries: list[ActorEntry] = []
        states: list[StateInfo] = []
        state_names: dict[str, list[str]] = {}
        demonyms: dict[str, list[str]] = {}
        for raw in data.get("states", []):
            state, generated = _state_entries(raw)
            states.append(state)
            entries.extend(generated)
            state_names[state.country] = list(raw.get("names", [state.name]))
            demonyms[state.country] = list(raw.get("demonyms", []))
        for raw in data.get("actors", []):
            try:
                entry = ActorEntry(
                    name=raw["name"],
                    kind=raw["kind"],
                    country=raw.get("country"),
                    parent=raw.get("parent"),
                    aliases=[(a, None) for a in raw.get("aliases", [])],
                    operates_in=tuple(raw.get("operates_in", [raw["country"]] if raw.get("country") else [])),
                    note=raw.get("note"),
                )
            except KeyError as exc:
                raise ConfigError(f"{name}: actor {raw!r} has no {exc.args[0]!r}") from None
            if entry.kind not in KINDS:
                raise ConfigError(f"{name}: actor {entry.name!r} has unknown kind {entry.kind!r}")
            entries.append(entry)
        merged: dict[str, ActorEntry] = {}
        for entry in entries:
            if entry.name in merged:  # a named actor that is also a state's government or force
                known = merged[entry.name]
                known.aliases.extend(a for a in entry.aliases if a not in known.aliases)
                known.parent = known.parent or entry.parent
                known.note = known.note or entry.note
            else:
                merged[entry.name] = entry
        return cls(merged.values(), states, state_names, demonyms)

    def _add_entry(self, entry: ActorEntry) -> None:
        self._entries[entry.name] = entry
        self._index_alias(entry, entry.name)
        for alias, _source in entry.aliases:
            self._index_alias(entry, alias)
        self.version += 1

    def _index_alias(self, entry: ActorEntry, alias: str) -> None:
        if alias[:1].islower() and " " not in alias and "-" not in alias:
            self.lower_aliases.setdefault(key(alias), [])
            if entry not in self.lower_aliases[key(alias)]:
                self.lower_aliases[key(alias)].append(entry)
            return
        self.index.add(alias, (entry, "acronym" if _is_acronym(alias) else "name"))

    def add_aliases(self, aliases: Iterable[ActorAlias], plugin: str) -> None:
        """Add a plugin's aliases; an alias for an unknown actor is an error naming the plugin."""
        for alias in aliases:
            entry = self._entries.get(alias.actor)
            if entry is None:
                raise ConfigError(f"plugin {plugin!r}: actor alias {alias.alias!r} names unknown actor {alias.actor!r}")
            pair = (alias.alias, alias.source)
            if pair not in entry.aliases:
                entry.aliases.append(pair)
            self._index_alias(entry, alias.alias)
        self.version += 1

    # -- reading -------------------------------------------------------------------------
    def entries(self) -> Iterator[ActorEntry]:
        return iter(list(self._entries.values()))

    def get(self, name: str) -> ActorEntry | None:
        return self._entries.get(name)

    def lookup(self, name: str, countries: Iterable[str] = ()) -> ActorEntry | None:
        """The actor a name refers to, preferring actors that operate in ``countries``."""
        found = [e for e, _ in self.index.get(name)] or self.lower_aliases.get(key(name), [])
        return self.choose(found, countries)

    def choose(self, found: list[ActorEntry], countries: Iterable[str] = ()) -> ActorEntry | None:
        if not found:
            return None
        wanted = set(countries)
        for entry in found:
            if wanted & set(entry.operates_in):
                return entry
        return found[0]

    def state_actor(self, state: StateInfo, part: str) -> ActorEntry:
        """One of the actors generated for a state: military, police, government, civilians ..."""
        name = getattr(state, part)
        entry = self._entries[name]
        return entry

    def part_of(self, country: str | None, part: str) -> ActorEntry | None:
        """The actor generated for a country's ``part``, when the dictionary knows the country."""
        state = self.states.get(country or "")
        return self.state_actor(state, part) if state is not None else None

    def is_state_part(self, entry: ActorEntry, part: str) -> bool:
        """Whether ``entry`` is the actor generated for its state's ``part`` ("protesters" ...)."""
        state = self.states.get(entry.country or "")
        return state is not None and getattr(state, part) == entry.name

    def find(self, text: str, spans: list[Span] | None = None, countries: Iterable[str] = ()) -> list[ActorMention]:
        """Actor mentions in ``text``, left to right, without overlaps (the longest wins)."""
        countries = tuple(countries)
        spans = find_spans(text) if spans is None else spans
        mentions: list[ActorMention] = list(self.groups.find(text, countries))
        for span in spans:
            for hit in self.index.scan(span):
                entries = [e for e, _ in hit.value]
                entry = self.choose(entries, countries)
                mentions.append(ActorMention(hit.start, hit.end, hit.text, entry, how="name"))
            for state_hit in self.state_index.scan(span):
                state, how, _case = state_hit.value[0]
                mentions.append(ActorMention(state_hit.start, state_hit.end, state_hit.text, None, state, how=how))
        return _without_overlaps(mentions)


def _state_entries(raw: dict[str, Any]) -> tuple[StateInfo, list[ActorEntry]]:
    country = raw["country"]
    name = raw["name"]
    full = f"the {name}" if raw.get("the") else name
    demonyms = raw.get("demonyms", [])
    lead = demonyms[0] if demonyms else name
    military = f"Military Forces of {full}"
    police = f"Police Forces of {full}"
    government = raw.get("government_name") or f"Government of {full}"
    state = StateInfo(
        country=country,
        name=name,
        military=military,
        police=police,
        government=government,
        civilians=f"Civilians ({name})",
        protesters=f"Protesters ({name})",
        unidentified=f"Unidentified Armed Group ({name})",
        rebels=f"Rebels ({name})",
    )
    where = (country,)
    mil_aliases = [f"{lead} forces", f"{lead} military", f"{lead} troops", *raw.get("military", [])]
    gov_aliases = [f"{lead} government", *raw.get("government", [])]
    entries = [
        ActorEntry(military, "state force", country, None, [(a, None) for a in mil_aliases], where),
        ActorEntry(police, "state force", country, None, [(f"{lead} police", None)], where),
        ActorEntry(government, "government", country, None, [(a, None) for a in gov_aliases], where),
        ActorEntry(state.civilians, "civilians", country, None, [(f"{lead} civilians", None)], where),
        ActorEntry(state.protesters, "civilians", country, None, [(f"{lead} protesters", None)], where),
        ActorEntry(state.unidentified, "non-state armed group", country, None, [], where),
        # insurgents against the state that no name tells apart ("Syrian rebels")
        ActorEntry(state.rebels, "non-state armed group", country, None, [(f"{lead} rebels", None)], where),
    ]
    return state, entries


def _without_overlaps(mentions: list[ActorMention]) -> list[ActorMention]:
    # of two readings of the same words, the dictionary's name wins: "Lebanese Forces" is a party
    mentions.sort(key=lambda m: (m.start, -(m.end - m.start), m.how != "name"))
    kept: list[ActorMention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            if mention.end - mention.start > kept[-1].end - kept[-1].start:
                kept[-1] = mention
            continue
        kept.append(mention)
    return kept
