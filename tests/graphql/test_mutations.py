from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from api.graphql.ids import to_global_id
from api.store.keys import create_key, revoke_key
from api.store.writer import Store
from tests.conftest import LiveServer, graphql
from tests.factories import AIN_AL_ASAD, SOURCES, TAJI, extraction, rocket_attack
from tests.shared import shared_path

TAJI_TEXT = ("corpus", "jpost", "jpost-2020-06-13-camp-taji-rockets.txt")
INGEST = """
mutation($input: IngestArticleInput!) {
  ingestArticle(input: $input) {
    alreadyKnown eventsCreated eventsMerged
    article { id headline url source { key } }
    events { id date eventType reportCount history { kind apiKeyName article { url } } }
  }
}
"""
CORRECT = """
mutation($id: ID!, $input: CorrectEventInput!) {
  correctEvent(id: $id, input: $input) {
    event { id date fatalities { low best high } injuries location { name } actors { role actor { name } } }
    change { kind eventId apiKeyName note before after at }
  }
}
"""
EVENT = """
query($id: ID!) {
  event(id: $id) {
    id reportCount fatalities { best } location { name } actors { role actor { name } }
    reports { id article { source { key } } }
    history { kind apiKeyName relatedEventIds note before after }
  }
}
"""
MERGE = "mutation($ids: [ID!]!) { mergeEvents(ids: $ids) { event { id reportCount } mergedIds } }"
SPLIT = """
mutation($id: ID!, $reports: [ID!]!) {
  splitEvent(id: $id, reportIds: $reports) {
    event { id reportCount reports { id } }
    newEvent { id reportCount reports { id } actors { role actor { name } } history { kind relatedEventIds } }
  }
}
"""
DELETE = 'mutation($id: ID!) { deleteEvent(id: $id, reason: "not an attack") { deletedEventId deletedIds } }'
CHANGES = """
query($since: DateTime!, $kinds: [EventChangeKind!], $first: Int, $after: String) {
  eventChanges(since: $since, kinds: $kinds, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { kind eventId relatedEventIds apiKeyName event { id } }
  }
}
"""
COUNT = "{ events(first: 100) { totalCount nodes { id } } articles(first: 100) { totalCount } }"


def bearer(engine: Engine, name: str = "tester") -> dict[str, str]:
    _, token = create_key(engine, name)
    return {"Authorization": f"Bearer {token}"}


def ingest(server: LiveServer, variables: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    """POST ingestArticle with room for the first call, which loads the plugins' dictionaries."""
    response = httpx.post(server.graphql, json={"query": INGEST, "variables": variables}, headers=headers, timeout=120)
    return dict(response.json())


def ok(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body
    return dict(body["data"])


def code(body: dict[str, Any]) -> str:
    assert body.get("errors"), body
    return str(body["errors"][0]["extensions"]["code"])


def event_ids(server: LiveServer) -> list[str]:
    return [n["id"] for n in ok(graphql(server, COUNT))["events"]["nodes"]]


def seed_two_reports(engine: Engine) -> None:
    """One rocket attack on Camp Taji reported by Reuters (3 killed) and later by the Jerusalem Post (2)."""
    store = Store(engine)
    store.register_sources(SOURCES)
    store.save(
        extraction(
            "reuters", "taji-1", [rocket_attack(date(2020, 3, 11), TAJI, killed=3, perpetrator="Kataib Hezbollah")]
        )
    )
    store.save(extraction("jpost", "taji-2", [rocket_attack(date(2020, 3, 11), TAJI, killed=2)]))


def test_mutations_need_a_valid_key_and_queries_do_not(engine: Engine, live_server: LiveServer) -> None:
    seed_two_reports(engine)
    event = event_ids(live_server)[0]
    variables = {"id": event, "input": {"injuries": 4}}
    missing = graphql(live_server, CORRECT, variables)
    assert code(missing) == "UNAUTHENTICATED" and "Authorization: Bearer" in missing["errors"][0]["message"]
    assert code(graphql(live_server, CORRECT, variables, Authorization="Bearer eg_000000000000_nottherightsecret")) == (
        "UNAUTHENTICATED"
    )
    assert code(graphql(live_server, CORRECT, variables, Authorization="Basic dXNlcjpwYXNz")) == "UNAUTHENTICATED"
    headers = bearer(engine, "soon-revoked")
    revoke_key(engine, "soon-revoked")
    refused = graphql(live_server, CORRECT, variables, **headers)
    assert code(refused) == "UNAUTHENTICATED" and "revoked" in refused["errors"][0]["message"]
    # Nothing was written, and reads stay public whatever the header says.
    assert ok(graphql(live_server, EVENT, {"id": event}, **headers))["event"]["history"][-1]["kind"] != "CORRECTED"


def test_ingest_article_over_http_is_idempotent(engine: Engine, live_server: LiveServer) -> None:
    text = shared_path(*TAJI_TEXT).read_text()
    headers = bearer(engine)
    variables = {
        "input": {
            "text": text,
            "source": "jpost",
            "url": "https://www.jpost.com/middle-east/camp-taji-rockets",
            "publishedAt": "2020-06-13T19:30:00Z",
        }
    }
    first = ok(ingest(live_server, variables, headers))["ingestArticle"]
    assert first["alreadyKnown"] is False
    assert first["article"]["source"]["key"] == "jpost"
    assert first["article"]["headline"] == text.strip().splitlines()[0]
    assert first["events"], "the Camp Taji article reports several attacks"
    assert first["eventsCreated"] + first["eventsMerged"] == len(first["events"])
    for event in first["events"]:
        assert event["history"][0]["kind"] in {"CREATED", "REPORTED"}
        assert event["history"][-1]["article"]["url"] == variables["input"]["url"]  # type: ignore[index]
    listed = ok(graphql(live_server, COUNT))
    assert sorted(e["id"] for e in first["events"]) == sorted(n["id"] for n in listed["events"]["nodes"])

    again = ok(ingest(live_server, variables, headers))["ingestArticle"]
    assert again["alreadyKnown"] is True and again["eventsCreated"] == 0
    assert again["article"]["id"] == first["article"]["id"]
    assert sorted(e["id"] for e in again["events"]) == sorted(e["id"] for e in first["events"])
    assert ok(graphql(live_server, COUNT)) == listed


@pytest.mark.parametrize(
    ("input", "expected"),
    [
        ({"text": "Rockets hit.", "html": "<p>Rockets hit.</p>", "source": "jpost"}, "BAD_USER_INPUT"),
        ({"source": "jpost"}, "BAD_USER_INPUT"),
        ({"text": "Rockets hit the base.", "source": "nosuchoutlet"}, "UNKNOWN_SOURCE"),
        ({"text": "   ", "source": "jpost"}, "BAD_DOCUMENT"),
    ],
)
def test_bad_ingest_input_is_named_and_nothing_is_written(
    engine: Engine, live_server: LiveServer, input: dict[str, str], expected: str
) -> None:
    body = ingest(live_server, {"input": input}, bearer(engine))
    assert code(body) == expected, body
    assert ok(graphql(live_server, COUNT))["articles"]["totalCount"] == 0


def test_correction_is_attributed_and_survives_later_reports(engine: Engine, live_server: LiveServer) -> None:
    store = Store(engine)
    store.register_sources(SOURCES)
    store.save(extraction("reuters", "taji-1", [rocket_attack(date(2020, 3, 11), TAJI, killed=3)]))
    event = event_ids(live_server)[0]
    location = to_global_id("Location", 1)
    body = graphql(
        live_server,
        CORRECT,
        {
            "id": event,
            "input": {
                "fatalities": {"best": 3, "high": 5},
                "injuries": 14,
                "location": location,
                "actors": [
                    {"name": "Kataib Hezbollah", "role": "PERPETRATOR", "attribution": "SUSPECTED"},
                    {"name": "US-led coalition", "role": "TARGET"},
                ],
                "note": "Pentagon briefing",
            },
        },
        **bearer(engine, "desk-editor"),
    )
    corrected = ok(body)["correctEvent"]
    assert corrected["event"]["fatalities"] == {"low": 3, "best": 3, "high": 5}
    assert corrected["event"]["injuries"] == 14
    assert {(a["role"], a["actor"]["name"]) for a in corrected["event"]["actors"]} == {
        ("PERPETRATOR", "Kataib Hezbollah"),
        ("TARGET", "US-led coalition"),
    }
    change = corrected["change"]
    assert change["kind"] == "CORRECTED" and change["apiKeyName"] == "desk-editor" and change["eventId"] == event
    assert change["note"] == "Pentagon briefing"
    assert change["before"]["fatalitiesHigh"] == 3 and change["after"]["fatalitiesHigh"] == 5
    assert change["before"]["injuries"] is None and change["after"]["injuries"] == 14
    assert {a["role"] for a in change["after"]["actors"]} == {"PERPETRATOR", "TARGET"}

    # Two more outlets report the attack with other numbers and no perpetrator: the correction holds.
    store.save(extraction("jpost", "taji-2", [rocket_attack(date(2020, 3, 11), TAJI, killed=1)]))
    store.save(extraction("tasnim", "taji-3", [rocket_attack(date(2020, 3, 11), TAJI, killed=1)]))
    after = ok(graphql(live_server, EVENT, {"id": event}))["event"]
    assert after["reportCount"] == 3
    assert after["fatalities"]["best"] == 3
    assert ("PERPETRATOR", "Kataib Hezbollah") in {(a["role"], a["actor"]["name"]) for a in after["actors"]}
    assert [h["kind"] for h in after["history"]] == ["CREATED", "CORRECTED", "REPORTED", "REPORTED"]
    assert after["history"][1]["apiKeyName"] == "desk-editor"


@pytest.mark.parametrize(
    ("input", "message"),
    [
        ({}, "changes nothing"),
        ({"fatalities": {"best": 5, "low": 7}}, "low <= best <= high"),
        ({"injuries": -1}, "0 or more"),
        ({"date": (datetime.now(UTC).date() + timedelta(days=30)).isoformat()}, "in the future"),
        ({"location": to_global_id("Location", 999)}, "no location"),
        ({"location": to_global_id("Actor", 1)}, "a Location ID is needed"),
        ({"actors": [{"role": "TARGET"}]}, "exactly one"),
    ],
)
def test_bad_corrections_are_refused(engine: Engine, live_server: LiveServer, input: dict, message: str) -> None:
    seed_two_reports(engine)
    event = event_ids(live_server)[0]
    body = graphql(live_server, CORRECT, {"id": event, "input": input}, **bearer(engine))
    assert code(body) == "BAD_USER_INPUT" and message in body["errors"][0]["message"], body
    assert "CORRECTED" not in {h["kind"] for h in ok(graphql(live_server, EVENT, {"id": event}))["event"]["history"]}


def test_merge_resolves_merged_away_ids_and_sync_sees_it(engine: Engine, live_server: LiveServer) -> None:
    store = Store(engine)
    store.register_sources(SOURCES)
    # Far apart, so the store keeps them apart; an editor knows they are one attack.
    store.save(extraction("reuters", "a", [rocket_attack(date(2020, 1, 8), AIN_AL_ASAD, killed=0)]))
    store.save(extraction("tasnim", "b", [rocket_attack(date(2020, 1, 8), TAJI, killed=80)]))
    survivor, gone = sorted(event_ids(live_server))
    headers = bearer(engine, "merger")
    since = datetime.now(UTC)  # after the two CREATED entries
    ok(graphql(live_server, CORRECT, {"id": gone, "input": {"injuries": 11}}, **headers))

    merged = ok(graphql(live_server, MERGE, {"ids": [survivor, gone]}, **headers))["mergeEvents"]
    assert merged == {"event": {"id": survivor, "reportCount": 2}, "mergedIds": [gone]}
    assert event_ids(live_server) == [survivor]
    resolved = ok(graphql(live_server, EVENT, {"id": gone}))["event"]
    assert resolved["id"] == survivor and resolved["reportCount"] == 2
    assert {r["article"]["source"]["key"] for r in resolved["reports"]} == {"reuters", "tasnim"}
    assert resolved["history"][-1]["kind"] == "MERGED" and resolved["history"][-1]["relatedEventIds"] == [gone]
    injuries = ok(graphql(live_server, "query($id: ID!) { event(id: $id) { injuries } }", {"id": survivor}))
    assert injuries["event"]["injuries"] == 11  # the absorbed event's correction carried over

    sync = ok(
        graphql(live_server, CHANGES, {"since": since.isoformat(), "kinds": ["MERGED_AWAY", "DELETED"], "first": 10})
    )
    assert sync["eventChanges"]["nodes"] == [
        {
            "kind": "MERGED_AWAY",
            "eventId": gone,
            "relatedEventIds": [survivor],
            "apiKeyName": "merger",
            "event": {"id": survivor},
        }
    ]
    every = ok(graphql(live_server, CHANGES, {"since": since.isoformat(), "first": 2}))["eventChanges"]
    assert every["totalCount"] == 3 and every["pageInfo"]["hasNextPage"]
    rest = ok(
        graphql(live_server, CHANGES, {"since": since.isoformat(), "first": 2, "after": every["pageInfo"]["endCursor"]})
    )
    kinds = [n["kind"] for n in every["nodes"] + rest["eventChanges"]["nodes"]]
    assert kinds == ["CORRECTED", "MERGED_AWAY", "MERGED"]

    again = graphql(live_server, MERGE, {"ids": [gone, survivor]}, **headers)
    assert code(again) == "BAD_USER_INPUT" and f"merged into {survivor}" in again["errors"][0]["message"]
    assert code(graphql(live_server, MERGE, {"ids": [survivor]}, **headers)) == "BAD_USER_INPUT"
    assert code(graphql(live_server, MERGE, {"ids": [survivor, to_global_id("Event", 999)]}, **headers)) == "NOT_FOUND"


def test_split_moves_reports_to_a_new_event(engine: Engine, live_server: LiveServer) -> None:
    seed_two_reports(engine)
    event = event_ids(live_server)[0]
    reports = ok(graphql(live_server, EVENT, {"id": event}))["event"]["reports"]
    assert len(reports) == 2
    headers = bearer(engine)
    jpost = next(r["id"] for r in reports if r["article"]["source"]["key"] == "jpost")
    split = ok(graphql(live_server, SPLIT, {"id": event, "reports": [jpost]}, **headers))["splitEvent"]
    assert split["event"]["reportCount"] == 1 and split["newEvent"]["reportCount"] == 1
    assert [r["id"] for r in split["newEvent"]["reports"]] == [jpost]
    # The jpost report named no perpetrator, so the new event has none; the original keeps its own.
    assert {a["role"] for a in split["newEvent"]["actors"]} == {"TARGET"}
    assert split["newEvent"]["history"] == [{"kind": "CREATED", "relatedEventIds": [event]}]
    original = ok(graphql(live_server, EVENT, {"id": event}))["event"]
    assert original["fatalities"]["best"] == 3 and "PERPETRATOR" in {a["role"] for a in original["actors"]}
    assert original["history"][-1] == {
        "kind": "SPLIT", "apiKeyName": "tester", "relatedEventIds": [split["newEvent"]["id"]],
        "note": None, "before": None, "after": None,
    }  # fmt: skip
    assert len(event_ids(live_server)) == 2

    everything = [r["id"] for r in split["event"]["reports"]]
    assert code(graphql(live_server, SPLIT, {"id": event, "reports": everything}, **headers)) == "BAD_USER_INPUT"
    stranger = graphql(live_server, SPLIT, {"id": event, "reports": [jpost]}, **headers)
    assert code(stranger) == "BAD_USER_INPUT" and "not reports of event" in stranger["errors"][0]["message"]


def test_delete_leaves_a_trace_for_syncing_clients(engine: Engine, live_server: LiveServer) -> None:
    seed_two_reports(engine)
    event = event_ids(live_server)[0]
    since = datetime.now(UTC) - timedelta(seconds=5)
    deleted = ok(graphql(live_server, DELETE, {"id": event}, **bearer(engine)))["deleteEvent"]
    assert deleted == {"deletedEventId": event, "deletedIds": [event]}
    assert ok(graphql(live_server, EVENT, {"id": event}))["event"] is None
    assert ok(graphql(live_server, COUNT))["events"]["totalCount"] == 0
    assert ok(graphql(live_server, COUNT))["articles"]["totalCount"] == 2  # the articles stay
    changes = ok(graphql(live_server, CHANGES, {"since": since.isoformat(), "kinds": ["DELETED"], "first": 5}))
    assert changes["eventChanges"]["nodes"] == [
        {"kind": "DELETED", "eventId": event, "relatedEventIds": [], "apiKeyName": "tester", "event": None}
    ]
