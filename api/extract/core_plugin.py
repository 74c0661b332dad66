"""The core extractor, registered as the built-in plugin "core" through the public hooks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from api import hookimpl

if TYPE_CHECKING:
    from api.extract.candidate import EventCandidate
    from api.extract.context import ExtractionContext
    from api.ingest.article import Article


@hookimpl
def eventgraph_extract_events(article: Article, context: ExtractionContext) -> list[EventCandidate]:
    from api.extract.extractor import extract_events

    return extract_events(article, context)


@hookimpl
def eventgraph_prepare_extraction(context: ExtractionContext) -> None:
    from api.extract.extractor import lexicon_for

    lexicon_for(context)  # its name matcher takes about a second to build
