"""The reuters source plugin: Reuters pages (2017–2020 layouts) and text copied from them.

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
from plugins.reuters import vocabulary
from plugins.reuters.parse import DOMAINS, KEY, parse_document

# Without a URL, a Reuters text is recognised by its dateline or its reporting trailer.
MARKERS = (
    re.compile(r"^[ \t]*[A-Z][^()\n]{1,80}?[ \t]*\(Reuters\)[ \t]*[-–—]\s", re.M),
    re.compile(r"\b(?:Reporting|Writing) by [^;\n]{3,120}; (?:Additional reporting by [^;\n]{1,300}; )?Editing by "),
)


@hookimpl
def eventgraph_register_sources() -> list[SourceInfo]:
    return [
        SourceInfo(
            key=KEY,
            name="Reuters",
            domains=DOMAINS,
            country="GB",
            language="en",
            kind="wire service",
            notes="International news agency owned by Thomson Reuters, London; bound by the Thomson Reuters "
            "Trust Principles of independence and freedom from bias.",
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
