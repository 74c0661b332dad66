"""The extractor's fast paths give exactly what the plain ones give, on the real corpus pages.

One regex pass over all sentences for triggers, and run-finding regexes that open with a
character class, are there for speed only: any difference from the per-sentence, plain regex
would change the events found.
"""

from __future__ import annotations

import re

import pytest

from api.extract import casualties
from api.extract.clauses import ANAPHOR, anaphor
from api.extract.dates import DATE_BODY, DATE_RE
from api.extract.keywords import find_triggers, find_triggers_each
from api.extract.names import key, word_key
from api.extract.spans import SPAN_RE, find_runs
from tests.extract.texts import corpus_lines


def test_runs_are_span_re_matches() -> None:
    lines = corpus_lines()
    for text in lines + [t.upper() for t in lines] + [t.lower() for t in lines] + [t.title() for t in lines]:
        assert [m.span() for m in find_runs(text)] == [m.span() for m in SPAN_RE.finditer(text)], text


def test_triggers_of_all_sentences_at_once() -> None:
    lowered = [line.lower() for line in corpus_lines() if line.strip()]
    each = find_triggers_each(lowered)
    assert each == [find_triggers(text) for text in lowered]
    assert sum(len(k) for k in each) > 50  # the corpus is about attacks: the test compares something
    assert find_triggers_each([]) == []
    assert find_triggers_each(["rockets", "", "attack"]) == [find_triggers("rockets"), [], find_triggers("attack")]


def test_date_regex_opening_assertion_changes_nothing() -> None:
    plain = re.compile(DATE_BODY)
    texts = [line[:1500] for line in corpus_lines()]  # long lines of markup would only cost time
    for text in [*texts, "xJanuary 5, on June 8 and 10, mid-2019, 3 days ago, the 5th of May 2020"]:
        for pos in range(0, len(text), 11):  # searches start inside words too, as find_dates' do
            a, b = plain.search(text, pos), DATE_RE.search(text, pos)
            assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict())), text


def test_word_key_is_key() -> None:
    words = {w for line in corpus_lines() for w in line.split()}
    assert len(words) > 1000
    for word in words | {"al-Asad", "U.S.", "Kata'ib", "Qā’im", "(Iraq)", "-", "'", "ÉCOLE", "x_y"}:
        assert word_key(word) == key(word), word


def test_anaphor_opens_where_the_plain_pattern_does() -> None:
    clauses = [line.lower().strip() for line in corpus_lines()]
    clauses += ["it was the third attack", "its base was hit", "saturday's strike", "the latest new rocket attack"]
    found = 0
    for clause in clauses:
        plain = ANAPHOR.search(clause)
        assert anaphor(clause) == (plain.start() if plain else None), clause
        found += plain is not None
    assert found > 10


@pytest.mark.parametrize("name", ["KILLED_AFTER", "HURT_AFTER", "KILLED_NAMED"])
def test_word_start_is_a_word_boundary(name: str) -> None:
    """The casualty patterns open with ``word_start``: the same matches as with ``\\b`` in front."""
    fast = getattr(casualties, name)
    assert r"(?<!\w.)" in fast.pattern
    plain = re.compile(_with_boundary(fast.pattern))
    hits = 0
    for line in corpus_lines() + [line.lower() for line in corpus_lines()]:
        assert [m.span() for m in fast.finditer(line)] == [m.span() for m in plain.finditer(line)], line
        hits += bool(plain.search(line))
    assert hits > 0


def _with_boundary(pattern: str) -> str:
    """``word_start``'s branches ``c(?<!\\w.)rest`` written back as ``\\b(?:crest|...)``."""
    return r"\b" + pattern.replace(r"(?<!\w.)", "", pattern.count(r"(?<!\w.)"))


@pytest.mark.parametrize("name", ["KILLED_BEFORE", "HURT_BEFORE"])
def test_figures_before_the_verb_are_every_overlapping_match(name: str) -> None:
    pattern = getattr(casualties, name)
    verb = casualties._KILLED_VERB if name == "KILLED_BEFORE" else casualties._HURT_VERB
    texts = [line.lower() for line in corpus_lines()] + [
        "five were were were were were were were were were were were were were were killed and 3 hurt",
        "as many as a hundred one people in the old town were reportedly killed, 12 seriously injured",
        "a b c d e f g h i j k l m n o p five x y z were killed",
        "(five were killed) and 7 injured, 8 hurt; 12 people were killed and 30 injured",
    ]
    hits = 0
    for text in texts:
        fast = [m.span() for m in casualties._figures_before(pattern, verb, text)]
        assert fast == [m.span() for m in casualties._overlapping(pattern, text)], text
        hits += bool(fast)
    assert hits > 3
