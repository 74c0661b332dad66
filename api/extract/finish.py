"""From clusters to events: what each event keeps of its mentions. A cluster without a day takes
the publication date when the report's lead tells it, or the day of the event told before it; one
without a place the article's country when a main clause tells it. Of the actors, an actor both
attacking and attacked is kept as the attacker; of the tolls, the highest figure said, plus those
said to be more.
"""

from __future__ import annotations

from datetime import date

from api.extract.actors import ActorDictionary, ActorEntry
from api.extract.assemble import Cluster
from api.extract.candidate import ActorRole, EventCandidate, Place
from api.extract.crowds import protest_sides
from api.extract.gazetteer import Gazetteer
from api.extract.roles import named_after_place
from api.extract.taxonomy import PROTESTS, by_perpetrators


def finish(
    clusters: list[Cluster],
    reference: date | None,
    countries: tuple[str, ...],
    gazetteer: Gazetteer,
    dictionary: ActorDictionary,
) -> list[EventCandidate]:
    aliases: dict[int, tuple[str, ...]] = {}  # by actor: actors recur from event to event

    def first(c: Cluster) -> int:
        return c.first

    def is_lead(c: Cluster) -> bool:
        return any(u.mention.sentence.segment in ("headline", "standfirst") or u.mention.sentence.index <= 2
                   for u in c.units)  # fmt: skip

    date_confidence = {id(c): 0.9 for c in clusters}
    for cluster in clusters:  # a report's lead tells of the day it was filed, unless it says otherwise
        if cluster.day is None and cluster.main and is_lead(cluster) and reference is not None:
            cluster.day, cluster.precision, date_confidence[id(cluster)] = reference, "day", 0.6
    dated = [c for c in clusters if c.day is not None and c.main]
    for cluster in clusters:
        if cluster.day is not None or not cluster.main or cluster.place is None:
            continue
        # "A second wave of missiles was fired at Erbil": an undated event told after the report's
        # main one happened on its day
        earlier = [c for c in dated if first(c) < first(cluster)]
        leads = [c for c in earlier if is_lead(c)]
        if earlier:
            previous = leads[0] if leads else max(earlier, key=first)
            cluster.day, cluster.precision, date_confidence[id(cluster)] = previous.day, previous.precision, 0.5
    events: list[EventCandidate] = []
    for cluster in clusters:
        if cluster.day is None:
            continue
        place_confidence = 0.9 if cluster.place is not None and not cluster.near else 0.7
        if cluster.place is None:
            fallback = gazetteer.countries.get(countries[0]) if countries else None
            if fallback is None or not cluster.main:
                continue
            cluster.place, place_confidence = fallback, 0.4
        events.append(
            _candidate(cluster, gazetteer, dictionary, date_confidence[id(cluster)], place_confidence, aliases)
        )
    return events


def _aliases(actor: ActorEntry, seen: dict[int, tuple[str, ...]]) -> tuple[str, ...]:
    found = seen.get(id(actor))
    if found is None:
        found = seen[id(actor)] = actor.alias_names()
    return found


def _candidate(
    cluster: Cluster,
    gazetteer: Gazetteer,
    dictionary: ActorDictionary,
    date_conf: float,
    place_conf: float,
    aliases: dict[int, tuple[str, ...]],
) -> EventCandidate:
    kind = cluster.kind
    assert cluster.day is not None and cluster.place is not None
    roles: dict[tuple[str, str], ActorRole] = {}
    country = cluster.place.country
    for unit in cluster.units:
        for role in unit.mention.roles:
            # "killing at least 14 people", told a sentence after the air raids on Sanaa: Yemenis
            role = named_after_place(role, country, dictionary)
            k = (role.actor.name, role.role)
            if k in roles and roles[k].attribution == "reported":
                continue
            roles[k] = ActorRole(
                name=role.actor.name, role=role.role, kind=role.actor.kind, country=role.actor.country,
                parent=role.actor.parent, aliases=_aliases(role.actor, aliases), attribution=role.attribution,
            )  # fmt: skip
    # an actor both attacking and attacked in one event is read wrong somewhere: keep the perpetrator
    perpetrators = {name for name, role in roles if role == "perpetrator"}
    actors = [a for (name, role), a in roles.items() if not (role == "target" and name in perpetrators)]
    kind = by_perpetrators(kind, {a.kind for a in actors if a.role == "perpetrator" and a.attribution == "reported"})
    if kind.event_type == PROTESTS:
        actors = protest_sides(actors, kind.sub_event_type, dictionary)
    said = list({id(u.mention): u.mention.casualties for u in cluster.units}.values())
    killed = [c for c in said if c.killed is not None and not c.additional]
    extra = sum(c.killed or 0 for c in said if c.killed is not None and c.additional)
    hurt = [c.injured for c in said if c.injured is not None]
    stated_none = any(c.none_reported for c in said)
    if killed or extra:
        top = max(killed, key=lambda c: c.killed or 0) if killed else None
        best = (top.killed or 0) + extra if top else extra
        low = (top.killed_low or 0) + extra if top and top.killed_low is not None else None
        high = (top.killed_high or 0) + extra if top and top.killed_high is not None else None
        fatal_conf = 0.85
    else:
        low = best = high = 0
        fatal_conf = 0.8 if stated_none else 0.5
    evidence = list(
        dict.fromkeys(u.mention.sentence.text for u in sorted(cluster.units, key=lambda u: u.mention.order))
    )
    place = gazetteer.place(cluster.place, near=cluster.near)
    actor_conf = 0.8 if any(a.role == "perpetrator" and a.attribution == "reported" for a in actors) else 0.6
    type_conf = kind.confidence
    support = min(1.0, 0.6 + 0.1 * len(evidence))
    confidence = round(type_conf * 0.4 + date_conf * 0.2 + place_conf * 0.2 + support * 0.2, 3)
    return EventCandidate(
        event_type=kind.event_type,
        sub_event_type=kind.sub_event_type,
        date=cluster.day,
        date_precision=cluster.precision,
        cameo_code=kind.cameo,
        location=place,
        actors=actors,
        fatalities_low=low,
        fatalities_best=best,
        fatalities_high=high,
        injuries=max(hurt) if hurt else None,
        summary=_summary(kind.sub_event_type, place, cluster.day, actors, best, max(hurt) if hurt else None),
        evidence=evidence,
        confidence=confidence,
        field_confidence={
            "type": type_conf,
            "date": date_conf,
            "location": place_conf,
            "actors": actor_conf,
            "fatalities": fatal_conf,
        },
    )


def _summary(sub: str, place: Place, day: date, actors: list[ActorRole], killed: int | None, hurt: int | None) -> str:
    perps = [
        a.name + (" (suspected)" if a.attribution == "suspected" else "") for a in actors if a.role == "perpetrator"
    ]
    targets = [a.name for a in actors if a.role == "target"]
    text = f"{sub} at {place.name}" + (
        f", {place.country}" if place.country and place.feature_type != "country" else ""
    )
    text += f" on {day.isoformat()}"
    if perps:
        text += f" by {', '.join(perps)}"
    if targets:
        text += f" against {', '.join(targets)}"
    tolls = []
    if killed:
        tolls.append(f"{killed} killed")
    if hurt:
        tolls.append(f"{hurt} injured")
    return text + (f"; {', '.join(tolls)}" if tolls else "") + "."
