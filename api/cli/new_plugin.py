"""``eventgraph new-plugin NAME``: write a ready, installable source plugin package to start from."""

from __future__ import annotations

import keyword
import re
from pathlib import Path
from string import Template

from api.cli import plugin_template
from api.errors import ConfigError

NAME = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
RESERVED = frozenset({"core", "eventgraph", "api", "plugins", "tests"})


def new_plugin(name: str, directory: Path) -> Path:
    """Write the package ``eventgraph-<name>`` under ``directory`` and return its folder.

    The package holds a pyproject with the ``eventgraph`` entry point, a module implementing
    every source hook, sample pages and tests written with ``api.testkit``: it installs with
    ``pip install -e`` and its tests pass as generated.
    """
    if not NAME.match(name) or keyword.iskeyword(name) or name in RESERVED:
        raise ConfigError(
            f"plugin name {name!r}: use 2-40 lower-case letters, digits or underscores, starting with a letter "
            f"(not {', '.join(sorted(RESERVED))})"
        )
    dist = f"eventgraph-{name.replace('_', '-')}"
    package = f"eventgraph_{name}"
    target = Path(directory) / dist
    if target.exists() and any(target.iterdir()):
        raise ConfigError(f"{target}: already exists and is not empty; choose another directory or name")
    values = {
        "name": name,
        "title": name.replace("_", " ").title(),
        "package": package,
        "dist": dist,
    }
    files = {
        "pyproject.toml": plugin_template.PYPROJECT,
        "README.md": plugin_template.README,
        f"{package}/__init__.py": plugin_template.MODULE,
        f"tests/test_{name}.py": plugin_template.TESTS,
        "tests/pages/sample.html": plugin_template.SAMPLE_HTML,
        "tests/pages/sample.txt": plugin_template.SAMPLE_TEXT,
    }
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(Template(text).substitute(values), encoding="utf-8")
    return target
