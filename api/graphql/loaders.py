"""DataLoaders: one SQL statement per kind of child for a whole page, never one per row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Engine, Table, select
from strawberry.dataloader import DataLoader

from api.store import tables
from api.store.tables import (
    actors_t,
    aliases_t,
    articles_t,
    event_actors_t,
    events_t,
    locations_t,
    reports_t,
    sources_t,
)

changes_t: Table = tables.EventChange.__table__  # type: ignore[attr-defined]
origins_t: Table = tables.EventOrigin.__table__  # type: ignore[attr-defined]

Row = dict[str, Any]


class Loaders:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.event = self._by_id(events_t)
        self.location = self._by_id(locations_t)
        self.actor = self._by_id(actors_t)
        self.article = self._by_id(articles_t)
        self.source = self._by_id(sources_t)
        self.report = self._by_id(reports_t)
        self.event_actors = self._grouped(
            event_actors_t, "event_id", order=[event_actors_t.c.role, event_actors_t.c.actor_id]
        )
        self.reports_of_event = self._grouped(reports_t, "event_id", order=[reports_t.c.id])
        self.reports_of_article = self._grouped(reports_t, "article_id", order=[reports_t.c.id])
        self.aliases = self._grouped(aliases_t, "actor_id", order=[aliases_t.c.alias, aliases_t.c.id])
        self.members = self._grouped(actors_t, "parent_id", order=[actors_t.c.name])
        self.event_changes = self._grouped(changes_t, "event_id", order=[changes_t.c.id])
        self.origins_of_event = self._grouped(origins_t, "event_id", order=[origins_t.c.id])

    def fetch(self, statement: Any) -> list[Row]:
        with self.engine.connect() as connection:
            result = connection.execute(statement)
            keys = list(result.keys())  # zip, not RowMapping: dict(row) costs 6 µs a row (bench/query.py)
            return [dict(zip(keys, row, strict=True)) for row in result.fetchall()]

    def _by_id(self, table: Table) -> DataLoader[int, Row | None]:
        async def load(ids: Sequence[int]) -> list[Row | None]:
            found = {row["id"]: row for row in self.fetch(select(table).where(table.c.id.in_(set(ids))))}
            return [found.get(i) for i in ids]

        return DataLoader(load_fn=load)

    def _grouped(self, table: Table, column: str, order: list[Any]) -> DataLoader[int, list[Row]]:
        async def load(keys: Sequence[int]) -> list[list[Row]]:
            groups: defaultdict[int, list[Row]] = defaultdict(list)
            rows = self.fetch(select(table).where(table.c[column].in_(set(keys))).order_by(*order))
            for row in rows:
                groups[row[column]].append(row)
            return [groups.get(k, []) for k in keys]

        return DataLoader(load_fn=load)

    def prime(
        self, loader: DataLoader[int, Row | None], rows: list[Row], key: Callable[[Row], int] | None = None
    ) -> None:
        for row in rows:
            loader.prime(key(row) if key else row["id"], row)
