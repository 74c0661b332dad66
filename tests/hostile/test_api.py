"""The hostile corpus through the API: `ingestArticle` with a valid key, one document a request.

The CLI path is tests/hostile/test_documents.py; this is the path a key holder takes, where the
ingest runs in a worker thread of the server. Each document must come back as its payload or as
errors a client can act on (a code of the client's, or a request error that ran nothing), the
server must go on answering, and nothing it answered may be an internal error. A plugin stopped
by the hook time limit (PLUGIN_ERROR, and the server's log says it ran too long) is a safe result
too; a plugin that crashed is not.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from api.store.keys import create_key
from tests.hostile.corpus import Hostile, build
from tests.running import Running, running_app, sqlite_engine

pytestmark = pytest.mark.slow

DOCUMENTS = build()
INGEST = """mutation Ingest($input: IngestArticleInput!) {
  ingestArticle(input: $input) { alreadyKnown eventsCreated article { url headline } } }"""
CLIENT_CODES = {"BAD_USER_INPUT", "BAD_DOCUMENT", "UNKNOWN_SOURCE", "BAD_REQUEST_BODY"}
META_FIELDS = {"url": "url", "source": "source", "published_at": "publishedAt"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Running, str]]:
    engine = sqlite_engine(tmp_path_factory.mktemp("hostile-api") / "eventgraph.db")
    _, token = create_key(engine, "hostile")
    with running_app(engine) as running:
        yield running, token
    engine.dispose()


def article_input(document: Hostile) -> dict[str, Any]:
    """What a client would send for the file: its text (the API takes strings: bytes that are not
    UTF-8 arrive replaced, as any JSON client would send them), as html or text, and its metadata."""
    field = "text" if document.name.endswith((".txt", ".json")) else "html"
    fields: dict[str, Any] = {field: document.content.decode("utf-8", "replace")}
    for key, name in META_FIELDS.items():
        if document.meta and key in document.meta:
            fields[name] = document.meta[key]
    return fields


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.name)
def test_each_document_sent_to_the_api_gets_a_payload_or_a_client_error(
    server: tuple[Running, str], document: Hostile, caplog: pytest.LogCaptureFixture
) -> None:
    running, token = server
    caplog.set_level(logging.ERROR, logger="eventgraph.mutations")
    with httpx.Client(timeout=300, headers={"authorization": f"Bearer {token}"}) as client:
        response = client.post(running.graphql, json={"query": INGEST, "variables": {"input": article_input(document)}})
        assert response.status_code in (200, 413), (response.status_code, response.text[:500])
        body = response.json()
        errors = body.get("errors") or []
        for error in errors:
            code = (error.get("extensions") or {}).get("code")
            assert error["message"] and "Traceback" not in error["message"], error
            if code == "PLUGIN_ERROR":
                stopped = [r.getMessage() for r in caplog.records if "took longer than" in r.getMessage()]
                assert stopped, f"{document.name}: a plugin failed, not by the time limit: {caplog.text[-2000:]}"
                continue
            assert code in CLIENT_CODES or "path" not in error, f"{document.name}: {error}"
        if not errors:
            assert body["data"]["ingestArticle"]["article"]["url"], body
        # The server is still there, and still answers queries.
        alive = client.post(running.graphql, json={"query": "{ __typename }"})
        assert alive.json() == {"data": {"__typename": "Query"}}
