"""Last checks on what the plugins made of a document, before anything is stored.

Plugins (ours and third parties') turn hostile pages into articles and events; these checks
hold whatever they produce to what the store and the API's clients can safely take:

- the article's URL must be an absolute http(s) URL: clients turn it into a link, and a
  ``javascript:`` URL in a link runs code;
- casualty figures must be plausible: a page claiming a trillion dead would dominate every
  aggregate, and a figure past 64 bits cannot even be stored. Such a figure is dropped (the
  event stays, with its casualties unknown) rather than the whole article refused.
"""

from __future__ import annotations

import dataclasses
import re
from urllib.parse import urlsplit

from api.errors import DocumentError
from api.extract.candidate import EventCandidate
from api.ingest.article import Article
from api.ingest.document import Document

# Above any single event on record (the deadliest single attacks and battles count in the tens of
# thousands); a figure over this is a misreading or a lie, not data.
MAX_CASUALTIES = 1_000_000
FIGURES = ("fatalities_low", "fatalities_best", "fatalities_high", "injuries")
_UNSAFE_URL_CHARS = re.compile(r"[\s<>\"'`\x00-\x1f\x7f]")


def is_web_url(url: str) -> bool:
    """An absolute http(s) URL with a host, and nothing in it that could close an attribute or a tag."""
    try:
        parts = urlsplit(url)
        parts.hostname  # noqa: B018 - parses the host, which raises on a malformed IPv6 literal
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and not _UNSAFE_URL_CHARS.search(url)


def check_hint(document: Document) -> None:
    """The caller's URL hint, before any plugin reads it (plugins parse it to recognise their outlet)."""
    if document.url is not None and not is_web_url(document.url):
        raise DocumentError(
            document.name, f"the URL {_shown(document.url)!r} given with it is not an absolute http(s) URL"
        )


def check_url(article: Article, name: str) -> None:
    if article.url is not None and not is_web_url(article.url):
        raise DocumentError(name, f"the article's URL {_shown(article.url)!r} is not an absolute http(s) URL")


def _shown(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "..."


def plausible(events: list[EventCandidate]) -> list[EventCandidate]:
    """The events with implausible casualty figures set to unknown."""
    checked = []
    for event in events:
        bad = {name: None for name in FIGURES if not _plausible(getattr(event, name))}
        checked.append(dataclasses.replace(event, **bad) if bad else event)  # type: ignore[arg-type]
    return checked


def _plausible(value: int | None) -> bool:
    return value is None or (isinstance(value, int) and 0 <= value <= MAX_CASUALTIES)
