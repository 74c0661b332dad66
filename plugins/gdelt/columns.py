"""GDELT event table layouts. Files have no header: the number of fields tells the layout.

1.0 daily files have 57 fields (the 1979–2013 backfile) or 58 (SOURCEURL added from April
2013); 2.0 15-minute files have 61, because each of the three geography blocks gains ADM2Code.
"""

from __future__ import annotations

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")  # fmt: skip
_EVENT = ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
          "NumMentions", "NumSources", "NumArticles", "AvgTone")  # fmt: skip


def _geo(prefix: str, adm2: bool) -> list[str]:
    fields = ["Type", "FullName", "CountryCode", "ADM1Code", *(["ADM2Code"] if adm2 else []), "Lat", "Long",
              "FeatureID"]  # fmt: skip
    return [f"{prefix}Geo_{name}" for name in fields]


def _layout(adm2: bool, source_url: bool) -> tuple[str, ...]:
    names = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    names += [f"Actor1{n}" for n in _ACTOR] + [f"Actor2{n}" for n in _ACTOR] + list(_EVENT)
    for prefix in ("Actor1", "Actor2", "Action"):
        names += _geo(prefix, adm2)
    names.append("DATEADDED")
    if source_url:
        names.append("SOURCEURL")
    return tuple(names)


LAYOUTS: dict[int, tuple[str, tuple[str, ...]]] = {
    57: ("1.0", _layout(adm2=False, source_url=False)),
    58: ("1.0", _layout(adm2=False, source_url=True)),
    61: ("2.0", _layout(adm2=True, source_url=True)),
}
assert all(len(names) == count for count, (_, names) in LAYOUTS.items())
