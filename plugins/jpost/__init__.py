"""The jpost source plugin: The Jerusalem Post's pages and text copied from them.

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
from plugins.jpost import vocabulary
from plugins.jpost.parse import DOMAINS, KEY, parse_document

# Without a URL: JPost's photo-credit style, its desk byline, or its name.
MARKERS = (
    re.compile(r"\(photo credit:[^()\n]{0,200}\)", re.I),
    re.compile(r"\bJERUSALEM POST STAFF\b"),
    re.compile(r"\b(?:The Jerusalem Post|JPost\.com)\b", re.I),
)


@hookimpl
def eventgraph_register_sources() -> list[SourceInfo]:
    return [
        SourceInfo(
            key=KEY,
            name="The Jerusalem Post",
            domains=DOMAINS,
            country="IL",
            language="en",
            kind="national newspaper",
            notes="Privately owned Israeli English-language daily founded in 1932; centre-right editorial line.",
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
def eventgraph_actor_aliases() -> list[ActorAlias]:
    return vocabulary.actor_aliases()


@hookimpl
def eventgraph_place_aliases() -> list[PlaceAlias]:
    return vocabulary.place_aliases()
