"""Reuters pages (2017–2019 ``StandardArticleBody`` and 2020 ``ArticleBody-para`` layouts) and text.

The traps this parser is written around, all seen on real pages:
- JSON-LD with single-quoted strings (repaired by the core's lenient reader);
- ``analyticsAttributes.articleDate`` and ``sailthru.date`` hold the *modified* time;
- the 2017–2019 JSON-LD ``datePublished`` is the time of the version on the page (a refile, a
  rolling story's last update); the first publication is in the page's article record
  (``"published":<epoch>``) and its header ("July 5, 2017 / 11:57 AM", UTC);
- refile notes and "By X and Y" lines as the first paragraphs of the body;
- desks ("Reuters Staff", "Reuters Editorial") where the author should be;
- photo captions ending in ``REUTERS/Name`` between paragraphs;
- "Reporting by …; Editing by …" trailers and "Related Coverage" blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from selectolax.lexbor import LexborHTMLParser, LexborNode

from api.errors import DocumentError
from api.ingest.article import Article, Caption
from api.ingest.document import Document
from api.ingest.html import inline_text, looks_like_html, on_domain, page_metadata, parse_html
from api.ingest.text import collapse, desk_name, parse_datetime, similar, split_people, text_lines, tokens

KEY = "reuters"
DOMAINS = ("reuters.com", "reutersmedia.net")
PARSER_VERSION = "1.0"
DESKS = ("Reuters Staff", "Reuters Editorial", "Reuters", "Thomson Reuters")

DATELINE = re.compile(r"^(?P<place>[A-Z][^()\n]{1,80}?)\s*\(Reuters(?: Breakingviews)?\)\s*[-–—]\s*")
NOTE = re.compile(
    r"^\((?:This|These|Corrects|Correcting|Refiles|Refiled|Updates|Adds|Recasts|Changes|Fixes|Removes|Repeats)\b.*\)$",
    re.I,
)
BY_LINE = re.compile(r"^By\s+(?P<names>[^;:]{3,120}?)\.?$")
TRAILER = re.compile(
    r"^\(?\s*(?:(?:Additional|Further)\s+)?(?:Reporting|Writing|Editing|Compiled|Research|Graphics|Produced)"
    r"(?:\s+and\s+(?:writing|editing|reporting))?\s+by\b",
    re.I,
)
CREDIT = re.compile(r"\s*(?P<credit>(?:REUTERS(?: TV)?|Reuters(?: TV)?)\s*/\s*[^.]*?|via REUTERS|REUTERS)\s*$")
CREDIT_CHARS = 200
CHROME = re.compile(r"^(?:Related Coverage|Our Standards:.*|\d+ Min Read|Slideshow \(.*\)|See more stories)$", re.I)
# The story's record in the page's script state: "published":1499255879,"updated":1499355233.
ARTICLE_RECORD = re.compile(r'"published":(?P<published>\d{9,11}),"updated":(?P<updated>\d{9,11})\b')
HEADER_DATE = '[class*="ArticleHeader_date"], [class*="ArticleHeader-date"]'
VISIBLE_DATE = re.compile(r"^(?P<date>[A-Z][a-z]+ \d{1,2}, \d{4})\s*/\s*(?P<time>\d{1,2}:\d\d [AP]M)", re.I)

# Containers whose paragraphs are not article text, by class fragments of the known layouts.
NOT_BODY = re.compile(
    r"Attribution|caption|RelatedCoverage|related|trustBadge|TrustBadge|Byline|ReadTime|read-time|Slideshow"
    r"|Footer|PrimaryAsset|Image_container|Image-container|dianomi",
    re.I,
)
BODY_SELECTORS = (
    'div[class*="StandardArticleBody_body"]',
    "div.ArticleBodyWrapper",
    'div[class*="ArticleBody-body"]',
    '[itemprop="articleBody"]',
    'div[class*="article-body"]',
)
CAPTION_SELECTORS = (
    '[class*="Image_caption"]',
    '[class*="Image-caption"]',
    "figcaption",
    '[class*="caption"]',
)


@dataclass
class _Body:
    paragraphs: list[str] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    desk: str | None = None
    notes: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    caption_keys: set[tuple[str, ...]] = field(default_factory=set)

    def add(self, text: str) -> None:
        """Sort one paragraph: body text, or a note, byline, trailer or caption kept apart."""
        text = collapse(text)
        if not text or CHROME.match(text):
            return
        if NOTE.match(text):
            self.notes.append(text)
        elif TRAILER.match(text):
            self.credits.append(text.strip("()"))
        elif (by := BY_LINE.match(text)) and (people := split_people(by["names"], DESKS)):
            self.bylines.extend(p for p in people if p not in self.bylines)
        elif by and (desk := desk_name(by["names"], DESKS)):
            self.desk = self.desk or desk
        elif (caption := split_caption(text)) and caption.credit and not DATELINE.match(text):
            self.add_caption(caption)
        else:
            self.paragraphs.append(text)

    def add_caption(self, caption: Caption) -> None:
        # The same caption appears as an image label and as a figcaption: keep it once.
        key = tuple(tokens(caption.text))
        if key not in self.caption_keys:
            self.caption_keys.add(key)
            self.captions.append(caption)


def split_caption(text: str) -> Caption | None:
    """"… November 18, 2019. REUTERS/Brendan McDermid" -> the text and its photo credit."""
    text = collapse(text)
    if not text:
        return None
    # Only the end of the text can hold the credit: searching all of it would be quadratic.
    match = CREDIT.search(text, max(0, len(text) - CREDIT_CHARS))
    if match and match.start() > 0:
        return Caption(text[: match.start()].rstrip(), match["credit"].strip())
    return Caption(text)


def parse_document(document: Document) -> Article:
    text = document.text
    if not text.strip():
        raise DocumentError(document.name, "the document is empty")
    if document.is_html or looks_like_html(text):
        return parse_page(document, parse_html(text))
    return parse_text(document)


def parse_page(document: Document, tree: LexborHTMLParser) -> Article:
    page = page_metadata(tree, DESKS)
    body = _Body()
    container = _body_container(tree)
    if container is None:
        raise DocumentError(document.name, "no article body found in this Reuters page")
    for node in container.css("p"):
        if not _inside_chrome(node, container):
            body.add(inline_text(node))
    for node in tree.css('[class*="Attribution"] p, [class*="Attribution_content"]'):
        if (credit := inline_text(node)) and credit not in body.credits:
            body.credits.append(credit)
    for node in tree.css(", ".join(CAPTION_SELECTORS)):
        if "slideshow" not in " ".join(_classes(node)).lower():
            _caption_from(node, body)
    headline = page.headline or inline_text(tree.css_first("h1"))
    if not headline:
        raise DocumentError(document.name, "no headline in this Reuters page")
    bylines = page.authors or body.bylines or split_people(_visible_byline(tree), DESKS)
    published = page.published_at
    modified = page.modified_at or parse_datetime(page.tag("analyticsattributes.articledate", "sailthru.date"))
    origin = dict(page.origin)
    first, first_origin = _first_published(document.text, tree, modified)
    if first is not None and (published is None or first < published):
        # The 2017-2019 layout's JSON-LD dates the version on the page (a refile, the last
        # update of a rolling story); the article record and the header keep the first one.
        modified = max(t for t in (modified, published, first) if t is not None)
        published, origin["published_at"] = first, first_origin
    url = page.url if on_domain(page.url, DOMAINS) else document.url or page.url
    body.desk = body.desk or desk_name(_visible_byline(tree), DESKS) or page.desk
    return _article(document, headline, body, bylines, published, modified, url,
                    standfirst=_standfirst(page.description, body.paragraphs),
                    extra={"metadata_origin": origin})


def parse_text(document: Document) -> Article:
    """Text copied from a Reuters page: headline first, then byline, date and body lines."""
    lines = text_lines(document.text)
    if not lines:
        raise DocumentError(document.name, "the document is empty")
    headline = lines[0][0]
    body = _Body()
    published: datetime | None = None
    # Before the dateline, copied text holds page furniture (section, "3 Min Read"), not body.
    started = not any(DATELINE.match(text) for text, _ in lines)
    for line, _ in lines[1:]:
        if published is None and (date := VISIBLE_DATE.match(line)):
            published = _visible_date(date["date"], date["time"])
            continue
        started = started or bool(DATELINE.match(line))
        if not started and not (BY_LINE.match(line) or NOTE.match(line)):
            continue
        body.add(line)
    return _article(document, headline, body, body.bylines, published, None, document.url)


def _article(
    document: Document,
    headline: str,
    body: _Body,
    bylines: list[str],
    published: datetime | None,
    modified: datetime | None,
    url: str | None,
    standfirst: str | None = None,
    extra: dict[str, object] | None = None,
) -> Article:
    if not body.paragraphs:
        raise DocumentError(document.name, "no body paragraphs found in this Reuters article")
    dateline = DATELINE.match(body.paragraphs[0])
    return Article(
        source=KEY,
        headline=collapse(headline),
        paragraphs=tuple(body.paragraphs),
        url=url,
        standfirst=standfirst,
        bylines=tuple(bylines),
        desk=None if bylines else body.desk,
        dateline=dateline["place"].strip(" ,") if dateline else None,
        published_at=published or document.published_at,
        modified_at=modified,
        captions=tuple(body.captions),
        parser=KEY,
        parser_version=PARSER_VERSION,
        extra={**(extra or {}), "notes": body.notes, "credits": body.credits},
    )


def _body_container(tree: LexborHTMLParser) -> LexborNode | None:
    for selector in BODY_SELECTORS:
        node = tree.css_first(selector)
        if node is not None and node.css_first("p") is not None:
            return node
    # An unknown layout: the element holding the paragraph that carries the dateline.
    for p in tree.css("p"):
        if DATELINE.match(inline_text(p)):
            return p.parent
    return None


def _classes(node: LexborNode) -> list[str]:
    return (node.attributes.get("class") or "").split()


def _inside_chrome(node: LexborNode, container: LexborNode) -> bool:
    current: LexborNode | None = node
    while current is not None and current.mem_id != container.mem_id:
        if current.tag in ("figure", "figcaption", "aside") or NOT_BODY.search(" ".join(_classes(current))):
            return True
        current = current.parent
    return False


def _caption_from(node: LexborNode, body: _Body) -> None:
    text = inline_text(node)
    if not text or CHROME.match(text) or text.lower().startswith("slideshow"):
        return
    caption = split_caption(text)
    if caption is not None:
        body.add_caption(caption)


def _visible_byline(tree: LexborHTMLParser) -> str | None:
    for selector in ('[class*="BylineBar_byline"]', '[class*="Byline-byline"]', '[class*="byline"]'):
        node = tree.css_first(selector)
        if node is not None and (text := inline_text(node)):
            return text
    return None


def _standfirst(description: str | None, paragraphs: list[str]) -> str | None:
    """Reuters pages have no standfirst; their description is the lead, so it is kept only when new."""
    if not description or NOTE.match(description) or description.endswith("..."):
        return None
    if any(similar(description, DATELINE.sub("", p), 0.8) for p in paragraphs[:3]):
        return None
    return description


def _first_published(text: str, tree: LexborHTMLParser, modified: datetime | None) -> tuple[datetime | None, str]:
    """When the story first ran, and where that was read: the page's article record, else the
    header's date (in UTC).

    The record is the one whose "updated" time is the page's modified time: related stories
    carry records of their own.
    """
    if modified is not None:
        stamp = int(modified.timestamp())
        for match in ARTICLE_RECORD.finditer(text[:2_000_000]):
            if int(match["updated"]) == stamp:
                return datetime.fromtimestamp(int(match["published"]), UTC), "article record"
    for node in tree.css(HEADER_DATE):
        if date := VISIBLE_DATE.match(inline_text(node)):
            return _visible_date(date["date"], date["time"]), "page header"
    return None, ""


def _visible_date(day: str, time: str) -> datetime | None:
    try:
        return datetime.strptime(f"{day} {time.upper()}", "%B %d, %Y %I:%M %p").replace(tzinfo=UTC)
    except ValueError:
        return None
