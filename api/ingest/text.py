"""Text helpers every source plugin needs: whitespace, dates, bylines, near-duplicate paragraphs."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime

_SPACES = re.compile(r"[\s\u00a0\u200b\u2009\u202f]+")
_WORD = re.compile(r"\w+", re.UNICODE)
# Placeholder dates that CMSs emit for "unknown" (JPost's dateCreated is 0001-01-01).
_EARLIEST_REAL_YEAR = 1900
# "By Jill Serjeant", "BY X", and "ByJill Serjeant" where the page's markup ran them together;
# never the start of a name such as "Byron".
_BYLINE_PREFIX = re.compile(r"^\s*(?:By|BY|by|From|FROM)(?:\s*:\s*|\s+|(?=[A-Z]))")
# Applied to collapsed text: one optional space before the separator (a leading "\s*" would
# make the split quadratic on a run of spaces).
_NAME_SPLIT = re.compile(r" ?(?:,|;|\band\b|&|\|)\s*", re.IGNORECASE)
# Words that mark a desk, an agency or a team rather than a person.
DESK_WORDS = frozenset(
    {
        "staff",
        "editorial",
        "newsroom",
        "desk",
        "agencies",
        "agency",
        "correspondent",
        "correspondents",
        "bureau",
        "team",
        "reporters",
        "wires",
        "news",
        "reuters",
        "post",
        "tasnim",
        "afp",
        "ap",
        "online",
    }
)


def collapse(text: str | None) -> str:
    """One line, single spaces, no-break and zero-width spaces folded in."""
    if not text:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, the unit of the body-extraction F1."""
    return [t.lower() for t in _WORD.findall(text)]


def parse_datetime(value: str | None, default_tz: tzinfo = UTC) -> datetime | None:
    """ISO 8601 or RFC 2822 in, aware UTC out; None for empty, unreadable or placeholder dates.

    ``default_tz`` is the zone of times written without an offset (an outlet's local time).
    """
    text = collapse(value)
    if not text:
        return None
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(text.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", text) else text)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed is None or parsed.year < _EARLIEST_REAL_YEAR:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=default_tz)
    return parsed.astimezone(UTC)


def is_person(name: str, desks: Iterable[str] = ()) -> bool:
    """True for "Rodrigo Campos", False for "Reuters Staff", "JERUSALEM POST STAFF" or a date."""
    words = name.replace(".", ". ").split()
    if not 2 <= len(words) <= 6 or any(ch.isdigit() for ch in name):
        return False
    lowered = {w.strip(".,'’").lower() for w in words}
    if lowered & DESK_WORDS or name.lower() in {d.lower() for d in desks}:
        return False
    return all(w[0].isupper() for w in words if w.lower() not in {"al", "bin", "de", "van", "von", "der", "el"})


def person_case(name: str) -> str:
    """ "SETH J. FRANTZMAN" -> "Seth J. Frantzman"; names already in mixed case are kept."""
    if not name.isupper():
        return name
    parts = re.split(r"([\s\-'’])", name.lower())
    return "".join(p[:1].upper() + p[1:] if p.strip("-'’ ") else p for p in parts)


def split_people(text: str | None, desks: Iterable[str] = ()) -> list[str]:
    """The people in a byline ("By Stephanie Nebehay and Stephen Kalin"), desks left out."""
    if not text:
        return []
    text = _BYLINE_PREFIX.sub("", collapse(text))
    people: list[str] = []
    for part in _NAME_SPLIT.split(text):
        name = person_case(part.strip(" .,:"))
        if name and is_person(name, desks) and name not in people:
            people.append(name)
    return people


def desk_name(text: str | None, desks: Iterable[str] = ()) -> str | None:
    """ "By JERUSALEM POST STAFF" -> "Jerusalem Post Staff": the byline when it names a desk, not a person.

    Kept apart from the people so that a staff story still says who signed it.
    """
    name = person_case(_BYLINE_PREFIX.sub("", collapse(text)).strip(" .,:;"))
    if not name or is_person(name, desks) or any(ch.isdigit() for ch in name) or len(name.split()) > 6:
        return None
    words = {w.strip(".,'’").lower() for w in name.split()}
    return name if name.lower() in {d.lower() for d in desks} or words & DESK_WORDS else None


def similar(a: str, b: str, threshold: float = 0.85) -> bool:
    """Near-duplicates: the standfirst repeated in the body, perhaps with "(PMU)" added.

    Containment of the shorter text's tokens in the longer one, so a repeat with a few extra
    words still matches and two different paragraphs on the same subject do not.
    """
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return False
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) < 0.7 * len(long_):
        return False
    hits = sum((Counter(short) & Counter(long_)).values())
    return hits / len(short) >= threshold


def dedupe(paragraphs: Iterable[str]) -> list[str]:
    """Drop paragraphs that repeat an earlier one word for word (pages that render a block twice)."""
    kept: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for p in paragraphs:
        # Compared by word tokens: linear time, so a hostile page cannot make it quadratic.
        key = tuple(tokens(p))
        if p and key not in seen:
            seen.add(key)
            kept.append(p)
    return kept


def text_lines(text: str) -> list[tuple[str, bool]]:
    """Plain text as (line, follows_blank_line) pairs, blank lines dropped, spaces collapsed."""
    out: list[tuple[str, bool]] = []
    blank = True
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = collapse(raw)
        if not line:
            blank = True
            continue
        out.append((line, blank))
        blank = False
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’)]?\s+(?=[“\"‘(]?[A-Z0-9])")


def sentences(text: str) -> list[str]:
    """A rough split into sentences; good enough to compare leads, not for linguistics."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def strip_repeat(paragraph: str, standfirst: str) -> str:
    """``paragraph`` without the standfirst it repeats: "" when it is only the repeat, else the rest.

    JPost repeats its standfirst as a body paragraph, sometimes with an abbreviation added
    ("(PMU)") and a new sentence after it; the new sentence is kept.
    """
    if similar(paragraph, standfirst):
        return ""
    parts = sentences(paragraph)
    # A standfirst is a sentence or three: only the first few sentences can repeat it.
    for k in range(1, min(len(parts), 6)):
        if similar(" ".join(parts[:k]), standfirst):
            return " ".join(parts[k:])
    return paragraph
