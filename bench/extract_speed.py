"""Extraction speed: articles per second through the core extractor, one process.

Articles are the project's seed articles and the corpus pages beside the checkout, parsed and
normalized by the real plugins once; each body is then grown to at least 4 KB with paragraphs of
the other articles (never its own again: the extractor skips repeated sentences, so repeats would
flatter it), and the extractor is timed alone on them, in several rounds because the machine's
speed drifts. Rounds repeat the same articles, so nothing the extractor remembers from one
article may speed up the next: its tables of names read are per article, and what it keeps
across articles is keyed by dictionary entries only.

Then what the steps before extraction cost on the same pages: parse and normalize through the
plugins, per outlet, per page and per 4 KB of page (ingest throughput counts them too).

    python -m bench.extract_speed [--seconds 5] [--size 4096]
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace
from pathlib import Path

from api.extract.extractor import extract_events
from api.ingest.article import Article
from api.ingest.document import Document
from api.ingest.files import iter_paths, read_document
from api.ingest.pipeline import Pipeline
from api.settings import REPO_ROOT, SEEDS_DIR

SHARED_CORPUS = REPO_ROOT.parent / "shared" / "corpus"


def load_pages(pipeline: Pipeline) -> list[tuple[Document, str, Article]]:
    """Each page the plugins read: the document, its outlet and the normalized article."""
    roots = [SEEDS_DIR / "articles"] + ([SHARED_CORPUS] if SHARED_CORPUS.exists() else [])
    pages: list[tuple[Document, str, Article]] = []
    for path in iter_paths(roots):
        if path.suffix not in (".html", ".txt"):
            continue
        try:
            document = read_document(Path(path))
            source = pipeline.detect(document)
            article = pipeline.normalize(pipeline.parse(document, source), document.name)
        except Exception as exc:  # a page no plugin reads is not what this measures
            print(f"skipped {path}: {exc}")
            continue
        pages.append((document, source, article))
    return pages


def load_articles(pipeline: Pipeline, size: int) -> list[Article]:
    parsed = [article for _document, _source, article in load_pages(pipeline) if article.paragraphs]
    pool = [p for a in parsed for p in a.paragraphs]
    articles: list[Article] = []
    for index, article in enumerate(parsed):
        paragraphs = list(article.paragraphs)
        seen = set(paragraphs)
        offset = sum(len(a.paragraphs) for a in parsed[: index + 1])
        for step in range(len(pool)):
            if len("\n\n".join(paragraphs)) >= size:
                break
            candidate = pool[(offset + step) % len(pool)]
            if candidate not in seen:
                paragraphs.append(candidate)
                seen.add(candidate)
        articles.append(replace(article, paragraphs=tuple(paragraphs)))
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5.0, help="time to spend measuring")
    parser.add_argument("--size", type=int, default=4096, help="minimum article body size in bytes")
    opts = parser.parse_args()

    pipeline = Pipeline()
    started = time.perf_counter()
    context = pipeline.context
    extract_events(Article(source="x", headline="warm-up", paragraphs=("Rockets hit a base.",)), context)
    print(f"dictionaries loaded in {time.perf_counter() - started:.2f} s")
    articles = load_articles(pipeline, opts.size)
    if not articles:
        raise SystemExit("no articles to measure")
    sizes = [len(a.body.encode()) + len(a.headline.encode()) for a in articles]
    events = sum(len(extract_events(a, context)) for a in articles)
    print(f"{len(articles)} articles, mean {statistics.mean(sizes) / 1024:.1f} KB, {events} events per pass")

    rates: list[float] = []
    cpu_rates: list[float] = []
    deadline = time.perf_counter() + opts.seconds
    while time.perf_counter() < deadline or len(rates) < 3:
        start, cpu = time.perf_counter(), time.process_time()
        for article in articles:
            extract_events(article, context)
        rates.append(len(articles) / (time.perf_counter() - start))
        cpu_rates.append(len(articles) / max(time.process_time() - cpu, 1e-9))
    kb = statistics.mean(sizes) / 1024
    best, median = max(rates), statistics.median(rates)
    print(f"rounds: {len(rates)}; median {median:,.0f} articles/s ({median * kb:,.0f} KB/s); best {best:,.0f}")
    # CPU time: what the process itself spent, less sensitive to other work on a shared machine
    print(f"per CPU-second: median {statistics.median(cpu_rates):,.0f} articles")
    print(f"articles/second: {median:,.0f}")
    report_parsing(pipeline)


def report_parsing(pipeline: Pipeline) -> None:
    """Parse + normalize per page, by outlet: CPU time, best of a few runs (the machine is shared)."""
    by_source: dict[str, list[tuple[float, float, float]]] = {}
    for document, source, article in load_pages(pipeline):
        best = float("inf")
        for _ in range(5):
            cpu = time.thread_time()
            pipeline.normalize(pipeline.parse(document, source), document.name)
            best = min(best, time.thread_time() - cpu)
        page_kb = len(document.content) / 1024
        by_source.setdefault(source, []).append((best * 1000, page_kb, len(article.body.encode()) / 1024))
    print("\n| outlet | pages | median page KB | median body KB | parse+normalize ms (median) | ms per 4 KB of page |")
    print("|---|---|---|---|---|---|")
    for source, rows in sorted(by_source.items()):
        ms = statistics.median(r[0] for r in rows)
        per_4k = statistics.median(r[0] / max(r[1], 0.1) * 4 for r in rows)
        page, body = statistics.median(r[1] for r in rows), statistics.median(r[2] for r in rows)
        print(f"| {source} | {len(rows)} | {page:.1f} | {body:.1f} | {ms:.2f} | {per_4k:.2f} |")


if __name__ == "__main__":
    main()
