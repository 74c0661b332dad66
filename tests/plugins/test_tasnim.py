"""The tasnim plugin: its seed articles, its datelines and times, and its vocabulary."""

from __future__ import annotations

from datetime import UTC, datetime

import plugins.tasnim as tasnim
from api.ingest.article import Article
from api.ingest.document import Document
from api.testkit import assert_clean_article, run_plugin
from plugins.tasnim.parse import parse_document
from plugins.tasnim.vocabulary import plain_words
from tests.plugins.corpus import seed_document

HTML_SEED = "tasnim/tasnim-2020-01-08-irgc-missiles-ain-al-assad.html"
TEXT_SEED = "tasnim/tasnim-2020-01-03-general-soleimani-martyred.txt"


def test_html_seed() -> None:
    run = run_plugin(tasnim, seed_document(HTML_SEED), extract=False)
    parsed = run.parsed
    assert run.source == "tasnim"
    assert parsed.dateline == "TEHRAN"
    assert parsed.paragraphs[0].startswith("TEHRAN (Tasnim) – The Islamic Revolution Guards Corps")
    # 02:40 in Tehran (UTC+03:30) is 23:10 UTC the day before.
    assert parsed.published_at == datetime(2020, 1, 7, 23, 10, tzinfo=UTC)
    assert "Related news" not in parsed.body and "News ID" not in parsed.body
    assert "Millions attend funeral" not in parsed.body
    assert_clean_article(run.article)


def test_normalizer_rewrites_tasnim_terms() -> None:
    run = run_plugin(tasnim, seed_document(HTML_SEED), extract=False)
    before, after = run.parsed.body, run.article.body
    assert "US terrorist forces" in before and "US terrorist forces" not in after
    assert "United States forces" in after
    assert "martyred" in before and "martyred" not in after
    assert "Zionist regime" not in after and "warned Israel" in after
    assert "Daesh" not in after and "Takfiri" not in after and "ISIS" in after
    assert "Hashd al-Shaabi" not in after and "Popular Mobilization Units" in after
    assert '"Martyr Soleimani"' in after  # an operation's name is not a verb to rewrite


def test_normalizer_leaves_other_outlets_alone() -> None:
    article = Article(source="jpost", headline="h", paragraphs=("Iran said he was martyred by Daesh.",))
    assert tasnim.eventgraph_normalize_article(article) is None


def test_plain_words_examples() -> None:
    assert plain_words("He was martyred by US terrorist forces.") == "He was killed by United States forces."
    assert plain_words("The Zionist regime's jets") == "Israel's jets"
    assert plain_words("Zionist warplanes struck targets, the Zionist entity said") == (
        "Israeli warplanes struck targets, Israel said"
    )
    assert plain_words("Daesh and other Takfiri terrorists") == "ISIS"


def test_text_seed_with_meta_file() -> None:
    run = run_plugin(tasnim, seed_document(TEXT_SEED), extract=False)
    assert run.article.headline == "General Soleimani Killed in US Attack at Baghdad Airport"
    assert run.parsed.published_at == datetime(2020, 1, 3, 2, 45, tzinfo=UTC)
    assert run.article.url and "/en/news/2020/01/03/" in run.article.url
    assert_clean_article(run.article)


def test_date_from_url_when_the_page_has_none() -> None:
    page = (
        b"<html><head><meta property='og:url' content='https://www.tasnimnews.com/en/news/2020/03/12/2220001/x'>"
        b"</head><body><h1 class='title'>Headline</h1><div class='story'><p>TEHRAN (Tasnim) \xe2\x80\x93 Text."
        b"</p></div></body></html>"
    )
    article = parse_document(Document(page, name="x.html", content_type="text/html"))
    assert article.published_at == datetime(2020, 3, 11, 20, 30, tzinfo=UTC)  # midnight in Tehran
    assert article.dateline == "TEHRAN"


def test_tehran_time_follows_the_clock_changes() -> None:
    # Iran kept summer time (+04:30) until 2022 and abolished it afterwards (+03:30 all year).
    for shown, utc in (("June, 13, 2020 - 14:00", datetime(2020, 6, 13, 9, 30, tzinfo=UTC)),
                       ("June, 13, 2023 - 14:00", datetime(2023, 6, 13, 10, 30, tzinfo=UTC))):  # fmt: skip
        text = f"Headline\n\n{shown}\n\nTEHRAN (Tasnim) – Something happened.\n"
        article = parse_document(Document(text.encode(), name="t.txt", content_type="text/plain"))
        assert article.published_at == utc, shown
        assert article.dateline == "TEHRAN"


def test_yemens_army_in_tasnim_is_the_houthis() -> None:
    assert plain_words("Yemen's Armed Forces said they hit Ras Tanura") == "Houthi forces said they hit Ras Tanura"
    assert plain_words("the Yemeni army and Popular Committees") == "Houthi forces and Popular Committees"
    assert plain_words("a Yemeni drone strike on Abha airport") == "a Houthi drone strike on Abha airport"
    assert plain_words("Saudi-backed Yemeni forces loyal to Hadi") == "Saudi-backed Yemeni forces loyal to Hadi"
