"""Store dataset rows (GDELT, ACLED) as events, merged with the events already known.

Each row is matched against stored events with the same rules as article reports
(``api.store.merge``) and either joins the best match or becomes a new event. Two rules differ
from the article writer, because a dataset is a coder, not a report:

- a row never joins an event that already holds a row of the same dataset: each dataset has
  already decided that its rows are distinct events;
- a row may join an event extracted from the very article the row was coded from (its
  SOURCEURL): that is the same event seen twice, and the report link is kept once.

Where each event came from is kept in ``event_origins``, unique by (dataset, row_id), so a file
imported twice, or by two processes at once, stores each row once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Table, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from api.datasets.importer import ImportedRow, Importer, RowError, read_through
from api.store import entities, history
from api.store.batch import EventBatch, Item, now
from api.store.entities import CHUNK
from api.store.tables import EventOrigin, articles_t, sources_t
from api.store.writer import Store

origins_t: Table = EventOrigin.__table__  # type: ignore[attr-defined]
BATCH_ROWS = 500
ROW_ID_MAX = 64


@dataclass
class ImportSummary:
    """What happened to a file: rows stored as new events, merged into known ones, already
    imported before, and the rows skipped with their line numbers."""

    dataset: str
    path: str
    created: int = 0
    merged: int = 0
    already: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def loaded(self) -> int:
        return self.created + self.merged

    @property
    def skipped(self) -> int:
        return len(self.errors)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "dataset": self.dataset,
            "rows_loaded": self.loaded,
            "events_created": self.created,
            "events_merged": self.merged,
            "already_imported": self.already,
            "rows_skipped": self.skipped,
            "skipped": [{"line": e.line, "row_id": e.row_id, "problem": e.problem} for e in self.errors],
        }


class DatasetWriter:
    """Writes one dataset's rows in batches, one transaction per batch."""

    def __init__(self, store: Store, importer: Importer, batch_rows: int = BATCH_ROWS) -> None:
        self.store = store
        self.importer = importer
        self.dataset = importer.name
        self.batch_rows = batch_rows
        self._domains: list[tuple[str, int]] | None = None
        self._dataset_source: int | None = None

    def write(
        self, rows: Iterable[ImportedRow | RowError], path: str = "", on_row: Callable[[int], None] | None = None
    ) -> ImportSummary:
        summary = ImportSummary(self.dataset, path)
        self.store.register_sources([self.importer.source])
        batch: list[ImportedRow] = []
        for item in rows:
            if on_row:
                on_row(item.line)
            if isinstance(item, RowError):
                summary.errors.append(item)
            elif len(item.row_id) > ROW_ID_MAX:
                summary.errors.append(RowError(item.line, f"row id longer than {ROW_ID_MAX} characters", None))
            else:
                batch.append(item)
                if len(batch) >= self.batch_rows:
                    self._flush(batch, summary)
                    batch = []
        if batch:
            self._flush(batch, summary)
        return summary

    def _flush(self, batch: list[ImportedRow], summary: ImportSummary) -> None:
        try:
            outcomes = self._write(batch)
        except IntegrityError:
            # Another process imported some of these rows meanwhile: redo them one by one.
            outcomes = []
            for row in batch:
                try:
                    outcomes.extend(self._write([row]))
                except IntegrityError:
                    if not self._imported([row.row_id]):
                        raise
                    outcomes.append("already")
        summary.created += outcomes.count("created")
        summary.merged += outcomes.count("merged")
        summary.already += outcomes.count("already")

    def _imported(self, row_ids: list[str]) -> set[str]:
        with Session(self.store.engine) as session:
            return self._existing(session, row_ids)

    def _existing(self, session: Session, row_ids: list[str]) -> set[str]:
        o = origins_t.c
        query = select(o.row_id).where(o.dataset == self.dataset, o.row_id.in_(row_ids))
        return set(session.execute(query).scalars())

    def _write(self, batch: list[ImportedRow]) -> list[str]:
        outcomes: list[str] = []
        with Session(self.store.engine) as session, session.begin():
            seen = self._existing(session, [row.row_id for row in batch])
            todo: list[ImportedRow] = []
            for row in batch:
                if row.row_id in seen:  # imported before, or twice in this file
                    outcomes.append("already")
                else:
                    seen.add(row.row_id)
                    todo.append(row)
                    outcomes.append("")
            articles = self._report_articles(session, todo)
            items = [
                Item(
                    row.candidate,
                    article_id,
                    row.candidate.extractor or self.dataset,
                    {"dataset": self.dataset, "row_id": row.row_id},
                )
                for row, article_id in zip(todo, articles, strict=True)
            ]
            placed = EventBatch(session, self.dataset).place(items)
            if todo:
                session.execute(
                    origins_t.insert(),
                    [
                        {"event_id": where.event_id, "dataset": self.dataset, "row_id": row.row_id,
                         "source_url": row.source_url, "extra": row.extra, "imported_at": now()}
                        for row, where in zip(todo, placed, strict=True)
                    ],
                )  # fmt: skip
            entries = [
                (where.event_id, history.CREATED if where.created else history.REPORTED,
                 {"dataset": self.dataset, "row": row.row_id})
                for row, where in zip(todo, placed, strict=True)
            ]  # fmt: skip
            history.notify(session, history.record_many(session, entries))
        outcome = iter("created" if where.created else "merged" for where in placed)
        return [o or next(outcome) for o in outcomes]

    # -- the reports -----------------------------------------------------------------------
    def _report_articles(self, session: Session, rows: list[ImportedRow]) -> list[int]:
        """The article each row reports: the one at its SOURCEURL when there is one (an article
        already ingested from that URL, or a stub filed under the outlet that owns the domain),
        else a stub standing for the dataset's record."""
        a = articles_t.c
        urls = sorted({row.source_url for row in rows if row.source_url})
        by_url: dict[str, int] = {}
        query = select(a.url, a.id).where(a.url.in_(bindparam("urls", expanding=True)))
        for start in range(0, len(urls), CHUNK):
            by_url.update((k, v) for k, v in session.execute(query, {"urls": urls[start : start + CHUNK]}))
        stubs: dict[str, dict[str, Any]] = {}  # content hash -> row
        wanted: list[int | str] = []
        for row in rows:
            if row.source_url and row.source_url in by_url:
                wanted.append(by_url[row.source_url])
                continue
            if row.source_url:
                source_id = self._outlet(session, row.source_url) or self._dataset_source_id(session)
                headline, key = "", f"url\x00{row.source_url}"
            else:
                source_id = self._dataset_source_id(session)
                headline, key = f"{self.importer.source.name} record {row.row_id}", f"row\x00{row.row_id}"
            content_hash = hashlib.sha256(f"{self.dataset}\x00{key}".encode()).hexdigest()
            stubs.setdefault(
                content_hash,
                {"source_id": source_id, "url": row.source_url, "headline": headline, "body": "", "captions": [],
                 "content_hash": content_hash, "parser": self.dataset, "parser_version": self.importer.version,
                 "ingested_at": now()},
            )  # fmt: skip
            wanted.append(content_hash)
        ids: dict[str, int] = {}
        if stubs:
            insert = entities.insert(self.store.dialect, articles_t).on_conflict_do_nothing()
            session.execute(insert, [stubs[h] for h in sorted(stubs)])
            hashes = sorted(stubs)
            query = select(a.content_hash, a.id).where(a.content_hash.in_(bindparam("hashes", expanding=True)))
            for start in range(0, len(hashes), CHUNK):
                ids.update((k, v) for k, v in session.execute(query, {"hashes": hashes[start : start + CHUNK]}))
            for content_hash in set(stubs) - set(ids):  # an article from that URL was stored meanwhile
                url = stubs[content_hash]["url"]
                ids[content_hash] = int(session.execute(select(a.id).where(a.url == url)).scalar_one())
        return [w if isinstance(w, int) else ids[w] for w in wanted]

    def _dataset_source_id(self, session: Session) -> int:
        if self._dataset_source is None:
            key = self.importer.source.key
            self._dataset_source = int(
                session.execute(select(sources_t.c.id).where(sources_t.c.key == key)).scalar_one()
            )
        return self._dataset_source

    def _outlet(self, session: Session, url: str) -> int | None:
        """The registered outlet whose domain the URL is on (www.reuters.com is reuters.com)."""
        if self._domains is None:
            self._domains = [
                (domain.lower(), int(source_id))
                for source_id, domains, kind in session.execute(
                    select(sources_t.c.id, sources_t.c.domains, sources_t.c.kind)
                )
                if kind != "dataset"
                for domain in domains or []
            ]
        host = (urlsplit(url).hostname or "").lower()
        for domain, source_id in self._domains:
            if host == domain or host.endswith("." + domain):
                return source_id
        return None


def import_file(
    store: Store,
    importer: Importer,
    path: Path,
    batch_rows: int = BATCH_ROWS,
    on_row: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Read ``path`` with ``importer`` and store every readable row.

    The file is read through once before anything is stored, so a file that breaks halfway
    raises ``DocumentError`` with nothing written.
    """
    read_through(importer, path)
    return DatasetWriter(store, importer, batch_rows).write(importer.read(path), str(path), on_row)
