"""Source detection: every corpus page and seed is claimed by its outlet's plugin alone."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import plugins.jpost as jpost
import plugins.reuters as reuters
import plugins.tasnim as tasnim
from api.ingest.document import Document
from api.testkit import plugin_host
from tests.plugins.corpus import SEEDS, corpus_document, seed_document

PLUGINS = {"reuters": reuters, "jpost": jpost, "tasnim": tasnim}
CORPUS = {
    "reuters/reuters-2017-07-iraq-mosul-msf-refiled.html": "reuters",
    "reuters/reuters-2019-11-global-markets-oil-stocks.html": "reuters",
    "reuters/reuters-2020-01-sag-awards-parasite.html": "reuters",
    "jpost/jpost-2019-11-berlin-stabbing-breaking-news.html": "jpost",
    "jpost/jpost-2020-06-13-camp-taji-rockets.txt": "jpost",
    "jpost/jpost-2023-02-homepage-rss-feed.xml": "jpost",
}
SEED_FILES = sorted(
    str(p.relative_to(SEEDS)) for p in SEEDS.rglob("*") if p.suffix in (".html", ".txt")
)


def claims(document: Document) -> dict[str, str | None]:
    return {key: plugin.eventgraph_detect_source(document=document) for key, plugin in PLUGINS.items()}


@pytest.mark.parametrize(("relative", "outlet"), sorted(CORPUS.items()))
def test_corpus_page_is_claimed_by_its_outlet_only(relative: str, outlet: str) -> None:
    found = claims(corpus_document(relative))
    assert found == {key: (outlet if key == outlet else None) for key in PLUGINS}


@pytest.mark.parametrize("relative", SEED_FILES)
def test_seed_is_claimed_by_its_outlet_only(relative: str) -> None:
    outlet = Path(relative).parts[0]
    document = replace(seed_document(relative), source=None)
    assert claims(document) == {key: (outlet if key == outlet else None) for key in PLUGINS}


@pytest.mark.parametrize("relative", [r for r in SEED_FILES if r.endswith(".txt")])
def test_text_without_url_is_recognised_by_its_markers(relative: str) -> None:
    outlet = Path(relative).parts[0]
    document = replace(seed_document(relative), source=None, url=None)
    assert claims(document)[outlet] == outlet


def test_url_decides_over_text_markers() -> None:
    # A JPost page carrying a Reuters wire story: the domain says JPost.
    text = b"BAGHDAD (Reuters) - Rockets hit a base.\n\nReporting by A B; Editing by C D"
    on_jpost = Document(text, name="wire.txt", url="https://www.jpost.com/Middle-East/x-1")
    assert claims(on_jpost) == {"reuters": None, "jpost": "jpost", "tasnim": None}
    no_url = replace(on_jpost, url=None)
    assert claims(no_url) == {"reuters": "reuters", "jpost": None, "tasnim": None}


def test_tasnim_dateline_with_en_dash() -> None:
    text = "Headline\n\nTEHRAN (Tasnim) – Iran's Foreign Ministry said on Monday...".encode()
    assert claims(Document(text, name="t.txt"))["tasnim"] == "tasnim"


@pytest.mark.parametrize(
    "text",
    [
        "Iran’s Tasnim media put out an article on Saturday.",  # naming Tasnim is not being Tasnim
        "A photo by REUTERS/John Davison appeared on the front page.",  # nor is a Reuters photo
        "Rockets hit a base near Baghdad on Saturday evening.",
    ],
)
def test_other_texts_are_declined(text: str) -> None:
    assert claims(Document(text.encode(), name="other.txt")) == dict.fromkeys(PLUGINS)


def test_unknown_domain_is_declined() -> None:
    document = Document(b"<html><body><p>BAGHDAD (Reuters) - x</p></body></html>", url="https://example.org/a")
    assert claims(document) == dict.fromkeys(PLUGINS)


def test_host_detects_through_the_hook() -> None:
    host = plugin_host(reuters, jpost, tasnim, core=False)
    answer = host.first("eventgraph_detect_source", "taji", document=corpus_document(
        "jpost/jpost-2020-06-13-camp-taji-rockets.txt"))
    assert answer == ("jpost", "jpost")
