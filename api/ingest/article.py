"""Article: one parsed report, the same shape whatever outlet it came from."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Caption:
    """A photo caption kept apart from the body, with its credit ("REUTERS/John Davison")."""

    text: str
    credit: str | None = None


@dataclass(frozen=True)
class Article:
    """What a source plugin's parser returns.

    ``paragraphs`` hold the body only: no captions, credits, trailers or repeated
    standfirst. ``bylines`` are people's names; a desk such as "Reuters Staff" is never one of
    them but goes in ``desk``, which ``byline`` shows when no person signed the story.
    Times are timezone-aware UTC.
    """

    source: str
    headline: str
    paragraphs: tuple[str, ...]
    url: str | None = None
    standfirst: str | None = None
    bylines: tuple[str, ...] = ()
    desk: str | None = None
    dateline: str | None = None
    published_at: datetime | None = None
    modified_at: datetime | None = None
    captions: tuple[Caption, ...] = ()
    language: str = "en"
    parser: str = ""
    parser_version: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def byline(self) -> str | None:
        """Who signed the story, as a reader sees it: the people, else the desk."""
        return ", ".join(self.bylines) or self.desk

    @property
    def content_hash(self) -> str:
        """Hash of what the article says, so the same text re-ingested is recognised."""
        digest = hashlib.sha256()
        for part in (self.source, self.headline, self.body):
            digest.update(part.encode("utf-8"))
            digest.update(b"\x00")
        return digest.hexdigest()

    def with_text(self, rewrite: Any) -> Article:
        """A copy with ``rewrite(str) -> str`` applied to every text field (for normalizers)."""
        return replace(
            self,
            headline=rewrite(self.headline),
            standfirst=rewrite(self.standfirst) if self.standfirst else self.standfirst,
            paragraphs=tuple(rewrite(p) for p in self.paragraphs),
            captions=tuple(Caption(rewrite(c.text), c.credit) for c in self.captions),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "headline": self.headline,
            "standfirst": self.standfirst,
            "byline": self.byline,
            "bylines": list(self.bylines),
            "desk": self.desk,
            "dateline": self.dateline,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "modified_at": self.modified_at.isoformat() if self.modified_at else None,
            "url": self.url,
            "body": self.body,
            "captions": [c.text for c in self.captions],
            "caption_credits": [c.credit for c in self.captions],
            "parser": self.parser,
            "parser_version": self.parser_version,
        }
