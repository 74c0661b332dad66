"""The core extractor: an Article in, the events it asserts out.

Steps: sentences (headline, standfirst, body, captions) -> one keyword pass per sentence for
trigger words -> for sentences with triggers, one dictionary pass for actors, states and places
-> the article's countries (to choose between places of one name) -> per clause, the event it
asserts with its dates, places, actors in roles and casualties -> clustering into one event per
day and place. Everything is compiled once; an article costs a few regex passes.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from api.extract.actors import ActorDictionary, ActorEntry, ActorMention
from api.extract.analysis import EventMention, could_be_event, read_sentence
from api.extract.assemble import cluster_units
from api.extract.candidate import EventCandidate
from api.extract.context import ExtractionContext
from api.extract.dates import later_than
from api.extract.finish import finish
from api.extract.gazetteer import FEATURE_RANK, GazEntry, choose
from api.extract.keywords import Keyword, find_triggers_each
from api.extract.lexicon import Found, Lexicon, Looked
from api.extract.sentences import Sentence, article_sentences
from api.extract.taxonomy import DEMONSTRATION
from api.ingest.article import Article

# An update within this long after publication still tells "on Thursday" from its own day.
MODIFIED_WITHIN = timedelta(days=3)
LATE_UTC_HOUR = 19

Work = tuple[Sentence, str, list[Keyword], Found]
_LEXICONS: dict[tuple[int, int, int, int], Lexicon] = {}


def lexicon_for(context: ExtractionContext) -> Lexicon:
    """The combined matcher for a context's dictionaries, rebuilt only when one of them changed."""
    actors, gazetteer = context.actors, context.gazetteer
    ident = (id(actors), actors.version, id(gazetteer), gazetteer.version)
    lexicon = _LEXICONS.get(ident)
    if lexicon is None or lexicon.actors is not actors or lexicon.gazetteer is not gazetteer:
        if len(_LEXICONS) >= 4:
            _LEXICONS.clear()
        lexicon = _LEXICONS[ident] = Lexicon(actors, gazetteer)
    return lexicon


def reference_date(article: Article) -> date | None:
    """The day relative dates count from: publication, or an update soon after it."""
    if article.published_at is None:
        return None
    moment = article.published_at
    if article.modified_at is not None and moment < article.modified_at <= moment + MODIFIED_WITHIN:
        moment = article.modified_at
    return moment.date()


def extract_events(article: Article, context: ExtractionContext) -> list[EventCandidate]:
    lexicon = lexicon_for(context)
    reference = reference_date(article)
    # filed late in the UTC day: east of UTC (Baghdad, Tehran) it is already tomorrow
    ahead = article.published_at is not None and article.published_at.hour >= LATE_UTC_HOUR
    work: list[Work] = []
    runs: dict[str, Looked] = {}  # the article's names, looked up once each
    sentences = article_sentences(article)
    lowers = [sentence.text.lower() for sentence in sentences]
    told: GazEntry | None = None  # the last town or district named so far
    for sentence, lowered, keywords in zip(sentences, lowers, find_triggers_each(lowers), strict=True):
        if "march" in lowered:  # "In March" is the month, "a peaceful march" a protest
            keywords = [k for k in keywords if k.cls != "weak_protest" or not sentence.text[k.start].isupper()]
        if keywords and could_be_event(keywords, lowered):
            found = lexicon.find(sentence.text, runs, told)
            work.append((sentence, lowered, keywords, found))
            towns = [m.entry for m in found.places if m.entry.feature_type in ("city", "district")]
            told = towns[-1] if towns else told
    if not work:
        return []
    countries = _countries(article, work, lexicon, runs)
    mentions: list[EventMention] = []
    earlier: GazEntry | None = None  # the last town, base or district named so far
    troops: ActorEntry | None = None  # the last army named so far
    for order, (sentence, lowered, keywords, found) in enumerate(work):
        actors = lexicon.actor_mentions(sentence.text, found, countries, lowered, troops)
        troops = _last_army(actors, context.actors) or troops
        after_crowd = bool(mentions) and mentions[-1].kind.event_type in DEMONSTRATION
        read = read_sentence(
            sentence, lowered, keywords, found.places, actors, reference, countries, lexicon, order, ahead, earlier,
            after_crowd,
        )  # fmt: skip
        _count_from_before(read, mentions)
        mentions.extend(read)
        earlier = _last_local_place(found, countries) or earlier
    return finish(cluster_units(mentions, reference), reference, countries, context.gazetteer, context.actors)


def _count_from_before(read: list[EventMention], before: list[EventMention]) -> None:
    """Date the mentions of a sentence that opens "Hours later" or "Two days later" from the last
    date told before it."""
    dated = next((m.dates[-1] for m in reversed(before) if m.dates), None)
    if dated is None:
        return
    for mention in read:
        if not mention.dates and (counted := later_than(mention.sentence.text[:24].lower(), dated)) is not None:
            mention.dates = [counted]


def _last_army(actors: list[ActorMention], dictionary: ActorDictionary) -> ActorEntry | None:
    """The last state military the sentence names ("Nigerian troops", "the IDF")."""
    armies = [
        m.actor
        for m in actors
        if m.actor is not None and m.actor.kind == "state force" and dictionary.is_state_part(m.actor, "military")
    ]
    return armies[-1] if armies else None


def _last_local_place(found: Found, countries: tuple[str, ...]) -> GazEntry | None:
    """The sentence's most specific town, base or district ("Tahrir Square in Baghdad": the square),
    the last of equals."""
    best: GazEntry | None = None
    for mention in found.places:
        entry = choose(mention.candidates, countries)
        local = entry.feature_type not in ("country", "province", "zone") and (
            not countries or entry.country == countries[0]
        )
        if local and (best is None or FEATURE_RANK[entry.feature_type] <= FEATURE_RANK[best.feature_type]):
            best = entry
    return best


def _countries(article: Article, work: list[Work], lexicon: Lexicon, runs: dict[str, Looked]) -> tuple[str, ...]:
    """The article's countries, most mentioned first: the dateline counts most, then the places
    named in sentences with triggers. Only unambiguous names vote, unless there are none."""
    votes: Counter[str] = Counter()
    if article.dateline:
        for mention in lexicon.find(article.dateline, runs).places:
            if len({e.country for e in mention.candidates}) == 1 and mention.entry.country:
                votes[mention.entry.country] += 3
    # a town abroad whose country the article never names is more likely a namesake ("Solhan" of a
    # Burkina Faso story is no Turkish town): its vote counts half when the article names countries
    named = {m.entry.country for *_, found in work for m in found.places if m.entry.feature_type == "country"}
    named |= set(votes)
    for sentence, _lowered, _keywords, found in work:
        weight = 2 if sentence.segment == "headline" else 1
        for mention in found.places:
            countries = {e.country for e in mention.candidates}
            entry = mention.entry
            if entry.sea:
                continue  # its coasts are several countries'
            if len(countries) == 1 and entry.country:
                # a base or town says where things happen; a country name is often only an actor
                town = 1 if entry.feature_type == "country" else (2 if not named or entry.country in named else 1)
                votes[entry.country] += weight * town
    if not votes:  # only names several places share ("Moscow"): the likeliest of each still says where
        for _sentence, _lowered, _keywords, found in work:
            for mention in found.places:
                entry = choose(mention.candidates, ())
                if entry.country and not entry.sea:
                    votes[entry.country] += 1
    return tuple(c for c, _ in votes.most_common())
