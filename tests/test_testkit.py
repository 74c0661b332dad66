"""The plugin author's test kit (api/testkit.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

import plugins.jpost as jpost
import plugins.reuters as reuters
from api import hookimpl
from api.errors import PluginError
from api.ingest.article import Article, Caption
from api.settings import SEEDS_DIR
from api.testkit import article_problems, assert_clean_article, make_document, plugin_host, run_plugin, token_f1


def test_host_holds_only_the_given_plugins() -> None:
    host = plugin_host(reuters)
    assert {info.name for info in host.plugin_infos()} == {"core", "reuters"}
    assert {info.name for info in plugin_host(reuters, core=False).plugin_infos()} == {"reuters"}


def test_run_plugin_on_a_file_with_hints() -> None:
    path = SEEDS_DIR / "articles" / "jpost" / "jpost-2020-03-13-camp-taji-rocket-attack.txt"
    run = run_plugin(jpost, path, extract=False)
    assert run.source == "jpost"
    assert run.article.published_at == datetime(2020, 3, 13, 6, 20, tzinfo=UTC)  # from the .meta.json
    assert run.to_json()["article"]["headline"].startswith("Two Americans and a Briton")


def test_run_plugin_on_text_written_in_the_test() -> None:
    text = "Headline\n\nBAGHDAD (Reuters) - Rockets hit a base on Monday.\n\nReporting by Ann Lee; Editing by Bo Ek"
    run = run_plugin(reuters, text, extract=False, published_at="2020-03-11T20:00:00+00:00")
    assert run.article.paragraphs == ("BAGHDAD (Reuters) - Rockets hit a base on Monday.",)
    assert run.article.published_at == datetime(2020, 3, 11, 20, tzinfo=UTC)


def test_a_failing_plugin_is_named() -> None:
    class Broken:
        name = "broken"

        @hookimpl
        def eventgraph_detect_source(self, document: object) -> str:
            raise RuntimeError("boom")

    with pytest.raises(PluginError, match=r"plugin 'broken' failed in eventgraph_detect_source on x.txt: .*boom"):
        run_plugin(plugin_host(Broken(), core=False), make_document("text", name="x.txt"), extract=False)


def test_article_problems_finds_what_is_dirty() -> None:
    article = Article(
        source="x",
        headline="H",
        standfirst="Rockets hit the base on Saturday evening, officials said.",
        paragraphs=(
            "Rockets hit the base on Saturday evening, officials said.",
            "Soldiers at the gate of the base",
            "Reporting by Ann Lee; Editing by Bo Ek",
            "A view of the base (photo credit: REUTERS/JOHN DOE)",
        ),
        bylines=("Reuters Staff",),
        captions=(Caption("Soldiers at the gate of the base", "REUTERS/A B"),),
        published_at=datetime(2020, 1, 1, 12, tzinfo=timezone(timedelta(hours=3))),
    )
    problems = "\n".join(article_problems(article))
    for expected in ("repeats the standfirst", "repeats a caption", "trailer", "photo credit", "desk",
                     "not in UTC"):
        assert expected in problems
    with pytest.raises(AssertionError, match="article is not clean"):
        assert_clean_article(article)


def test_clean_article_has_no_problems() -> None:
    article = Article(source="x", headline="H", paragraphs=("One.", "Two."), bylines=("Ann Lee",),
                      published_at=datetime(2020, 1, 1, tzinfo=UTC))
    assert article_problems(article) == []


def test_token_f1() -> None:
    assert token_f1("The base was hit.", "the base, was hit") == 1.0
    assert token_f1("", "") == 1.0
    assert token_f1("x", "") == 0.0


def test_plugin_objects_are_named_by_their_name_attribute() -> None:
    host = plugin_host(SimpleNamespace(name="ns"), core=False)
    assert [info.name for info in host.plugin_infos()] == ["ns"]
