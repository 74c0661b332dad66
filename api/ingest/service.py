"""Ingest many documents: each is parsed and extracted on its own, then stored in batches
(api/store/writer.py: many documents a transaction); failures are collected per document."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from api.errors import EventgraphError, PluginError
from api.ingest.document import Document
from api.ingest.files import read_document
from api.ingest.pipeline import Extraction, Pipeline
from api.ops.metrics import record_ingest, record_ingest_failure, record_plugin_error
from api.store.writer import SaveResult, Store, StoreError

log = logging.getLogger("eventgraph.ingest")
# Documents a transaction: enough that a statement's cost is shared by many, few enough that a
# transaction stays short (the API's writers wait for it on SQLite) and a batch's pages stay small.
BATCH_DOCUMENTS = 100
BATCH_BYTES = 8 * 2**20  # of article text: a few huge pages make a batch of their own


@dataclass
class Failure:
    document: str
    reason: str
    error: EventgraphError | None = field(default=None, repr=False, compare=False)


@dataclass
class Extracted:
    """A document through every step but the store, and how long that took."""

    extraction: Extraction
    seconds: float


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
    """Parses and extracts documents one by one, and stores them many a transaction."""

    def __init__(
        self, pipeline: Pipeline, store: Store, batch_documents: int = BATCH_DOCUMENTS, batch_bytes: int = BATCH_BYTES
    ) -> None:
        self.pipeline = pipeline
        self.store = store
        self.batch_documents = batch_documents
        self.batch_bytes = batch_bytes
        self._reference_data_stored = False

    def ensure_reference_data(self) -> None:
        """Sources and the actor dictionary (with every outlet's aliases), once per process."""
        if not self._reference_data_stored:
            self.store.register_sources(self.pipeline.sources.values())
            self.store.seed_actors(self.pipeline.context.actors.entries())
            self._reference_data_stored = True

    def ingest(self, document: Document) -> SaveResult:
        """One document, stored in one transaction; raises EventgraphError with the reason."""
        self.ensure_reference_data()
        extracted = self._extract(document)
        if isinstance(extracted, Failure):
            raise extracted.error or EventgraphError(extracted.reason)
        (result,) = self._store([extracted])
        if isinstance(result, StoreError):
            raise result
        return result

    def ingest_documents(
        self, documents: Iterable[Document | Failure], on_done: Callable[[str], None] | None = None
    ) -> Summary:
        """Every document, each parsed and extracted on its own and stored with the ones around it;
        a document that fails is listed with its reason and the others go on."""
        self.ensure_reference_data()
        summary = Summary()
        pending: list[Extracted | Failure] = []
        count = size = 0
        for item in documents:
            summary.documents += 1
            found = item if isinstance(item, Failure) else self._extract(item)
            pending.append(found)
            if isinstance(found, Extracted):
                count, size = count + 1, size + len(found.extraction.article.body)
            if count >= self.batch_documents or size >= self.batch_bytes:
                self._flush(pending, summary, on_done)
                pending, count, size = [], 0, 0
        self._flush(pending, summary, on_done)
        return summary

    def _flush(
        self, pending: list[Extracted | Failure], summary: Summary, on_done: Callable[[str], None] | None
    ) -> None:
        results = iter(self._store([p for p in pending if isinstance(p, Extracted)]))
        for item in pending:
            if isinstance(item, Failure):
                summary.failures.append(item)
                name = item.document
            else:
                result = next(results)
                if isinstance(result, StoreError):
                    summary.failures.append(Failure(item.extraction.document.name, str(result), result))
                else:
                    summary.add(result)
                name = item.extraction.document.name
            if on_done:
                on_done(name)

    def _extract(self, document: Document) -> Extracted | Failure:
        started = time.perf_counter()
        try:
            return Extracted(self.pipeline.run(document), time.perf_counter() - started)
        except EventgraphError as exc:
            known = document.source if document.source in self.pipeline.sources else None
            record_ingest_failure(known, exc, time.perf_counter() - started)
            return Failure(document.name, str(exc), exc)

    def _store(self, batch: list[Extracted]) -> list[SaveResult | StoreError]:
        """Store a batch; then the hooks and the metrics of each document, after the commit."""
        if not batch:
            return []
        started = time.perf_counter()
        results = self.store.save_many([e.extraction for e in batch])
        share = (time.perf_counter() - started) / len(batch)
        for extracted, result in zip(batch, results, strict=True):
            seconds = extracted.seconds + share
            if isinstance(result, StoreError):
                record_ingest_failure(extracted.extraction.source, result, seconds)
                continue
            if not result.skipped:
                self._notify(result, extracted.extraction)
            outcome = "unchanged" if result.skipped else "stored"
            record_ingest(extracted.extraction.source, outcome, seconds, result.created, result.merged)
        return results

    def _notify(self, result: SaveResult, extraction: Extraction) -> None:
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
                    log.warning("%s", exc)


def read_all(paths: Iterable[Path], **hints: str | None) -> Iterable[Document | Failure]:
    """Documents from files, with a Failure in place of each one that cannot be read."""
    for path in paths:
        try:
            yield read_document(path, **hints)
        except EventgraphError as exc:
            yield Failure(str(path), str(exc))
