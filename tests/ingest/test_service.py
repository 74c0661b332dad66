"""A failing plugin is named with the document, counted, and leaves the rest of the batch stored."""

from __future__ import annotations

import time

from sqlalchemy import Engine, Integer, func, select

from api import hookimpl
from api.ingest.article import Article
from api.ingest.document import Document
from api.ingest.pipeline import Pipeline
from api.ingest.service import Ingestor, read_all
from api.ingest.source import SourceInfo
from api.plugins import PluginHost, build_host
from api.settings import SEEDS_DIR
from api.store.history import changes_t
from api.store.tables import articles_t, events_t
from api.store.writer import Store


class Wire:
    """A tiny outlet plugin: documents starting with "WIRE" are its own."""

    @hookimpl
    def eventgraph_register_sources(self) -> list[SourceInfo]:
        return [SourceInfo("wire", "Test Wire", ("wire.example",))]

    @hookimpl
    def eventgraph_detect_source(self, document: Document) -> str | None:
        return "wire" if document.text.startswith("WIRE") else None

    @hookimpl
    def eventgraph_parse_article(self, document: Document, source: str) -> Article | None:
        if source != "wire":
            return None
        if "explode" in document.text:
            raise RuntimeError("parser blew up")
        if "hang" in document.text:
            time.sleep(5)
        if "wrong" in document.text:
            return "not an article"  # type: ignore[return-value]
        lines = document.text.splitlines()
        return Article(source="wire", headline=lines[0], paragraphs=tuple(lines[1:]))


def host() -> PluginHost:
    h = PluginHost()
    h.load_core()
    h.register(Wire(), "wire", "1.0")
    return h


def doc(name: str, text: str) -> Document:
    return Document(text.encode(), name=name)


def test_failures_name_plugin_and_document_and_the_batch_goes_on(engine: Engine) -> None:
    ingestor = Ingestor(Pipeline(host()), Store(engine))
    # The first document loads the extractor's dictionaries: give it the default time limit.
    summary = ingestor.ingest_documents([doc("good-1", "WIRE headline one\nNothing happened today.")])
    assert summary.stored == 1
    ingestor.pipeline.host.hook_seconds = 1.0
    summary = ingestor.ingest_documents(
        [
            doc("boom", "WIRE explode"),
            doc("slow", "WIRE hang"),
            doc("wrong", "WIRE wrong"),
            doc("good-2", "WIRE headline two\nStill nothing."),
        ]
    )
    assert summary.stored == 1
    reasons = {f.document: f.reason for f in summary.failures}
    assert set(reasons) == {"boom", "slow", "wrong"}
    assert "plugin 'wire'" in reasons["boom"] and "parser blew up" in reasons["boom"] and "boom" in reasons["boom"]
    assert "longer than 1s" in reasons["slow"]
    assert "returned str" in reasons["wrong"]
    assert Store(engine).counts()["articles"] == 2


def test_only_selected_plugins_load(monkeypatch: object) -> None:
    from api.plugins import build_host

    names = {info.name for info in build_host(only="jpost").plugin_infos()}
    assert names == {"core", "jpost"}


class StoredLog:
    """Records each stored event, and whether another connection could already read it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.calls: list[tuple[int, bool, str | None, bool]] = []

    @hookimpl
    def eventgraph_event_stored(self, event_id: int, created: bool, candidate: object, article: Article) -> None:
        with self.engine.connect() as connection:
            visible = connection.execute(select(events_t.c.id).where(events_t.c.id == event_id)).first() is not None
        self.calls.append((event_id, created, article.url, visible))


def test_each_stored_event_reaches_the_hook_after_its_batch_commits(engine: Engine) -> None:
    log = StoredLog(engine)
    pipeline = Pipeline(build_host())
    pipeline.host.register(log, "stored-log", "1.0")
    paths = sorted(p for p in (SEEDS_DIR / "articles").rglob("*") if p.suffix in (".html", ".txt"))
    summary = Ingestor(pipeline, Store(engine), batch_documents=3).ingest_documents(read_all(paths))
    assert summary.stored == len(paths) and not summary.failures
    with engine.connect() as connection:
        logged = connection.execute(
            select(changes_t.c.event_id, changes_t.c.kind, articles_t.c.url).join(
                articles_t, articles_t.c.id == func.cast(changes_t.c.changes["article"].as_string(), Integer)
            )
        ).all()
    assert sorted((e, c, u) for e, c, u, _ in log.calls) == sorted((e, k == "created", u) for e, k, u in logged)
    assert all(visible for *_, visible in log.calls)
    assert summary.events_created == sum(c for _, c, _, _ in log.calls) > 0
