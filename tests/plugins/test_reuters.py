"""The reuters plugin on the real Reuters pages of the corpus and on the seed articles."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import plugins.reuters as reuters
from api.errors import DocumentError
from api.ingest.document import Document
from api.ingest.html import blocks, inline_text, parse_html
from api.testkit import assert_clean_article, run_plugin, token_f1
from plugins.reuters.parse import parse_document
from tests.plugins.corpus import corpus_document, seed_document, truth

MARKETS = "reuters/reuters-2019-11-global-markets-oil-stocks.html"
SAG = "reuters/reuters-2020-01-sag-awards-parasite.html"
MOSUL = "reuters/reuters-2017-07-iraq-mosul-msf-refiled.html"


def test_2019_page_metadata_comes_from_its_broken_json_ld() -> None:
    article = parse_document(corpus_document(MARKETS))
    assert article.headline == "Oversupply angst drags oil lower, stocks drift near highs"
    # The page's JSON-LD has a single-quoted description; it must still be the source of truth.
    assert article.extra["metadata_origin"]["headline"] == "json-ld"
    assert article.extra["metadata_origin"]["modified_at"] == "json-ld"
    # A rolling story: its JSON-LD dates the last update (21:57); it first ran at 00:21:57,
    # as the page's article record and its header ("November 19, 2019 / 12:21 AM") say.
    assert article.published_at == datetime(2019, 11, 19, 0, 21, 57, tzinfo=UTC)
    assert article.modified_at == datetime(2019, 11, 19, 21, 57, 1, tzinfo=UTC)
    assert article.extra["metadata_origin"]["published_at"] == "article record"
    assert article.bylines == ("Rodrigo Campos",)
    assert article.dateline == "NEW YORK"
    assert article.url == "https://www.reuters.com/article/us-global-markets-idUSKBN1XT00W"
    assert_clean_article(article)


def test_2019_page_keeps_caption_and_trailer_out_of_the_body() -> None:
    article = parse_document(corpus_document(MARKETS))
    assert len(article.captions) == 1
    caption = article.captions[0]
    assert caption.text.startswith("FILE PHOTO: Traders work on the floor")
    assert caption.credit == "REUTERS/Brendan McDermid"
    assert "Traders work on the floor" not in article.body
    assert "Editing by" not in article.body
    assert any(c.startswith("Reporting by Rodrigo Campos") for c in article.extra["credits"])
    assert article.paragraphs[0].startswith("NEW YORK (Reuters) - Oil prices fell sharply")
    assert article.paragraphs[-1].startswith("(Graphic: Emerging markets in 2019")


def test_2020_page_published_is_not_the_analytics_date() -> None:
    article = parse_document(corpus_document(SAG))
    # analyticsAttributes.articleDate and sailthru.date say 2020-01-20: that is the modified time.
    assert article.published_at == datetime(2020, 1, 19, 12, 25, 36, tzinfo=UTC)
    assert article.modified_at == datetime(2020, 1, 20, 9, 49, 32, tzinfo=UTC)
    assert article.bylines == ("Jill Serjeant",)
    assert article.dateline == "LOS ANGELES"
    assert_clean_article(article)


def test_2020_page_body_against_trafilatura_snippets() -> None:
    article = parse_document(corpus_document(SAG))
    expected = truth(SAG)
    assert article.headline == expected["title"]
    for snippet in expected["with"]:
        if snippet == "Additional reporting by":
            # trafilatura keeps the trailer in the text; our Article keeps it apart, as a credit.
            assert any(c.startswith(snippet) for c in article.extra["credits"])
            assert snippet not in article.body
        else:
            assert snippet in article.body
    for snippet in expected["without"]:
        assert snippet not in article.body
    assert expected["description"] in article.body


def test_2017_page_bylines_from_the_body_not_the_desk() -> None:
    article = parse_document(corpus_document(MOSUL))
    assert article.bylines == ("Stephanie Nebehay", "Stephen Kalin")
    assert article.desk is None  # people signed it: "Reuters Staff" and "Reuters Editorial" are not kept
    assert article.dateline == "GENEVA/ERBIL, Iraq"
    # JSON-LD's datePublished is the refile time; the story first ran on July 5 (header "July 5,
    # 2017 / 11:57 AM"), and the refile is its modification.
    assert article.published_at == datetime(2017, 7, 5, 11, 57, 59, tzinfo=UTC)
    assert article.modified_at == datetime(2017, 7, 6, 15, 33, 53, tzinfo=UTC)
    assert article.paragraphs[0].startswith("GENEVA/ERBIL, Iraq (Reuters) - The population of Mosul")
    assert article.headline == "Mosul population 'traumatized' by conflict, infrastructure badly damaged"
    assert any("has been refiled" in note for note in article.extra["notes"])
    assert "refiled" not in article.body
    assert "Writing by Maher Chmaytelli" not in article.body
    assert article.extra["credits"] == ["Writing by Maher Chmaytelli; Editing by Richard Balmforth and Robin Pomeroy"]
    assert_clean_article(article)


def _copied_text(relative: str) -> str:
    """What a reader gets by selecting the article on the page and pasting it as text."""
    tree = parse_html(corpus_document(relative).text)
    container = tree.css_first('div[class*="StandardArticleBody_body"]')
    assert container is not None
    return "\n".join([inline_text(tree.css_first("h1")), "5 Min Read", *blocks(container)])


def test_text_copied_from_a_page_parses_like_the_page() -> None:
    page = parse_document(corpus_document(MARKETS))
    text = parse_document(Document(_copied_text(MARKETS).encode(), name="copied.txt", content_type="text/plain"))
    assert text.headline == page.headline
    assert text.dateline == "NEW YORK"
    assert "Editing by" not in text.body
    assert text.captions and text.captions[0].credit == "REUTERS/Brendan McDermid"
    assert token_f1(text.body, truth(MARKETS)["articleBody"]) >= 0.95


@pytest.mark.parametrize(
    ("relative", "published", "bylines", "dateline"),
    [
        ("reuters/reuters-2020-01-03-soleimani-baghdad-airport-strike.html", "2020-01-03T01:52:00+00:00",
         ("Karim Ostler", "Nadia Farouk"), "BAGHDAD"),
        ("reuters/reuters-2020-01-08-iran-missiles-ain-al-asad-erbil.html", "2020-01-08T02:14:00+00:00",
         ("Nadia Farouk",), "BAGHDAD"),
        ("reuters/reuters-2020-03-11-camp-taji-rockets.html", "2020-03-11T20:05:00+00:00",
         ("Omar Kadhim", "Lena Marsh"), "BAGHDAD/LONDON"),
    ],
)
def test_seed_articles(relative: str, published: str, bylines: tuple[str, ...], dateline: str) -> None:
    run = run_plugin(reuters, seed_document(relative), extract=False)
    assert run.source == "reuters"
    assert run.article.published_at == datetime.fromisoformat(published)
    assert run.article.bylines == bylines
    assert run.article.dateline == dateline
    assert run.article.captions and run.article.captions[0].credit
    assert "Related Coverage" not in run.article.body
    assert_clean_article(run.article)


def test_a_page_without_body_is_a_clear_error() -> None:
    page = b"<html><head><title>x</title></head><body><nav>Markets</nav></body></html>"
    with pytest.raises(DocumentError, match=r"empty.html: no article body"):
        parse_document(Document(page, name="empty.html", content_type="text/html"))


def test_header_date_when_the_page_has_no_article_record() -> None:
    page = (
        "<html><head><script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": \"H\", "
        "\"datePublished\": \"2019-11-19T21:57:01+0000\", \"dateModified\": \"2019-11-19T21:57:01+0000\"}</script>"
        "</head><body><div class='ArticleHeader_date'>November 19, 2019 /  12:21 AM / Updated 14 hours ago</div>"
        "<div class='StandardArticleBody_body'><p>NEW YORK (Reuters) - Oil fell.</p></div></body></html>"
    )
    article = parse_document(Document(page.encode(), name="p.html", content_type="text/html"))
    assert article.published_at == datetime(2019, 11, 19, 0, 21, tzinfo=UTC)
    assert article.modified_at == datetime(2019, 11, 19, 21, 57, 1, tzinfo=UTC)
    assert article.extra["metadata_origin"]["published_at"] == "page header"


def test_a_record_of_another_story_is_not_this_ones() -> None:
    page = (
        "<html><head><script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": \"H\", "
        "\"datePublished\": \"2020-01-08T02:14:00+0000\", \"dateModified\": \"2020-01-08T09:40:00+0000\"}</script>"
        "<script>var related = {\"published\":1577836800,\"updated\":1577840400};</script></head><body>"
        "<div class='StandardArticleBody_body'><p>BAGHDAD (Reuters) - Missiles hit.</p></div></body></html>"
    )
    article = parse_document(Document(page.encode(), name="p.html", content_type="text/html"))
    assert article.published_at == datetime(2020, 1, 8, 2, 14, tzinfo=UTC)


def test_a_story_signed_by_the_desk_only() -> None:
    text = "Headline\n\nBy Reuters Staff\n\nBAGHDAD (Reuters) - Rockets hit a base on Monday.\n"
    article = parse_document(Document(text.encode(), name="t.txt", content_type="text/plain"))
    assert article.bylines == () and article.desk == "Reuters Staff" and article.byline == "Reuters Staff"
    assert article.paragraphs == ("BAGHDAD (Reuters) - Rockets hit a base on Monday.",)
