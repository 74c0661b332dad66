"""Sentence splitting, repeated sentences and datelines."""

from __future__ import annotations

from api.extract.sentences import article_sentences, split_sentences
from api.ingest.article import Article, Caption


def test_abbreviations_do_not_end_sentences() -> None:
    text = "U.S. forces left. Lt. Gen. Smith said the U.S. Army was ready. The U.S. Then it ended."
    assert split_sentences(text) == [
        "U.S. forces left.",
        "Lt. Gen. Smith said the U.S. Army was ready.",
        "The U.S.",
        "Then it ended.",
    ]


def test_repeats_and_datelines() -> None:
    article = Article(
        source="x",
        headline="Rockets hit base",
        standfirst="Two rockets hit the base.",
        paragraphs=("BAGHDAD (Reuters) - Two rockets hit the base. Nobody was hurt.", "Two rockets hit the base."),
        captions=(Caption("Soldiers at the base"), Caption("Soldiers at the base")),
    )
    sentences = article_sentences(article)
    assert [(s.segment, s.text) for s in sentences] == [
        ("headline", "Rockets hit base"),
        ("standfirst", "Two rockets hit the base."),
        ("body", "Nobody was hurt."),
        ("caption", "Soldiers at the base"),
    ]
