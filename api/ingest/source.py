"""SourceInfo: what a plugin says about the outlet it reads."""

from __future__ import annotations

from dataclasses import dataclass, field

SOURCE_KINDS = ("wire service", "national newspaper", "state-affiliated agency", "dataset", "other")


@dataclass(frozen=True)
class SourceInfo:
    """One outlet. ``key`` is short and stable ("reuters"); it names the source everywhere."""

    key: str
    name: str
    domains: tuple[str, ...] = ()
    country: str | None = None  # ISO 3166-1 alpha-2
    language: str = "en"
    kind: str = "other"
    notes: str | None = None  # affiliation, editorial line
    extra: dict[str, str] = field(default_factory=dict)
