"""The corpus pages the plugin tests read, with the facts MANIFEST.md states about each."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from api.ingest.document import Document
from tests.shared import shared_path

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "articles"


def corpus_document(relative: str, url: str | None = None, content_type: str | None = None) -> Document:
    path = shared_path("corpus", relative)
    if content_type is None:
        content_type = "text/html" if path.suffix == ".html" else None
    return Document(content=path.read_bytes(), name=str(path), url=url, content_type=content_type)


def truth(relative: str) -> dict[str, Any]:
    path = shared_path("corpus", relative + ".truth.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def seed_document(relative: str) -> Document:
    from api.ingest.files import read_document

    return read_document(SEEDS / relative)
