"""The files of a new source plugin, as ``string.Template`` texts (``$name``, ``$title``, ``$package``).

Kept as code rather than data files so the template ships with the package whatever the
packaging rules; ``new_plugin.py`` fills them in and writes them.
"""

from __future__ import annotations

PYPROJECT = """\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "$dist"
version = "0.1.0"
description = "eventgraph source plugin for $title"
requires-python = ">=3.11"
dependencies = ["eventgraph>=0.1"]

[project.entry-points.eventgraph]
$name = "$package"

[tool.setuptools]
packages = ["$package"]

[tool.pytest.ini_options]
testpaths = ["tests"]
pythonpath = ["."]
"""

README = """\
# $dist

An [eventgraph](https://example.invalid/eventgraph) source plugin for $title.

    pip install -e .              # into the environment where eventgraph is installed
    eventgraph plugins            # lists "$name" with its hooks
    eventgraph extract tests/pages/sample.html --json
    pytest                        # this plugin's own tests

Start in `$package/__init__.py`: set the outlet's domains and markers, then adapt
`parse_page` and `parse_text` to the outlet's pages. The hook reference is in eventgraph's
`docs/plugins.md`.
"""

MODULE = '''\
"""The $name source plugin for eventgraph: reads $title pages and text copied from them."""

from __future__ import annotations

import re
from datetime import datetime

from api import hookimpl
from api.errors import DocumentError
from api.extract.vocabulary import ActorAlias, PlaceAlias
from api.ingest.article import Article, Caption
from api.ingest.document import Document
from api.ingest.html import blocks, document_url, inline_text, looks_like_html, on_domain, page_metadata, parse_html
from api.ingest.source import SourceInfo
from api.ingest.text import collapse, split_people, text_lines

__version__ = "0.1.0"

KEY = "$name"
DOMAINS = ("$name.example",)  # the outlet's real domains go here
DESKS = ("$title Staff",)  # bylines that name a desk, not a person
# The outlet's dateline, e.g. "BAGHDAD ($title) - ...": how its text is recognised without a URL.
DATELINE = re.compile(r"^(?P<place>[A-Z][A-Za-z .,'/-]{1,60}?)\\s*\\($title\\)\\s*[-–—]\\s*", re.M)
CREDIT = re.compile(r"\\s*\\(photo:\\s*(?P<credit>[^)]*)\\)\\s*$$", re.I)


@hookimpl
def eventgraph_register_sources() -> list[SourceInfo]:
    return [SourceInfo(key=KEY, name="$title", domains=DOMAINS, country=None, kind="other", notes=None)]


@hookimpl
def eventgraph_detect_source(document: Document) -> str | None:
    url = document_url(document.url, document.text)
    if url:
        return KEY if on_domain(url, DOMAINS) else None
    return KEY if DATELINE.search(document.text[:200_000]) else None


@hookimpl
def eventgraph_parse_article(document: Document, source: str) -> Article | None:
    if source != KEY:
        return None
    if not document.text.strip():
        raise DocumentError(document.name, "the document is empty")
    if document.is_html or looks_like_html(document.text):
        return parse_page(document)
    return parse_text(document)


@hookimpl
def eventgraph_normalize_article(article: Article) -> Article | None:
    if article.source != KEY:
        return None
    # The outlet's own words for things, rewritten into plain ones the extractor knows.
    return article.with_text(lambda text: re.sub(r"\\bmartyred\\b", "killed", text))


@hookimpl
def eventgraph_actor_aliases() -> list[ActorAlias]:
    # alias -> canonical actor name in eventgraph's seeds/actors.json
    return [ActorAlias("Hashd al-Shaabi", "Popular Mobilization Units", source=KEY)]


@hookimpl
def eventgraph_place_aliases() -> list[PlaceAlias]:
    return []


def parse_page(document: Document) -> Article:
    tree = parse_html(document.text)
    page = page_metadata(tree, DESKS)  # JSON-LD, then microdata, then Open Graph
    headline = page.headline or inline_text(tree.css_first("h1"))
    # The first selector that matches, in order: the most specific container wins.
    body = next((n for s in ("[itemprop=articleBody]", "article .body", "article") if (n := tree.css_first(s))), None)
    if not headline or body is None:
        raise DocumentError(document.name, "no headline or no article body in this $title page")
    captions: list[Caption] = []
    for node in body.css("figcaption"):
        captions.append(_caption(inline_text(node)))
        node.decompose()
    paragraphs = blocks(body)
    return _article(document, headline, paragraphs, captions, page.authors, page.url, page.published_at,
                    page.modified_at)


def parse_text(document: Document) -> Article:
    lines = [line for line, _ in text_lines(document.text)]
    headline, rest = lines[0], lines[1:]
    bylines = split_people(rest[0], DESKS) if rest and rest[0].startswith("By ") else []
    paragraphs = rest[1:] if bylines else rest
    return _article(document, headline, paragraphs, [], bylines, document.url, None, None)


def _caption(text: str) -> Caption:
    match = CREDIT.search(text)
    if match:
        return Caption(text[: match.start()].strip(), match["credit"].strip())
    return Caption(collapse(text))


def _article(
    document: Document,
    headline: str,
    paragraphs: list[str],
    captions: list[Caption],
    bylines: list[str],
    url: str | None,
    published: datetime | None,
    modified: datetime | None,
) -> Article:
    paragraphs = [p for p in paragraphs if p and not p.startswith("By ")]
    if not paragraphs:
        raise DocumentError(document.name, "no body paragraphs found")
    dateline = DATELINE.match(paragraphs[0])
    return Article(
        source=KEY,
        headline=collapse(headline),
        paragraphs=tuple(paragraphs),
        url=url or document.url,
        bylines=tuple(bylines),
        dateline=dateline["place"].strip(" ,") if dateline else None,
        published_at=published or document.published_at,
        modified_at=modified,
        captions=tuple(captions),
        parser=KEY,
        parser_version=__version__,
    )
'''

SAMPLE_HTML = """\
<!doctype html>
<html><head>
<title>Rockets strike near base north of Baghdad</title>
<link rel="canonical" href="https://www.$name.example/news/2020/03/11/rockets-strike-near-base">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Rockets strike near base north of Baghdad",
 "datePublished": "2020-03-11T21:30:00+03:00",
 "author": [{"@type": "Person", "name": "Sample Writer"}, {"@type": "Person", "name": "$title Staff"}]}
</script>
</head><body>
<article>
  <h1>Rockets strike near base north of Baghdad</h1>
  <div itemprop="articleBody">
    <p>BAGHDAD ($title) - Several rockets struck near a military base north of Baghdad on Wednesday evening,
    security officials said.</p>
    <figure><img src="x.jpg"><figcaption>A checkpoint north of Baghdad (photo: Sample Photographer)</figcaption></figure>
    <p>No group claimed responsibility for the attack.</p>
  </div>
</article>
</body></html>
"""

SAMPLE_TEXT = """\
Rockets strike near base north of Baghdad

By Sample Writer

BAGHDAD ($title) - Several rockets struck near a military base north of Baghdad on Wednesday evening, security officials said.

No group claimed responsibility for the attack.
"""

TESTS = '''\
"""Tests for the $name plugin, written with eventgraph's test kit (api.testkit)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from api.testkit import assert_clean_article, make_document, plugin_host, run_plugin

import $package as plugin

PAGES = Path(__file__).parent / "pages"


def test_detects_its_domain_and_its_dateline() -> None:
    assert plugin.eventgraph_detect_source(make_document(PAGES / "sample.html")) == "$name"
    assert plugin.eventgraph_detect_source(make_document(PAGES / "sample.txt")) == "$name"


def test_declines_other_outlets() -> None:
    other = make_document("<html><head><link rel=canonical href='https://www.reuters.com/a'></head></html>")
    assert plugin.eventgraph_detect_source(other) is None
    assert plugin.eventgraph_detect_source(make_document("BAGHDAD (Reuters) - Text.")) is None


def test_parses_a_page() -> None:
    run = run_plugin(plugin, PAGES / "sample.html", extract=False)
    article = run.article
    assert run.source == "$name"
    assert article.headline == "Rockets strike near base north of Baghdad"
    assert article.published_at == datetime(2020, 3, 11, 18, 30, tzinfo=UTC)
    assert article.bylines == ("Sample Writer",)  # the desk byline is left out
    assert article.dateline == "BAGHDAD"
    assert article.captions[0].credit == "Sample Photographer"
    assert "checkpoint" not in article.body
    assert_clean_article(article)


def test_parses_copied_text() -> None:
    run = run_plugin(plugin, PAGES / "sample.txt", extract=False, published_at="2020-03-11T18:30:00+00:00")
    assert run.article.bylines == ("Sample Writer",)
    assert run.article.paragraphs[0].startswith("BAGHDAD ($title) - Several rockets")
    assert_clean_article(run.article)


def test_aliases_name_this_outlet() -> None:
    assert all(alias.source == "$name" for alias in plugin.eventgraph_actor_aliases())


def test_runs_through_the_whole_pipeline() -> None:
    host = plugin_host(plugin)
    run = run_plugin(host, PAGES / "sample.html")
    assert isinstance(run.events, list)
'''
