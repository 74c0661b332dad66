"""Tasnim News Agency pages (tasnimnews.com/en) and text copied from them.

No real Tasnim page was available to the project, so this parser follows what the outlet is
known to publish: the dateline ``TEHRAN (Tasnim) –`` with an en dash, a lead paragraph above
the story, times in Tehran's local time, and URLs ``/en/news/YYYY/MM/DD/<id>/<slug>``.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

from selectolax.lexbor import LexborHTMLParser, LexborNode

from api.errors import DocumentError
from api.ingest.article import Article
from api.ingest.document import Document
from api.ingest.html import blocks, inline_text, looks_like_html, on_domain, page_metadata, parse_html
from api.ingest.text import collapse, dedupe, parse_datetime, split_people, text_lines

KEY = "tasnim"
DOMAINS = ("tasnimnews.com", "tasnimnews.ir")
PARSER_VERSION = "1.0"
DESKS = ("Tasnim", "Tasnim News Agency", "Tasnim News")
TEHRAN = ZoneInfo("Asia/Tehran")

DATELINE = re.compile(r"^(?P<place>[A-Z][A-Za-z .,'/-]{1,60}?)\s*\(Tasnim\)\s*[–—-]\s*")
URL_DATE = re.compile(r"/en/news/(?P<y>\d{4})/(?P<m>\d\d)/(?P<d>\d\d)/(?P<id>\d+)(?:/|$)")
VISIBLE_DATE = re.compile(r"(?P<month>[A-Z][a-z]+),?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})\s*-\s*(?P<time>\d{1,2}:\d\d)")
CHROME = re.compile(r"^(?:News ID:.*|Related news|Most Visited.*|Tags?:.*|\w+ news)$", re.I)
NOT_STORY = ".tags, .related-news, .share, .social, script, style"


def parse_document(document: Document) -> Article:
    text = document.text
    if not text.strip():
        raise DocumentError(document.name, "the document is empty")
    if document.is_html or looks_like_html(text):
        return parse_page(document, parse_html(text))
    return parse_text(document)


def parse_page(document: Document, tree: LexborHTMLParser) -> Article:
    page = page_metadata(tree, DESKS)
    headline = page.headline or inline_text(tree.css_first("h1"))
    if not headline:
        raise DocumentError(document.name, "no headline in this Tasnim page")
    paragraphs: list[str] = []
    lead = inline_text(tree.css_first(".lead, h3.lead, [class*='lead']"))
    if lead:
        paragraphs.append(lead)
    story = _story_node(tree)
    if story is not None:
        for junk in story.css(NOT_STORY):
            junk.decompose()
        paragraphs.extend(line for line in blocks(story) if not CHROME.match(line))
    url = page.url if on_domain(page.url, DOMAINS) else document.url or page.url
    published = page.published_at or _visible_published(tree) or _url_date(url)
    bylines = page.authors or split_people(inline_text(tree.css_first(".author, [rel='author']")), DESKS)
    return _article(document, headline, paragraphs, bylines, published, page.modified_at, url, page.desk)


def parse_text(document: Document) -> Article:
    """Copied text: the headline, then paragraphs, the first carrying the dateline."""
    lines = [line for line, _ in text_lines(document.text)]
    if not lines:
        raise DocumentError(document.name, "the document is empty")
    headline, rest = lines[0], lines[1:]
    published = None
    body: list[str] = []
    for line in rest:
        if (match := VISIBLE_DATE.fullmatch(line)) and not body:
            published = _tehran(match)
        elif not CHROME.match(line):
            body.append(line)
    return _article(document, headline, body, [], published, None, document.url)


def _article(
    document: Document,
    headline: str,
    paragraphs: list[str],
    bylines: list[str],
    published: datetime | None,
    modified: datetime | None,
    url: str | None,
    desk: str | None = None,
) -> Article:
    paragraphs = dedupe(collapse(p) for p in paragraphs)
    if not paragraphs:
        raise DocumentError(document.name, "no body paragraphs found in this Tasnim article")
    dateline = next((m for p in paragraphs[:2] if (m := DATELINE.match(p))), None)
    return Article(
        source=KEY,
        headline=collapse(headline),
        paragraphs=tuple(paragraphs),
        url=url,
        bylines=tuple(bylines),
        desk=None if bylines else desk,
        dateline=dateline["place"].strip(" ,") if dateline else None,
        published_at=published or document.published_at or _url_date(url),
        modified_at=modified,
        parser=KEY,
        parser_version=PARSER_VERSION,
    )


def _story_node(tree: LexborHTMLParser) -> LexborNode | None:
    for selector in ('[itemprop="articleBody"]', ".story", "[class*='story']", "article"):
        node = tree.css_first(selector)
        if node is not None and inline_text(node):
            return node
    return None


def _visible_published(tree: LexborHTMLParser) -> datetime | None:
    for node in tree.css(".time, time"):
        if match := VISIBLE_DATE.search(inline_text(node)):
            return _tehran(match)
    return None


def _tehran(match: re.Match[str]) -> datetime | None:
    """Tasnim prints Tehran time: +03:30, or +04:30 in summers up to 2022."""
    try:
        day = datetime.strptime(f"{match['month']} {match['day']} {match['year']} {match['time']}", "%B %d %Y %H:%M")
    except ValueError:
        return None
    return parse_datetime(day.isoformat(), default_tz=TEHRAN)


def _url_date(url: str | None) -> datetime | None:
    """The day in the URL, at midnight Tehran time: a last resort when the page shows no time."""
    match = URL_DATE.search(url or "")
    if not match:
        return None
    day = datetime(int(match["y"]), int(match["m"]), int(match["d"]))
    return parse_datetime(datetime.combine(day.date(), time()).isoformat(), default_tz=TEHRAN)
