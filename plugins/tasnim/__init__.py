"""The tasnim source plugin: Tasnim News Agency's English pages and text copied from them.

Written as any outside plugin would be: hooks only, and only the core's public helpers.
"""

from __future__ import annotations

import re

from api import hookimpl
from api.extract.vocabulary import ActorAlias, PlaceAlias
from api.ingest.article import Article
from api.ingest.document import Document
from api.ingest.html import claims_document
from api.ingest.source import SourceInfo
from plugins.tasnim import vocabulary
from plugins.tasnim.parse import DOMAINS, KEY, parse_document

# Without a URL: the dateline "TEHRAN (Tasnim) –", or the agency naming itself.
MARKERS = (
    re.compile(r"^[ \t]*[A-Z][A-Za-z .,'/-]{1,60}?[ \t]*\(Tasnim\)[ \t]*[–—-]", re.M),
    re.compile(r"\bTasnim News Agency\b"),
)


@hookimpl
def eventgraph_register_sources() -> list[SourceInfo]:
    return [
        SourceInfo(
            key=KEY,
            name="Tasnim News Agency",
            domains=DOMAINS,
            country="IR",
            language="en",
            kind="state-affiliated agency",
            notes="Iranian news agency founded in 2012, widely reported as affiliated with the Islamic "
            "Revolutionary Guard Corps; writes in the Iranian state's terms (\"martyred\", \"the Zionist "
            "regime\", \"US terrorist forces\"), which the plugin's normalizer rewrites into plain terms.",
            extra={"affiliation": "Islamic Revolutionary Guard Corps"},
        )
    ]


@hookimpl
def eventgraph_detect_source(document: Document) -> str | None:
    return KEY if claims_document(document, DOMAINS, MARKERS) else None


@hookimpl
def eventgraph_parse_article(document: Document, source: str) -> Article | None:
    if source != KEY:
        return None
    return parse_document(document)


@hookimpl
def eventgraph_normalize_article(article: Article) -> Article | None:
    if article.source != KEY:
        return None
    return article.with_text(vocabulary.plain_words)


@hookimpl
def eventgraph_actor_aliases() -> list[ActorAlias]:
    return vocabulary.actor_aliases()


@hookimpl
def eventgraph_place_aliases() -> list[PlaceAlias]:
    return vocabulary.place_aliases()
