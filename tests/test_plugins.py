"""The plugin host: entry points, selection by EVENTGRAPH_PLUGINS, tracing, and listing."""

from __future__ import annotations

import logging

import pytest

from api.ingest.document import Document
from api.plugins import build_host


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
