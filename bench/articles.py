"""Synthetic articles in the three outlets' own formats, made from the seed articles.

Each document is a seed page (Reuters and Tasnim HTML with JSON-LD, Jerusalem Post HTML and
plain text) moved to another day: every ISO date in the page and its hints shifts by the same
number of days, so the extractor finds the same kinds of events on other dates, and the store
creates most of them and merges some (several outlets report the same day). Each copy gets its
own URL and numbers, so none is a duplicate. Short seeds get background paragraphs so that the
mean size is about 4 KB.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from api.ingest.document import Document
from api.ingest.files import read_document
from api.settings import SEEDS_DIR

ISO_DAY = re.compile(r"(?<!\d)(20\d\d)-(\d\d)-(\d\d)(?!\d)")
COUNT = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|\d{1,2}) (rockets|missiles|people|soldiers)\b")
BACKGROUND = (
    "Iraq has been the scene of repeated attacks on bases hosting foreign troops since the start of the year.",
    "Officials said an investigation into the attack was under way and declined to give further details.",
    "The coalition has been drawing down its presence in the country and handing bases to Iraqi forces.",
    "Tension between Washington and Tehran has played out on Iraqi soil for much of the past decade.",
    "Security forces closed roads around the site while they searched the area for launchers.",
)
TARGET_BYTES = 4000


DOMAINS = {"reuters": "www.reuters.com", "jpost": "www.jpost.com", "tasnim": "www.tasnimnews.com"}


def seeds() -> list[tuple[Document, str | None]]:
    """The seed pages with their outlet as a hint, and the URL their parser finds in them."""
    from api.ingest.pipeline import Pipeline

    pipeline = Pipeline()
    found = []
    for path in sorted(p for p in SEEDS_DIR.joinpath("articles").glob("*/*") if p.suffix in (".html", ".txt")):
        document = read_document(path, source=path.parent.name)
        found.append((document, pipeline.parse(document, path.parent.name).url))
    return found


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_DAY = re.compile(rf"\b({'|'.join(MONTHS)})(,?) (\d{{1,2}})\b(, (\d{{4}}))?")
WEEKDAY = re.compile(rf"\b({'|'.join(WEEKDAYS)})\b")


def _shift(text: str, days: int, year: int) -> str:
    """Every date the extractor could read, moved by ``days``: ISO days, "January 8(, 2020)", weekdays."""

    def iso(match: re.Match[str]) -> str:
        return (date(int(match[1]), int(match[2]), int(match[3])) + timedelta(days=days)).isoformat()

    def month_day(match: re.Match[str]) -> str:
        try:
            day = date(int(match[5] or year), MONTHS.index(match[1]) + 1, int(match[3])) + timedelta(days=days)
        except ValueError:
            return match[0]
        written = f"{MONTHS[day.month - 1]}{match[2]} {day.day:0{len(match[3])}d}"
        return f"{written}, {day.year}" if match[4] else written

    def weekday(match: re.Match[str]) -> str:
        return WEEKDAYS[(WEEKDAYS.index(match[1]) + days) % 7]

    return WEEKDAY.sub(weekday, MONTH_DAY.sub(month_day, ISO_DAY.sub(iso, text)))


# Where the outlets' pages start the article body: the added paragraphs go after its first one.
BODY_MARKERS = ("StandardArticleBody_body", "ArticleBody-para", 'class="story"', "articleBody")
JPOST_BREAK = '<div class="fake-br-for-article-body"></div>'


def _insert(text: str, is_html: bool, paragraphs: list[str]) -> str:
    """Paragraphs added to the article's body, in the page's own markup."""
    if not paragraphs:
        return text
    if not is_html:
        return text.rstrip() + "\n\n" + "\n\n".join(paragraphs) + "\n"
    if "</p>" in text:
        body = max((text.find(marker) for marker in BODY_MARKERS), default=-1)
        at = text.find("</p>", max(body, 0))
        opening = text[text.rfind("<p", 0, at) :]
        opening = opening[: opening.find(">") + 1]  # the paragraph's own tag, classes and all
        at += len("</p>")
        return text[:at] + "".join(f"{opening}{p}</p>" for p in paragraphs) + text[at:]
    if JPOST_BREAK in text:
        return text.replace(JPOST_BREAK, "".join(JPOST_BREAK + p for p in paragraphs) + JPOST_BREAK, 1)
    return text


def _pad(text: str, is_html: bool, rng: random.Random) -> str:
    paragraphs: list[str] = []
    while len(text.encode()) + sum(len(p) + 8 for p in paragraphs) < TARGET_BYTES:
        paragraphs.append(" ".join(rng.sample(BACKGROUND, 3)))
    return _insert(text, is_html, paragraphs)


def _note(text: str, is_html: bool, number: int) -> str:
    """One more sentence with a number of its own, so that no two copies have the same body."""
    return _insert(text, is_html, [f"The ministry's statement carried the reference number {number}."])


def documents(count: int, seed: int = 11) -> Iterator[Document]:
    """``count`` documents, cycling through the seeds; the same ``seed`` gives the same documents."""
    rng = random.Random(seed)
    templates = seeds()
    start, span = date(2015, 1, 1), 3650
    for i in range(count):
        template, page_url = templates[i % len(templates)]
        source = template.source or "reuters"
        base = (template.published_at or datetime(2020, 1, 1, tzinfo=UTC)).date()
        days = (start + timedelta(days=rng.randrange(span)) - base).days
        text = _shift(template.text, days, base.year)
        text = COUNT.sub(lambda m: f"{rng.randint(2, 30)} {m[2]}", text)
        text = _pad(text, template.is_html, rng)
        text = _note(text, template.is_html, 1000 + i)
        url = f"https://{DOMAINS.get(source, 'example.org')}/bench/{i}"
        for old in {template.url, page_url} - {None}:
            text = text.replace(old, url)  # type: ignore[arg-type]
        published = template.published_at + timedelta(days=days) if template.published_at else None
        yield replace(template, content=text.encode(), name=f"bench-{i}-{Path(template.name).name}", url=url,
                      published_at=published)  # fmt: skip
