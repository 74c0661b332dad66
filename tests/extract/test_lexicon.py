"""What the extractor keeps from one article to the next is bounded by its dictionaries: names it
reads in text leave no trace (ingest memory must not grow with the corpus)."""

from __future__ import annotations

import random
import string
import sys
from datetime import UTC, datetime

from api.extract.context import ExtractionContext
from api.extract.extractor import extract_events, lexicon_for
from api.ingest.article import Article


def _made_up_names(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return [
        " ".join(rng.choice(string.ascii_uppercase) + "".join(rng.choices(string.ascii_lowercase, k=7)) for _ in "ab")
        for _ in range(count)
    ]


def _article(names: list[str]) -> Article:
    paragraphs = tuple(
        f"Rockets struck a base near Baghdad on Monday, killing two {n.split()[0]} guards, officials said. "
        f"{n} and {n.split()[1]} Brigade fighters attacked Camp Taji."
        for n in names
    )
    published = datetime(2020, 6, 13, 12, tzinfo=UTC)
    return Article(
        source="test", headline="Rockets hit base near Baghdad", paragraphs=paragraphs, published_at=published
    )


def _table_sizes(*owners: object) -> dict[str, int]:
    """The size of every dict, list and set held by the extractor's modules and by ``owners``."""
    sizes: dict[str, int] = {}
    for name, module in sorted(sys.modules.items()):
        if name.startswith("api.extract."):
            for attr, value in vars(module).items():
                if isinstance(value, dict | list | set):
                    sizes[f"{name}.{attr}"] = len(value)
    for owner in owners:
        for attr, value in vars(owner).items():
            if isinstance(value, dict | list | set):
                sizes[f"{type(owner).__name__}.{attr}"] = len(value)
    return sizes


def test_names_read_in_text_are_not_kept(context: ExtractionContext) -> None:
    lexicon = lexicon_for(context)
    owners = (lexicon, lexicon.index, context.actors, context.gazetteer, context.gazetteer.index)
    assert extract_events(_article(_made_up_names(1, 40)), context)  # the articles do tell events
    before = _table_sizes(*owners)
    assert len(before) > 10
    extract_events(_article(_made_up_names(2, 400)), context)
    assert _table_sizes(*owners) == before
    assert set(lexicon._buckets) <= set(lexicon.index.table)  # what is kept is keyed by dictionary entries
    assert set(context.gazetteer._nearest) <= set(context.gazetteer.by_key)
