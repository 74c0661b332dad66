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

from sqlalchemy import Table, exists, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from api.datasets.importer import ImportedRow, Importer, RowError, read_through
from api.extract.candidate import EventCandidate
from api.store import history, merge
from api.store.tables import (
    EventActor,
    EventOrigin,
    Report,
    articles_t,
    events_t,
    locations_t,
    sources_t,
)
from api.store.writer import Store, _claims, best_match, near_conditions, now

origins_t: Table = EventOrigin.__table__  # type: ignore[attr-defined]
BATCH_ROWS = 500
ROW_ID_MAX = 64
# PostgreSQL refuses NOTIFY payloads over 8000 bytes; ~40 bytes an entry.
NOTIFY_CHUNK = 150


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
        changes: list[history.Change] = []
        with Session(self.store.engine) as session, session.begin():
            seen = self._existing(session, [row.row_id for row in batch])
            for row in batch:
                if row.row_id in seen:  # imported before, or twice in this file
                    outcomes.append("already")
                    continue
                seen.add(row.row_id)
                event_id, created = self._save_row(session, row)
                outcomes.append("created" if created else "merged")
                kind = history.CREATED if created else history.REPORTED
                changes.append(history.record(session, event_id, kind, {"dataset": self.dataset, "row": row.row_id}))
            for start in range(0, len(changes), NOTIFY_CHUNK):
                history.notify(session, changes[start : start + NOTIFY_CHUNK])
        return outcomes

    # -- one row ---------------------------------------------------------------------------
    def _save_row(self, session: Session, row: ImportedRow) -> tuple[int, bool]:
        store, candidate = self.store, row.candidate
        place = store._location(session, candidate.location) if candidate.location else None
        location_id, country = place if place else (None, None)
        # A list, not a dict by id: the same actor may hold two roles (GDELT's "USA" vs "USA").
        actors = [(store._resolve_actor(session, actor), actor) for actor in candidate.actors]
        store.lock_event_family(session, candidate.event_type, country)
        target = self._find_match(session, candidate, country, {actor_id for actor_id, _ in actors})
        created = target is None
        if target is None:
            target = store.new_event(session, candidate)
        claims = {**_claims(candidate, location_id), "dataset": self.dataset, "row_id": row.row_id}
        store._insert_ignore(
            session,
            Report,
            event_id=target,
            article_id=self._report_article(session, row),
            evidence=list(candidate.evidence),
            claims=claims,
            extractor=candidate.extractor or self.dataset,
            confidence=candidate.confidence,
        )
        for actor_id, actor in actors:
            store._insert_ignore(
                session, EventActor, event_id=target, actor_id=actor_id, role=actor.role, attribution=actor.attribution
            )
        session.execute(
            origins_t.insert().values(
                event_id=target,
                dataset=self.dataset,
                row_id=row.row_id,
                source_url=row.source_url,
                extra=row.extra,
                imported_at=now(),
            )
        )
        session.flush()
        store._recompute(session, target)
        return target, created

    def _find_match(
        self, session: Session, candidate: EventCandidate, country: str | None, actor_ids: set[int]
    ) -> int | None:
        low, high = merge.date_window(candidate.date, candidate.date_precision)
        e, loc, o = events_t.c, locations_t.c, origins_t.c
        same_dataset = exists(select(o.id).where(o.event_id == e.id, o.dataset == self.dataset))
        rows = session.execute(
            select(e.id, e.date, e.date_precision, e.country_code, loc.latitude, loc.longitude, loc.key, loc.precision)
            .outerjoin(locations_t, loc.id == e.location_id)
            .where(
                e.event_type == candidate.event_type,
                e.date >= low,
                e.date <= high,
                e.merged_into_id.is_(None),
                ~same_dataset,
                *near_conditions(candidate, country),
            )
        ).all()
        return best_match(session, candidate, country, rows, actor_ids)

    # -- the report ------------------------------------------------------------------------
    def _report_article(self, session: Session, row: ImportedRow) -> int:
        """The article the row reports: the one at its SOURCEURL when there is one (an article
        already ingested from that URL, or a stub filed under the outlet that owns the domain),
        else a stub standing for the dataset's record."""
        a = articles_t.c
        if row.source_url:
            found = session.execute(select(a.id).where(a.url == row.source_url)).scalar()
            if found is not None:
                return int(found)
            source_id = self._outlet(session, row.source_url) or self._dataset_source_id(session)
            headline, key = "", f"url\x00{row.source_url}"
        else:
            source_id = self._dataset_source_id(session)
            headline, key = f"{self.importer.source.name} record {row.row_id}", f"row\x00{row.row_id}"
        content_hash = hashlib.sha256(f"{self.dataset}\x00{key}".encode()).hexdigest()
        values: dict[str, Any] = {
            "source_id": source_id,
            "url": row.source_url,
            "headline": headline,
            "body": "",
            "captions": [],
            "content_hash": content_hash,
            "parser": self.dataset,
            "parser_version": self.importer.version,
            "ingested_at": now(),
        }
        insert = pg_insert if self.store.dialect == "postgresql" else sqlite_insert
        session.execute(insert(articles_t).values(**values).on_conflict_do_nothing())
        return int(session.execute(select(a.id).where(a.content_hash == content_hash)).scalar_one())

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
