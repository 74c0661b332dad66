"""ingestArticle with `html`: the outlet's plugin parses the page, over HTTP on both databases."""

from __future__ import annotations

from sqlalchemy import Engine

from api.settings import SEEDS_DIR
from tests.conftest import LiveServer, graphql
from tests.graphql.test_mutations import bearer, ingest, ok

PAGE = SEEDS_DIR / "articles" / "reuters" / "reuters-2020-03-11-camp-taji-rockets.html"
PROVENANCE = """
query($id: ID!) {
  node(id: $id) {
    ... on Article { parser parserVersion source { key } events { reports { extractor article { id } } } }
  }
}
"""


def test_ingest_html_names_the_plugin_that_parsed_it(engine: Engine, live_server: LiveServer) -> None:
    variables = {"input": {"html": PAGE.read_text(), "url": "https://www.reuters.com/article/taji-rockets"}}
    result = ok(ingest(live_server, variables, bearer(engine)))["ingestArticle"]
    assert result["alreadyKnown"] is False
    assert result["article"]["source"]["key"] == "reuters"  # detected: no `source` was given
    assert result["article"]["headline"] and result["events"], result
    assert result["eventsCreated"] == len(result["events"])
    assert {e["history"][0]["kind"] for e in result["events"]} == {"CREATED"}
    article = ok(graphql(live_server, PROVENANCE, {"id": result["article"]["id"]}))["node"]
    assert article["parser"] == "reuters" and article["parserVersion"]
    reports = [r for e in article["events"] for r in e["reports"] if r["article"]["id"] == result["article"]["id"]]
    assert reports and all(r["extractor"] for r in reports), reports
