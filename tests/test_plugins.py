"""The plugin host: entry points, selection by EVENTGRAPH_PLUGINS, tracing, time limits, and listing."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from api import __version__, hookimpl
from api.errors import ConfigError, PluginError
from api.ingest.document import Document
from api.plugins import PluginHost, build_host
from tests.conftest import LiveServer, graphql


def test_builtin_plugins_load_through_entry_points() -> None:
    infos = {info.name: info for info in build_host(only="").plugin_infos()}
    assert {"core", "reuters", "jpost", "tasnim", "gdelt", "acled"} <= set(infos)
    assert infos["reuters"].module == "plugins.reuters"
    assert "eventgraph_extract_events" in infos["core"].hooks


def test_environment_selects_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTGRAPH_PLUGINS", "tasnim, jpost")
    assert {info.name for info in build_host().plugin_infos()} == {"core", "tasnim", "jpost"}


def test_tracing_logs_every_hook_call(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("EVENTGRAPH_TRACE_PLUGINS", "1")
    host = build_host(only="reuters")
    with caplog.at_level(logging.INFO, logger="eventgraph.plugins"):
        answer = host.first(
            "eventgraph_detect_source", "doc.txt", document=Document(b"x", url="https://www.reuters.com/a")
        )
    assert answer == ("reuters", "reuters")
    assert any("eventgraph_detect_source" in r.message and "plugin=reuters" in r.message for r in caplog.records)


def test_no_tracing_by_default(caplog: pytest.LogCaptureFixture) -> None:
    host = build_host(only="reuters", trace=False)
    with caplog.at_level(logging.INFO, logger="eventgraph.plugins"):
        host.first("eventgraph_detect_source", "doc.txt", document=Document(b"x", url="https://www.reuters.com/a"))
    assert not caplog.records


class Runaway:
    """A plugin whose parser never returns on a hostile page: a pure-Python endless loop."""

    name = "runaway"

    @hookimpl
    def eventgraph_parse_article(self, document: Document, source: str) -> None:
        while True:
            pass


def _runaway_host(seconds: float) -> PluginHost:
    host = PluginHost(only=set())
    host.register(Runaway(), "runaway")
    host.hook_seconds = seconds
    return host


def _parse_with(host: PluginHost) -> object:
    return host.first("eventgraph_parse_article", "hostile.html", document=Document(b"x"), source="x")


def test_endless_loop_is_stopped_in_the_main_thread() -> None:
    with pytest.raises(PluginError, match=r"plugin 'runaway' failed in eventgraph_parse_article on hostile.html: "
                                          r"took longer than 0.5s"):  # fmt: skip
        _parse_with(_runaway_host(0.5))


def test_endless_loop_is_stopped_in_a_worker_thread() -> None:
    # The API runs ingests in worker threads (asyncio.to_thread), where SIGALRM cannot reach.
    host = _runaway_host(0.5)
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(_parse_with, host)
        with pytest.raises(PluginError, match=r"took longer than 0\.5s"):
            future.result(timeout=30)
        # The thread is fine afterwards: no exception is left pending for its next task.
        assert pool.submit(lambda: sum(range(1_000_000))).result(timeout=30) == 499999500000


def test_a_hook_that_returns_in_time_is_left_alone_in_a_worker_thread() -> None:
    host = build_host(only="reuters")
    host.hook_seconds = 0.2
    document = Document(b"x", url="https://www.reuters.com/a")

    def detect_many() -> int:
        for _ in range(200):
            assert host.first("eventgraph_detect_source", "doc", document=document) == ("reuters", "reuters")
        time.sleep(0.5)  # past every deadline of the calls above: none may fire late
        return 200

    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(detect_many).result(timeout=60) == 200


def test_trace_reaches_stderr_of_the_command(tmp_path: Path) -> None:
    page = tmp_path / "wire.txt"
    page.write_text("Headline\n\nBAGHDAD (Reuters) - Rockets hit a base on Monday.\n", encoding="utf-8")
    env = {**os.environ, "EVENTGRAPH_TRACE_PLUGINS": "1", "EVENTGRAPH_PLUGINS": "reuters"}
    proc = subprocess.run([sys.executable, "-m", "api.cli", "extract", str(page), "--json"],
                          capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert any("hook eventgraph_detect_source plugin=reuters" in line and "result='reuters'" in line for line in lines)
    assert any("hook eventgraph_parse_article plugin=reuters" in line and "Article(" in line for line in lines)
    quiet = subprocess.run([sys.executable, "-m", "api.cli", "extract", str(page), "--json"],
                           capture_output=True, text=True, env={**env, "EVENTGRAPH_TRACE_PLUGINS": "0"}, timeout=120)  # fmt: skip
    assert "hook eventgraph_" not in quiet.stderr


def test_trace_shows_failures_and_shortens_pages(caplog: pytest.LogCaptureFixture) -> None:
    host = _runaway_host(0.2)
    host.trace = True
    page = Document(b"<p>" + b"word " * 10_000 + b"</p>", name="long.html")
    with caplog.at_level(logging.INFO, logger="eventgraph.plugins"), pytest.raises(PluginError):
        host.first("eventgraph_parse_article", "long.html", document=page, source="x")
    (record,) = caplog.records
    assert "plugin=runaway document=long.html" in record.message and "raised=HookTimeout()" in record.message
    assert len(record.message) < 2000 and "characters)" in record.message


def test_graphql_lists_the_plugins(live_server: LiveServer) -> None:
    data = graphql(live_server, "{ plugins { name version sources hooks } }")
    assert "errors" not in data, data
    plugins = {p["name"]: p for p in data["data"]["plugins"]}
    assert {"core", "reuters", "jpost", "tasnim"} <= set(plugins)
    assert plugins["tasnim"]["sources"] == ["tasnim"]
    assert "eventgraph_normalize_article" in plugins["tasnim"]["hooks"]
    assert plugins["core"]["version"] == __version__
    expected = {info.name: list(info.hooks) for info in build_host().plugin_infos()}
    assert {name: p["hooks"] for name, p in plugins.items()} == expected


def test_an_unknown_plugin_name_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match=r"EVENTGRAPH_PLUGINS names 'reuter', which is not installed \(installed: .*reuters"):
        build_host(only="reuter,jpost")
    env = {**os.environ, "EVENTGRAPH_PLUGINS": "reuter"}
    proc = subprocess.run([sys.executable, "-m", "api.cli", "plugins", "--json"], capture_output=True, text=True,
                          env=env, timeout=120)  # fmt: skip
    assert proc.returncode == 1 and "'reuter', which is not installed" in proc.stderr and not proc.stdout


class Preparing:
    """Records what it was asked to prepare and what it was asked to extract from."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    @hookimpl
    def eventgraph_prepare_extraction(self, context: object) -> None:
        self.calls.append(f"prepare {type(context).__name__}")

    @hookimpl
    def eventgraph_extract_events(self, article: object, context: object) -> list[object]:
        self.calls.append("extract")
        return []


def test_extractors_prepare_once_before_the_first_extraction() -> None:
    from api.extract.extractor import _LEXICONS
    from api.ingest.pipeline import Pipeline

    host = build_host(only="reuters")
    preparing = Preparing()
    host.register(preparing, "preparing")
    pipeline = Pipeline(host)
    context = pipeline.context
    assert preparing.calls == ["prepare ExtractionContext"]
    # the core extractor built its matcher for this context then, not in the first extraction
    assert any(lexicon.actors is context.actors for lexicon in _LEXICONS.values())
    for day in ("Friday", "Monday"):
        text = f"Rockets hit Iraq's Camp Taji\n\nBAGHDAD (Reuters) - Rockets hit Camp Taji on {day}.\n"
        pipeline.run(Document(text.encode(), url=f"https://www.reuters.com/{day}"))
    assert preparing.calls == ["prepare ExtractionContext", "extract", "extract"]
