"""Hostile markup that got stored, in a real browser: the events page and GraphiQL show it as text.

The corpus's script documents (``<script>`` and ``onerror`` in every field, escaped, raw and
breaking out of JSON-LD) are ingested as `eventgraph ingest` would; the ones stored put their
payloads in headlines and evidence quotes. tests/hostile/render.mjs then opens both pages in
chromium and checks that the payloads are on screen as text, that no element was made of them and
that no script of theirs ran (an ``alert`` opens a dialog the browser reports).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import text

from api.ingest.files import iter_paths
from api.ingest.pipeline import Pipeline
from api.ingest.service import Ingestor, read_all
from api.store.writer import Store
from tests.hostile.corpus import IMG, SCRIPT, scripts
from tests.hostile.test_documents import write
from tests.running import running_app, sqlite_engine
from tests.web.support import require_browser

pytestmark = pytest.mark.slow

SCRIPT_FILE = Path(__file__).with_name("render.mjs")


def test_stored_markup_renders_as_text_in_the_events_page_and_graphiql(tmp_path: Path, pipeline: Pipeline) -> None:
    node, chromium = require_browser()
    write(tmp_path / "documents", list(scripts()))
    engine = sqlite_engine(tmp_path / "eventgraph.db")
    summary = Ingestor(pipeline, Store(engine)).ingest_documents(read_all(iter_paths([tmp_path / "documents"])))
    with engine.connect() as connection:
        headlines = [h for (h,) in connection.execute(text("SELECT headline FROM articles"))]
    assert summary.events_created > 0 and any(SCRIPT in h and IMG in h for h in headlines), summary.to_json()
    with running_app(engine, graphiql=True, production=False) as server:
        config = {"baseUrl": server.url, "chromium": str(chromium), "payloads": [SCRIPT, IMG]}
        run = subprocess.run(
            [node, str(SCRIPT_FILE)],
            env={**os.environ, "EVENTGRAPH_RENDER_TEST": json.dumps(config)},
            capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
    engine.dispose()
    print(run.stdout)
    assert run.returncode == 0, f"{run.stdout}\n{run.stderr}"
    assert "ok - no payload became an element or ran in GraphiQL" in run.stdout
