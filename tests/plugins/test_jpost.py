"""The jpost plugin on the real Jerusalem Post page, plain text and feed, and on the seeds."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

import plugins.jpost as jpost
from api.errors import DocumentError
from api.ingest.document import Document
from api.testkit import assert_clean_article, run_plugin
from plugins.jpost.parse import parse_document
from tests.plugins.corpus import corpus_document, seed_document, truth

BERLIN = "jpost/jpost-2019-11-berlin-stabbing-breaking-news.html"
TAJI = "jpost/jpost-2020-06-13-camp-taji-rockets.txt"
FEED = "jpost/jpost-2023-02-homepage-rss-feed.xml"


def test_breaking_news_page() -> None:
    article = parse_document(corpus_document(BERLIN))
    assert article.headline == "Son of former German president stabbed to death in Berlin"
    # microdata dateCreated is the placeholder 0001-01-01; datePublished is the real time.
    assert article.published_at == datetime(2019, 11, 20, 10, 43, tzinfo=UTC)
    # "By JERUSALEM POST STAFF" is a desk, not a person: kept as the desk, which the byline shows.
    assert article.bylines == ()
    assert article.desk == "Jerusalem Post Staff" and article.byline == "Jerusalem Post Staff"
    assert article.url == truth(BERLIN)["url"]
    assert len(article.paragraphs) == 2  # split at the page's fake-br divs
    assert article.paragraphs[1].startswith("The stabbing occurred")
    assert "physician. Police arrested" in article.paragraphs[1]
    assert_clean_article(article)


def test_plain_text_article() -> None:
    article = parse_document(corpus_document(TAJI))
    assert article.headline == "Rocket attack near US base in Iraq amid US-Iraq dialogue"
    assert article.standfirst is not None
    assert article.standfirst.startswith("The reported rocket attack also comes on the six-year anniversary")
    # The caption is written twice in the text (with and without its credit): one caption.
    assert len(article.captions) == 1
    assert article.captions[0].text.startswith("U.S. soldiers inspect the site where an Iranian missile hit")
    assert article.captions[0].credit == "REUTERS/JOHN DAVISON"
    assert "photo credit" not in article.body
    assert "soldiers inspect the site" not in article.body
    assert article.paragraphs[0].startswith("Reports on Saturday evening said a rocket had landed near Camp Taji")
    # The standfirst repeated with "(PMU)" is gone; the sentence that follows it stays.
    assert not any(p.startswith("The reported rocket attack also comes") for p in article.paragraphs)
    assert any(p.startswith("ISIS had taken Mosul") for p in article.paragraphs)
    assert article.paragraphs[-1].endswith("help defend against attacks.")
    assert_clean_article(article)


def test_plain_text_takes_the_callers_date() -> None:
    document = replace(corpus_document(TAJI), published_at=datetime(2020, 6, 13, 18, 0, tzinfo=UTC))
    run = run_plugin(jpost, document, extract=False)
    assert run.source == "jpost"
    assert run.article.published_at == datetime(2020, 6, 13, 18, 0, tzinfo=UTC)


def test_rss_feed_is_declined_with_a_clear_error() -> None:
    document = corpus_document(FEED, content_type="application/xml")
    assert jpost.eventgraph_detect_source(document) == "jpost"
    with pytest.raises(DocumentError, match=r"rss-feed\.xml: is an RSS feed with 75 items, not an article page"):
        parse_document(document)


def test_html_seed_article() -> None:
    run = run_plugin(jpost, seed_document("jpost/jpost-2020-01-08-iran-missiles-ain-al-asad.html"), extract=False)
    article = run.article
    assert article.bylines == ("Tamar Levin", "Yoni Asher")
    assert article.published_at == datetime(2020, 1, 8, 1, 5, tzinfo=UTC)
    assert article.modified_at == datetime(2020, 1, 8, 9, 30, tzinfo=UTC)
    assert article.captions[0].credit == "REUTERS"
    assert "Read more" not in article.body and "Who was Qassem Soleimani" not in article.body
    assert article.standfirst and not any(article.standfirst in p for p in article.paragraphs)
    assert_clean_article(article)


def test_text_seed_article_uses_its_meta_file() -> None:
    run = run_plugin(jpost, seed_document("jpost/jpost-2020-03-13-camp-taji-rocket-attack.txt"), extract=False)
    article = run.article
    assert article.url and article.url.startswith("https://www.jpost.com/")
    assert article.published_at == datetime(2020, 3, 13, 6, 20, tzinfo=UTC)
    assert article.captions[0].credit == "REUTERS/THAIER AL-SUDANI"
    assert any(p.startswith("The group is part of the Popular Mobilization Units") for p in article.paragraphs)
    assert_clean_article(article)


def test_visible_date_is_israel_time() -> None:
    text = "Headline here\n\nBy SETH J. FRANTZMAN\nJANUARY 8, 2020 03:05\n\nBody paragraph one.\nBody two.\n"
    article = parse_document(Document(text.encode(), name="t.txt", content_type="text/plain"))
    assert article.bylines == ("Seth J. Frantzman",)
    assert article.published_at == datetime(2020, 1, 8, 1, 5, tzinfo=UTC)  # UTC+2 in winter


def test_desk_byline_in_copied_text() -> None:
    text = "Headline here\n\nBy JERUSALEM POST STAFF\nJANUARY 8, 2020 03:05\n\nBody paragraph one.\nBody two.\n"
    article = parse_document(Document(text.encode(), name="t.txt", content_type="text/plain"))
    assert article.bylines == () and article.desk == "Jerusalem Post Staff"
    assert "JERUSALEM POST STAFF" not in article.body


def test_wire_story_is_signed_by_the_agency() -> None:
    text = "Headline here\n\nBy REUTERS\n\nBody paragraph one.\n"
    article = parse_document(Document(text.encode(), name="t.txt", content_type="text/plain"))
    assert article.bylines == () and article.byline == "Reuters"
