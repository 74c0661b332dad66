"""`Event.origins`: the dataset rows an imported event came from, with their codes, over GraphQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from api.store.importer import import_file
from api.store.writer import Store
from plugins.acled.reader import AcledImporter
from plugins.gdelt.reader import GdeltImporter
from tests import acled_rows, gdelt_rows
from tests.conftest import LiveServer, graphql
from tests.factories import SOURCES, TAJI, extraction, rocket_attack

QUERY = """
query($filter: EventFilter) {
  events(first: 10, filter: $filter, orderBy: {field: DATE, direction: ASC}) {
    nodes {
      cameoCode subEventType
      origins { dataset rowId sourceUrl fields importedAt }
      reports { extractor article { source { key kind } } }
    }
  }
}
"""


def test_origins_carry_the_rows_ids_and_codes(engine: Engine, live_server: LiveServer, tmp_path: Path) -> None:
    store = Store(engine)
    store.register_sources(SOURCES)
    store.save(extraction("reuters", "taji", [rocket_attack(date(2020, 3, 11), TAJI, killed=3)]))
    store.save(extraction("jpost", "bgw", [rocket_attack(date(2020, 6, 8), TAJI, killed=0)]))
    import_file(store, AcledImporter(), acled_rows.write(tmp_path / "acled.csv", [acled_rows.TAJI]))
    import_file(store, GdeltImporter(), gdelt_rows.write(tmp_path / "gdelt.CSV", [gdelt_rows.TAJI_SHELLING]))

    body = graphql(live_server, QUERY, {"filter": {"countries": ["IQ"]}})
    assert "errors" not in body, body
    taji, june = body["data"]["events"]["nodes"]
    assert june["origins"] == []  # reported by an article only
    by_dataset = {o["dataset"]: o for o in taji["origins"]}
    assert sorted(by_dataset) == ["acled", "gdelt"]  # one event: the article, the ACLED row and the GDELT row
    gdelt, acled = by_dataset["gdelt"], by_dataset["acled"]
    row = gdelt_rows.TAJI_SHELLING
    assert gdelt["rowId"] == row["GLOBALEVENTID"] and gdelt["sourceUrl"] == row["SOURCEURL"]
    fields = gdelt["fields"]
    assert [fields[n] for n in ("NumMentions", "NumSources", "NumArticles")] == [
        int(row[n]) for n in ("NumMentions", "NumSources", "NumArticles")
    ]
    assert fields["Actor1"]["Code"] == row["Actor1Code"] and fields["Actor2"]["CountryCode"] == row["Actor2CountryCode"]
    assert fields["ActionGeo"]["FeatureID"] == row["ActionGeo_FeatureID"] and fields["gdelt_version"] == "2.0"
    assert acled["rowId"] == "IRQ90001" and acled["fields"]["inter1"] == acled_rows.TAJI["inter1"]
    assert acled["sourceUrl"] is None and acled["importedAt"]
    kinds = sorted((r["extractor"], r["article"]["source"]["kind"]) for r in taji["reports"])
    assert ("acled", "dataset") in kinds and len(kinds) == 3
