"""Hostile and broken documents: each gets a clear error naming it or a safe result, in time;
none crashes the batch; nothing from them reaches a client as live markup."""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, func, select

from api.errors import EventgraphError
from api.ingest.files import iter_paths
from api.ingest.pipeline import Pipeline
from api.ingest.sanity import MAX_CASUALTIES
from api.ingest.service import Failure, Ingestor, read_all
from api.store.tables import Article, events_t
from api.store.writer import Store
from tests.hostile.corpus import Hostile, build
from tests.running import REPO, running_app, sqlite_engine

DOCUMENTS = build()
SECONDS_PER_DOCUMENT = 30.0  # the plugin host stops any one hook at 10 s; this bounds the whole pipeline
WEB_STATIC = REPO / "api" / "web" / "static"


@dataclass
class Outcome:
    seconds: float
    failure: str | None = None  # the per-document error, or None when the article was stored (or known)
    crash: str | None = None  # anything that is not an EventgraphError: a bug


@dataclass
class Run:
    folder: Path
    engine: Engine
    outcomes: dict[str, Outcome]


def write(folder: Path, documents: list[Hostile]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for document in documents:
        for name, content in document.files():
            (folder / name).write_bytes(content)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Iterator[Run]:
    """Every document through the CLI's own reading and ingest path, one at a time, timed."""
    root = tmp_path_factory.mktemp("hostile")
    folder = root / "documents"
    write(folder, DOCUMENTS)
    engine = sqlite_engine(root / "eventgraph.db")
    ingestor = Ingestor(pipeline, Store(engine))
    outcomes: dict[str, Outcome] = {}
    started = time.perf_counter()
    for item in read_all(iter_paths([folder])):
        name = Path(item.document if isinstance(item, Failure) else item.name).name
        try:
            if isinstance(item, Failure):
                outcomes[name] = Outcome(time.perf_counter() - started, failure=item.reason)
            else:
                ingestor.ingest(item)
                outcomes[name] = Outcome(time.perf_counter() - started)
        except EventgraphError as exc:
            outcomes[name] = Outcome(time.perf_counter() - started, failure=str(exc))
        except Exception as exc:  # recorded, not raised: every document gets its verdict
            outcomes[name] = Outcome(time.perf_counter() - started, crash=f"{type(exc).__name__}: {exc}"[:500])
        started = time.perf_counter()
    yield Run(folder, engine, outcomes)
    engine.dispose()


def test_the_corpus_is_big_and_varied() -> None:
    assert len(DOCUMENTS) >= 50
    assert sum(d.expect == "error" for d in DOCUMENTS) >= 20


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.name)
def test_each_document_gets_a_clear_error_or_a_safe_result_in_time(run: Run, document: Hostile) -> None:
    outcome = run.outcomes.get(document.name)
    assert outcome is not None, f"{document.name} was never read"
    assert outcome.crash is None, f"{document.name} crashed the pipeline: {outcome.crash}"
    assert outcome.seconds < SECONDS_PER_DOCUMENT, f"{document.name} took {outcome.seconds:.1f}s"
    if document.expect == "error":
        assert outcome.failure is not None, f"{document.name} ({document.why or 'hostile'}) was stored"
    if outcome.failure is not None:
        assert document.name in outcome.failure, f"the error does not name the document: {outcome.failure}"
        assert len(outcome.failure) < 1000 and "\n" not in outcome.failure.strip()
        assert "Traceback" not in outcome.failure


@pytest.mark.slow
def test_the_batch_survives_every_document(run: Run, pipeline: Pipeline, tmp_path: Path) -> None:
    """The same folder through Ingestor.ingest_documents, as `eventgraph ingest` runs it: it returns."""
    engine = sqlite_engine(tmp_path / "batch.db")
    summary = Ingestor(pipeline, Store(engine)).ingest_documents(read_all(iter_paths([run.folder])))
    assert summary.documents == len(DOCUMENTS)
    expected_failures = {name for name, o in run.outcomes.items() if o.failure is not None}
    assert {Path(f.document).name for f in summary.failures} == expected_failures
    with engine.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(Article)).scalar_one()
    assert stored == summary.stored > 0
    engine.dispose()


@pytest.mark.slow
def test_the_cli_reports_each_failure_and_exits_1(run: Run, tmp_path: Path) -> None:
    env = {"EVENTGRAPH_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "PATH": "/usr/bin:/bin"}
    eventgraph = str(REPO / ".venv" / "bin" / "eventgraph")
    subprocess.run([eventgraph, "db", "upgrade"], env=env, check=True, capture_output=True, timeout=120)
    done = subprocess.run([eventgraph, "ingest", str(run.folder), "--json"], env=env, capture_output=True,
                          text=True, timeout=1800, check=False)  # fmt: skip
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    summary = json.loads(done.stdout)
    assert summary["documents"] == len(DOCUMENTS)
    assert {Path(f["document"]).name for f in summary["failures"]} == {
        name for name, o in run.outcomes.items() if o.failure is not None
    }


# -- nothing reaches a client unescaped ---------------------------------------------------------------
TEXT_QUERY = """query($after: String) { articles(first: 100, after: $after) {
  pageInfo { hasNextPage endCursor }
  nodes { url headline byline dateline body standfirst captions { text credit }
          events { summary evidence location { name } actors { actor { name } } } } } }"""


def test_stored_markup_is_plain_text_in_json(run: Run) -> None:
    with running_app(run.engine) as server, httpx.Client() as client:
        texts: list[str] = []
        urls: list[str] = []
        after = None
        while True:
            response = client.post(server.graphql, json={"query": TEXT_QUERY, "variables": {"after": after}})
            assert response.headers["content-type"] == "application/json"
            assert response.headers["x-content-type-options"] == "nosniff"
            body = response.json()
            assert "errors" not in body, body
            page = body["data"]["articles"]
            for article in page["nodes"]:
                urls.append(article["url"] or "")
                texts.extend(_strings(article))
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        # The escaped payloads arrive as the text they were in the page: stored as text, served as JSON strings.
        assert any("<script>" in text for text in texts), "no hostile markup got stored: the test proves nothing"
        # No stored URL can run code when a page makes it a link.
        assert all(url == "" or re.match(r"^https?://", url) for url in urls), [u for u in urls if "script" in u]
        # The HTML pages are rendered without stored data; the data arrives as JSON and becomes text nodes.
        for path in ("/", "/graphql"):
            page_html = client.get(server.url + path, headers={"accept": "text/html"}).text
            assert "alert(" not in page_html and "onerror" not in page_html


def test_absurd_casualty_figures_are_not_stored(run: Run) -> None:
    with run.engine.connect() as connection:
        rows = connection.execute(
            select(func.max(events_t.c.fatalities_high), func.max(events_t.c.fatalities_best),
                   func.max(events_t.c.injuries), func.min(events_t.c.fatalities_low), func.count())
        ).one()  # fmt: skip
    assert rows[-1] > 0, "no events were stored: the test proves nothing"
    assert all(value is None or 0 <= value <= MAX_CASUALTIES for value in rows[:-1]), rows


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


# Any of these with data in them would turn stored text into markup; the pages build DOM nodes instead.
HTML_SINKS = re.compile(r"\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|\beval\(|new Function\(")


def test_the_web_pages_never_write_markup_from_data() -> None:
    scripts = sorted(WEB_STATIC.rglob("*.js"))
    assert scripts, f"no scripts under {WEB_STATIC}"
    offenders = [f"{p.relative_to(REPO)}:{n}" for p in scripts
                 for n, line in enumerate(p.read_text().splitlines(), 1) if HTML_SINKS.search(line)]  # fmt: skip
    assert offenders == []


def test_links_in_the_events_page_only_take_web_urls() -> None:
    """A javascript: URL that got past ingest must still not become a clickable link."""
    source = (WEB_STATIC / "events" / "list.js").read_text()
    assert re.search(r"https\?", source), "list.js makes article.url a link without checking its scheme"
