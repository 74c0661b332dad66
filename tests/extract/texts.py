"""Real text for the tests that check a fast form of a pattern against its plain form."""

from __future__ import annotations

from pathlib import Path

from api.settings import SEEDS_DIR
from tests.shared import shared_path

# Written to reach every branch: particles, abbreviations, compounds, possessives, accents.
TRICKY = [
    "al-Asad bint-Zayd ash-Sham as-Sadr abu-Bakr ibn-Saud wal-Fajr ul-Haq ben-Ali el-Sisi bani-Hashim abd-Allah",
    "U.S. and U.K.-led forces at Iraq's Camp Taji, the Al-Qā’im area, US-backed, ÉCOLE Ünited, x-al-Asad",
    "-al-Asad _Al Bar 9Al Al a A. Kata'ib Hezbollah's (Islamic State) \"Popular Mobilization Units\"",
    "Rockets struck; militants attacked\nthe base, killing two. Airstrikes/shelling—clashes erupted",
]


def corpus_lines() -> list[str]:
    """Every line of the corpus pages (markup too: more kinds of text) and of the seed articles."""
    paths = [p for p in Path(shared_path("corpus")).rglob("*") if p.suffix in (".txt", ".html")]
    paths += [p for p in (SEEDS_DIR / "articles").rglob("*") if p.suffix in (".txt", ".html")]
    paths += [p for p in (Path(__file__).parent / "heldout").rglob("*") if p.suffix in (".txt", ".html")]
    lines = [line for path in sorted(paths) for line in path.read_text("utf-8", errors="replace").splitlines()]
    assert len(lines) > 500, "the corpus pages and seed articles should give many lines"
    return lines + TRICKY
