"""Hostile or huge pages: every parser stays linear and answers with an Article or a clear error."""

from __future__ import annotations

import time
from types import ModuleType

import pytest

import plugins.jpost as jpost
import plugins.reuters as reuters
import plugins.tasnim as tasnim
from api.errors import DocumentError
from api.ingest.document import Document

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
