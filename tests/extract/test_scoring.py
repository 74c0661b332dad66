"""The scorer from ../shared/tools on the hand-coded gold events, with floors.

The matching (event type, date range, place radius or name, actors in role, fatality range) is
the scorer's own, imported from ../shared/tools/score_events.py; the extraction runs in process
through the same pipeline as ``eventgraph extract``. Floors are the issue's targets.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from api.ingest.files import read_document
from api.ingest.pipeline import Pipeline
from api.settings import SEEDS_DIR
from tests.shared import shared_path

FLOORS = {"recall_main": 0.95, "recall_background": 0.8, "precision": 0.9}
ATTRIBUTE_FLOOR = 0.9


def _scorer() -> ModuleType:
    path = shared_path("tools", "score_events.py")
    spec = importlib.util.spec_from_file_location("score_events", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score(pipeline: Pipeline, gold_path: Path) -> dict[str, Any]:
    """The scorer's tallies (see its main()), with predictions from the pipeline in process."""
    se = _scorer()
    gold = json.loads(gold_path.read_text())
    tally = {"main": [0, 0], "background": [0, 0]}
    attr = {"sub_type": [0, 0], "perpetrator": [0, 0], "target": [0, 0], "fatalities": [0, 0]}
    predicted = correct = 0
    for article in gold["articles"]:
        document = read_document(
            gold_path.parent / article["file"], url=article.get("url"), published=article.get("published")
        )
        out = json.loads(json.dumps(pipeline.run(document).to_json(), default=str))
        assert out["source"] == article["source"], article["file"]
        preds = [p for p in out["events"] if p.get("event_type") in se.ACLED_TYPES]
        used: set[int] = set()
        optional = 0
        for ev in article["events"]:
            hit = next((i for i, p in enumerate(preds) if i not in used and se.event_matches(p, ev)), None)
            if ev["tier"] in tally:
                tally[ev["tier"]][1] += 1
            if hit is None:
                continue
            used.add(hit)
            if ev["tier"] == "optional":
                optional += 1
                continue
            tally[ev["tier"]][0] += 1
            pred = preds[hit]
            attr["sub_type"][1] += 1
            attr["sub_type"][0] += pred.get("sub_event_type") == ev["sub_type"]
            for role in ("perpetrator", "target"):
                if role in ev:
                    attr[role][1] += 1
                    attr[role][0] += bool(se.actors_in_role(pred, role) & {se.norm(n) for n in ev[role]})
            if "fatalities" in ev:
                low, high = ev["fatalities"]
                got = se.best_fatalities(pred)
                attr["fatalities"][1] += 1
                attr["fatalities"][0] += got is not None and low <= got <= high
        predicted += len(preds) - optional
        correct += len(used) - optional

    def ratio(pair: list[int]) -> float | None:
        return pair[0] / pair[1] if pair[1] else None

    result: dict[str, Any] = {
        "recall_main": ratio(tally["main"]),
        "recall_background": ratio(tally["background"]),
        "precision": correct / predicted if predicted else None,
    }
    result.update({name: ratio(pair) for name, pair in attr.items()})
    return result


def check(result: dict[str, Any]) -> None:
    for name, floor in FLOORS.items():
        if result[name] is not None:
            assert result[name] >= floor, (name, result)
    for name in ("sub_type", "perpetrator", "target", "fatalities"):
        if result[name] is not None:
            assert result[name] >= ATTRIBUTE_FLOOR, (name, result)


def test_corpus_gold(pipeline: Pipeline) -> None:
    result = score(pipeline, shared_path("corpus", "gold.json"))
    assert result["recall_main"] is not None and result["precision"] is not None
    check(result)


def test_seed_articles_gold(pipeline: Pipeline) -> None:
    result = score(pipeline, SEEDS_DIR / "gold" / "seed-articles.json")
    assert result["recall_main"] is not None and result["recall_background"] is not None
    check(result)


@pytest.mark.parametrize("gold", ["seed-articles.json"])
def test_gold_files_point_at_existing_articles(gold: str) -> None:
    path = SEEDS_DIR / "gold" / gold
    data = json.loads(path.read_text())
    for article in data["articles"]:
        assert (path.parent / article["file"]).exists(), article["file"]
        for event in article["events"]:
            assert event["tier"] in ("main", "background", "optional")
            assert event["date_from"] <= event["date_to"]


# Below the targets on purpose: the held-out articles do not reach them yet (see
# tests/extract/heldout/README.md). These floors catch a rule that helps the seeds and breaks
# unseen prose; raise them as the extractor gets better.
HELDOUT_FLOORS = {"recall_main": 0.75, "recall_background": 0.75, "precision": 0.75}
HELDOUT_ATTRIBUTE_FLOOR = 0.8


def test_heldout_articles_do_not_regress(pipeline: Pipeline) -> None:
    result = score(pipeline, Path(__file__).parent / "heldout" / "gold.json")
    for name, floor in HELDOUT_FLOORS.items():
        assert result[name] is not None and result[name] >= floor, (name, result)
    for name in ("sub_type", "perpetrator", "target", "fatalities"):
        assert result[name] is not None and result[name] >= HELDOUT_ATTRIBUTE_FLOOR, (name, result)


# Two later sets by an outside coder (their READMEs): the development set the rules of stop 14
# were written against, and the sealed set scored only by its last line. Floors a little under
# the figures of stop 14, far under the targets: they catch a rule that breaks unseen prose.
LATER_SET_FLOORS = {
    "development": {"recall_main": 0.75, "recall_background": 0.55, "precision": 0.55, "sub_type": 0.9},
    "sealed": {"recall_main": 0.8, "recall_background": 0.55, "precision": 0.65, "sub_type": 0.7},
    # scored blind once (stop 15), before and after that stop's rules; a regression set since
    "blind": {"recall_main": 0.65, "recall_background": 0.65, "precision": 0.65, "sub_type": 0.75},
    # scored blind once each (stop 16), the same way
    "blind_h": {"recall_main": 0.75, "recall_background": 0.55, "precision": 0.6, "sub_type": 0.8},
    "blind_i": {"recall_main": 0.85, "recall_background": 0.5, "precision": 0.6, "sub_type": 0.85},
    # scored blind once each (stop 17), the same way
    "blind_j": {"recall_main": 0.7, "recall_background": 0.6, "precision": 0.7, "sub_type": 0.9},
    "blind_k": {"recall_main": 0.6, "recall_background": 0.5, "precision": 0.6, "sub_type": 0.7},
    # stop 18: l and m scored blind once each, then read for misses (l's gold corrected, see its README);
    # n scored blind only, its misses never read
    "blind_l": {"recall_main": 0.85, "recall_background": 0.7, "precision": 0.6, "sub_type": 0.8},
    "blind_m": {"recall_main": 0.5, "recall_background": 0.4, "precision": 0.35, "sub_type": 0.85},
    "blind_n": {"recall_main": 0.4, "recall_background": 0.45, "precision": 0.5, "sub_type": 0.9},
}


@pytest.mark.parametrize("name", sorted(LATER_SET_FLOORS))
def test_later_sets_do_not_regress(pipeline: Pipeline, name: str) -> None:
    result = score(pipeline, Path(__file__).parent / name / "gold.json")
    for measure, floor in LATER_SET_FLOORS[name].items():
        assert result[measure] is not None and result[measure] >= floor, (measure, result)
