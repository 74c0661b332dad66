"""The pipeline up to the store: detect, parse, normalize, extract."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from api.errors import DocumentError, PluginError, UnknownSource
from api.extract.candidate import EventCandidate
from api.extract.context import ExtractionContext, build_context
from api.ingest import sanity
from api.ingest.article import Article
from api.ingest.document import Document
from api.ingest.source import SourceInfo
from api.plugins import PluginHost, build_host


@dataclass
class Extraction:
    """One document after every step but the store."""

    document: Document
    source: str
    article: Article
    events: list[EventCandidate] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "article": self.article.to_json(),
            "events": [event.to_json() for event in self.events],
        }


class Pipeline:
    """Runs a document through the plugins. Build one per process: loading is not free."""

    def __init__(self, host: PluginHost | None = None) -> None:
        self.host = host or build_host()

    @cached_property
    def context(self) -> ExtractionContext:
        return build_context(self.host)

    @cached_property
    def sources(self) -> dict[str, SourceInfo]:
        found: dict[str, SourceInfo] = {}
        for plugin, infos in self.host.collect("eventgraph_register_sources"):
            for info in infos:
                if not isinstance(info, SourceInfo):
                    raise PluginError(plugin, "eventgraph_register_sources", "-", f"returned {info!r}")
                found.setdefault(info.key, info)
        return found

    def detect(self, document: Document) -> str:
        if document.source:
            if document.source not in self.sources:
                known = ", ".join(sorted(self.sources)) or "none"
                raise UnknownSource(document.name, f"unknown source {document.source!r} (known: {known})")
            return document.source
        answer = self.host.first("eventgraph_detect_source", document.name, document=document)
        if answer is None:
            raise UnknownSource(
                document.name, "no plugin recognised the outlet; pass --source KEY or a URL on the outlet's domain"
            )
        return str(answer[1])

    def parse(self, document: Document, source: str) -> Article:
        if not document.content.strip():
            raise DocumentError(document.name, "the document is empty")
        answer = self.host.first("eventgraph_parse_article", document.name, document=document, source=source)
        if answer is None:
            raise DocumentError(document.name, f"no plugin could parse it as a {source!r} article")
        plugin, article = answer
        if not isinstance(article, Article):
            raise PluginError(plugin, "eventgraph_parse_article", document.name, f"returned {type(article).__name__}")
        if not article.headline.strip() and not article.paragraphs:
            raise DocumentError(document.name, "no headline and no body text found")
        if document.url and not article.url:
            article = _replace(article, url=document.url)
        if document.published_at and not article.published_at:
            article = _replace(article, published_at=document.published_at)
        if not article.parser:
            article = _replace(article, parser=plugin, parser_version=self.host.versions.get(plugin, "0"))
        return article

    def normalize(self, article: Article, name: str) -> Article:
        result: Article = self.host.chain(
            "eventgraph_normalize_article", name, article, "article", lambda value: isinstance(value, Article)
        )
        return result

    def extract(self, article: Article, name: str) -> list[EventCandidate]:
        events: list[EventCandidate] = []
        for plugin, found in self.host.collect(
            "eventgraph_extract_events", name, article=article, context=self.context
        ):
            if not isinstance(found, list) or not all(isinstance(e, EventCandidate) for e in found):
                raise PluginError(plugin, "eventgraph_extract_events", name, "must return a list of EventCandidate")
            for event in found:
                event.extractor = event.extractor or plugin
            events.extend(found)
        return events

    def run(self, document: Document) -> Extraction:
        sanity.check_hint(document)
        source = self.detect(document)
        article = self.normalize(self.parse(document, source), document.name)
        sanity.check_url(article, document.name)  # hostile pages: see api/ingest/sanity.py
        return Extraction(document, source, article, sanity.plausible(self.extract(article, document.name)))


def _replace(article: Article, **changes: Any) -> Article:
    from dataclasses import replace

    return replace(article, **changes)
