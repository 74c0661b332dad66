"""Hostile or huge pages: every parser stays linear and answers with an Article or a clear error."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from types import ModuleType

import pytest

import plugins.jpost as jpost
import plugins.reuters as reuters
import plugins.tasnim as tasnim
from api.errors import DocumentError
from api.ingest import jsonld
from api.ingest.defuse import MAX_DEPTH, MAX_FORMATTING, defuse
from api.ingest.document import Document
from api.ingest.html import blocks, is_feed, looks_like_html, parse_html
from api.testkit import plugin_host
from tests.plugins.corpus import SEEDS
from tests.shared import shared_path

PLUGINS = {"reuters": reuters, "jpost": jpost, "tasnim": tasnim}
N = 20_000


def _page(key: str) -> bytes:
    paragraph = {
        "reuters": "<p>Caption number {i}. REUTERS/Someone</p><p>BAGHDAD (Reuters) - Paragraph {i} says a thing.</p>",
        "jpost": "Paragraph {i} says a thing.<div class='fake-br-for-article-body'></div>"
        "Caption {i} (photo credit: REUTERS)<br>",
        "tasnim": "<p>TEHRAN (Tasnim) – Paragraph {i} says a thing.</p>",
    }[key]
    body = "".join(paragraph.format(i=i) for i in range(N))
    wrapper = {
        "reuters": "<div class='StandardArticleBody_body'>{}</div>",
        "jpost": "<div itemprop='articleBody'>{}</div>",
        "tasnim": "<div class='story'>{}</div>",
    }[key]
    return f"<html><head><title>t</title></head><body><h1>Headline</h1>{wrapper.format(body)}</body></html>".encode()


@pytest.mark.parametrize("key", sorted(PLUGINS))
def test_huge_page_parses_in_linear_time(key: str) -> None:
    plugin: ModuleType = PLUGINS[key]
    started = time.perf_counter()
    article = plugin.eventgraph_parse_article(
        document=Document(_page(key), name=f"{key}-huge.html", content_type="text/html"), source=key
    )
    elapsed = time.perf_counter() - started
    assert article is not None and len(article.paragraphs) >= N // 2
    # Quadratic work on 20,000 paragraphs would take minutes; linear work takes about a second.
    assert elapsed < 8, f"{key}: {elapsed:.1f}s for {N} paragraphs"


@pytest.mark.parametrize("key", sorted(PLUGINS))
@pytest.mark.parametrize(
    "content", [b"", b"   \n\n", b"<html><body></body></html>", b"\xff\xfe\x00garbage\x00", b"<" * 100_000]
)
def test_junk_is_a_clear_document_error(key: str, content: bytes) -> None:
    with pytest.raises(DocumentError, match=rf"^junk-{key}: "):
        PLUGINS[key].eventgraph_parse_article(document=Document(content, name=f"junk-{key}"), source=key)


# Markup that once kept lexbor busy for minutes inside C code, where no time limit reaches.
STALLING_MARKUP = {
    "nested-divs": "<div>" * 100_000,
    "nested-lists": "<ul><li>" * 50_000,
    "font-around-div": "<font><div>" * 50_000,
    "formatting-then-paragraphs": "".join(f"<i class=c{k}>" for k in range(20_000)) + "<p>x" * 20_000,
    "many-attributes": "<div " + " ".join(f"a{k}=1" for k in range(100_000)) + ">",
}


@pytest.mark.parametrize("kind", sorted(STALLING_MARKUP))
def test_stalling_markup_is_defused(kind: str) -> None:
    markup = STALLING_MARKUP[kind] + "<p>the text stays</p>"
    defused = defuse(markup)
    assert "<p>the text stays</p>" in defused
    if kind == "many-attributes":
        assert defused.startswith("<div>") and len(defused) < 100
    else:
        opened = len(re.findall(r"<(?:div|ul|font|i)\b", defused))
        assert MAX_FORMATTING <= opened <= 2 * MAX_DEPTH


def test_real_pages_are_not_touched_by_the_guard() -> None:
    for path in [*sorted(SEEDS.rglob("*.html")), *sorted(shared_path("corpus").rglob("*.html"))]:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert defuse(text) == text, path.name


_PARSE_ALL = """
import json, sys
from api.ingest.document import Document
import plugins.jpost, plugins.reuters, plugins.tasnim
wrappers = {"reuters": "<div class='StandardArticleBody_body'>{}<p>BAGHDAD (Reuters) - Rockets hit.</p></div>",
            "jpost": "<div itemprop='articleBody'>{}<p>Rockets hit.</p></div>",
            "tasnim": "<div class='story'>{}<p>TEHRAN (Tasnim) \\u2013 Rockets hit.</p></div>"}
markup = sys.stdin.read()
found = {}
for key, wrapper in wrappers.items():
    page = "<html><body><h1>Headline</h1>" + wrapper.format(markup) + "</body></html>"
    plugin = getattr(plugins, key)
    article = plugin.eventgraph_parse_article(document=Document(page.encode(), name=key, content_type="text/html"),
                                              source=key)
    found[key] = article.body
print(json.dumps(found))
"""


@pytest.mark.parametrize("kind", sorted(STALLING_MARKUP))
def test_plugins_read_stalling_markup(kind: str) -> None:
    # In a child process with a deadline: a stall inside C code cannot be interrupted otherwise.
    proc = subprocess.run([sys.executable, "-c", _PARSE_ALL], input=STALLING_MARKUP[kind], capture_output=True,
                          text=True, timeout=180, cwd=SEEDS.parents[1])  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    bodies = json.loads(proc.stdout)
    assert all("Rockets hit." in body for body in bodies.values()), bodies


# Text that made a regular expression backtrack quadratically or exponentially.
BACKTRACKING_TEXT = {
    "blank-lines": "\n" * 200_000,
    "indented-blank-lines": "   \n" * 50_000,
    "comments": "<!-- -->" * 1000 + "x",
    "unclosed-credits": "(photo credit:" * 14_000,
    "unclosed-links": "<link rel=x" * 20_000,
}


@pytest.mark.parametrize("kind", sorted(BACKTRACKING_TEXT))
def test_detection_stays_linear_on_backtracking_text(kind: str) -> None:
    # Each hook runs under the host's time limit: a regression fails here instead of hanging.
    host = plugin_host(reuters, jpost, tasnim, core=False)
    host.hook_seconds = 5
    document = Document(BACKTRACKING_TEXT[kind].encode(), name=kind)
    assert host.first("eventgraph_detect_source", kind, document=document) is None


def test_feed_and_page_sniffing_read_past_many_comments() -> None:
    assert is_feed("<!-- a -->" * 300 + "<rss version='2.0'>")
    assert not is_feed("<!-- -->" * 1000 + "x")
    assert looks_like_html("<!-- a -->\n" * 300 + "<!doctype html><html></html>")


def test_json_ld_nested_too_deep_is_ignored() -> None:
    assert jsonld.loads_lenient("[" * 100_000 + "]" * 100_000) is None
    repaired = jsonld.loads_lenient("{'description': '" + "it's " * 50_000 + "'}")
    assert repaired is not None and repaired["description"].count("it's") == 50_000


def test_deep_pages_do_not_exhaust_the_python_stack() -> None:
    deep = "<div>" * 5_000 + "<p>TEHRAN (Tasnim) – Deep text.</p>" + "</div>" * 5_000
    tree = parse_html(f"<html><body><h1>H</h1><div class='story'>{deep}</div></body></html>")
    assert blocks(tree.css_first("div.story")) == ["TEHRAN (Tasnim) – Deep text."]
