"""The pages in a real browser: Debian's chromium under playwright-core, every outside address blocked.

tests/web/browser.mjs drives it; this test seeds the database with the real seeds, starts the app,
creates an API key, and runs the script against them. The script saves the README's screenshots.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import Engine

from api.ingest.seed import seed
from api.ingest.service import Ingestor
from api.store.db import make_engine
from api.store.keys import create_key
from api.store.migrate import upgrade
from tests.conftest import LiveServer
from tests.web.support import require_browser

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("browser.mjs")
SCREENSHOTS = Path(os.environ.get("EVENTGRAPH_SCREENSHOTS", REPO / "docs" / "screenshots"))


def _text(output: str | bytes | None) -> str:
    return output.decode(errors="replace") if isinstance(output, bytes) else output or ""


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite only: this test is about the pages; the storage tests cover PostgreSQL."""
    url = f"sqlite:///{tmp_path / 'browser.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def test_graphiql_and_the_events_page_work_offline_in_chromium(
    engine: Engine, ingestor: Ingestor, live_server: LiveServer
) -> None:
    node, chromium = require_browser()
    summary = seed(ingestor)
    assert summary.events_created > 0, summary.to_json()
    _, token = create_key(engine, "browser-test")
    config = {"baseUrl": live_server.url, "apiKey": token, "screenshots": str(SCREENSHOTS), "chromium": str(chromium)}
    try:
        # Each wait in the script has its own 60 s limit; this one only stops a browser that hangs.
        run = subprocess.run(
            [node, str(SCRIPT)],
            env={**os.environ, "EVENTGRAPH_BROWSER_TEST": json.dumps(config)},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(
            f"the browser script did not finish in {exc.timeout} s; it printed:\n{_text(exc.stdout)}\n{_text(exc.stderr)}"
        )
    print(run.stdout)
    assert run.returncode == 0, f"{run.stdout}\n{run.stderr}"
    assert "ok - no request left 127.0.0.1" in run.stdout
    for name in ("graphiql.png", "events.png"):
        assert (SCREENSHOTS / name).stat().st_size > 10_000, name
