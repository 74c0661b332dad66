"""The plugin author's test kit: run one plugin on a document and assert on what comes out.

Plain functions, usable from any pytest test (no fixtures to install)::

    from api.testkit import run_plugin, assert_clean_article
    import my_plugin

    def test_reads_my_outlet():
        run = run_plugin(my_plugin, "tests/pages/story.html", url="https://example.org/story")
        assert run.source == "example"
        assert run.article.headline.startswith("Rockets hit")
        assert_clean_article(run.article)
        assert any(e.event_type == "Explosions/Remote violence" for e in run.events)

``run_plugin`` goes through the same plugin host and pipeline as ``eventgraph extract``:
hook errors come back as ``PluginError`` naming your plugin, exactly as in production.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from api.extract.candidate import EventCandidate
from api.ingest.article import Article
from api.ingest.document import Document
from api.ingest.text import desk_name, similar, tokens
from api.plugins import PluginHost

__all__ = [
    "PluginRun",
    "article_problems",
    "assert_clean_article",
    "make_document",
    "plugin_host",
    "run_plugin",
    "token_f1",
]

_TRAILER = re.compile(r"^\(?\s*(?:Additional\s+)?(?:Reporting|Writing|Editing)\s+by\b", re.I)
_CREDIT = re.compile(r"\((?:photo|image) credit:|\bREUTERS/[A-Z]", re.I)


@dataclass
class PluginRun:
    """What one document became: the detected source, the article before and after the
    normalizers, and the events every extractor found (the core's included)."""

    source: str
    parsed: Article
    article: Article
    events: list[EventCandidate] = field(default_factory=list)
    host: PluginHost | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "article": self.article.to_json(),
            "events": [event.to_json() for event in self.events],
        }


def make_document(
    content: str | bytes | Path,
    *,
    name: str | None = None,
    url: str | None = None,
    source: str | None = None,
    published_at: datetime | str | None = None,
    content_type: str | None = None,
) -> Document:
    """A Document from a file path, or from text or bytes written in the test itself.

    A ``Path`` (or a string naming an existing file) is read like ``eventgraph ingest`` reads
    it, ``<file>.meta.json`` hints included; keyword arguments override the hints.
    """
    if isinstance(content, Path) or (isinstance(content, str) and _is_file(content)):
        from api.ingest.files import read_document

        path = Path(content)
        published = published_at.isoformat() if isinstance(published_at, datetime) else published_at
        document = read_document(path, url=url, source=source, published=published)
        if content_type or name:
            from dataclasses import replace

            document = replace(document, content_type=content_type or document.content_type, name=name or document.name)
        return document
    data = content.encode("utf-8") if isinstance(content, str) else content
    when = datetime.fromisoformat(published_at) if isinstance(published_at, str) else published_at
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return Document(
        content=data,
        name=name or "<test document>",
        url=url,
        source=source,
        published_at=when,
        content_type=content_type,
    )


def plugin_host(*plugins: object, core: bool = True) -> PluginHost:
    """A host with only ``plugins`` (modules or objects with hook functions) and the core extractor.

    Installed plugins are not loaded, so a test sees its own plugin alone.
    """
    host = PluginHost(only=set())
    if core:
        host.load_core()
    for plugin in plugins:
        host.register(plugin, _plugin_name(plugin), str(getattr(plugin, "__version__", "0")))
    return host


def run_plugin(
    plugin: object | PluginHost,
    document: Document | str | bytes | Path,
    *,
    extract: bool = True,
    **hints: Any,
) -> PluginRun:
    """Detect, parse, normalize and (unless ``extract=False``) extract events, as the pipeline does.

    ``plugin`` is your plugin module, or a host from ``plugin_host`` when several plugins
    must run together. ``hints`` (url, source, published_at, name, content_type) go to
    ``make_document`` when ``document`` is not a Document already.
    """
    from api.ingest.pipeline import Pipeline

    host = plugin if isinstance(plugin, PluginHost) else plugin_host(plugin)
    doc = document if isinstance(document, Document) else make_document(document, **hints)
    pipeline = Pipeline(host)
    source = pipeline.detect(doc)
    parsed = pipeline.parse(doc, source)
    article = pipeline.normalize(parsed, doc.name)
    events = pipeline.extract(article, doc.name) if extract else []
    return PluginRun(source=source, parsed=parsed, article=article, events=events, host=host)


def token_f1(predicted: str, truth: str) -> float:
    """Bag-of-words F1 between two texts (lower-cased word tokens); 1.0 is a perfect match.

    The measure used for body extraction: punctuation and paragraph breaks do not count,
    every missing or extra word does.
    """
    got, want = Counter(tokens(predicted)), Counter(tokens(truth))
    if not got and not want:
        return 1.0
    common = sum((got & want).values())
    if common == 0:
        return 0.0
    precision = common / sum(got.values())
    recall = common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def article_problems(article: Article) -> list[str]:
    """What is wrong with a parsed Article, by the rules every source plugin follows."""
    problems: list[str] = []
    if not article.headline.strip():
        problems.append("empty headline")
    if not article.paragraphs:
        problems.append("no body paragraphs")
    for label, when in (("published_at", article.published_at), ("modified_at", article.modified_at)):
        if when is not None and (when.tzinfo is None or when.utcoffset() != UTC.utcoffset(None)):
            problems.append(f"{label} is not in UTC: {when.isoformat()}")
    if article.published_at and article.modified_at and article.modified_at < article.published_at:
        problems.append("modified_at is earlier than published_at")
    for name in article.bylines:
        if desk_name(name) is not None:
            problems.append(f"byline {name!r} is a desk, not a person; it belongs in Article.desk")
    for i, paragraph in enumerate(article.paragraphs):
        where = f"paragraph {i + 1}"
        if not paragraph.strip():
            problems.append(f"{where} is empty")
        if _TRAILER.match(paragraph):
            problems.append(f"{where} is a reporting/editing trailer: {paragraph[:60]!r}")
        if _CREDIT.search(paragraph):
            problems.append(f"{where} holds a photo credit: {paragraph[:60]!r}")
        if any(similar(paragraph, c.text, 0.9) for c in article.captions):
            problems.append(f"{where} repeats a caption: {paragraph[:60]!r}")
        if article.standfirst and similar(paragraph, article.standfirst):
            problems.append(f"{where} repeats the standfirst")
        if paragraph in article.paragraphs[:i]:
            problems.append(f"{where} repeats an earlier paragraph")
    return problems


def assert_clean_article(article: Article) -> None:
    """Fail the test with every problem ``article_problems`` finds."""
    problems = article_problems(article)
    assert not problems, "article is not clean:\n- " + "\n- ".join(problems)


def _is_file(text: str) -> bool:
    if "\n" in text or "<" in text or len(text) > 1024:
        return False
    try:
        return Path(text).is_file()
    except OSError:
        return False


def _plugin_name(plugin: object) -> str:
    if isinstance(plugin, ModuleType):
        name = plugin.__name__.rsplit(".", 1)[-1]
        return name.removeprefix("eventgraph_")
    return str(getattr(plugin, "name", type(plugin).__name__.lower()))
