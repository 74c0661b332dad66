"""Jerusalem Post pages (the pre-2021 site) and text copied from them.

The traps this parser is written around, all seen on real JPost output:
- microdata whose ``dateCreated`` is the placeholder 0001-01-01 (the core ignores such dates);
- bylines in capitals ("By SETH J. FRANTZMAN") or a desk ("JERUSALEM POST STAFF");
- paragraphs separated by empty ``<div class="fake-br-for-article-body">`` and sometimes by
  nothing at all ("...on Wednesday.The stabbing ...");
- the standfirst repeated in the body, perhaps with "(PMU)" added and a sentence appended;
- photo captions written twice in copied text: once with "(photo credit: …)" on the same line,
  once without, followed by the credit on its own line;
- "Read more:" blocks of links to other articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from selectolax.lexbor import LexborHTMLParser, LexborNode

from api.errors import DocumentError
from api.ingest.article import Article, Caption
from api.ingest.document import Document
from api.ingest.html import blocks, inline_text, is_feed, looks_like_html, on_domain, page_metadata, parse_html
from api.ingest.text import collapse, desk_name, parse_datetime, split_people, strip_repeat, text_lines, tokens

KEY = "jpost"
DOMAINS = ("jpost.com",)
PARSER_VERSION = "1.0"
DESKS = ("Jerusalem Post Staff", "JERUSALEM POST STAFF", "JPost.com Staff", "Jpost Editorial", "Reuters", "AP")
ISRAEL = ZoneInfo("Asia/Jerusalem")

# Credits are short: bounded, so a line of unclosed "(photo credit:" is not read quadratically.
CREDIT = re.compile(r"\s?\((?:photo|image|video)\s+credit\s*:\s*(?P<credit>[^()]{0,200})\)\s*$", re.I)
CREDIT_ONLY = re.compile(r"^\((?:photo|image|video)\s+credit\s*:\s*(?P<credit>[^)]*)\)$", re.I)
BY_LINE = re.compile(r"^By\s+(?P<names>[^;:]{3,120}?)\.?$")
VISIBLE_DATE = re.compile(r"^(?P<date>[A-Z]+ \d{1,2}, \d{4})(?:\s+(?P<time>\d{1,2}:\d\d))?$", re.I)
READ_MORE = re.compile(r"^(?:Read more|READ MORE|Related(?: Content| Articles| Stories)?|Also read|See also)\b\s*[:.]?", re.I)
CONTRIBUTED = re.compile(r"^[\w .,&'-]{2,80}\bcontributed to this (?:report|article|story)\.?$", re.I)
DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z .'/-]{2,40}(?:, [A-Z][a-z]+)?)\s+[–—-]\s+")
# Sentences glued together by the page's markup ("physician.Police").
GLUED = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")


@dataclass
class _Parts:
    paragraphs: list[str] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    desk: str | None = None
    credits: list[str] = field(default_factory=list)
    published: datetime | None = None
    # Captions by their words, so the copy without a credit is found in constant time.
    caption_index: dict[tuple[str, ...], int] = field(default_factory=dict)

    def caption(self, text: str, credit: str | None) -> None:
        key = tuple(tokens(text))
        if key in self.caption_index:
            i = self.caption_index[key]
            if credit and not self.captions[i].credit:
                self.captions[i] = Caption(self.captions[i].text, credit)
            return
        self.caption_index[key] = len(self.captions)
        self.captions.append(Caption(text, credit))

    def is_caption(self, text: str) -> bool:
        return tuple(tokens(text)) in self.caption_index


def parse_document(document: Document) -> Article:
    text = document.text
    if not text.strip():
        raise DocumentError(document.name, "the document is empty")
    if is_feed(text):
        count = len(re.findall(r"<item\b", text))
        raise DocumentError(
            document.name,
            f"is an RSS feed with {count} items, not an article page; ingest the items' article pages instead",
        )
    if document.is_html or looks_like_html(text):
        return parse_page(document, parse_html(text))
    return parse_text(document)


def parse_page(document: Document, tree: LexborHTMLParser) -> Article:
    page = page_metadata(tree, DESKS)
    headline = page.headline or inline_text(tree.css_first("h1"))
    if not headline:
        raise DocumentError(document.name, "no headline in this Jerusalem Post page")
    parts = _Parts()
    for node in tree.css('[class*="image-caption"], [class*="article-image"] figcaption, figcaption'):
        _add_caption_line(parts, inline_text(node))
    standfirst = (
        inline_text(tree.css_first('h2[class*="article-subtitle"], [class*="article-subtitle"], h2.subtitle'))
        or page.description
    )
    body_node = _body_node(tree)
    if body_node is None:
        raise DocumentError(document.name, "no article body found in this Jerusalem Post page")
    for line in blocks(body_node):
        _add_body_line(parts, line)
    reporter = inline_text(tree.css_first(".article-reporter, .article-subline-name"))
    bylines = page.authors or split_people(reporter, DESKS) or parts.bylines
    parts.desk = desk_name(reporter, DESKS) or page.desk or parts.desk
    published = page.published_at or _visible_published(tree) or document.published_at
    url = page.url if on_domain(page.url, DOMAINS) else document.url or page.url
    return _article(document, headline, standfirst, parts, bylines, published, page.modified_at, url)


def parse_text(document: Document) -> Article:
    """Copied text: headline, blank line, standfirst, captions, then the body."""
    lines = text_lines(document.text)
    if not lines:
        raise DocumentError(document.name, "the document is empty")
    headline = lines[0][0]
    rest = lines[1:]
    standfirst = None
    # The standfirst is a block of its own right under the headline.
    if len(rest) > 1 and rest[0][1] and rest[1][1] and not CREDIT.search(rest[0][0]) and not BY_LINE.match(rest[0][0]):
        standfirst = rest[0][0]
        rest = rest[1:]
    parts = _Parts()
    for line, _ in rest:
        _add_body_line(parts, line)
    return _article(document, headline, standfirst, parts, parts.bylines, parts.published, None, document.url)


def _add_caption_line(parts: _Parts, text: str) -> None:
    text = collapse(text)
    if not text:
        return
    match = CREDIT.search(text)
    if match:
        parts.caption(text[: match.start()].strip(), collapse(match["credit"]) or None)
    else:
        parts.caption(text, None)


def _add_body_line(parts: _Parts, line: str) -> None:
    """Sort one line of the body: text, caption, credit, byline, date, or a "Read more" block."""
    line = collapse(line)
    if not line:
        return
    if only := CREDIT_ONLY.match(line):
        # A credit on its own line belongs to the caption written just above it.
        if parts.paragraphs and not parts.is_caption(parts.paragraphs[-1]):
            parts.caption(parts.paragraphs.pop(), collapse(only["credit"]))
        elif parts.captions and not parts.captions[-1].credit:
            parts.caption(parts.captions[-1].text, collapse(only["credit"]))
        return
    if CREDIT.search(line):
        _add_caption_line(parts, line)
        return
    if parts.is_caption(line):
        return
    if (by := BY_LINE.match(line)) and (people := split_people(by["names"], DESKS)):
        parts.bylines.extend(p for p in people if p not in parts.bylines)
        return
    if by:  # a desk byline such as "By JERUSALEM POST STAFF"
        parts.desk = parts.desk or desk_name(by["names"], DESKS)
        return
    if date := VISIBLE_DATE.match(line):
        parts.published = parts.published or _local_time(date["date"], date["time"])
        return
    if CONTRIBUTED.match(line):
        parts.credits.append(line)
        return
    if READ_MORE.match(line):
        parts.paragraphs.append("\x00read-more")
        return
    if parts.paragraphs and parts.paragraphs[-1] == "\x00read-more" and _is_link_title(line):
        return
    parts.paragraphs.append(GLUED.sub(" ", line))


def _is_link_title(line: str) -> bool:
    """A headline-like line in a "Read more" block: short, no closing full stop."""
    return len(line.split()) <= 20 and not line.rstrip("”\"’'").endswith((".", "!"))


def _article(
    document: Document,
    headline: str,
    standfirst: str | None,
    parts: _Parts,
    bylines: list[str],
    published: datetime | None,
    modified: datetime | None,
    url: str | None,
) -> Article:
    standfirst = collapse(standfirst) or None
    paragraphs = []
    for p in parts.paragraphs:
        if p == "\x00read-more":
            continue
        if standfirst:
            p = strip_repeat(p, standfirst)
        if p:
            paragraphs.append(p)
    if not paragraphs:
        raise DocumentError(document.name, "no body paragraphs found in this Jerusalem Post article")
    dateline = DATELINE.match(paragraphs[0])
    return Article(
        source=KEY,
        headline=collapse(headline),
        paragraphs=tuple(paragraphs),
        url=url,
        standfirst=standfirst,
        bylines=tuple(bylines),
        desk=None if bylines else parts.desk,
        dateline=dateline["place"].strip() if dateline else None,
        published_at=published or document.published_at,
        modified_at=modified,
        captions=tuple(parts.captions),
        parser=KEY,
        parser_version=PARSER_VERSION,
        extra={"credits": parts.credits},
    )


def _body_node(tree: LexborHTMLParser) -> LexborNode | None:
    for selector in (
        '[itemprop="articleBody"]',
        '[class*="article-inner-content"]',
        'section[class*="article-body"]',
        "#article-body",
        "article",
    ):
        node = tree.css_first(selector)
        if node is not None and inline_text(node):
            return node
    return None


def _visible_published(tree: LexborHTMLParser) -> datetime | None:
    for node in tree.css(".article-subline-name, .article-subline-date, time"):
        if match := VISIBLE_DATE.match(inline_text(node)):
            return _local_time(match["date"], match["time"])
    return None


def _local_time(day: str, time: str | None) -> datetime | None:
    """JPost prints times in Israel's local time ("NOVEMBER 20, 2019 10:43")."""
    try:
        parsed = datetime.strptime(f"{day.title()} {time or '00:00'}", "%B %d, %Y %H:%M")
    except ValueError:
        return None
    return parse_datetime(parsed.isoformat(), default_tz=ISRAEL)
