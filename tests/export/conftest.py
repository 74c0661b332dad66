"""The database every export test reads: events from articles, ACLED and GDELT (tests/export/data.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.export.data import load


@pytest.fixture
def loaded(engine: Engine, tmp_path: Path) -> Engine:
    load(engine, tmp_path)
    return engine
