"""Reading news pages: metadata in order of trust (JSON-LD, microdata, Open Graph) and visible text.

Any plugin can use these helpers; the built-in plugins use nothing else from the core's parsing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from api.ingest import jsonld
from api.ingest.defuse import defuse
from api.ingest.document import Document
from api.ingest.text import collapse, desk_name, parse_datetime, split_people

# Elements whose start or end breaks a line in the rendered page.
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "aside",
        "header",
        "footer",
        "figure",
        "figcaption",
        "blockquote",
        "ul",
        "ol",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "tr",
        "td",
        "th",
        "pre",
        "hr",
        "main",
        "nav",
        "form",
        "dl",
        "dt",
        "dd",
    }
)
INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "button", "select"})


def parse_html(text: str) -> LexborHTMLParser:
    """The page as a selectolax tree, with markup that would stall the parser defused first."""
    return LexborHTMLParser(defuse(text))


def inline_text(node: LexborNode | None) -> str:
    """The text of ``node`` as a reader sees it on one line (scripts and styles left out)."""
    if node is None:
        return ""
    return collapse("".join(_texts(node, blocks=False)))


def blocks(node: LexborNode | None) -> list[str]:
    """The text of ``node`` split where the page breaks lines: block elements and ``<br>``.

    JPost separates paragraphs with empty ``<div class="fake-br-for-article-body">`` and
    ``<br>``; this turns them into separate paragraphs.
    """
    if node is None:
        return []
    joined = "".join(_texts(node, blocks=True))
    return [line for line in (collapse(part) for part in joined.split("\n")) if line]


def _texts(node: LexborNode, blocks: bool) -> Iterator[str]:
    # A loop over a stack rather than recursion: a deeply nested page must not exhaust Python's stack.
    sep = "\n" if blocks else " "
    stack: list[tuple[Iterator[LexborNode], str]] = [(iter(node.iter(include_text=True)), "")]
    while stack:
        children, closing = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            yield closing
            continue
        tag = child.tag
        if tag == "-text":
            yield child.text_content or ""
        elif tag in INVISIBLE_TAGS or tag == "-comment":
            continue
        elif tag == "br":
            yield sep
        elif tag in BLOCK_TAGS:
            yield sep
            stack.append((iter(child.iter(include_text=True)), sep))
        else:
            stack.append((iter(child.iter(include_text=True)), ""))


def meta_tags(tree: LexborHTMLParser) -> dict[str, list[str]]:
    """``<meta name|property=... content=...>`` as lower-cased key -> values, in page order."""
    found: dict[str, list[str]] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name")
        content = attrs.get("content")
        if key and content is not None and collapse(content):
            found.setdefault(key.strip().lower(), []).append(collapse(content))
    return found


def json_ld(tree: LexborHTMLParser) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, broken blocks repaired where possible."""
    objects: list[dict[str, Any]] = []
    for node in tree.css('script[type="application/ld+json"]'):
        value = jsonld.loads_lenient(node.text(deep=True) or "")
        objects.extend(jsonld.flatten(value))
    return objects


@dataclass
class Microdata:
    """The schema.org Article properties found in microdata, and the authors' names."""

    props: dict[str, list[str]] = field(default_factory=dict)
    authors: list[str] = field(default_factory=list)

    def first(self, name: str) -> str | None:
        values = self.props.get(name)
        return values[0] if values else None


def microdata(tree: LexborHTMLParser) -> Microdata:
    """Article properties: ``itemprop`` elements under an Article item or under no item at all.

    JPost writes its NewsArticle item as a block of ``<meta>`` tags and puts ``articleBody``
    and ``author`` outside it, so properties outside any item count too.
    """
    data = Microdata()
    for node in tree.css("[itemprop]"):
        scope = _enclosing_scope(node)
        if scope is not None and "article" not in (scope.attributes.get("itemtype") or "").lower():
            continue
        for prop in (node.attributes.get("itemprop") or "").split():
            if prop == "author" and "itemscope" in node.attributes:
                for name_node in node.css('[itemprop="name"]'):
                    data.authors.append(_prop_value(name_node))
                continue
            if prop == "articleBody":
                continue  # the plugin reads the body node itself, keeping its paragraphs
            value = _prop_value(node)
            if value:
                data.props.setdefault(prop, []).append(value)
    return data


def _enclosing_scope(node: LexborNode) -> LexborNode | None:
    parent = node.parent
    while parent is not None and parent.tag not in ("html", "-document"):
        if "itemscope" in parent.attributes:
            return parent
        parent = parent.parent
    return None


def _prop_value(node: LexborNode) -> str:
    attrs = node.attributes
    if node.tag == "meta":
        return collapse(attrs.get("content"))
    if node.tag in ("link", "a") and attrs.get("href"):
        return collapse(attrs.get("href"))
    if node.tag == "time" and attrs.get("datetime"):
        return collapse(attrs.get("datetime"))
    return inline_text(node)


def domain_of(url: str | None) -> str | None:
    """ "https://www.reuters.com/article/..." -> "reuters.com"."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:  # "http://[::1" and the like: a URL no outlet lives at
        return None
    host = host.lower().strip(".")
    for prefix in ("www.", "m.", "amp.", "mobile."):
        if host.startswith(prefix):
            host = host[len(prefix) :]
    return host or None


def on_domain(url: str | None, domains: Iterable[str]) -> bool:
    """True when ``url`` is on one of ``domains`` or a subdomain ("uk.reuters.com")."""
    host = domain_of(url)
    return host is not None and any(host == d or host.endswith("." + d) for d in domains)


@dataclass
class PageMeta:
    """Article metadata from JSON-LD, then microdata, then Open Graph and other meta tags.

    ``origin`` records where each field came from, for the trace and for tests.
    """

    url: str | None = None
    headline: str | None = None
    description: str | None = None
    authors: list[str] = field(default_factory=list)
    desk: str | None = None  # the byline when it names a desk ("Reuters Staff"), not people
    published_at: datetime | None = None
    modified_at: datetime | None = None
    section: str | None = None
    site_name: str | None = None
    meta: dict[str, list[str]] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)

    def tag(self, *keys: str) -> str | None:
        """The first value of the first of ``keys`` present among the meta tags."""
        for key in keys:
            values = self.meta.get(key.lower())
            if values:
                return values[0]
        return None


def page_metadata(tree: LexborHTMLParser, desks: Iterable[str] = ()) -> PageMeta:
    """Collect article metadata in order of trust; later layers only fill what is missing."""
    meta = meta_tags(tree)
    page = PageMeta(meta=meta)
    articles = [obj for obj in json_ld(tree) if jsonld.is_article(obj)]
    for obj in articles[:1]:
        _fill(
            page,
            "json-ld",
            {
                "url": obj.get("url") or _id(obj.get("mainEntityOfPage")),
                "headline": obj.get("headline"),
                "description": obj.get("description"),
                "published_at": parse_datetime(_str(obj.get("datePublished"))),
                "modified_at": parse_datetime(_str(obj.get("dateModified"))),
                "section": _str(obj.get("articleSection")),
            },
        )
        people = [
            p
            for n in jsonld.names(obj.get("author")) + jsonld.names(obj.get("creator"))
            for p in split_people(n, desks)
        ]
        _fill(page, "json-ld", {"authors": list(dict.fromkeys(people))})
    md = microdata(tree)
    _fill(
        page,
        "microdata",
        {
            "url": md.first("url") or md.first("mainEntityOfPage"),
            "headline": md.first("headline"),
            "description": md.first("description"),
            "published_at": parse_datetime(md.first("datePublished")),
            "modified_at": parse_datetime(md.first("dateModified")),
            "authors": [p for n in md.authors for p in split_people(n, desks)],
        },
    )
    canonical = tree.css_first('link[rel="canonical"]')
    _fill(
        page,
        "open graph",
        {
            "url": page.tag("og:url") or (canonical.attributes.get("href") if canonical else None),
            "headline": page.tag("og:title", "twitter:title"),
            "description": page.tag("og:description", "description", "twitter:description"),
            "published_at": parse_datetime(page.tag("og:article:published_time", "article:published_time")),
            "modified_at": parse_datetime(page.tag("og:article:modified_time", "article:modified_time")),
            "section": page.tag("og:article:section", "article:section"),
            "authors": [
                p
                for n in meta.get("og:article:author", []) + meta.get("article:author", []) + meta.get("author", [])
                for p in split_people(n, desks)
            ],
        },
    )
    page.site_name = page.tag("og:site_name")
    signed = [
        *(n for obj in articles[:1] for n in jsonld.names(obj.get("author")) + jsonld.names(obj.get("creator"))),
        *md.authors,
        *(n for key in ("og:article:author", "article:author", "author") for n in meta.get(key, [])),
    ]
    page.desk = next((d for n in signed if (d := desk_name(n, desks))), None)
    return page


def _fill(page: PageMeta, origin: str, values: dict[str, Any]) -> None:
    for key, value in values.items():
        if isinstance(value, str):
            value = collapse(value) or None
        if value and not getattr(page, key):
            setattr(page, key, value)
            page.origin[key] = origin


def _str(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, str) else None


def _id(value: Any) -> str | None:
    if isinstance(value, dict):
        return _str(value.get("@id"))
    return _str(value)


_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF)\b", re.I)


def _after_prologue(head: str) -> str:
    """``head`` without the XML declaration, comments and whitespace it starts with.

    A loop rather than one regular expression: ``(?:<!--.*?-->\\s*)*`` backtracks exponentially on
    a run of comments that ends in anything else, inside C code that no time limit stops.
    """
    rest = head.lstrip()
    if rest.startswith("<?xml"):
        end = rest.find(">")
        rest = rest[end + 1 :].lstrip() if end != -1 else ""
    while rest.startswith("<!--"):
        end = rest.find("-->", 4)
        rest = rest[end + 3 :].lstrip() if end != -1 else ""
    return rest


def is_feed(text: str) -> bool:
    """An RSS or Atom feed rather than a page."""
    return bool(_FEED_ROOT.match(_after_prologue(text[:4096])))


def looks_like_html(text: str) -> bool:
    """Markup rather than plain text, whatever the file was called."""
    head = _after_prologue(text[:8192]).lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<body", "<meta", "<article", "<div", "<p")) or (
        "<html" in head and "</" in text
    )


# Attributes bounded and stopped at "<": a page of unterminated "<link" tags stays linear.
_CANONICAL = re.compile(r"<link\b[^<>]{0,2000}?\brel=[\"']?canonical[\"']?[^<>]{0,2000}>", re.I)
_OG_URL = re.compile(r"<meta\b[^<>]{0,2000}?\bproperty=[\"']og:url[\"'][^<>]{0,2000}>", re.I)
_HREF = re.compile(r"\b(?:href|content)=[\"']([^\"']+)[\"']", re.I)
_FEED_LINK = re.compile(r"<link>\s*([^<\s]+)\s*</link>", re.I)


def page_url(text: str) -> str | None:
    """The page's own URL (canonical link, ``og:url``, or a feed's channel link), read cheaply.

    Source detection runs every plugin on every document, so this looks at the markup with
    regular expressions instead of building a tree.
    """
    head = text[:200_000]
    if is_feed(head):
        match = _FEED_LINK.search(head)
        return match.group(1) if match else None
    for pattern in (_CANONICAL, _OG_URL):
        for tag in pattern.finditer(head):
            href = _HREF.search(tag.group(0))
            if href and href.group(1).startswith(("http://", "https://", "//")):
                return href.group(1)
    return None


def document_url(url: str | None, text: str) -> str | None:
    """The URL that decides the outlet: the caller's, else the one the page declares."""
    return url or page_url(text)


def claims_document(document: Document, domains: Iterable[str], markers: Iterable[re.Pattern[str]]) -> bool:
    """The usual detection rule for an outlet plugin: its URL's domain decides when there is a URL
    (in the hints or the page); without one, a marker in the text (a dateline, a credit) does."""
    url = document_url(document.url, document.text)
    if url:
        return on_domain(url, domains)
    text = document.text[:200_000]
    return any(marker.search(text) for marker in markers)
