"""The SQL condition for the `text` filter, in each database's full-text dialect."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, literal_column, select

from api.graphql.errors import BadInput
from api.graphql.loaders import events_t
from api.graphql.selectivity import Matching, Probe, choose
from api.store.search import TS_CONFIG, event_search

WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 20


def search_condition(query: str, dialect: str, probe: Probe | None = None) -> ColumnElement[bool]:
    words = WORD.findall(query)
    if not words:
        raise BadInput("text: give at least one word to search for")
    if len(words) > MAX_WORDS:
        raise BadInput(f"text: at most {MAX_WORDS} words, got {len(words)}")
    if dialect == "sqlite":
        # Each word quoted: user input can never be read as FTS5 syntax (NEAR, OR, column filters).
        fts_query = " ".join(f'"{w}"' for w in words)
        match = literal_column("event_search").op("MATCH")(fts_query)
        rowid: ColumnElement[Any] = literal_column("event_search.rowid")
        matching: Select[Any] = select(rowid).select_from(event_search).where(match)
        gather = events_t.c.id.in_(matching)
        walk = exists(select(rowid).select_from(event_search).where(rowid == events_t.c.id, match))
        return choose(Matching(matching, walk, gather), probe, gather)
    # The configuration is literal SQL so the expression matches the GIN index's exactly.
    config: ColumnElement[Any] = literal_column(f"'{TS_CONFIG}'")
    vector = func.to_tsvector(config, event_search.c.document)
    matching = select(event_search.c.event_id).where(vector.op("@@")(func.plainto_tsquery(config, " ".join(words))))
    return events_t.c.id.in_(matching)
