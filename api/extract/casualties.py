"""Casualty figures in news prose: "killing four", "three ... were killed ... and 10 wounded",
"the death toll has risen to 25", "no one was hurt". Words and numerals alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from api.extract.keywords import trie_pattern, word_start

UNITS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "a dozen": 12, "dozen": 12, "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "tens": 20,
    "several": 3, "a few": 3, "a number": 3, "another": 1,
}  # fmt: skip
# Figures that say "at least this many"; the others are reported as they are.
VAGUE = frozenset(["dozens", "scores", "hundreds", "thousands", "tens", "several", "a few", "a number"])

# Number words and modifiers as tries (longest first, like the sorted alternation they replace):
# the regex engine then tries one branch per letter instead of every word at every word start.
_QWORDS = trie_pattern(UNITS)
_MODS = ["at least ", "more than ", "over ", "nearly ", "almost ", "about ", "around ", "some ", "roughly ", "up to ",
         "as many as ", "an estimated ", "a further "]  # fmt: skip
_Q = (
    rf"(?P<mod>{trie_pattern(_MODS)})?"
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+|(?<!\d)\d{{1,9}}(?!\d)|(?:{_QWORDS})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"
)
_RUN = r"(?:[\w'’.-]+ ){0,5}?"
_BE = r"(?:(?:were|was|have been|had been|has been|are|is|been|being|also|reportedly|all|later) )*"
_KILLED = r"(?:killed|dead|died|martyred|slain|perished|lost their lives)"
_HURT = r"(?:wounded|injured|hurt)"

_KILLED_AFTER_WORDS = ["killing", "killed", "kills", "martyring", "martyred", "massacring", "shot dead", "shooting dead",
                       "gunned down", "gunning down"]  # fmt: skip
KILLED_AFTER = re.compile(word_start(_KILLED_AFTER_WORDS) + rf"(?: at least| as many as| all)? {_Q}\b")
KILLED_BEFORE = re.compile(rf"(?<![\w,.]){_Q} (?P<run>{_RUN}){_BE}(?:reported )?{_KILLED}\b")
LEFT_DEAD = re.compile(rf"\b(?:left|leaving) {_Q} (?:{_RUN})dead\b")
TOLL_VERB = r"(?:risen|rose|rises|climbed|climbs|increased|jumped|jumps|reached|reaches|hit|hits|stood|stands)"
DEATH_TOLL = re.compile(
    # "the death toll from a suicide bombing at a mosque in Peshawar rose to 100", "Toll in ... rises to 100",
    # "the number of people killed when gunmen stormed the hall rose to 133";
    # a bare "toll" only with what it counts named after it ("massacre toll rises to 305 as jets strike"
    # would lend the figure to the strike)
    rf"\b(?:(?:(?:death )?toll (?:from|in|of)|number of (?:people |those )?(?:killed|dead)) [^.;:]{{0,160}}? {TOLL_VERB}|"
    rf"death toll (?:\w+ ){{0,3}}?(?:{TOLL_VERB}|is|was|to|at)|"
    # "a security document put the number of dead at more than 70", "officials put the toll at 12"
    rf"\b(?:put|puts|putting|placed|places|estimated|estimates) the (?:death toll|toll|number of "
    rf"(?:people |those )?(?:killed|dead))(?: \w+){{0,2}}? at)(?: to| at)? {_Q}\b"
)
HURT_AFTER = re.compile(word_start(["wounding", "injuring", "wounded", "injured"]) + rf" (?:at least |another )?{_Q}\b")
HURT_BEFORE = re.compile(
    rf"(?<![\w,.]){_Q} (?P<run>{_RUN}){_BE}(?:reported |seriously |critically |lightly )?{_HURT}\b"
)
AND_MORE = re.compile(rf"^(?: [\w.'’-]+){{1,4}}? and {_Q} (?!(?:wounded|injured|hurt|others)\b)")
NO_DEATHS = re.compile(
    r"\b(?:no (?:one|immediate word of casualties|immediate reports? of casualties|casualties|deaths|fatalities|"
    r"injuries|reports? of casualties)|nobody|none of)\b(?:[^.;]{0,40}?\b(?:killed|hurt|injured|harmed|reported|"
    r"casualties))?|\bwithout (?:causing )?casualties\b|\bcaus(?:ed|ing) no (?:casualties|injuries)\b"
)
ONE_KILLED = re.compile(
    r"\b(?:was|has been|had been) (?P<also>also )?(?:killed|martyred|assassinated|shot dead|slain|"
    r"(?:stabbed|shot|beaten|burned) to death)\b"
)
# "100 people had been killed or wounded": the dead and the hurt in one figure, no death toll
_OR_HURT = re.compile(r" (?:or|and) (?:wounded|injured|hurt)\b")
ALONG_WITH = re.compile(rf"\b(?:along with|together with|alongside) (?:(?:{_Q})\b|[A-Z])")
# "several other people also died", "another man was killed": in addition to those already counted
ADDITIONAL = re.compile(r"^(?:another|a further)\b|^\S+ (?:other|more|further)\b|\balso\b")
# "two rockets had struck and killed": the figure counts rockets, not people
_NOT_PEOPLE = frozenset(
    [
        "rockets",
        "rocket",
        "missiles",
        "missile",
        "mortars",
        "shells",
        "bombs",
        "drones",
        "days",
        "hours",
        "weeks",
        "months",
        "years",
        "times",
        "km",
        "kilometres",
        "miles",
        "percent",
        "per",
        "cent",
    ]
)
# "including two children", "a mother of five": a part of a figure told, or someone's children
_SUBSET = re.compile(
    r"(?:including|among them|among whom|of whom|of them|of which|(?:mother|father|parent|grandmother|grandfather) of)"
    r"\s*$"
)
DISPUTED = re.compile(r"\b(?:claimed|alleged)\b.*\b(?:no evidence|did not confirm|not confirmed|denied|unverified)\b")


@dataclass
class Casualties:
    killed: int | None = None  # best figure
    killed_low: int | None = None
    killed_high: int | None = None
    injured: int | None = None
    none_reported: bool = False
    additional: bool = False  # the figure adds to people counted in other sentences ("also", "other")

    @property
    def found(self) -> bool:
        return self.killed is not None or self.injured is not None or self.none_reported

    @property
    def hurt_anyone(self) -> bool:
        """Whether anyone is told killed or hurt."""
        return bool(self.killed or self.injured)


def _value(match: re.Match[str]) -> tuple[int, int | None, int | None]:
    """(best, low, high) of a quantity match."""
    raw = (match.group("num") or "").lower().replace(",", "")
    if raw.isdigit():
        n = int(raw)
    else:
        head, _, tail = raw.replace("-", " ").partition(" ")
        n = UNITS.get(raw) or (UNITS.get(head, 0) + UNITS.get(tail, 0))
    mod = (match.group("mod") or "").strip()
    if mod in ("up to", "as many as"):
        return n, None, n
    if mod in ("at least", "more than", "over") or raw in VAGUE:
        return n, n, None
    return n, n, n


def _overlapping(pattern: re.Pattern[str], text: str, pos: int = 0, endpos: int | None = None) -> list[re.Match[str]]:
    """Matches that may overlap: "12 people were killed and 30 injured" holds "30 injured" too."""
    endpos = len(text) if endpos is None else endpos
    found = []
    match = pattern.search(text, pos, endpos)
    while match is not None:
        found.append(match)
        match = pattern.search(text, match.start() + 1, endpos)
    return found


# Words a figure-before-verb pattern may hold between the figure's words and the verb without
# limit (``_BE``), and how many other words it can hold at most: "reported" or an adverb (1),
# the run (5), the figure with its modifier ("as many as", "a hundred one": 6), and a margin.
_BE_WORDS = frozenset(
    ["were", "was", "have", "had", "has", "been", "are", "is", "being", "also", "reportedly", "all", "later"]
)
_MAX_WORDS = 14


def _figures_before(pattern: re.Pattern[str], verb: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """``_overlapping(pattern, text)`` for the patterns that end with a verb after a figure
    (``KILLED_BEFORE``, ``HURT_BEFORE``), searched only where a match can lie.

    Every match ends with ``verb`` (always after a space) and, before it, holds only words
    separated by single spaces: at most ``_MAX_WORDS`` words that are not ``_BE_WORDS``. So
    no match starts before that many words in front of the first verb, and none ends after the
    last verb; searching between the two finds the same matches as searching the whole text."""
    verbs = [m.start() for m in verb.finditer(text)]
    if not verbs:
        return []
    start, budget = verbs[0], _MAX_WORDS
    while start > 0 and budget:
        space = text.rfind(" ", 0, start)
        if text[space + 1 : start] not in _BE_WORDS:
            budget -= 1
        start = max(space, 0)
    last = verb.search(text, verbs[-1])
    assert last is not None
    return _overlapping(pattern, text, start, last.end())


_KILLED_VERB = re.compile(rf" {_KILLED}\b")
_HURT_VERB = re.compile(rf" {_HURT}\b")


def _counts_people(match: re.Match[str]) -> bool:
    """The words between a figure and its verb name people, and no other figure or toll comes between."""
    run = (match.groupdict().get("run") or "").lower().split()
    return not any(
        w.strip(".,") in _NOT_PEOPLE or w[:1].isdigit() or (w in UNITS and w not in ("a", "an")) for w in run
    )


# "three soldiers and two civilians were killed": a figure of other people joined by "and"
_AND_BEFORE = re.compile(rf"(?<![\w,.]){_Q} (?P<run>(?:[\w'’.-]+ ){{1,3}})and $")
_AND_ONE = re.compile(r"\band an? \w")
_OBJECT = re.compile(r"\b(?:him|her|them)\b")


def _with_figure_before(text: str, match: re.Match[str]) -> tuple[int, int | None, int | None]:
    """The figure of a match plus that of the people joined to it by "and" just before it."""
    value = _value(match)
    if _OBJECT.search(match.group()):
        return value  # "a bus driver and another armed civilian shot him dead": who killed, not who died
    before = _AND_BEFORE.search(text, max(0, match.start() - 60), match.start())
    if (
        before is None
        or text[max(0, before.start() - 8) : before.start()].endswith("between ")
        or not _counts_people(before)
    ):
        return value
    more = _value(before)
    return value[0] + more[0], _add(value[1], more[1]), _add(value[2], more[2])


def _is_subset(text: str, match: re.Match[str]) -> bool:
    return bool(_SUBSET.search(text[max(0, match.start() - 20) : match.start()]))


def read_casualties(original: str, lowered: str | None = None) -> Casualties:
    """Casualties stated in one clause or sentence (``lowered``: the same text in lower case).

    Each pattern runs only when the words it needs are in the text: most clauses name few of
    them, and a substring test costs far less than a regex search."""
    result = Casualties()
    text = original.lower() if lowered is None else lowered  # patterns are lower case: cheaper than IGNORECASE
    if ("claimed" in text or "alleged" in text) and any(w in text for w in _DISPUTE_WORDS) and DISPUTED.search(text):
        return result
    killed: list[tuple[int, int | None, int | None]] = []
    if any(stem in text for stem in _KILLED_AFTER_STEMS):
        for m in KILLED_AFTER.finditer(text):
            value = _value(m)
            extra = AND_MORE.match(text[m.end() :])
            if extra:
                more = _value(extra)
                value = (value[0] + more[0], _add(value[1], more[1]), _add(value[2], more[2]))
            killed.append(value)
    if "dead" in text and ("left " in text or "leaving " in text):
        killed.extend(_value(m) for m in LEFT_DEAD.finditer(text))
    if "toll " in text or "number of " in text:
        killed.extend(_value(m) for m in DEATH_TOLL.finditer(text))
    combined: list[int] = []  # where figures of the dead and the hurt together start
    for m in _figures_before(KILLED_BEFORE, _KILLED_VERB, text):
        if _OR_HURT.match(text, m.end()):
            combined.append(m.start())
            continue
        if _counts_people(m) and not _is_subset(text, m):
            if _AND_ONE.search(m.group("run") or ""):
                continue  # "four worshipers and a policeman were killed": counted with the one after "and"
            killed.append(_with_figure_before(text, m))
            result.additional = bool(ADDITIONAL.search(m.group()))
    if not killed and ("kill" in text or "assassinat" in text or "martyr" in text):  # what KILLED_NAMED needs
        named = _named_victims(original)
        if named:
            killed.append((named, named, None))
            result.additional = bool(_ALSO_KILLED.search(text))
    one = (
        ONE_KILLED.search(text)
        if not killed
        and not combined
        and ("was " in text or "been " in text)
        and any(w in text for w in _ONE_KILLED_WORDS)
        else None
    )
    if one:
        count = 1
        for along in ALONG_WITH.finditer(original):
            count += _value(along)[0] if along.groupdict().get("num") else 1
        killed.append((count, count, None))
        result.additional = bool(one.group("also"))
    if killed:
        best = max(killed, key=lambda v: v[0])
        result.killed, result.killed_low, result.killed_high = best
    hurt: list[tuple[int, int | None, int | None]] = []
    if "wound" in text or "injur" in text:
        hurt = [_value(m) for m in HURT_AFTER.finditer(text)]
    hurt += [
        _value(m)
        for m in _figures_before(HURT_BEFORE, _HURT_VERB, text)
        if _counts_people(m) and not _is_subset(text, m) and m.start() not in combined
    ]
    if hurt:
        result.injured = max(v[0] for v in hurt)
    if not killed and any(w in text for w in _NONE_WORDS) and NO_DEATHS.search(text):
        result.none_reported = True
    return result


# What KILLED_AFTER, DISPUTED, ONE_KILLED and NO_DEATHS cannot match without.
_KILLED_AFTER_STEMS = ("kill", "martyr", "massacring", "dead", "gunn")
_DISPUTE_WORDS = ("no evidence", "did not confirm", "not confirmed", "denied", "unverified")
_ONE_KILLED_WORDS = ("killed", "martyred", "assassinated", "shot dead", "slain", " to death")
_NONE_WORDS = ("no ", "nobody", "none of", "without")
_ALSO_KILLED = re.compile(r"\balso (?:killed|killing|martyred)\b")


KILLED_NAMED = re.compile(
    word_start(["killed", "killing", "assassinated", "assassinating", "martyred"])
    + r"\s+((?:[A-Z][\w'’.-]*\s+){0,5}[A-Z][\w'’.-]*)"
    r"(?P<more>(?:,? and (?:[A-Z][\w'’.-]*\s+){0,5}[A-Z][\w'’.-]*)*)(?P<next>\s+[a-z]+)?"
)
_AFTER_NAME = frozenset(
    [
        "in",
        "at",
        "on",
        "near",
        "and",
        "along",
        "together",
        "with",
        "when",
        "as",
        "after",
        "last",
        "early",
        "late",
        "while",
        "who",
        "whose",
        "on",
    ]
)


def _named_victims(text: str) -> int:
    """ "killed Qassem Soleimani", "killing X and Y": people named as the dead."""
    count = 0
    for m in KILLED_NAMED.finditer(text):
        following = (m.group("next") or "").strip()
        if following and following not in _AFTER_NAME:
            continue  # "killed US soldiers": a group, not a person
        count += 1 + (m.group("more") or "").count(" and ")
    return count


def _add(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b
