"""Page metadata in order of trust, visible text blocks, and URLs."""

from __future__ import annotations

from datetime import UTC, datetime

from api.ingest.html import blocks, domain_of, is_feed, on_domain, page_metadata, page_url, parse_html

PAGE = """<!doctype html><html><head>
<link rel="canonical" href="https://www.example.org/a-1">
<meta property="og:title" content="OG title">
<meta property="og:description" content="OG description">
<meta property="article:published_time" content="2020-01-08T02:40:00+03:30">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": 'LD title', "author": {"name": "Desk Staff"},}</script>
</head><body>
<article itemscope itemtype="https://schema.org/NewsArticle">
 <meta itemprop="dateCreated" content="0001-01-01T00:00Z">
 <meta itemprop="datePublished" content="2020-01-08T01:05Z">
</article>
<div itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">By DANA ROSS</span>
 <span itemprop="name">JANUARY 8, 2020 03:05</span></div>
<div id="body">One.<div class="fake-br"></div>Two <b>bold</b>.<br>Three<script>var x = 1;</script></div>
</body></html>"""


def test_trust_order() -> None:
    page = page_metadata(parse_html(PAGE), desks=["Desk Staff"])
    assert page.headline == "LD title" and page.origin["headline"] == "json-ld"
    # JSON-LD has no date: microdata's datePublished, not its placeholder dateCreated, not og.
    assert page.published_at == datetime(2020, 1, 8, 1, 5, tzinfo=UTC)
    assert page.origin["published_at"] == "microdata"
    assert page.authors == ["Dana Ross"]  # the desk in JSON-LD and the date are not people
    assert page.description == "OG description"
    assert page.url == "https://www.example.org/a-1"


def test_blocks_split_where_the_page_breaks_lines() -> None:
    tree = parse_html(PAGE)
    assert blocks(tree.css_first("#body")) == ["One.", "Two bold.", "Three"]


def test_urls() -> None:
    assert domain_of("https://www.reuters.com/article/x") == "reuters.com"
    assert on_domain("https://uk.reuters.com/x", ["reuters.com"])
    assert not on_domain("https://notreuters.com/x", ["reuters.com"])
    assert page_url(PAGE) == "https://www.example.org/a-1"
    feed = '<?xml version="1.0"?><rss><channel><link>https://www.jpost.com/</link></channel></rss>'
    assert is_feed(feed) and page_url(feed) == "https://www.jpost.com/"
