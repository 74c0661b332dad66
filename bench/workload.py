"""The benchmark's query, and its floor: the same rows by hand-written SQL, encoded to the same JSON.

The page: the 100 most recent events of one type in one country, each with its location, its
actors with roles, and its reports with article and source (about 5,000 GraphQL fields).
"""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime
from typing import Any

import orjson
from sqlalchemy import Engine

from api.graphql.enums import DatePrecision, EventType

QUERY = """
query Page($filter: EventFilter!, $first: Int!) {
  events(filter: $filter, first: $first) {
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id eventType subEventType date datePrecision countryCode
        fatalities { best }
        summary reportCount
        location { id name featureType admin1 latitude longitude }
        actors { role attribution actor { id name kind } }
        reports { id confidence article { id headline url publishedAt source { key name } } }
      }
    }
  }
}
"""
EVENT_TYPE = "Explosions/Remote violence"
COUNTRY = "IQ"
PAGE = 100
VARIABLES: dict[str, Any] = {
    "filter": {"eventTypes": [EventType(EVENT_TYPE).name], "countries": [COUNTRY]},
    "first": PAGE,
}
BODY = orjson.dumps({"query": QUERY, "variables": VARIABLES})

PAGE_SQL = """
SELECT e.id, e.event_type, e.sub_event_type, e.date, e.date_precision, e.country_code, e.fatalities_best,
       e.summary, e.report_count, l.id, l.name, l.feature_type, l.admin1, l.latitude, l.longitude
FROM events e LEFT JOIN locations l ON l.id = e.location_id
WHERE e.event_type = {p} AND e.country_code = {p} AND e.merged_into_id IS NULL
ORDER BY e.date DESC, e.id DESC LIMIT {limit}
"""
ACTORS_SQL = """
SELECT ea.event_id, ea.role, ea.attribution, a.id, a.name, a.kind
FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
WHERE ea.event_id IN ({ids}) ORDER BY ea.role, a.id
"""
REPORTS_SQL = """
SELECT r.event_id, r.id, r.confidence, ar.id, ar.headline, ar.url, ar.published_at, s.key, s.name
FROM reports r JOIN articles ar ON ar.id = r.article_id JOIN sources s ON s.id = ar.source_id
WHERE r.event_id IN ({ids}) ORDER BY r.id
"""
ROLE = {"perpetrator": "PERPETRATOR", "target": "TARGET", "other": "OTHER"}
ATTRIBUTION = {"reported": "REPORTED", "suspected": "SUSPECTED", "claimed": "CLAIMED"}
PRECISION = {p.value: p.name for p in DatePrecision}


def gid(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def _iso(value: Any) -> str | None:
    """Dates and times as GraphQL's Date and DateTime scalars write them."""
    if value is None:
        return None
    if isinstance(value, str):  # SQLite hands back its stored text
        value = datetime.fromisoformat(value) if " " in value or "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):  # stored in UTC, served with its offset
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return str(value.isoformat())


class Floor:
    """Three statements (page, actors, reports) on a DBAPI connection, nested dicts, orjson."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.param = "?" if engine.dialect.name == "sqlite" else "%s"

    def fetch(self) -> bytes:
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute(PAGE_SQL.format(p=self.param, limit=PAGE + 1), (EVENT_TYPE, COUNTRY))
            rows = cursor.fetchall()
            has_next = len(rows) > PAGE
            rows = rows[:PAGE]
            ids = ",".join(str(int(r[0])) for r in rows) or "NULL"
            cursor.execute(ACTORS_SQL.format(ids=ids))
            actors: dict[int, list[dict[str, Any]]] = {}
            for event_id, role, attribution, actor_id, name, kind in cursor.fetchall():
                actors.setdefault(event_id, []).append({
                    "role": ROLE[role], "attribution": ATTRIBUTION[attribution],
                    "actor": {"id": gid("Actor", actor_id), "name": name, "kind": kind},
                })  # fmt: skip
            cursor.execute(REPORTS_SQL.format(ids=ids))
            reports: dict[int, list[dict[str, Any]]] = {}
            for event_id, report_id, confidence, article_id, headline, url, published, key, name in cursor.fetchall():
                reports.setdefault(event_id, []).append({
                    "id": gid("Report", report_id), "confidence": confidence,
                    "article": {"id": gid("Article", article_id), "headline": headline, "url": url,
                                "publishedAt": _iso(published), "source": {"key": key, "name": name}},
                })  # fmt: skip
            cursor.close()
        finally:
            raw.close()
        edges = []
        for r in rows:
            day = _iso(r[3])
            edges.append({
                "cursor": base64.urlsafe_b64encode(orjson.dumps([day, r[0]])).decode().rstrip("="),
                "node": {
                    "id": gid("Event", r[0]), "eventType": EventType(r[1]).name, "subEventType": r[2], "date": day,
                    "datePrecision": PRECISION[r[4]], "countryCode": r[5], "fatalities": {"best": r[6]},
                    "summary": r[7], "reportCount": r[8],
                    "location": None if r[9] is None else {
                        "id": gid("Location", r[9]), "name": r[10], "featureType": r[11], "admin1": r[12],
                        "latitude": r[13], "longitude": r[14],
                    },
                    "actors": actors.get(r[0], []),
                    "reports": reports.get(r[0], []),
                },
            })  # fmt: skip
        page_info = {"hasNextPage": has_next, "endCursor": edges[-1]["cursor"] if edges else None}
        return orjson.dumps({"data": {"events": {"pageInfo": page_info, "edges": edges}}})


def canonical(document: dict[str, Any]) -> dict[str, Any]:
    """Actors sorted by role then id: the API orders by role only, so ties may come in any order."""
    for edge in document["data"]["events"]["edges"]:
        edge["node"]["actors"].sort(key=lambda a: (a["role"], a["actor"]["id"]))
    return document


class InProcess:
    """eventgraph without HTTP: Strawberry's schema.execute, then the JSON encoding the app uses."""

    def __init__(self, engine: Engine, compiled: bool = True) -> None:
        from api.graphql.schema import build_schema
        from api.settings import Settings

        self.engine = engine
        url = engine.url.render_as_string(hide_password=False)
        self.settings = Settings(database_url=url, compiled=compiled, graphiql=False)
        self.schema = build_schema(self.settings)

    async def fetch(self) -> bytes:
        from api.graphql.context import Context

        context = Context(engine=self.engine, settings=self.settings)
        result = await self.schema.execute(QUERY, variable_values=VARIABLES, context_value=context)
        if result.errors:
            raise RuntimeError(f"the benchmark query failed: {result.errors}")
        return orjson.dumps({"data": result.data})
