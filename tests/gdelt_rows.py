"""GDELT 2.0 rows written for tests (61 tab-separated fields), from the fields that matter."""

from __future__ import annotations

from pathlib import Path

from plugins.gdelt.columns import LAYOUTS

TAJI_SHELLING = {
    "GLOBALEVENTID": "1002345678", "SQLDATE": "20200311", "EventCode": "194", "EventRootCode": "19", "QuadClass": "4",
    "Actor1Code": "REB", "Actor1Name": "MILITIA", "Actor1Type1Code": "REB", "Actor2Code": "USA",
    "Actor2Name": "UNITED STATES", "Actor2CountryCode": "USA",
    "NumMentions": "12", "NumSources": "3", "NumArticles": "10", "ActionGeo_Type": "4",
    "ActionGeo_FullName": "Taji, Baghdad, Iraq", "ActionGeo_CountryCode": "IZ", "ActionGeo_ADM1Code": "IZ07",
    "ActionGeo_ADM2Code": "33261", "ActionGeo_Lat": "33.52", "ActionGeo_Long": "44.26",
    "ActionGeo_FeatureID": "-3079510", "DATEADDED": "20200311180000",
    "SOURCEURL": "https://www.reuters.com/article/us-iraq-security-idUSKBN20Y2ZX",
}  # fmt: skip


def line(**values: str) -> str:
    names = LAYOUTS[61][1]
    fields = dict.fromkeys(names, "")
    fields.update(values)
    return "\t".join(fields[n] for n in names)


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(line(**row) + "\n" for row in rows), encoding="utf-8")
    return path
