"""Thousands of distinct articles from the seven seed articles, written at test time.

Variation ``v`` of a seed moves every "2020" to another year (so events spread over twenty
years instead of merging into a handful), gives the article its own URL and its own headline
or last line (so no two variations share a content hash). The articles stay what the
plugins know how to read, so every one of them goes the whole way to the store.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from api.settings import SEEDS_DIR

URL_IN_PAGE = re.compile(rb'"url":"(https?://[^"]+)"|property="og:url" content="(https?://[^"]+)"')
HEADLINE_IN_PAGE = re.compile(rb'"headline":"([^"]+)"|<h1[^>]*>([^<]+)</h1>')


def seeds() -> list[Path]:
    folder = SEEDS_DIR / "articles"
    return sorted(p for p in folder.rglob("*") if p.suffix in (".html", ".txt") and p.is_file())


def _vary(content: bytes, year: int, old_url: bytes, new_url: bytes) -> bytes:
    return content.replace(old_url, new_url).replace(b"2020", str(year).encode())


def write_articles(folder: Path, count: int) -> list[Path]:
    """``count`` article files (with their .meta.json where the seed has one) in ``folder``; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    templates = seeds()
    written = []
    for i in range(count):
        seed = templates[i % len(templates)]
        v = i // len(templates)
        year = 2000 + v % 20
        content = seed.read_bytes()
        meta_path = seed.with_name(seed.name + ".meta.json")
        target = folder / f"{i:05d}-{seed.stem}-v{v}{seed.suffix}"
        if meta_path.exists():
            meta = json.loads(meta_path.read_text())
            old_url = meta["url"].encode()
            meta["url"] = f"{meta['url']}-v{v}"
            meta["published_at"] = meta["published_at"].replace("2020", str(year))
            target.with_name(target.name + ".meta.json").write_text(json.dumps(meta))
            content = _vary(content, year, old_url, meta["url"].encode()) + f"\n(Archive copy {v}.)\n".encode()
        else:
            found = URL_IN_PAGE.search(content)
            assert found is not None, f"{seed} has no URL in the page"
            old_url = found.group(1) or found.group(2)
            content = _vary(content, year, old_url, old_url + f"-v{v}".encode())
            headline = HEADLINE_IN_PAGE.search(content)
            assert headline is not None, f"{seed} has no headline in the page"
            old = (headline.group(1) or headline.group(2)).strip()
            for spelling in (old, old.replace(b"'", b"\\'"), old.replace(b"'", b"&#039;")):  # as JSON-LD spells it
                content = content.replace(spelling, spelling + f" (archive copy {v})".encode())
        target.write_bytes(content)
        written.append(target)
    return written
