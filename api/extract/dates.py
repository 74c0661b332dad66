"""Dates in news prose, resolved against the publication date.

"on Saturday evening" is the last Saturday on or before publication; "June 8 and 10" are two
days; "in December" in a January article is last December; "last week" and "earlier this month"
are a week and a month; "in 2014" is a year. Each result carries its precision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from api.extract.keywords import trie_pattern
from api.extract.records import quick_init

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "several": 3, "few": 3}  # fmt: skip

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# Holidays on fixed days, told as dates: "shortly after midnight on New Year's", "on Christmas Eve".
# A bare "Christmas" is no day ("a Christmas market"); "New Year's" alone is the first of January.
HOLIDAYS = {"new year's eve": (12, 31), "new year's day": (1, 1), "new year's": (1, 1), "christmas eve": (12, 24),
            "christmas day": (12, 25)}  # fmt: skip
_HOLIDAY = r"New Year['’]s(?: Eve| Day)?|Christmas (?:Eve|Day)"
_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few)"

_CI = {w: "[" + w[0].upper() + w[0] + "]" + w[1:] for w in (
    "in", "since", "during", "by", "early", "late", "mid", "earlier", "later", "last", "this", "of", "from", "on",
    "overnight", "before", "yesterday", "today", "tonight", "next", "the", "a", "an", "one", "two", "three", "four",
    "five", "six", "seven", "eight", "nine", "ten", "several", "few")}  # fmt: skip


def _c(word: str) -> str:
    """A lower-case word that may open a sentence: "[Ll]ast"."""
    head, _, rest = word.partition(" ")
    return _CI.get(head, head) + (" " + rest if rest else "")


_NUM_CS = r"(?:\d+|" + "|".join(_c(w) for w in ("a", "an", "one", "two", "three", "four", "five", "six", "seven",
                                                  "eight", "nine", "ten", "several", "few")) + ")"  # fmt: skip
# Case matters: months and weekdays are capitalised in news prose ("may" and "march" are verbs).
# Every expression opens at the start of a word or with a month's or weekday's capital: the
# assertion in front says so, and spares the engine trying each alternative inside words.
DATE_BODY = (
    rf"(?P<md>(?P<m1>{_MONTH}) (?P<d1>{_DAY}\b)(?P<more>(?:(?:, | and | & | or |-|–| to )(?:{_MONTH} )?{_DAY}\b)*)(?:,? (?P<y1>{_YEAR}))?)"
    rf"|(?P<dm>\b(?P<d2>{_DAY}) (?:of )?(?P<m2>{_MONTH})(?:,? (?P<y2>{_YEAR}))?)"
    rf"|(?P<my>(?P<pre3>\b(?:{'|'.join(_c(w) for w in ('in', 'since', 'during', 'by', 'early', 'late', 'earlier in', 'later in', 'last', 'this', 'of', 'from'))}|[Mm]id-?) )?(?P<m3>{_MONTH})(?! {_DAY}\b)(?:,? (?P<y3>{_YEAR})| (?:of )?(?P<yrel>last|this|next) year)?\b)"
    rf"|(?P<wd>(?P<pre4>\b(?:{'|'.join(_c(w) for w in ('early on', 'late on', 'on', 'late', 'early', 'last', 'this', 'overnight on', 'overnight', 'before dawn on'))}) )?(?P<w>{_WEEKDAY})(?P<part>(?:['’]s)? (?:morning|afternoon|evening|night))?)"
    rf"|(?P<rel>\b(?:{_c('yesterday')}|{_c('today')}|{_c('tonight')}|{_c('last night')}|{_c('this morning')}|"
    rf"{_c('this afternoon')}|{_c('this evening')}|{_c('earlier today')}|"
    rf"(?:{_c('earlier')} |{_c('later')} |{_c('late')} |{_c('early')} )?(?:{_c('this')}|{_c('last')}|{_c('next')}) (?:week|month|year)|"
    rf"{_c('the previous day')}|{_c('the day before')}|{_NUM_CS} (?:days?|weeks?|months?|years?) (?:ago|earlier))\b)"
    rf"|(?P<hol>\b(?:{_c('on')} )?(?P<h>{_HOLIDAY})(?:,? (?P<yh>{_YEAR}))?)"
    rf"|(?P<yr>\b(?P<pre6>{_c('in')}|{_c('during')}|{_c('early')}|{_c('late')}|[Mm]id-|{_c('in early')}|{_c('in late')}|{_c('in mid-')}) (?P<y6>{_YEAR})\b)"
)
DATE_RE = re.compile(rf"(?:(?=[JFMASONDTW])|(?<!\w)(?=\w))(?:{DATE_BODY})")
# Every date expression holds one of these words; sentences without any are skipped at once.
# Shaped as a trie whose every branch opens with a literal character, so the regex engine can
# skip to the next possible first letter instead of trying each word at each position.
_ANCHOR_WORDS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sept.", "Sep.", "Oct.", "Nov.", "Dec.",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "New Year", "Christmas",
]  # fmt: skip
_ANCHOR_EITHER_CASE = [
    "yesterday", "today", "tonight", "this week", "this month", "this year", "this morning", "this afternoon",
    "this evening", "last week", "last month", "last year", "last night", "next week", "next month", "next year",
    "earlier", "later", "previous day",
]  # fmt: skip
_ANCHOR = re.compile(
    trie_pattern([*_ANCHOR_WORDS, *_ANCHOR_EITHER_CASE, *(w[0].upper() + w[1:] for w in _ANCHOR_EITHER_CASE),
                  "day before"])[3:-1]  # the trie's top-level branches, not one group: see above
    + r"|19\d\d|20\d\d| ago\b"
)  # fmt: skip


_MORE_DAYS = re.compile(rf"(?:({_MONTH}) )?({_DAY})\b")
_DURATION = re.compile(r"\b(?:[Ii]n|[Oo]ver|[Dd]uring|[Ww]ithin|[Ff]or|[Tt]hroughout) the\s+$|\bso far\s+$")


@quick_init
@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    days: tuple[date, ...]
    precision: str  # day, week, month, year
    relative: bool  # from a weekday or "yesterday": depends on the publication date


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _day(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _year_for(month: int, day: int, published: date) -> int:
    """The year that puts month/day on or shortly before publication (news reports the past)."""
    year = published.year
    try:
        if date(year, month, day) > published + timedelta(days=2):
            year -= 1
    except ValueError:
        pass
    return year


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str, published: date | None, ahead: bool = False) -> list[DateMention]:
    """Dates in one sentence, resolved. Without a publication date only dates with a year resolve.

    ``ahead``: the publication time is late in the UTC day, so where the story was filed (east of
    UTC) it may already be the next day: a weekday one day ahead of the UTC date is that day."""
    out: list[DateMention] = []
    end = -1
    for anchor in _ANCHOR.finditer(text):
        if anchor.start() < end:
            continue
        # the expression starts at most a few words before its anchor ("early on Wednesday")
        window = text.rfind(" ", 0, max(0, anchor.start() - 16)) + 1
        match = DATE_RE.search(text, window, min(len(text), anchor.end() + 40))
        while match is not None and match.end() <= anchor.start():
            match = DATE_RE.search(text, match.end(), min(len(text), anchor.end() + 40))
        if match is None or match.start() > anchor.end():
            continue
        end = match.end()
        if match.group("rel") and _DURATION.search(text[max(0, match.start() - 12) : match.start()]):
            continue  # "in the last year", "over the past week": a stretch of time, not a date
        resolved = _resolve(match, published, ahead)
        if resolved is not None:
            days, precision, relative = resolved
            out.append(DateMention(match.start(), match.end(), match.group(), days, precision, relative))
    if len(out) > 1:
        out = [
            d
            for d, then in zip(out, [*out[1:], None], strict=True)
            if not _within_month(text, d, then) and not _restated(text, d, then)
        ]
        if any(d.precision in ("month", "year") for d in out):
            out = [d for d in out if not _bare_weekday(d)]
    return out


def _bare_weekday(day: DateMention) -> bool:
    """A weekday with no "on", "last" or "this" before it: "In March last year ... during Friday
    prayers" names a Friday of that March, not the last Friday before publication."""
    return day.relative and day.precision == "day" and day.text.split()[0].lower() in WEEKDAYS


_FINER = {"week": ("day",), "month": ("day", "week"), "year": ("day", "week", "month")}


def _restated(text: str, rough: DateMention, then: DateMention | None) -> bool:
    """Whether a date counted from publication is told again, more exactly, right after it: "A
    month ago, on Nov. 30, gunmen attacked" happened on November 30 only."""
    return (
        then is not None
        and rough.relative
        and not then.relative  # "last week, on Tuesday" is a Tuesday of last week, which only both tell
        and then.precision in _FINER.get(rough.precision, ())
        and text[rough.end : then.start].strip(" ,") in ("", "on", "in")
    )


def _within_month(text: str, day: DateMention, then: DateMention | None) -> bool:
    """Whether a weekday is one of the month told right after it: "on Palm Sunday in April" is a
    Sunday of April, not the last Sunday before publication."""
    return (
        then is not None
        and day.relative
        and day.precision == "day"
        and then.precision == "month"
        and text[day.end : then.start].strip() in ("", "in", "of")
    )


def _resolve(m: re.Match[str], published: date | None, ahead: bool) -> tuple[tuple[date, ...], str, bool] | None:
    if m.group("md"):
        month = _month(m.group("m1"))
        if m.group("m1")[0].islower():  # "may 5": IGNORECASE matched a verb
            return None
        days_text: list[str | tuple[str, str]] = [m.group("d1"), *_MORE_DAYS.findall(m.group("more") or "")]
        year = int(m.group("y1")) if m.group("y1") else None
        if year is None and published is None:
            return None
        days: list[date] = []
        current_month = month
        for item in days_text:
            if isinstance(item, tuple):
                if item[0]:
                    current_month = _month(item[0])
                day = _day(item[1])
            else:
                day = _day(item)
            y = year if year is not None else _year_for(current_month, day, published)  # type: ignore[arg-type]
            d = _safe(y, current_month, day)
            if d:
                days.append(d)
        if "-" in (m.group("more") or "") or "–" in (m.group("more") or "") or " to " in (m.group("more") or ""):
            days = [days[0], days[-1]] if len(days) > 1 else days  # a range: its ends
        return (tuple(days), "day", False) if days else None
    if m.group("dm"):
        if m.group("m2")[0].islower():
            return None
        month, day = _month(m.group("m2")), _day(m.group("d2"))
        if m.group("y2"):
            y = int(m.group("y2"))
        elif published is not None:
            y = _year_for(month, day, published)
        else:
            return None
        d = _safe(y, month, day)
        return ((d,), "day", False) if d else None
    if m.group("my"):
        word = m.group("m3")
        year_said = m.group("y3") or m.group("yrel")
        if word[0].islower() or (word.lower() == "may" and not year_said and not m.group("pre3")):
            return None
        abbreviated = word.lower().rstrip(".") in (
            "mar",
            "dec",
            "jan",
            "sep",
            "jun",
            "jul",
            "aug",
            "oct",
            "nov",
            "feb",
            "apr",
        )
        if abbreviated and not year_said:
            return None
        month = _month(word)
        if m.group("y3"):
            y = int(m.group("y3"))
        elif m.group("yrel") and published is not None:  # "in March last year"
            y = published.year + {"last": -1, "this": 0, "next": 1}[m.group("yrel")]
        elif published is not None:
            y = published.year if month <= published.month else published.year - 1
        else:
            return None
        return ((date(y, month, _part_of_month(m)),), "month", not m.group("y3"))
    if m.group("wd"):
        if m.group("w")[0].islower() or published is None:
            return None
        target = WEEKDAYS[m.group("w").lower()]
        back = (published.weekday() - target) % 7
        pre = (m.group("pre4") or "").lower().strip()
        if pre == "last" and back == 0:
            back = 7
        if back == 6 and pre != "last" and ahead:
            back = -1  # tomorrow in UTC: already that day where the story was filed (east of UTC)
        return ((published - timedelta(days=back),), "day", True)
    if m.group("rel"):
        if published is None:
            return None
        return _relative(m.group("rel").lower(), published)
    if m.group("hol"):
        month, day = HOLIDAYS[m.group("h").lower().replace("’", "'")]
        if m.group("yh"):
            return ((date(int(m.group("yh")), month, day),), "day", False)
        if published is None:
            return None
        return ((date(_year_for(month, day, published), month, day),), "day", True)
    if m.group("yr"):
        return ((date(int(m.group("y6")), 1, 1),), "year", False)
    return None


def _part_of_month(m: re.Match[str]) -> int:
    """The first day of the part of a month the words before it name: "late July" is the 21st to
    the 31st, "mid-July" the 11th to the 20th; the date of a span is its first day."""
    before = m.string[max(0, m.start("m3") - 5) : m.start("m3")].lower()
    if before.endswith("late "):
        return 21
    if before.endswith(("mid-", "mid ")):
        return 11
    return 1


def _relative(text: str, published: date) -> tuple[tuple[date, ...], str, bool] | None:
    words = text.split()
    if text in ("today", "tonight", "this morning", "this afternoon", "this evening", "earlier today"):
        return (published,), "day", True
    if text in ("yesterday", "last night", "the previous day", "the day before"):
        return (published - timedelta(days=1),), "day", True
    if words[-1] in ("ago", "earlier") and len(words) == 3:
        n = NUMBER_WORDS.get(words[0]) or (int(words[0]) if words[0].isdigit() else 1)
        unit = words[1].rstrip("s")
        if unit == "day":
            return (published - timedelta(days=n),), "day", True
        if unit == "week":
            return (published - timedelta(weeks=n),), "week", True
        if unit == "month":
            return (_months_back(published, n),), "month", True
        return (date(published.year - n, 1, 1),), "year", True
    unit = words[-1]
    which = words[-2]
    if unit == "week":
        monday = published - timedelta(days=published.weekday())
        start = monday - timedelta(weeks=1) if which == "last" else monday
        return (start,), "week", True
    if unit == "month":
        start = _months_back(published, 1) if which == "last" else published.replace(day=1)
        return (start,), "month", True
    if unit == "year":
        return (date(published.year - (1 if which == "last" else 0), 1, 1),), "year", True
    return None


def _months_back(day: date, n: int) -> date:
    month = day.month - n
    year = day.year
    while month < 1:
        month += 12
        year -= 1
    return date(year, month, 1)


# "special forces stormed the compound two days later": a day counted from the date told before
_LATER = re.compile(
    r"\b(?:(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}) days? later|"
    r"(?P<next>the (?:next|following) day|a day later|hours later)|(?:later )?that (?:day|evening|night|afternoon|"
    r"morning|week|month))\b"
)


def later_than(clause: str, before: DateMention) -> DateMention | None:
    """The date a clause without one of its own counts from ``before`` ("two days later", "the next
    day", "hours later"), or None when it counts from nothing."""
    match = _LATER.search(clause)
    if match is None:
        return None
    if match.group("n"):
        shift = NUMBER_WORDS.get(match.group("n")) or int(match.group("n"))
    else:
        shift = 1 if match.group("next") and "hours" not in match.group("next") else 0
    if before.precision != "day":
        return replace(before, start=-1, end=-1, text=match.group())  # "last month ... two days later"
    days = (before.days[-1] + timedelta(days=shift),)
    return replace(before, start=-1, end=-1, text=match.group(), days=days)
