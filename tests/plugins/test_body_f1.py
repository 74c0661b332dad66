"""Body extraction measured against the hand-annotated bodies of the corpus (token-level F1).

Run with ``-s`` to see each page's figure: ``pytest tests/plugins/test_body_f1.py -s``.
"""

from __future__ import annotations

import json

import pytest

import plugins.jpost as jpost
import plugins.reuters as reuters
from api.testkit import run_plugin, token_f1
from tests.shared import SHARED, shared_path

TARGET = 0.95
PLUGINS = {"reuters": reuters, "jpost": jpost}


def _pages_with_full_truth() -> list[str]:
    # Called while collecting: no skip here; test_there_are_pages_to_measure skips or fails.
    corpus = SHARED / "corpus"
    pages: list[str] = []
    for truth_file in sorted(corpus.rglob("*.truth.json")):
        if "articleBody" in json.loads(truth_file.read_text(encoding="utf-8")):
            pages.append(str(truth_file.relative_to(corpus)).removesuffix(".truth.json"))
    return pages


def test_there_are_pages_to_measure() -> None:
    shared_path("corpus")
    assert len(_pages_with_full_truth()) >= 2


@pytest.mark.parametrize("relative", _pages_with_full_truth())
def test_body_f1(relative: str) -> None:
    page = shared_path("corpus", relative)
    truth = json.loads(page.with_name(page.name + ".truth.json").read_text(encoding="utf-8"))
    outlet = relative.split("/")[0]
    run = run_plugin(PLUGINS[outlet], page, url=truth.get("url"), extract=False)
    score = token_f1(run.parsed.body, truth["articleBody"])
    print(f"\nbody F1 {relative}: {score:.4f}")
    assert score >= TARGET, f"{relative}: body F1 {score:.4f} < {TARGET}"


def test_f1_measure_can_fail() -> None:
    assert token_f1("a b c d", "a b c d") == 1.0
    assert token_f1("a b", "c d") == 0.0
    assert 0.6 < token_f1("rockets hit the base", "rockets hit the base on saturday") < 0.9
