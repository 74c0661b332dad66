"""Store extracted documents: articles, then their events merged across reports, many documents a
transaction (api/store/batch.py does the events), idempotent by URL and content hash."""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, bindparam, func, or_, select, text
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError, StatementError
from sqlmodel import Session

from api.errors import DocumentError
from api.extract.candidate import EventCandidate
from api.ingest.pipeline import Extraction
from api.ingest.source import SourceInfo
from api.store import bulk, entities, history
from api.store.batch import EventBatch, Item, now, recount
from api.store.tables import (
    Actor,
    ActorAlias,
    Article,
    Event,
    Location,
    Report,
    Source,
    actors_t,
    articles_t,
    sources_t,
)

# deadlock_detected, serialization_failure: the transaction was rolled back and may simply be retried.
RETRYABLE = ("40P01", "40001")
DEADLOCK_ATTEMPTS = 5
__all__ = ["SaveResult", "Store", "StoreError", "StoredEvent", "now"]


@dataclass
class StoredEvent:
    event_id: int
    created: bool
    candidate: EventCandidate


@dataclass
class SaveResult:
    article_id: int | None
    skipped: bool = False
    events: list[StoredEvent] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(1 for e in self.events if e.created)

    @property
    def merged(self) -> int:
        return sum(1 for e in self.events if not e.created)


class Store:
    """Writes to the database. Safe with several processes: uniqueness lives in the database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name

    # -- reference data --------------------------------------------------------------------
    def register_sources(self, infos: Iterable[SourceInfo]) -> None:
        with Session(self.engine) as session, session.begin():
            for info in infos:
                self._upsert(
                    session,
                    Source,
                    ["key"],
                    key=info.key,
                    name=info.name,
                    domains=list(info.domains),
                    country=info.country,
                    language=info.language,
                    kind=info.kind,
                    notes=info.notes,
                )

    def seed_actors(self, entries: Iterable[Any]) -> int:
        """Load the actor dictionary: names, kinds, countries, parents and aliases with outlets.

        A handful of bulk statements whatever the dictionary's size, and safe to repeat: it runs
        whenever an ingest process starts, so aliases are in the database before any event is.
        """
        entries = list(entries)
        if not entries:
            return 0
        a = actors_t.c
        names = {e.name for e in entries} | {e.parent for e in entries if e.parent}
        with Session(self.engine) as session, session.begin():
            known = {e.name: e for e in entries}
            rows = [
                {
                    "name": n,
                    "kind": getattr(known.get(n), "kind", None),
                    "country": getattr(known.get(n), "country", None),
                }
                for n in sorted(names)
            ]
            session.execute(self._insert_stmt(Actor, rows).on_conflict_do_nothing(index_elements=["name"]))
            ids: dict[str, int] = {
                name: pk for name, pk in session.execute(select(a.name, a.id).where(a.name.in_(names)))
            }
            for entry in entries:
                if entry.parent:
                    session.execute(
                        actors_t.update()
                        .where(a.id == ids[entry.name], a.parent_id.is_(None))
                        .values(parent_id=ids[entry.parent])
                    )
            aliases = [
                {"actor_id": ids[e.name], "alias": alias, "source_key": source or ""}
                for e in entries
                for alias, source in e.aliases
            ]
            if aliases:
                session.execute(self._insert_stmt(ActorAlias, aliases).on_conflict_do_nothing())
        return len(entries)

    # -- articles and events ---------------------------------------------------------------
    def save(self, extraction: Extraction) -> SaveResult:
        """Store one document; raises StoreError when it cannot be stored."""
        (result,) = self.save_many([extraction])
        if isinstance(result, StoreError):
            raise result
        return result

    def save_many(self, extractions: Sequence[Extraction]) -> list[SaveResult | StoreError]:
        """Store documents in one transaction; a result (or the reason it failed) for each, in order.

        The outcome is what storing them one by one in this order would give. If the batch cannot
        be stored, each document is stored on its own, so one bad document loses only itself.
        """
        extractions = list(extractions)
        if not extractions:
            return []
        try:
            return list(self._retrying(extractions))
        except Exception as exc:
            if not _document_fault(exc):
                raise
            if len(extractions) == 1:
                return [StoreError(extractions[0], exc)]
        results: list[SaveResult | StoreError] = []
        for extraction in extractions:
            try:
                results.extend(self._retrying([extraction]))
            except Exception as exc:
                if not _document_fault(exc):
                    raise
                results.append(StoreError(extraction, exc))
        return results

    def _retrying(self, extractions: list[Extraction]) -> list[SaveResult]:
        for attempt in range(1, DEADLOCK_ATTEMPTS + 1):
            try:
                return self._save_batch(extractions)
            except OperationalError as exc:
                # Two writers each waiting for the other: PostgreSQL rolls one back; storing it again is safe.
                if getattr(exc.orig, "sqlstate", None) not in RETRYABLE or attempt == DEADLOCK_ATTEMPTS:
                    raise
                time.sleep(random.uniform(0.01, 0.05) * attempt)
        raise AssertionError("unreachable")

    def _save_batch(self, extractions: list[Extraction]) -> list[SaveResult]:
        with Session(self.engine) as session, session.begin():
            bulk.write_lock(session)  # SQLite: what is read from here on stays current
            results = self._articles(session, extractions)
            items: list[tuple[SaveResult, Item]] = [
                (result, Item(candidate, result.article_id, candidate.extractor))
                for result, extraction in zip(results, extractions, strict=True)
                if not result.skipped and result.article_id is not None
                for candidate in extraction.events
            ]
            placed = EventBatch(session).place([item for _, item in items])
            entries = []
            for (result, item), where in zip(items, placed, strict=True):
                result.events.append(StoredEvent(where.event_id, where.created, item.candidate))
                kind = history.CREATED if where.created else history.REPORTED
                entries.append((where.event_id, kind, {"article": result.article_id}))
            history.notify(session, history.record_many(session, entries))
        return results

    def _articles(self, session: Session, extractions: list[Extraction]) -> list[SaveResult]:
        """Insert the articles not stored yet; a result for each document (skipped when already
        stored, by URL or content hash, or earlier in the same batch)."""
        hashes = [e.article.content_hash for e in extractions]  # a property that hashes the body: once
        urls = [e.article.url for e in extractions]
        known = self._known_articles(session, hashes, [u for u in urls if u])  # url or content hash -> id
        sources = self._source_ids(session, {e.source for e in extractions})
        first: dict[str, int] = {}  # content hash or url -> the batch's first stored document with it
        fresh: list[int] = []
        twin: dict[int, int] = {}  # document -> the earlier document in the batch it repeats
        results: list[SaveResult] = []
        for i, (content_hash, url) in enumerate(zip(hashes, urls, strict=True)):
            found = known.get(content_hash) or (known.get(url) if url else None)
            earlier = first.get(content_hash, first.get(url) if url else None)
            results.append(SaveResult(article_id=found, skipped=found is not None or earlier is not None))
            if earlier is not None and found is None:
                twin[i] = earlier
            elif found is None:
                fresh.append(i)
                first.setdefault(content_hash, i)
                if url:
                    first.setdefault(url, i)
        # In hash order, so two writers inserting the same articles wait for each other in one order.
        fresh.sort(key=lambda i: hashes[i])
        ids = dict(zip(fresh, bulk.next_ids(session, articles_t, len(fresh)), strict=True))
        rows = [
            (*_article_row(extractions[i].article, sources[extractions[i].source], hashes[i]), ids[i]) for i in fresh
        ]
        bulk.insert(session, articles_t, (*ARTICLE_COLUMNS, "id"), rows, "ON CONFLICT DO NOTHING")
        stored = self._known_articles(session, [hashes[i] for i in fresh], []) if fresh else {}
        for i in fresh:
            if stored.get(hashes[i]) != ids[i]:  # another writer stored the same article meanwhile
                results[i].skipped = True
                results[i].article_id = stored.get(hashes[i]) or self._existing_article(session, extractions[i])
            else:
                results[i].article_id = ids[i]
        for i, earlier in twin.items():
            results[i].article_id = results[earlier].article_id
        return results

    def _known_articles(self, session: Session, hashes: list[str], urls: list[str]) -> dict[str, int]:
        """Stored articles with one of these content hashes or URLs: id by hash and by URL."""
        where = f"{bulk.member_of(session, 'content_hash', 'hashes')} OR {bulk.member_of(session, 'url', 'urls')}"
        rows = session.execute(
            text(f"SELECT id, url, content_hash FROM articles WHERE {where}"),
            {"hashes": bulk.values(session, hashes), "urls": bulk.values(session, urls)},
        )
        known: dict[str, int] = {}
        for pk, url, content_hash in rows:
            known[content_hash] = pk
            if url:
                known[url] = pk
        return known

    def _source_ids(self, session: Session, keys: set[str]) -> dict[str, int]:
        s = sources_t.c
        query = select(s.key, s.id).where(s.key.in_(bindparam("keys", expanding=True)))
        found: dict[str, int] = {k: v for k, v in session.execute(query, {"keys": sorted(keys)})}
        missing = sorted(keys - set(found))
        if missing:  # a plugin's source that registered no SourceInfo: named by its key
            stmt = entities.insert(self.dialect, sources_t).on_conflict_do_nothing(index_elements=["key"])
            session.execute(stmt, [{"key": k, "name": k, "domains": []} for k in missing])
            found.update((k, v) for k, v in session.execute(query, {"keys": missing}))
        return found

    def _existing_article(self, session: Session, extraction: Extraction) -> int | None:
        article = extraction.article
        a = articles_t.c
        conditions = [a.content_hash == article.content_hash]
        if article.url:
            conditions.append(a.url == article.url)
        found = session.execute(select(a.id).where(or_(*conditions))).first()
        return int(found[0]) if found else None

    def _recompute(self, session: Session, event_id: int) -> None:
        """Set each field to the value best supported by the event's reports (after a person's edit)."""
        recount(session, event_id)

    # -- entities (the editor's) -----------------------------------------------------------
    def _actor_id(self, session: Session, name: str, kind: str | None, country: str | None) -> int:
        return self._upsert(session, Actor, ["name"], update=False, name=name, kind=kind, country=country)

    def _insert_stmt(self, model: Any, values: dict[str, Any] | list[dict[str, Any]]) -> Any:
        insert = entities.insert(self.dialect, model.__table__)
        return insert.values(values) if isinstance(values, list) else insert.values(**values)

    def _insert_ignore(self, session: Session, model: Any, **values: Any) -> None:
        session.execute(self._insert_stmt(model, values).on_conflict_do_nothing())

    def _upsert(self, session: Session, model: Any, keys: list[str], update: bool = True, **values: Any) -> int:
        """Insert or (when ``update``) refresh a row found by its unique ``keys``; return its id.

        ON CONFLICT keeps concurrent writers from creating duplicates without Python locks.
        """
        stmt = self._insert_stmt(model, values)
        if update:
            stmt = stmt.on_conflict_do_update(
                index_elements=keys, set_={k: v for k, v in values.items() if k not in keys}
            )
        else:
            stmt = stmt.on_conflict_do_nothing(index_elements=keys)
        session.execute(stmt)
        table = model.__table__
        found = session.execute(select(table.c.id).where(*(table.c[k] == values[k] for k in keys))).scalar_one()
        return int(found)

    def counts(self) -> dict[str, int]:
        with Session(self.engine) as session:
            return {
                table.__tablename__: session.execute(select(func.count()).select_from(table)).scalar_one()
                for table in (Source, Article, Actor, Location, Event, Report)
            }


class StoreError(DocumentError):
    """A document that reached the store but could not be written; nothing of it was."""

    code = "STORE_FAILED"

    def __init__(self, extraction: Extraction, exc: BaseException) -> None:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__]
        super().__init__(extraction.document.name, f"cannot be stored: {type(exc).__name__}: {reason[0][:300]}")
        self.cause = exc


def _document_fault(exc: BaseException) -> bool:
    """Whether storing a batch failed because of what is in it (a value the database refuses, a
    row that collides with another writer's): then each document is tried alone. A database that
    cannot be reached or is busy, or a mistake in the code, stops the ingest instead."""
    if isinstance(exc, DBAPIError):
        return isinstance(exc, IntegrityError | DataError)
    return isinstance(exc, StatementError | ValueError | TypeError | OverflowError)


ARTICLE_COLUMNS = (
    "source_id", "url", "headline", "standfirst", "byline", "dateline", "published_at", "modified_at", "body",
    "captions", "content_hash", "parser", "parser_version", "ingested_at",
)  # fmt: skip


def _article_row(parsed: Any, source_id: int, content_hash: str) -> tuple[Any, ...]:
    """An article's values in ARTICLE_COLUMNS order."""
    return (
        source_id, parsed.url, parsed.headline, parsed.standfirst, parsed.byline, parsed.dateline,
        _utc(parsed.published_at), _utc(parsed.modified_at), parsed.body,
        [{"text": c.text, "credit": c.credit} for c in parsed.captions], content_hash, parsed.parser,
        parsed.parser_version, now(),
    )  # fmt: skip


def _utc(value: datetime | None) -> datetime | None:
    """Times are stored in UTC; a naive time from a plugin is taken to be UTC already."""
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value
