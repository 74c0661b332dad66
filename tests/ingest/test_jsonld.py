"""Lenient JSON-LD: the faults real news pages ship with."""

from __future__ import annotations

from api.ingest import jsonld


def test_valid_json_is_read_as_is() -> None:
    assert jsonld.loads_lenient('{"headline": "A", "n": 1}') == {"headline": "A", "n": 1}


def test_single_quoted_strings_with_apostrophes_inside() -> None:
    raw = """{"@type": "NewsArticle", "description": 'the Revolutionary Guards' Quds Force "elite" unit',}"""
    value = jsonld.loads_lenient(raw)
    assert value == {"@type": "NewsArticle", "description": 'the Revolutionary Guards\' Quds Force "elite" unit'}


def test_html_entities_are_decoded() -> None:
    assert jsonld.loads_lenient('{"headline": "Iran&#039;s &amp; Iraq"}') == {"headline": "Iran's & Iraq"}


def test_hopeless_block_still_gives_its_flat_fields() -> None:
    raw = '{"headline": "Kept", "datePublished": "2020-01-08T02:14:00Z", "author": {oops}'
    value = jsonld.loads_lenient(raw)
    assert value == {"headline": "Kept", "datePublished": "2020-01-08T02:14:00Z"}


def test_nothing_to_recover() -> None:
    assert jsonld.loads_lenient("") is None
    assert jsonld.loads_lenient("not json at all") is None


def test_graph_and_names() -> None:
    value = {"@graph": [{"@type": "WebPage"}, {"@type": ["NewsArticle"], "author": [{"name": "A B"}, "C D"]}]}
    objects = jsonld.flatten(value)
    articles = [o for o in objects if jsonld.is_article(o)]
    assert len(articles) == 1
    assert jsonld.names(articles[0]["author"]) == ["A B", "C D"]
