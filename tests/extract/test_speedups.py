"""The extractor's fast paths give exactly what the plain ones give, on the real corpus pages.

One regex pass over all sentences for triggers, and run-finding regexes that open with a
character class, are there for speed only: any difference from the per-sentence, plain regex
would change the events found.
"""

from __future__ import annotations

import re

from api.extract.dates import DATE_BODY, DATE_RE
from api.extract.keywords import find_triggers, find_triggers_each
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
