"""Each backward tail test agrees with its forward regex, on every word boundary of real text."""

from __future__ import annotations

import pytest

from api.extract import tails
from api.extract.tails import ORIGIN, Tail
from tests.extract.texts import corpus_lines

TAILS = {name: value for name, value in vars(tails).items() if isinstance(value, Tail)}
# Written to reach each branch: every word list, "the", counts, adverbs, tabs and line ends.
MADE_UP = [
    "fired by the ", "launched from an ", "claimed by the ", "was reportedly ", "were also not badly ",
    "got ", "is ", "struck the two ", "clashed with several tribal fighters ", "exchanged fire with its ",
    "north-western of the city of ", "southern of the capital ", "on the outskirts of the town of ",
    "not far from ", "in the vicinity of ", "tried to ", "continue to\t", "in the\n", "across\t the ",
    "-at ", "(near ", "xin ", "in", " in the", "outside  the  ", "towards ", "ambushed a ", "é to ",
    "hid in north-western ", "across central ", "from the neighbouring ", "from adjacent ", "blamed the raids on ",
    "ascribed to the ", "jets flew through the skies of the ", "passing across ", "via the ", "a road into ",
    "west of the capital, ",
]  # fmt: skip


def _windows() -> list[str]:
    """The 60 characters before each word of the corpus, in lower case as the extractor reads it."""
    out = []
    for line in corpus_lines():
        low = line.lower()[:2000]
        out += [low[max(0, i - 60) : i] for i in range(1, len(low)) if low[i - 1] in " \t" and low[i] != " "]
    return out + MADE_UP + [w.rstrip() for w in MADE_UP]


@pytest.fixture(scope="module")
def windows() -> list[str]:
    return _windows()


@pytest.mark.parametrize("name", sorted(TAILS))
def test_backward_form_agrees(name: str, windows: list[str]) -> None:
    test = TAILS[name]
    hits = 0
    for before in windows:
        expected = test.forward.search(before) is not None
        assert test(before) == expected, (name, before)
        hits += expected
    assert hits > 0, f"{name} never matched: the comparison would prove nothing"


@pytest.mark.parametrize(
    ("before", "origin"),
    [
        ("a former teacher from the bedouin town of ", True),  # where a person comes from
        ("rockets launched from south of ", True),
        ("fired from the nearby village of ", True),
        ("gunmen attacked the town of ", False),
        ("shelling in the south of ", False),
    ],
)
def test_origins(before: str, origin: bool) -> None:
    assert ORIGIN(before) is origin
