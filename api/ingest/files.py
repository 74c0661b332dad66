"""Reading documents from disk: text and HTML files, JSON envelopes, and folders of them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from api.errors import DocumentError
from api.ingest.document import Document

SUFFIXES = {".txt": "text/plain", ".html": "text/html", ".htm": "text/html", ".xml": "application/xml"}
ENVELOPE = ".json"
MAX_BYTES = 20 * 1024 * 1024


def parse_datetime(value: str, name: str) -> datetime:
    """ISO 8601 in, timezone-aware UTC out; naive times are taken as UTC."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):  # OverflowError: year 1 or 9999 pushed out of range by its offset
        raise DocumentError(name, f"cannot read the date {value!r}: use ISO 8601, e.g. 2020-06-13T19:30:00Z") from None


def iter_paths(paths: list[Path]) -> Iterator[Path]:
    """Files as given, folders walked in sorted order; side files (*.meta.json, *.truth.json) skipped."""
    for path in paths:
        if not path.exists():
            raise DocumentError(str(path), "no such file or folder")
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and _is_document(child):
                    yield child
        else:
            yield path


def _is_document(path: Path) -> bool:
    name = path.name
    if name.startswith(".") or name.endswith((".meta.json", ".truth.json")) or name == "README.md":
        return False
    return path.suffix.lower() in SUFFIXES or path.suffix.lower() == ENVELOPE


def read_document(
    path: Path, *, url: str | None = None, source: str | None = None, published: str | None = None
) -> Document:
    """One file as a Document. Hints come from the caller, else from ``<file>.meta.json``."""
    name = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise DocumentError(name, f"larger than {MAX_BYTES // (1024 * 1024)} MB")
        content = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(name, "no such file") from None
    except IsADirectoryError:
        raise DocumentError(name, "is a folder; ingest takes folders, extract takes one file") from None
    except PermissionError:
        raise DocumentError(name, "permission denied") from None
    if path.suffix.lower() == ENVELOPE and not path.name.endswith(".meta.json"):
        return envelope_document(content, name, url=url, source=source, published=published)
    hints = _meta(path)
    published = published or hints.get("published_at")
    return Document(
        content=content,
        name=name,
        url=url or hints.get("url"),
        source=source or hints.get("source"),
        published_at=parse_datetime(published, name) if published else None,
        content_type=SUFFIXES.get(path.suffix.lower()),
    )


def _meta(path: Path) -> dict[str, Any]:
    meta = path.with_name(path.name + ".meta.json")
    if not meta.exists():
        return {}
    data = _load_json(meta.read_bytes(), str(meta))
    if not isinstance(data, dict):
        raise DocumentError(str(meta), "must hold a JSON object")
    return data


def _load_json(content: bytes, name: str) -> Any:
    try:
        return json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DocumentError(name, f"malformed JSON: {exc}") from None
    except RecursionError:
        raise DocumentError(name, "malformed JSON: nested too deeply") from None


def envelope_document(
    content: bytes, name: str, *, url: str | None = None, source: str | None = None, published: str | None = None
) -> Document:
    """A JSON envelope: {"url", "source", "published_at", and "html" or "text"}."""
    data = _load_json(content, name)
    if not isinstance(data, dict):
        raise DocumentError(name, "a JSON envelope must be an object with 'html' or 'text'")
    for key in ("url", "source", "published_at", "html", "text"):
        if key in data and data[key] is not None and not isinstance(data[key], str):
            raise DocumentError(name, f"envelope field {key!r} must be a string, not {type(data[key]).__name__}")
    body = data.get("html") if data.get("html") is not None else data.get("text")
    if body is None:
        raise DocumentError(name, "the JSON envelope has neither 'html' nor 'text'")
    published = published or data.get("published_at")
    return Document(
        content=body.encode("utf-8"),
        name=name,
        url=url or data.get("url"),
        source=source or data.get("source"),
        published_at=parse_datetime(published, name) if published else None,
        content_type="text/html" if data.get("html") is not None else "text/plain",
    )
