"""Clauses of a sentence, and whether a clause asserts the event its trigger words name.

A sentence holds several clauses: "Rockets hit the base on Friday, and they said ...", "...
after gunmen killed two", "... to protest the air strikes that killed 25". A clause opened by
"since", "after" or "in retaliation for" (or "to protest" an attack) tells of another, earlier
event. A trigger is not asserted when something makes it hypothetical ("would strike", "vowed to
attack"), denied ("did not attack"), habitual ("has fired dozens of rockets", "still mount
ambushes"), generic ("such attacks") or a reference to an event already told ("condemned the
attack").
"""

from __future__ import annotations

import re

from api.extract.keywords import Keyword, find_words, word_regex, word_start
from api.extract.tails import INFINITIVE, TRIED

_SUB = word_regex(
    ["since", "after", "before", "following", "in retaliation for", "retaliation for", "in revenge for",
     "revenge for", "in response to", "response to", "to avenge"]
)  # fmt: skip
# "after Friday prayers", "after two days", "before dawn": a time, not another event
_TIME_AFTER = re.compile(
    r" (?:(?:about|nearly|more than|some|around|almost|barely|just|only) )?(?:(?:\d+|a|an|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|twelve|several|a few|a couple of|many) (?:minutes?|hours?|days?|nights?|weeks?|months?)|"
    r"midnight|dawn|dusk|dark|nightfall|sunset|sunrise|noon|midday|daybreak|(?:friday|morning|evening|noon|weekly) "
    r"prayers)\b"
)
_TIME_WORDS = frozenset(["after", "before", "following"])
# "moments after the plane landed": the same moment, told by what else happened then
_AT_ONCE = re.compile(r"\b(?:moments|minutes|seconds|shortly|soon|just|immediately|right)\s+$")


_ASIDE_BEFORE = re.compile(r", the (?:day|night|morning|evening|week|month|year) $")


def _time_phrase(word: str, lowered: str, start: int, end: int) -> bool:
    if word not in _TIME_WORDS:
        return False
    return bool(_TIME_AFTER.match(lowered, end) or _AT_ONCE.search(lowered, max(0, start - 14), start))


# "to protest the air strikes": the protest's cause, another event, when an attack is named after it
_CAUSE = word_regex(
    ["to protest", "protesting against", "protesting over", "protesting at", "in protest at", "in protest against",
     "in protest over", "to denounce", "to condemn", "denouncing", "condemning"]
)  # fmt: skip
# ", and they fired": a new subject begins a new clause, as does what came next (", and less than a minute
# later a suicide bomber blew himself up"); "said X and that Y": a second report
_COORDINATE = re.compile(
    r", (?:and|but) (?="
    r"(?:he|she|it|they|we|his|her|its|their)\b|then\b"  # a new subject
    r"|(?:the )?\w+ (?:said|says|told)\b"  # ", and police said": another report
    r"|(?:(?:less than|more than|about|some|just|only) )?(?:a|an|one|two|three|a few|several|\d+) "
    r"(?:seconds?|minutes?|hours?|days?) later\b|(?:moments|minutes|hours|shortly|soon) (?:later|afterwards?)\b"
    r")| and that\b"
    # ", as Turkish police widened their search": what went on meanwhile, a clause of its own
    r"|, as (?!(?:well|many|much|long|soon|far|part|a|an|of|if|though|such|usual|expected|before|in|with|"
    r"for|to|at|on)\b)"
)
_COORDINATE_STEMS = (", and ", ", but ", " and that", ", as ")

# Words after which a trigger is hypothetical, intended or feared rather than reported.
_MODAL_WORDS = """would will could might may should must shall can cannot threaten threatens threatened threatening vow vows
    vowed vowing warn warns warned warning plan plans planned planning intend intends intended intending poised
    ready@to prepare prepares prepared preparing seek seeks seeking aim aims aimed aiming want wants wanted if
    unless deter deters deterred deterrence future possible potential risk risks fear fears feared
    prevent prevents prevented preventing defend@against protect@against capable capability capabilities
    threat@of in@case ability@to designed@to allow allows allowed raise@the@prospect raising@the@prospect
    call@for calls@for called@for urge urges urged urging accused@of suspected@of"""
_MODAL = word_regex([word.replace("@", " ") for word in _MODAL_WORDS.split()])
# "any attack", "anyone attacking": a quantifier only makes the trigger it stands right before hypothetical
_ANY = re.compile(r"\bany(?:one)?\s+(?:[\w-]+\s+){0,2}$")
_NEGATION = re.compile(r"\b(?:no|not|never|without|n't|denied|deny|denies|nor|neither|none)\b")
_NEGATION_STEMS = ("no", "never", "without", "n't", "den", "neither")  # what _NEGATION needs

_HABITUAL = re.compile(
    r"\b(?:has|have)\s+(?:(?:also|repeatedly|twice|often|frequently|regularly|previously|long|already|in turn|"
    r"increasingly)\s+)*(?:been\s+)?[a-z]+(?:ed|en|ck|t)\b"
)
_AGGREGATE = re.compile(
    r"\b(?:dozens of|scores of|hundreds of|several|numerous|a series of|a spate of|a wave of|repeatedly|twice|"
    r"multiple|frequent(?:ly)?|regularly|many|before|in recent (?:months|weeks|years|days)|in the (?:last|past)|"
    r"over the (?:last|past)|so far this year|since)\b"
)
_GENERIC = re.compile(
    r"\b(?:such|these|those|similar|future|previous|past|earlier|other|repeated|frequent|recent|nightly|daily|"
    r"weekly|regular|sporadic|occasional) (?:[\w-]+ )?(?:and (?:[\w-]+ )?)?(?:attacks|strikes|incidents|"
    r"protests|bombings|ambushes|clashes|raids|shootings|killings|rocket attacks|demonstrations)\b"
    # "the attack followed the same pattern as ramming attacks in Israel": a kind of attack, not one
    r"|\b(?:same|similar) (?:pattern|way|style|manner|kind|type) as (?:[\w-]+ ){0,2}(?:attacks|strikes|bombings)\b"
    # "whose followers have joined the protests": taking part in a movement, not one protest
    r"|\b(?:joined|join|joins|joining)\s+(?:in\s+)?the\s+(?:[\w-]+\s+)?(?:protests|demonstrations)\b"
)
_FREQUENT_TARGET = re.compile(r"\b(?:frequent|regular|repeated|constant|common|favoured|favored) targets? (?:of|for)\b")
_GENERIC_STEMS = ("attacks", "strikes", "incidents", "protests", "bombings", "ambushes", "clashes", "raids",
                  "shootings", "killings", "demonstrations")  # fmt: skip
# "still mount ambushes", "attacks surged": activity over time, told with bare plurals
_ONGOING = re.compile(
    r"\b(?:still|continue to|continues to|continued to|routinely|regularly|often|frequently|occasionally|"
    r"sometimes|periodically|keep|keeps)\b|\b(?:surged|rose|increased|intensified|escalated|continued|persisted|"
    r"resumed|grew|declined|decreased|have become|has become|are common|remain|remains)\b"
)

_ANAPHOR_WORDS = ["the", "this", "that", "its", "saturday's", "sunday's", "monday's", "tuesday's", "wednesday's",
                  "thursday's", "friday's", "the latest", "the same", "the reported"]  # fmt: skip
_ANAPHOR_NOUNS = (
    r" (?:\w+ )?(?:attack|strike|strikes|incident|assault|bombing|bombings|explosion|blast|raid|rockets|rocket|"
    r"missiles|missile|base|site|projectiles|airstrike|airstrikes|killing|killings|assassination|shooting|attacks|"
    r"violence|protests|demonstrations|unrest)\b"
)
# The plain form, and the same written so that the regex engine can skip to the next first letter
# (``word_start``; "it was the" at the start is tested apart): ``anaphor`` gives the same start.
ANAPHOR = re.compile(rf"\b(?:{'|'.join(_ANAPHOR_WORDS)}){_ANAPHOR_NOUNS}|^it was the\b")
_ANAPHOR = re.compile(word_start(_ANAPHOR_WORDS) + _ANAPHOR_NOUNS)
_IT_WAS_THE = re.compile(r"it was the\b")
# "condemned the attack", "called the killing a crime": a reaction to an event told already
_REACTION = re.compile(
    r"\b(?:condemn(?:ed|s|ing)?|denounc(?:ed|es|ing)|deplor(?:ed|es|ing)|decri(?:ed|es)|mourn(?:ed|s|ing)|"
    r"welcom(?:ed|es|ing)|prais(?:ed|es|ing)|investigat(?:e|es|ed|ing)|probing|calling|called|describ(?:ed|es|ing)|"
    r"claim(?:ed|s|ing)?|blam(?:ed|es|ing)|assessing|orchestrat(?:ed|ing)|avenge|avenging)\s+$"
)
# "denied it had anything to do with the killings", "denies any role in the attack": no new event either
_DENIAL = re.compile(
    r"\b(?:denied|denies|deny|denying|rejected|rejects)\b(?: (?:that )?(?:it|they|he|she) (?:had|has|have|was|were))?"
    r" (?:anything to do with|any (?:role|part|involvement|hand) in|involvement in|responsibility for|"
    r"being behind|carrying out|links? to)\s+$"
)
# ", who resigned last month": what a relative clause says of a person or thing, not of the event
_RELATIVE = re.compile(r", (?:who|whose|which) |\b(?:who|whom) ")


def anaphor(clause: str) -> int | None:
    """Where "the attack", "Saturday's strike", "this incident" opens in a lower-case clause, if it does."""
    if clause.startswith("it was the") and _IT_WAS_THE.match(clause):
        return 0
    found = _ANAPHOR.search(clause)
    return None if found is None else found.start()


# "The violence followed a tense day on Thursday, when ...": the rest of the clause is an earlier event
_BEFORE_IT = re.compile(
    r"(?:\s+\w+){0,3}?\s+(?:followed|(?:came|comes|happened|occurred)\s+(?:(?:just\s+)?(?:a|an|one|two|three|four|"
    r"five|several|\d+)\s+(?:days?|hours?|weeks?|months?)\s+)?(?:after|following))\b"
)


def opens_with_earlier(clause: str) -> bool:
    """Whether a lower-case clause opened by "the attack" goes on to tell what came before it."""
    found = _ANAPHOR.search(clause)
    return found is not None and _BEFORE_IT.match(clause, found.end()) is not None


def is_reaction(before: str) -> bool:
    """Whether the words before an anaphor ("Tehran condemned ") react to an event already told."""
    return bool(_REACTION.search(before[-40:]) or _DENIAL.search(before[-60:]))


def clauses(lowered: str, violent: list[int] | None = None) -> list[tuple[int, int, bool]]:
    """(start, end, subordinate) for each clause of a sentence. ``violent``: where violent
    trigger words start; a protest's cause ("to protest the strikes") is a clause of its own
    when one of them follows."""
    cuts = [
        (start, True) for start, end, word in find_words(_SUB, lowered) if not _time_phrase(word, lowered, start, end)
    ]
    # "On June 16, the day after the bill was suspended, organisers said": the aside ends at its comma
    cuts += [
        (comma + 2, False)
        for start, _sub in cuts
        if _ASIDE_BEFORE.search(lowered, max(0, start - 14), start) and (comma := lowered.find(", ", start)) > 0
    ]
    if violent and ("protest" in lowered or "denounc" in lowered or "condemn" in lowered):
        cuts += [(s, True) for s, _e, _w in find_words(_CAUSE, lowered) if any(v > s for v in violent)]
    if any(stem in lowered for stem in _COORDINATE_STEMS):
        cuts += [
            (m.start(), False)
            for m in _COORDINATE.finditer(lowered)
            # "On May 13, as leaders neared a deal, gunmen opened fire": "as" after the deed only
            if not m.group().startswith(", as") or (violent is not None and any(v < m.start() for v in violent))
        ]
    if ";" in lowered:
        cuts += [(i, False) for i, c in enumerate(lowered) if c == ";"]
    cuts.sort()
    out: list[tuple[int, int, bool]] = []
    start, sub = 0, False
    for pos, is_sub in cuts:
        if pos - start < 3 and not out:  # "After the attack, ...": the opening phrase ends at its comma
            comma = lowered.find(", ", pos)
            if comma > 0:
                out.append((0, comma, True))
                start, sub = comma + 2, False
                continue
        if pos <= start:
            continue
        out.append((start, pos, sub))
        start, sub = pos, is_sub
    out.append((start, len(lowered), sub))
    return [c for c in out if c[1] > c[0]]


def markers(text: str, lowered: str) -> list[int]:
    """Where the sentence turns hypothetical ("would", "vowed"); "May" the month does not count."""
    return [start for start, _end, word in find_words(_MODAL, lowered) if word != "may" or text[start] == "m"]


def doubt(keyword: Keyword, lowered: str, clause_start: int, modal_at: list[int]) -> str | None:
    """Why the text does not assert this trigger happened: "modal", "infinitive", "negated" or None."""
    window = max(clause_start, keyword.start - 80)
    if modal_at and any(window <= pos < keyword.start and not _done_after(lowered, pos, keyword) for pos in modal_at):
        return "modal"
    before = lowered[window : keyword.start]
    if "any" in before[-30:] and _ANY.search(before):
        return "modal"
    if before.endswith("to ") and INFINITIVE(before) and not TRIED(before):
        return "infinitive"
    near = before[-22:]
    return "negated" if any(w in near for w in _NEGATION_STEMS) and _NEGATION.search(near) else None


_PAST = re.compile(r"(?:ed|shot|struck|hit|fought|stormed|blew|threw|set fire)$")


def _done_after(lowered: str, modal: int, keyword: Keyword) -> bool:
    """Whether the trigger is a deed told in the past after "and", out of the modal's reach: "passengers
    who could not recite verses and shot dead 28 of them" (a hypothetical goes on in the base form,
    "could attack and kill")."""
    between = lowered[modal : keyword.start]
    return " and " in between and bool(_PAST.search(keyword.word.split()[0]))


def generic(clause_low: str, follows: str, dated: bool) -> bool:
    """Whether an undated clause tells of violence in general: "such attacks", "has fired dozens
    of rockets in recent months", "more than 350 people have been killed since October"
    (``follows``: the words after the clause, where its "since" may stand); dated or not, "a
    frequent target of raids"."""
    if "target" in clause_low and _FREQUENT_TARGET.search(clause_low):
        return True  # "the city has been a frequent target of Israeli raids this year": raids over time
    if dated:
        return False
    if any(stem in clause_low for stem in _GENERIC_STEMS) and _GENERIC.search(clause_low):
        return True
    return ("has" in clause_low or "have" in clause_low) and bool(
        _HABITUAL.search(clause_low) and (_AGGREGATE.search(clause_low) or follows.lstrip().startswith("since"))
    )


def ongoing(clause_low: str) -> bool:
    """Whether bare plurals tell of activity over time ("still mount ambushes", "attacks surged")."""
    return bool(_ONGOING.search(clause_low))


def relative_spans(lowered: str, start: int, end: int) -> list[tuple[int, int]]:
    """The relative clauses (", who resigned last month", ", which lost seats in the October 10
    election") in ``lowered[start:end]``, each up to its next comma."""
    if "who" not in lowered and "which" not in lowered:
        return []
    spans = []
    for m in _RELATIVE.finditer(lowered, start, end):
        comma = lowered.find(",", m.end(), end)
        spans.append((m.start(), comma if comma > 0 else end))
    return spans
