"""Made-up rows in ACLED's export format (ACLED's terms forbid redistributing its data)."""

from __future__ import annotations

import csv
from pathlib import Path

from api.datasets.acled_schema import COLUMNS

TAJI = {
    "event_id_cnty": "IRQ90001", "event_date": "2020-03-11", "year": "2020", "time_precision": "1",
    "disorder_type": "Political violence", "event_type": "Explosions/Remote violence",
    "sub_event_type": "Shelling/artillery/missile attack", "actor1": "Unidentified Armed Group (Iraq)",
    "assoc_actor_1": "", "inter1": "3", "actor2": "Military Forces of the United States (2017-2021)",
    "assoc_actor_2": "Military Forces of the United Kingdom (2019-2022)", "inter2": "8", "interaction": "38",
    "civilian_targeting": "", "iso": "368", "region": "Middle East", "country": "Iraq", "admin1": "Baghdad",
    "admin2": "Al-Tarmia", "admin3": "", "location": "Camp Taji", "latitude": "33.5200", "longitude": "44.2600",
    "geo_precision": "1", "source": "Reuters; Jerusalem Post", "source_scale": "International",
    "notes": "On 11 March 2020, rockets fired by an unidentified armed group hit Camp Taji, killing 3 coalition personnel.",
    "fatalities": "3", "tags": "", "timestamp": "1584000000",
}  # fmt: skip
BASRA = {
    **TAJI, "event_id_cnty": "IRQ90002", "event_date": "14 March 2020", "time_precision": "2",
    "disorder_type": "Demonstrations", "event_type": "Protests", "sub_event_type": "Peaceful protest",
    "actor1": "Protesters (Iraq)", "inter1": "6", "actor2": "", "assoc_actor_2": "", "inter2": "", "interaction": "60",
    "admin1": "Basrah", "admin2": "Al-Basrah", "location": "Basrah", "latitude": "30.5085", "longitude": "47.7804",
    "source": "Shafaq News", "source_scale": "National", "notes": "Protesters demanded jobs in Basrah.", "fatalities": "0",
}  # fmt: skip
IDLIB = {
    **TAJI, "event_id_cnty": "SYR90003", "event_date": "2020-02-27", "event_type": "Battles",
    "sub_event_type": "Armed clash", "actor1": "Military Forces of Syria (2000-2024)", "inter1": "1",
    "actor2": "Hayat Tahrir al-Sham", "assoc_actor_2": "", "inter2": "2", "interaction": "12", "iso": "760",
    "country": "Syria", "admin1": "Idleb", "admin2": "Ariha", "location": "Saraqab", "latitude": "35.8621",
    "longitude": "36.8036", "geo_precision": "2", "source": "SOHR", "notes": "Clashes near Saraqab.", "fatalities": "",
}  # fmt: skip
GOOD = (TAJI, BASRA, IDLIB)


def write(path: Path, rows: list[dict[str, str]], columns: tuple[str, ...] = COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path
