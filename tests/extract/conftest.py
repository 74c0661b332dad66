"""Fixtures for the extractor's tests: the dictionaries from seeds/, loaded once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from api.extract.actors import ActorDictionary
from api.extract.candidate import EventCandidate
from api.extract.context import ExtractionContext
from api.extract.extractor import extract_events
from api.extract.gazetteer import Gazetteer
from api.ingest.article import Article, Caption


@pytest.fixture(scope="session")
def context() -> ExtractionContext:
    return ExtractionContext(actors=ActorDictionary.from_seeds(), gazetteer=Gazetteer.from_seeds())


@pytest.fixture
def extract(context: ExtractionContext):  # type: ignore[no-untyped-def]
    """extract(headline, *paragraphs, published="2020-06-13T12:00:00Z", captions=()) -> events."""

    def run(
        headline: str,
        *paragraphs: str,
        published: str | None = "2020-06-13T12:00:00+00:00",
        captions: tuple[str, ...] = (),
    ) -> list[EventCandidate]:
        article = Article(
            source="test",
            headline=headline,
            paragraphs=paragraphs,
            published_at=datetime.fromisoformat(published).astimezone(UTC) if published else None,
            captions=tuple(Caption(c) for c in captions),
        )
        return extract_events(article, context)

    return run
