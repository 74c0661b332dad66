"""Builders for extractions, so store and API tests do not depend on the extractor's judgement."""

from __future__ import annotations

from datetime import UTC, date, datetime

from api.extract.candidate import ActorRole, EventCandidate, Place
from api.ingest.article import Article
from api.ingest.document import Document
from api.ingest.pipeline import Extraction
from api.ingest.source import SourceInfo

SOURCES = [
    SourceInfo("reuters", "Reuters", ("reuters.com",), "GB", kind="wire service"),
    SourceInfo("jpost", "The Jerusalem Post", ("jpost.com",), "IL", kind="national newspaper"),
    SourceInfo("tasnim", "Tasnim News Agency", ("tasnimnews.com",), "IR", kind="state-affiliated agency"),
]

TAJI = Place("Camp Taji", "base", "IQ", "Baghdad", 33.52, 44.26, 1, key="test:camp-taji")
AIRPORT = Place("Baghdad International Airport", "airport", "IQ", "Baghdad", 33.262, 44.234, 1, key="test:bgw")
AIN_AL_ASAD = Place("Ain al-Asad air base", "base", "IQ", "Anbar", 33.786, 42.441, 1, key="test:ain-al-asad")
ERBIL = Place("Erbil", "city", "IQ", "Erbil", 36.19, 44.01, 1, key="test:erbil")


def rocket_attack(
    day: date, place: Place = TAJI, killed: int | None = 0, perpetrator: str | None = None, **kwargs: object
) -> EventCandidate:
    actors = [ActorRole("US-led coalition", "target", kind="coalition")]
    if perpetrator:
        actors.append(ActorRole(perpetrator, "perpetrator", kind="non-state armed group", country="IQ"))
    return EventCandidate(
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        cameo_code="194",
        date=day,
        location=place,
        actors=actors,
        fatalities_low=killed,
        fatalities_best=killed,
        fatalities_high=killed,
        summary=f"Rockets hit {place.name}",
        evidence=[f"Rockets struck {place.name}."],
        confidence=0.8,
        **kwargs,  # type: ignore[arg-type]
    )


def extraction(
    source: str, slug: str, events: list[EventCandidate], published: datetime | None = None, body: str | None = None
) -> Extraction:
    text = body or f"{source} report {slug}"
    article = Article(
        source=source,
        headline=f"Headline {slug}",
        paragraphs=(text,),
        url=f"https://{source}.example/{slug}",
        published_at=published or datetime(2020, 3, 12, tzinfo=UTC),
        parser=source,
        parser_version="1",
    )
    return Extraction(Document(text.encode(), name=slug), source, article, events)
