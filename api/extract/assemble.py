"""From event mentions to events: one event per day and place, told by one or more sentences.

"rockets were fired on June 8 and 10 near the airport and the Green Zone" pairs days and places
in order; a sentence that names neither ("the attack caused limited damage") continues the event
before it; mentions agreeing on type, day and place are one event. An event needs a day and a
place: a lead sentence falls back on the publication date, a main clause with a date on the
article's country (``finish``); what has neither is left out rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from api.extract.analysis import EventMention
from api.extract.gazetteer import FEATURE_RANK, GazEntry, km_between
from api.extract.taxonomy import ARRESTS, BATTLES, DEMONSTRATION, EXPLOSIONS, RIOTS, VAC, EventKind
from api.extract.thwarted import thwarted

SAME_PLACE_KM = 30.0
PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3}
# A demonstration told by several sentences is as violent as the most violent of them says.
DEMONSTRATION_RANK = {"Peaceful protest": 0, "Protest with intervention": 1, "Excessive force against protesters": 2,
                      "Violent demonstration": 3, "Mob violence": 3}  # fmt: skip
# A photo is taken after the event it shows: its caption's date may be a few days late.
PHOTO_LAG_DAYS = 3
OLD_NEWS_DAYS = 31  # a report's undated lead event happened within the month before it
SUICIDE = "Suicide bomb"  # the one way of bombing a sentence may tell after others called it a blast


@dataclass
class Unit:
    """One event mention narrowed to at most one day and one place."""

    mention: EventMention
    day: date | None
    precision: str
    place: GazEntry | None
    near: bool


def _kind_key(mention: EventMention) -> tuple[bool, bool, bool, int]:
    """Which mention's kind a cluster takes: a specific one ("rockets", "protesters") over
    "an attack" or "killed", then one that says more than "killed" (violence against civilians is
    what a bare killing defaults to), then one in a main clause, then the first told."""
    return mention.specific, mention.kind.event_type != VAC, not mention.sub, -mention.order


def _headline_shots(mention: EventMention) -> bool:
    """A headline's violence against civilians for want of anyone named as hit: what it defaults
    to, not what it says."""
    return (
        mention.sentence.segment == "headline"
        and mention.kind.event_type == VAC
        and not any(r.role == "target" for r in mention.roles)
    )


def _bare_clash(mention: EventMention) -> bool:
    """ "Clashes at the Green Zone": a battle told without who fought, which a riot told with its
    crowd may be."""
    return mention.kind.event_type == BATTLES and not mention.roles


def _takes_kind(new: EventMention, old: EventMention) -> bool:
    if new.kind.event_type == RIOTS and _bare_clash(old):
        return True
    if old.kind.event_type == RIOTS and _bare_clash(new):
        return False
    if old.blast_only and not new.blast_only and new.kind.event_type == old.kind.event_type == EXPLOSIONS:
        return True  # "explosions rocked the airport ... three missiles struck": the missiles say what
    if SUICIDE in (new.kind.sub_event_type, old.kind.sub_event_type) and new.kind.event_type == EXPLOSIONS:
        return new.kind.sub_event_type == SUICIDE  # "a bomber strikes a mosque ... a suicide bomber blew himself up"
    if new.kind.event_type in DEMONSTRATION and old.kind.event_type in DEMONSTRATION:
        return DEMONSTRATION_RANK.get(new.kind.sub_event_type, 0) > DEMONSTRATION_RANK.get(old.kind.sub_event_type, 0)
    if new.kind.event_type == old.kind.event_type:  # "killed nine" then "had first kidnapped one": the first told
        return _kind_key(new)[2:] > _kind_key(old)[2:]
    return _kind_key(new) > _kind_key(old)


class Cluster:
    """The units told of one event. What clustering asks of a cluster again and again (its most
    specific kind, whether it holds a main clause, where it is first told) is kept up to date as
    units join instead of worked out from the units at each question."""

    def __init__(self, unit: Unit) -> None:
        self.units = [unit]
        self.day, self.precision, self.place, self.near = unit.day, unit.precision, unit.place, unit.near
        mention = unit.mention
        self.kind: EventKind = mention.kind  # see _takes_kind
        self.kind_from = mention
        self.clauses = {mention.order: mention.sub}  # its sentences, and whether in a subordinate clause
        self.specific = mention.specific  # any of its mentions is specific
        self.main = not mention.sub  # any of its mentions is in a main clause
        self.lead = _lead(unit)  # any of its units is in a report's lead
        self.first = mention.order  # the first sentence telling it

    @property
    def event_type(self) -> str:
        return self.kind.event_type

    def add(self, unit: Unit) -> None:
        self.units.append(unit)
        if unit.day is not None and (
            self.day is None or PRECISION_ORDER[unit.precision] < PRECISION_ORDER[self.precision]
        ):
            self.day, self.precision = unit.day, unit.precision
        if unit.place is not None and (
            self.place is None
            or FEATURE_RANK.get(unit.place.feature_type, 5) < FEATURE_RANK.get(self.place.feature_type, 5)
        ):
            self.place, self.near = unit.place, unit.near
        mention = unit.mention
        if mention.thwarts:  # "the Iron Dome shot down four of them": the rockets told before never struck
            if thwarted(self.kind, any(u.mention.casualties.hurt_anyone for u in self.units)):
                self.kind, self.kind_from = mention.kind, mention
        elif _takes_kind(mention, self.kind_from):
            self.kind, self.kind_from = mention.kind, mention
        self.clauses.setdefault(mention.order, mention.sub)
        self.specific = self.specific or mention.specific
        self.main = self.main or not mention.sub
        self.lead = self.lead or _lead(unit)
        self.first = min(self.first, mention.order)


def units_of(mention: EventMention) -> list[Unit]:
    days = [(d, m.precision) for m in mention.dates for d in m.days]
    places = mention.places
    if len(days) > 1 and len(places) == len(days):
        return [Unit(mention, d, p, pl, near) for (d, p), (pl, near) in zip(days, places, strict=True)]
    best = min(places, key=lambda p: FEATURE_RANK.get(p[0].feature_type, 5)) if places else None
    if len(days) > 1:
        return [Unit(mention, d, p, best[0] if best else None, best[1] if best else False) for d, p in days]
    day, precision = days[0] if days else (None, "day")
    if len(places) > 1:
        return [Unit(mention, day, precision, pl, near) for pl, near in places]
    return [Unit(mention, day, precision, best[0] if best else None, best[1] if best else False)]


def _same_day(a: date, a_precision: str, b: date, b_precision: str) -> bool:
    coarse = max(a_precision, b_precision, key=lambda p: PRECISION_ORDER[p])
    if coarse == "day":
        return a == b
    if coarse == "week":
        return abs((a - b).days) <= 6
    if coarse == "month":
        return (a.year, a.month) == (b.year, b.month)
    return a.year == b.year


def _place_link(a: GazEntry, b: GazEntry) -> bool:
    if a.key == b.key or a.contains_entry(b) or b.contains_entry(a):
        return True
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return False
    return km_between(a.lat, a.lon, b.lat, b.lon) <= SAME_PLACE_KM


def _compatible(cluster: Cluster, unit: Unit) -> int:
    """0: not the same event; otherwise how strongly linked (higher is better)."""
    mention = unit.mention
    kind = mention.kind
    if cluster.clauses.get(mention.order, mention.sub) != mention.sub:
        return 0  # "X happened after Y": a sentence's main and subordinate clauses tell two events
    generic = not mention.specific or not cluster.specific
    # "25 Killed as Gunmen Open Fire on Military Parade": a headline's shots at no one named are the
    # lead's battle or attack, told with its victims; a cluster of the headline's own type comes first
    by_headline = (
        not generic
        and kind.event_type != cluster.kind.event_type
        and cluster.lead
        and _lead(unit)
        and (_headline_shots(mention) or (len(cluster.units) == 1 and _headline_shots(cluster.kind_from)))
    )
    generic = generic or by_headline
    cluster_type = cluster.kind.event_type
    demonstration = kind.event_type in DEMONSTRATION and cluster_type in DEMONSTRATION
    if {kind.event_type, cluster_type} == {BATTLES, RIOTS}:
        demonstration = _bare_clash(mention if kind.event_type == BATTLES else cluster.kind_from)
    if kind.event_type != cluster_type and not generic and not demonstration:
        return 0
    if ARRESTS in (kind.sub_event_type, cluster.kind.sub_event_type) and kind.event_type != cluster_type:
        return 0  # "police arrested a suspect" after a bombing: an arrest of its own, not the bombing
    score = 1
    if unit.day is not None and cluster.day is not None:
        same = _same_day(unit.day, unit.precision, cluster.day, cluster.precision)
        lag = (unit.day - cluster.day).days
        # "the missiles struck at 2230 GMT on Tuesday" of a Wednesday attack: the same night
        if (
            not same
            and not (mention.anaphoric and abs(lag) <= 1)
            and not (mention.caption and 0 <= lag <= PHOTO_LAG_DAYS)
        ):
            return 0
        score += 2
    if unit.place is not None and cluster.place is not None:
        if not _place_link(unit.place, cluster.place) or _other_place_of_clause(cluster, unit):
            return 0
        score += 2
    loose = unit.day is None and unit.place is None
    if kind.event_type != cluster_type and score < 3 and not ((generic or demonstration) and loose):
        return 0  # "killed in an attack" joins "rockets struck" only through a day or a place
    return max(score - 1, 1) if by_headline else score


def _other_place_of_clause(cluster: Cluster, unit: Unit) -> bool:
    """Whether the cluster holds another place of the unit's own clause: "a depot in Musaffah and a
    site at the airport" are two places hit, however near, where two reports of one place are not."""
    place = unit.place
    assert place is not None
    return unit.mention.apart and any(
        u.mention is unit.mention and u.place is not None and u.place.key != place.key
        and not (u.place.contains_entry(place) or place.contains_entry(u.place))
        for u in cluster.units
    )  # fmt: skip


def _old_news(cluster: Cluster, unit: Unit, reference: date | None) -> bool:
    """Whether the unit tells an event long past that the undated news of the lead cannot be: "the
    attack recalled the September 2013 siege of Nairobi's Westgate mall" of a Nairobi attack today."""
    return (
        reference is not None
        and unit.day is not None
        and cluster.day is None
        and cluster.lead
        and (reference - unit.day).days > OLD_NEWS_DAYS
    )


def _date_the_lead(clusters: list[Cluster], reference: date | None) -> None:
    """An undated event of the lead takes the day a later report of it gives ("a car bomb exploded at
    the police academy in Bogota, Colombia January 17, 2019"): the first recent event of its type at a
    place linked to its own joins it."""
    if reference is None:
        return
    for lead in [c for c in clusters if c.lead and c.day is None]:
        dated = [
            c
            for c in clusters
            if c is not lead
            and c.day is not None
            and c.event_type == lead.event_type
            and 0 <= (reference - c.day).days <= OLD_NEWS_DAYS
            and (
                lead.place is None or c.place is None or _place_link(lead.place, c.place) or _wider(lead.place, c.place)
            )
        ]
        if dated:
            other = min(dated, key=lambda c: c.first)
            for unit in other.units:
                lead.add(unit)
            clusters.remove(other)


def _wider(told: GazEntry, exact: GazEntry) -> bool:
    """Whether a province or country the lead names may hold the place told later ("the central Sagaing
    region", then "Pazigyi village, in Kanbalu township")."""
    return told.feature_type in ("province", "country") and told.country == exact.country


def _lead(unit: Unit) -> bool:
    sentence = unit.mention.sentence
    return not unit.mention.sub and (sentence.segment in ("headline", "standfirst") or sentence.index <= 2)


def cluster_units(mentions: list[EventMention], reference: date | None = None) -> list[Cluster]:
    """Mentions with a day or a place first, in text order; then the ones with neither join the
    event told just before them (or, in a headline, the first one of their type). ``reference``:
    the publication date, before which a report's undated lead event is recent."""
    clusters: list[Cluster] = []
    loose: list[Unit] = []
    for mention in mentions:
        for unit in units_of(mention):
            if (unit.day is None and unit.place is None) or mention.toll_only or mention.reference:
                loose.append(unit)
                continue
            best: tuple[int, int] | None = None  # (score, index)
            lead = _lead(unit)
            for index, cluster in enumerate(clusters):
                score = _compatible(cluster, unit)
                if score == 1 and lead and cluster.lead:
                    score = 2  # a headline and its lead sentence tell the same event, one the place, one the day
                if score <= 1 or _old_news(cluster, unit, reference):
                    continue
                if (
                    mention.sub
                    and cluster.main
                    and (
                        (score == 3 and unit.place is not None and cluster.place is None)
                        or (unit.day is not None and cluster.day is None)
                    )
                ):
                    continue  # an earlier event in a "since" clause is not today's, whatever the day or place
                if best is None or (score, index) > best:
                    best = (score, index)
            if best is None:
                clusters.append(Cluster(unit))
            else:
                clusters[best[1]].add(unit)
    _date_the_lead(clusters, reference)
    for unit in loose:
        order = unit.mention.order
        candidates = [c for c in clusters if (unit.mention.sub or c.main) and _compatible(c, unit)]
        before = [c for c in candidates if c.first <= order]
        if before:
            target = max(before, key=lambda c: max(u.mention.order for u in c.units if u.mention.order <= order))
        elif candidates:  # all told after it
            target = min(candidates, key=lambda c: c.first)
        else:
            if not unit.mention.toll_only and not unit.mention.reference:
                clusters.append(Cluster(unit))  # neither a day nor a place: the cluster has none either
            continue
        target.add(unit)
    return clusters
