"""What the web tests need from outside Python: node_modules (npm ci) and Debian's chromium."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from api.web.assets import NODE_MODULES, Assets

CHROMIUM = Path("/usr/bin/chromium")


def _missing(message: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def require_node_modules() -> Assets:
    """The installed assets; skip without them (fail in CI, where `make test` installs them)."""
    assets = Assets(node_modules=NODE_MODULES)
    missing = assets.missing()
    if missing:
        _missing(f"{NODE_MODULES} lacks {missing[0]}: run `npm ci` (`make test` does)")
    return assets


def require_browser() -> tuple[str, Path]:
    """node and chromium for the browser test; skip without them (fail in CI: `make test-slow` installs them)."""
    node = shutil.which("node")
    if node is None:
        _missing("node is not installed: the browser test runs playwright-core under node")
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is missing: `make browser-deps` installs Debian's chromium")
    if not (NODE_MODULES / "playwright-core" / "package.json").exists():
        _missing("playwright-core is not installed: run `npm ci` (`make test-slow` does)")
    assert node is not None
    return node, CHROMIUM
