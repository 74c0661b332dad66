"""The `eventgraph` command as a user runs it: a real process, real files, a real database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from api.settings import SEEDS_DIR
from api.store.db import make_engine
from tests.shared import shared_path

EVENTGRAPH = [sys.executable, "-m", "api.cli"]
SEED_ARTICLE = ("corpus", "jpost", "jpost-2020-06-13-camp-taji-rockets.txt")


def run(*args: str, database: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    if database:
        env["EVENTGRAPH_DATABASE_URL"] = database
    return subprocess.run([*EVENTGRAPH, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert run("db", "upgrade", database=url).returncode == 0
    return url


def counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with engine.connect() as conn:
        tables = ("articles", "events", "reports", "actors", "locations")
        result = {t: conn.execute(select(func.count()).select_from(text(t))).scalar_one() for t in tables}
    engine.dispose()
    return result


def test_extract_json_contract_on_the_seed_article() -> None:
    path = shared_path(*SEED_ARTICLE)
    proc = run("extract", str(path), "--json", "--published", "2020-06-13T19:30:00Z")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["source"] == "jpost"
    assert set(out["article"]) >= {"headline", "byline", "dateline", "published_at", "url", "body", "captions"}
    assert out["article"]["headline"].startswith("Rocket attack near US base in Iraq")
    taji = [e for e in out["events"] if e["date"] == "2020-06-13" and "Taji" in (e["location"] or {}).get("name", "")]
    assert taji, out["events"]
    event = taji[0]
    assert event["event_type"] == "Explosions/Remote violence"
    assert event["date_precision"] in ("day", "week", "month", "year")
    assert event["location"]["country"] == "IQ"
    assert abs(event["location"]["latitude"] - 33.52) < 0.3 and abs(event["location"]["longitude"] - 44.26) < 0.3
    assert {"perpetrator", "target", "other"} >= {a["role"] for a in event["actors"]}
    assert set(event["fatalities"]) == {"low", "best", "high"}
    assert event["evidence"] and all(isinstance(s, str) for s in event["evidence"])


@pytest.mark.slow  # subprocesses that load the dictionaries: seconds each
def test_ingest_seed_folder_twice_changes_nothing(sqlite_url: str) -> None:
    first = run("ingest", str(SEEDS_DIR / "articles"), "--json", database=sqlite_url)
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["articles_stored"] >= 6 and summary["failures"] == []
    before = counts(sqlite_url)
    assert before["events"] > 0 and before["reports"] >= before["events"]
    again = json.loads(run("ingest", str(SEEDS_DIR / "articles"), "--json", database=sqlite_url).stdout)
    assert again["articles_stored"] == 0 and again["unchanged"] == summary["articles_stored"]
    assert counts(sqlite_url) == before


@pytest.mark.slow  # subprocesses that load the dictionaries: seconds each
def test_ingest_one_document_a_transaction_stores_what_batches_store(sqlite_url: str, tmp_path: Path) -> None:
    one_by_one = f"sqlite:///{tmp_path / 'single.db'}"
    assert run("db", "upgrade", database=one_by_one).returncode == 0
    batched = run("ingest", str(SEEDS_DIR / "articles"), "--json", database=sqlite_url)
    single = run("ingest", str(SEEDS_DIR / "articles"), "--json", "--batch", "1", database=one_by_one)
    assert batched.returncode == single.returncode == 0, batched.stderr + single.stderr
    assert json.loads(batched.stdout) == json.loads(single.stdout)
    assert counts(sqlite_url) == counts(one_by_one)
    refused = run("ingest", str(SEEDS_DIR / "articles"), "--batch", "0", database=one_by_one)
    assert refused.returncode != 0 and "--batch" in refused.stderr


def test_seed_loads_sources_actors_and_articles(sqlite_url: str) -> None:
    proc = run("seed", database=sqlite_url)
    assert proc.returncode == 0, proc.stderr
    assert counts(sqlite_url)["articles"] >= 6
    assert "already has articles" in run("seed", "--if-empty", database=sqlite_url).stdout


@pytest.mark.slow  # one eventgraph process per bad input
@pytest.mark.parametrize(
    ("name", "content", "args", "message"),
    [
        ("missing.txt", None, [], "no such file"),
        ("empty.txt", b"", ["--source", "jpost"], "empty"),
        ("unknown.txt", b"Some text from nowhere.\n\nMore text.", [], "no plugin recognised the outlet"),
        ("any.txt", b"Headline\n\nBody.", ["--source", "nosuch"], "unknown source 'nosuch'"),
        ("dated.txt", b"Headline\n\nBody.", ["--source", "jpost", "--published", "13/06/2020"], "cannot read the date"),
        ("broken.json", b'{"text": "x", ', [], "malformed JSON"),
        ("wrong.json", b'{"text": 5}', [], "must be a string"),
        ("neither.json", b'{"url": "https://www.jpost.com/a"}', [], "neither 'html' nor 'text'"),
    ],
)
def test_bad_input_is_one_clear_line_and_nothing_is_written(
    tmp_path: Path, sqlite_url: str, name: str, content: bytes | None, args: list[str], message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    for command in (["extract", str(path), "--json"], ["ingest", str(path)]):
        proc = run(*command, *args, database=sqlite_url)
        assert proc.returncode != 0, proc.stdout
        assert message in proc.stderr, proc.stderr
        assert str(path) in proc.stderr.replace("\n", "")
    assert counts(sqlite_url)["articles"] == 0


def test_one_bad_document_does_not_stop_the_batch(tmp_path: Path, sqlite_url: str) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "bad.json").write_text("{not json")
    for path in sorted((SEEDS_DIR / "articles" / "reuters").iterdir()):
        if path.is_file():
            (folder / path.name).write_bytes(path.read_bytes())
    proc = run("ingest", str(folder), "--json", database=sqlite_url)
    summary = json.loads(proc.stdout)
    assert proc.returncode == 1
    assert [f["document"] for f in summary["failures"]] == [str(folder / "bad.json")]
    assert summary["articles_stored"] >= 2


def test_plugins_json_lists_builtin_plugins_with_hooks() -> None:
    proc = run("plugins", "--json")
    assert proc.returncode == 0, proc.stderr
    plugins = {p["name"]: p for p in json.loads(proc.stdout)}
    assert {"core", "reuters", "jpost", "tasnim"} <= set(plugins)
    assert "eventgraph_parse_article" in plugins["jpost"]["hooks"]
    assert plugins["tasnim"]["sources"] == ["tasnim"]


def test_plugins_env_selects_plugins() -> None:
    env = {**os.environ, "EVENTGRAPH_PLUGINS": "reuters"}
    proc = subprocess.run([*EVENTGRAPH, "plugins", "--json"], capture_output=True, text=True, env=env, timeout=60)
    assert {p["name"] for p in json.loads(proc.stdout)} == {"core", "reuters"}


def test_export_schema_writes_the_sdl(tmp_path: Path) -> None:
    target = tmp_path / "schema.graphql"
    assert run("export-schema", "--output", str(target)).returncode == 0
    assert "type Query" in target.read_text()


@pytest.mark.slow  # subprocesses that load the dictionaries: seconds each
def test_score_events_runs_to_the_end() -> None:
    scorer = shared_path("tools", "score_events.py")
    gold = shared_path("corpus", "gold.json")
    cmd = f"{sys.executable} -m api.cli"
    proc = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--cmd", cmd],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    assert last.startswith("recall_main=") and "articles failed: 0" in proc.stdout
