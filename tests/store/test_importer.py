"""Storing dataset rows: the GDELT sample, made-up ACLED files, merging with article events, idempotency."""

from __future__ import annotations

import gzip
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from api.datasets.importer import ImportedRow
from api.errors import DocumentError
from api.store.importer import ImportSummary, import_file, origins_t
from api.store.tables import articles_t, event_actors_t, events_t, reports_t, sources_t
from api.store.writer import Store
from plugins.acled.reader import AcledImporter
from plugins.gdelt.reader import GdeltImporter
from tests import acled_rows, gdelt_rows
from tests.factories import SOURCES, TAJI, extraction, rocket_attack
from tests.shared import shared_path

SAMPLE = ("data", "gdelt", "events-sample.tsv")


def store(engine: Engine) -> Store:
    s = Store(engine)
    s.register_sources(SOURCES)
    return s


def count(engine: Engine, table: object, *where: object) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table).where(*where)).scalar_one())  # type: ignore[arg-type]


def test_the_gdelt_sample_loads_and_a_second_import_changes_nothing(engine: Engine) -> None:
    path = shared_path(*SAMPLE)
    read = list(GdeltImporter().read(path))
    rows = [r for r in read if isinstance(r, ImportedRow)]
    urls = {r.source_url for r in rows if r.source_url}
    summary = import_file(store(engine), GdeltImporter(), path)
    assert (summary.loaded, summary.skipped, summary.already) == (len(rows), len(read) - len(rows), 0)
    assert summary.created == len(rows)  # rows of one dataset never merge with each other
    assert count(engine, events_t) == count(engine, origins_t) == count(engine, reports_t) == len(rows)
    # One report article per SOURCEURL, and one standing for each row that has none.
    assert count(engine, articles_t) == len(urls) + sum(r.source_url is None for r in rows)
    with engine.connect() as connection:
        kept = connection.execute(select(origins_t.c.row_id, origins_t.c.extra)).all()
    first = rows[0]
    assert {row_id for row_id, _ in kept} == {r.row_id for r in rows}
    assert dict(kept)[first.row_id]["NumArticles"] == first.extra["NumArticles"]

    before = Store(engine).counts()
    again = import_file(Store(engine), GdeltImporter(), path)
    assert (again.loaded, again.already) == (0, len(rows)) and Store(engine).counts() == before


def test_an_acled_file_loads_with_its_fields(engine: Engine, tmp_path: Path) -> None:
    path = acled_rows.write(tmp_path / "acled.csv", [*acled_rows.GOOD, acled_rows.TAJI])  # the last is a repeat
    summary = import_file(store(engine), AcledImporter(), path)
    assert (summary.created, summary.merged, summary.already, summary.skipped) == (3, 0, 1, 0)
    with engine.connect() as connection:
        e = events_t.c
        taji = connection.execute(
            select(e.event_type, e.sub_event_type, e.date, e.fatalities_best, e.country_code, e.geo_precision)
            .join(origins_t, origins_t.c.event_id == e.id)
            .where(origins_t.c.row_id == "IRQ90001")
        ).one()
        source_kind = connection.execute(select(sources_t.c.kind).where(sources_t.c.key == "acled")).scalar_one()
    assert tuple(taji) == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        date(2020, 3, 11),
        3,
        "IQ",
        1,
    )
    assert source_kind == "dataset"


def provenance(engine: Engine, event_id: int) -> tuple[list[tuple[str, str | None, str]], list[tuple[str, str]]]:
    """An event's reports (source key, article url, extractor) and its dataset origins."""
    a, r, s = articles_t.c, reports_t.c, sources_t.c
    with engine.connect() as connection:
        reports = connection.execute(
            select(s.key, a.url, r.extractor)
            .join(articles_t, a.id == r.article_id)
            .join(sources_t, s.id == a.source_id)
            .where(r.event_id == event_id)
            .order_by(r.id)
        ).all()
        origins = connection.execute(
            select(origins_t.c.dataset, origins_t.c.row_id).where(origins_t.c.event_id == event_id)
        ).all()
    return [tuple(row) for row in reports], [tuple(row) for row in origins]  # type: ignore[misc]


def event_of_row(engine: Engine, row_id: str) -> int:
    with engine.connect() as connection:
        query = select(origins_t.c.event_id).where(origins_t.c.row_id == row_id)
        return int(connection.execute(query).scalar_one())


def test_an_imported_row_merges_with_the_same_event_from_articles(engine: Engine, tmp_path: Path) -> None:
    s = store(engine)
    article = extraction("reuters", "taji", [rocket_attack(date(2020, 3, 11), TAJI, killed=3)])
    s.save(article)
    path = acled_rows.write(tmp_path / "acled.csv", [acled_rows.TAJI, acled_rows.BASRA])
    summary = import_file(s, AcledImporter(), path)
    assert (summary.created, summary.merged) == (1, 1)
    assert count(engine, events_t) == 2
    event_id = event_of_row(engine, "IRQ90001")
    reports, origins = provenance(engine, event_id)
    # One event, both provenances: the Reuters article's report and the ACLED row.
    assert reports[0][:2] == ("reuters", article.article.url) and reports[0][2] != "acled"
    assert reports[1][0] == "acled" and reports[1][2] == "acled"
    assert origins == [("acled", "IRQ90001")]
    with engine.connect() as connection:
        report_count = connection.execute(select(events_t.c.report_count).where(events_t.c.id == event_id)).scalar()
    assert report_count == 2
    assert count(engine, event_actors_t, event_actors_t.c.event_id == event_id) == 4  # the article's 1 + ACLED's 3


def test_an_article_merges_into_an_event_imported_before_it(engine: Engine, tmp_path: Path) -> None:
    s = store(engine)
    import_file(s, AcledImporter(), acled_rows.write(tmp_path / "acled.csv", [acled_rows.TAJI]))
    article = extraction("jpost", "taji", [rocket_attack(date(2020, 3, 11), TAJI, killed=3)])
    s.save(article)
    assert count(engine, events_t, events_t.c.merged_into_id.is_(None)) == 1
    reports, origins = provenance(engine, event_of_row(engine, "IRQ90001"))
    assert sorted(key for key, _, _ in reports) == ["acled", "jpost"]
    assert origins == [("acled", "IRQ90001")]


def test_a_gdelt_row_and_an_acled_row_of_one_event_merge_with_its_article(engine: Engine, tmp_path: Path) -> None:
    s = store(engine)
    s.save(extraction("reuters", "taji", [rocket_attack(date(2020, 3, 11), TAJI, killed=3)]))
    import_file(s, AcledImporter(), acled_rows.write(tmp_path / "acled.csv", [acled_rows.TAJI]))
    import_file(s, GdeltImporter(), gdelt_rows.write(tmp_path / "gdelt.CSV", [gdelt_rows.TAJI_SHELLING]))
    assert count(engine, events_t, events_t.c.merged_into_id.is_(None)) == 1
    reports, origins = provenance(engine, event_of_row(engine, "IRQ90001"))
    assert sorted(origins) == [("acled", "IRQ90001"), ("gdelt", "1002345678")]
    assert len(reports) == 3


def test_rows_of_one_dataset_stay_apart_even_when_alike(engine: Engine, tmp_path: Path) -> None:
    twin = {**acled_rows.TAJI, "event_id_cnty": "IRQ90009"}
    path = acled_rows.write(tmp_path / "acled.csv", [acled_rows.TAJI, twin])
    assert import_file(store(engine), AcledImporter(), path).created == 2


def test_a_gdelt_row_coded_from_a_stored_article_joins_its_event(engine: Engine, tmp_path: Path) -> None:
    s = store(engine)
    article = extraction("reuters", "taji", [rocket_attack(date(2020, 3, 11), TAJI, killed=3)])
    s.save(article)
    url = article.article.url
    assert url
    other = {**gdelt_rows.TAJI_SHELLING, "GLOBALEVENTID": "1002345679", "SOURCEURL": "https://www.reuters.com/x"}
    path = gdelt_rows.write(tmp_path / "gdelt.CSV", [{**gdelt_rows.TAJI_SHELLING, "SOURCEURL": url}, other])
    summary = import_file(s, GdeltImporter(), path)
    # The first row is the stored article's event; the second, from another article, cannot join
    # an event that already holds a GDELT row, so it is an event of its own.
    assert (summary.merged, summary.created) == (1, 1)
    with engine.connect() as connection:
        joined = connection.execute(
            select(events_t.c.report_count, events_t.c.cameo_code)
            .join(origins_t, origins_t.c.event_id == events_t.c.id)
            .where(origins_t.c.row_id == "1002345678")
        ).one()
        stub_source = connection.execute(
            select(sources_t.c.key)
            .join(articles_t, articles_t.c.source_id == sources_t.c.id)
            .where(articles_t.c.url == "https://www.reuters.com/x")
        ).scalar_one()
    assert tuple(joined) == (1, "194")  # the same article reports it once
    assert stub_source == "reuters"  # the URL is on a registered outlet's domain


@pytest.mark.slow
def test_two_processes_importing_one_file_store_each_row_once(engine: Engine, tmp_path: Path) -> None:
    if engine.dialect.name == "sqlite":
        pytest.skip("SQLite has one writer at a time; concurrent imports are a PostgreSQL deployment")
    rows = [{**gdelt_rows.TAJI_SHELLING, "GLOBALEVENTID": str(1_000_000 + i), "SQLDATE": f"202003{i % 28 + 1:02d}"}
            for i in range(120)]  # fmt: skip
    path = gdelt_rows.write(tmp_path / "gdelt.CSV", rows)
    store(engine)
    results: list[ImportSummary] = []

    def run() -> None:
        results.append(import_file(Store(engine), GdeltImporter(), path, batch_rows=25))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.created for r in results) == len(rows) == count(engine, origins_t) == count(engine, events_t)
    assert sum(r.already for r in results) == len(rows)


def test_a_file_that_breaks_halfway_stores_nothing(engine: Engine, tmp_path: Path) -> None:
    rows = [{**gdelt_rows.TAJI_SHELLING, "GLOBALEVENTID": str(1_000 + i)} for i in range(300)]
    whole = gzip.compress(gdelt_rows.write(tmp_path / "all.CSV", rows).read_bytes())
    cut = tmp_path / "cut.CSV.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    s = store(engine)
    with pytest.raises(DocumentError, match="cannot be read after line"):
        import_file(s, GdeltImporter(), cut, batch_rows=10)  # many batches' worth of good rows before the break
    assert count(engine, events_t) == count(engine, origins_t) == count(engine, articles_t) == 0
    empty = tmp_path / "empty.CSV"
    empty.write_text("\n\n")
    with pytest.raises(DocumentError, match="no rows"):
        import_file(s, GdeltImporter(), empty)
