"""Ingest many documents: each is parsed, extracted and stored on its own; failures are collected."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from api.errors import EventgraphError, PluginError
from api.ingest.document import Document
from api.ingest.files import read_document
from api.ingest.pipeline import Pipeline
from api.ops.metrics import record_ingest, record_ingest_failure, record_plugin_error
from api.store.writer import SaveResult, Store


@dataclass
class Failure:
    document: str
    reason: str


@dataclass
class Summary:
    documents: int = 0
    stored: int = 0
    unchanged: int = 0
    events_created: int = 0
    events_merged: int = 0
    failures: list[Failure] = field(default_factory=list)

    def add(self, result: SaveResult) -> None:
        if result.skipped:
            self.unchanged += 1
            return
        self.stored += 1
        self.events_created += result.created
        self.events_merged += result.merged

    def to_json(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "articles_stored": self.stored,
            "unchanged": self.unchanged,
            "events_created": self.events_created,
            "events_merged": self.events_merged,
            "failures": [{"document": f.document, "reason": f.reason} for f in self.failures],
        }


class Ingestor:
    def __init__(self, pipeline: Pipeline, store: Store) -> None:
        self.pipeline = pipeline
        self.store = store
        self._reference_data_stored = False

    def ensure_reference_data(self) -> None:
        """Sources and the actor dictionary (with every outlet's aliases), once per process."""
        if not self._reference_data_stored:
            self.store.register_sources(self.pipeline.sources.values())
            self.store.seed_actors(self.pipeline.context.actors.entries())
            self._reference_data_stored = True

    def ingest(self, document: Document) -> SaveResult:
        """One document, stored in one transaction; raises EventgraphError with the reason."""
        started = time.perf_counter()
        try:
            self.ensure_reference_data()
            extraction = self.pipeline.run(document)
            result = self.store.save(extraction)
        except EventgraphError as exc:
            known = document.source if document.source in self.pipeline.sources else None
            record_ingest_failure(known, exc, time.perf_counter() - started)
            raise
        if not result.skipped:
            self._notify(result, extraction)
        outcome = "unchanged" if result.skipped else "stored"
        record_ingest(extraction.source, outcome, time.perf_counter() - started, result.created, result.merged)
        return result

    def _notify(self, result: SaveResult, extraction: object) -> None:
        from api.ingest.pipeline import Extraction

        assert isinstance(extraction, Extraction)
        for stored in result.events:
            for impl in self.pipeline.host.impls("eventgraph_event_stored"):
                try:
                    self.pipeline.host.call_one(
                        impl,
                        "eventgraph_event_stored",
                        extraction.document.name,
                        event_id=stored.event_id,
                        created=stored.created,
                        candidate=stored.candidate,
                        article=extraction.article,
                    )
                except EventgraphError as exc:
                    if isinstance(exc, PluginError):
                        record_plugin_error(exc.plugin, exc.hook)
                    import logging

                    logging.getLogger("eventgraph.ingest").warning("%s", exc)

    def ingest_documents(
        self, documents: Iterable[Document | Failure], on_done: Callable[[str], None] | None = None
    ) -> Summary:
        summary = Summary()
        for item in documents:
            summary.documents += 1
            if isinstance(item, Failure):
                summary.failures.append(item)
            else:
                try:
                    summary.add(self.ingest(item))
                except EventgraphError as exc:
                    summary.failures.append(Failure(item.name, str(exc)))
            if on_done:
                on_done(item.document if isinstance(item, Failure) else item.name)
        return summary


def read_all(paths: Iterable[Path], **hints: str | None) -> Iterable[Document | Failure]:
    """Documents from files, with a Failure in place of each one that cannot be read."""
    for path in paths:
        try:
            yield read_document(path, **hints)
        except EventgraphError as exc:
            yield Failure(str(path), str(exc))
