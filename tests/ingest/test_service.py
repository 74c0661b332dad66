"""A failing plugin is named with the document, counted, and leaves the rest of the batch stored."""

from __future__ import annotations

import time

from sqlalchemy import Engine

from api import hookimpl
from api.ingest.article import Article
from api.ingest.document import Document
from api.ingest.pipeline import Pipeline
from api.ingest.service import Ingestor
from api.ingest.source import SourceInfo
from api.plugins import PluginHost
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
