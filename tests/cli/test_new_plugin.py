"""``new_plugin`` writes a package that loads as a plugin and passes its own generated tests."""

from __future__ import annotations

import importlib
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.cli.new_plugin import new_plugin
from api.errors import ConfigError
from api.plugins import PluginHost
from api.testkit import make_document


@pytest.fixture
def generated(tmp_path: Path) -> Iterator[Path]:
    folder = new_plugin("rudaw", tmp_path)
    sys.path.insert(0, str(folder))
    yield folder
    sys.path.remove(str(folder))
    sys.modules.pop("eventgraph_rudaw", None)


def test_package_layout(generated: Path) -> None:
    assert generated.name == "eventgraph-rudaw"
    pyproject = tomllib.loads((generated / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["entry-points"]["eventgraph"] == {"rudaw": "eventgraph_rudaw"}
    assert (generated / "tests" / "test_rudaw.py").is_file()


def test_loads_through_the_plugin_host(generated: Path) -> None:
    module = importlib.import_module("eventgraph_rudaw")
    host = PluginHost(only=set())
    host.register(module, "rudaw", module.__version__)
    (info,) = host.plugin_infos()
    assert info.name == "rudaw" and info.version == "0.1.0" and info.sources == ("rudaw",)
    assert {"eventgraph_detect_source", "eventgraph_parse_article", "eventgraph_normalize_article"} <= set(info.hooks)
    sample = make_document(generated / "tests" / "pages" / "sample.html")
    assert host.first("eventgraph_detect_source", "sample", document=sample) == ("rudaw", "rudaw")


def test_generated_tests_pass(generated: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=generated, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


@pytest.mark.parametrize("name", ["Rudaw", "1news", "core", "x", "al-jazeera", "class"])
def test_bad_names_are_refused(name: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=repr(name)):
        new_plugin(name, tmp_path)


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    new_plugin("rudaw", tmp_path)
    with pytest.raises(ConfigError, match="already exists"):
        new_plugin("rudaw", tmp_path)
