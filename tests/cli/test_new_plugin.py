"""``new_plugin`` writes a package that installs, is listed as a plugin and passes its own generated tests."""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
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


@pytest.mark.parametrize("name", ["Rudaw", "1news", "core", "x", "al-jazeera", "class"])
def test_bad_names_are_refused(name: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=repr(name)):
        new_plugin(name, tmp_path)


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    new_plugin("rudaw", tmp_path)
    with pytest.raises(ConfigError, match="already exists"):
        new_plugin("rudaw", tmp_path)


def _venv_beside_ours(folder: Path) -> Path:
    """A new virtual environment that sees this one's packages (eventgraph included), so that
    installing into it is a real pip install that leaves the project's environment alone."""
    venv.EnvBuilder(with_pip=False).create(folder)
    python = folder / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    ours = sysconfig.get_paths()["purelib"]
    Path(purelib, "eventgraph-host.pth").write_text(f"import site; site.addsitedir({ours!r})\n", encoding="utf-8")
    return python


@pytest.mark.slow  # pip-installs the generated package
def test_generated_package_installs_and_works_end_to_end(tmp_path: Path) -> None:
    created = subprocess.run([sys.executable, "-m", "api.cli", "new-plugin", "rudaw", "--directory", str(tmp_path)],
                             capture_output=True, text=True, timeout=120)  # fmt: skip
    assert created.returncode == 0, created.stderr
    package = tmp_path / "eventgraph-rudaw"
    assert str(package) in created.stdout.replace("\n", "")
    python = _venv_beside_ours(tmp_path / "venv")

    def run(*args: str, cwd: Path = tmp_path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(python), *args], capture_output=True, text=True, cwd=cwd, timeout=300)

    # Offline: the build uses the setuptools installed here, and "eventgraph>=0.1" must resolve to
    # the installed project, never to a download.
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-index", "--no-build-isolation",
         "--quiet", str(package)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert install.returncode == 0, install.stdout[-2000:] + install.stderr[-3000:]
    listed = run("-m", "api.cli", "plugins", "--json")
    assert listed.returncode == 0, listed.stderr
    plugins = {p["name"]: p for p in json.loads(listed.stdout)}
    assert plugins["rudaw"]["version"] == "0.1.0" and plugins["rudaw"]["sources"] == ["rudaw"]
    assert plugins["rudaw"]["module"] == "eventgraph_rudaw"
    assert {"eventgraph_detect_source", "eventgraph_parse_article"} <= set(plugins["rudaw"]["hooks"])
    # Installed, not merely on the path: the module comes from the environment's site-packages.
    where = run("-c", "import eventgraph_rudaw; print(eventgraph_rudaw.__file__)")
    assert "site-packages" in where.stdout, where.stdout + where.stderr
    # Its own generated tests pass against the installed copy (they run the whole pipeline too):
    # copied out of the package folder, whose pytest settings put the source on the path.
    shutil.copytree(package / "tests", tmp_path / "author" / "tests")
    tests = run("-m", "pytest", "-q", "-p", "no:cacheprovider", "tests", cwd=tmp_path / "author")
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
    assert " passed" in tests.stdout


def test_the_command_refuses_a_bad_name(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "api.cli", "new-plugin", "Al Jazeera", "--directory", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 1
    assert "plugin name 'Al Jazeera'" in proc.stderr
    assert not any(tmp_path.iterdir())
