"""Document: the raw bytes of one page plus what the caller knows about it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property


@dataclass(frozen=True)
class Document:
    """What a source plugin is handed: bytes and hints, nothing parsed yet.

    ``name`` is how errors refer to the document (a file path, a URL or "<input>").
    ``source``, ``url`` and ``published_at`` are hints from the caller; plugins may
    find better values inside the page.
    """

    content: bytes
    name: str = "<input>"
    url: str | None = None
    source: str | None = None
    published_at: datetime | None = None
    content_type: str | None = None  # "text/html", "text/plain"; None means sniff
    extra: dict[str, str] = field(default_factory=dict)

    @cached_property
    def text(self) -> str:
        """The content decoded as UTF-8, falling back to cp1252 for legacy pages."""
        try:
            return self.content.decode("utf-8-sig")
        except UnicodeDecodeError:
            return self.content.decode("cp1252", errors="replace")

    @cached_property
    def is_html(self) -> bool:
        if self.content_type:
            return "html" in self.content_type
        head = self.content[:2048].lstrip().lower()
        return head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<div", b"<p"))

    @cached_property
    def content_hash(self) -> str:
        return hashlib.sha256(self.content).hexdigest()
