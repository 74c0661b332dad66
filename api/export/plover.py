"""Events as PLOVER-style JSON Lines: one record per line, with PLOVER's field names.

PLOVER (the Open Event Data Alliance's successor to CAMEO) names the fields of an event record:
``id``, ``date``, ``event`` (categories such as ASSAULT), ``mode`` and ``context`` (lists),
``quad_code``, ``source`` and ``recipient`` (lists of actor objects with ``actor_text``, ``code``,
``sector``), ``event_loc`` (GeoNames field names), ``event_text``, ``cite_info``, ``coder``,
``coded_date``, ``comment``, and ASSAULT's ``dead`` and ``injured``.
Fields PLOVER has no name for are added under their own names (``acled``, ``fatalities``,
``origins``), as the specification invites.

The event category comes from the CAMEO code when there is one, per PLOVER's own CAMEO table
(cue categories 01 and 02 are dropped by PLOVER), otherwise from the ACLED type and sub-type.
Battles are reciprocal violence: PLOVER lists both sides as ``source`` and no recipient.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from api import __version__
from api.datasets import acled_schema as acled
from api.datasets import countries
from api.export.records import ExportActor, ExportEvent
from api.graphql.ids import to_global_id

CAMEO_ROOT = {
    "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE", "07": "AID", "09": "ACCUSE",
    "10": "DEMAND", "11": "ACCUSE", "12": "REJECT", "13": "THREATEN", "14": "PROTEST", "15": "MOBILIZE",
    "16": "SANCTION", "17": "COERCE", "18": "ASSAULT", "19": "ASSAULT", "20": "ASSAULT",
}  # fmt: skip
ACLED_TYPE = {
    "Battles": "ASSAULT", "Explosions/Remote violence": "ASSAULT", "Violence against civilians": "ASSAULT",
    "Protests": "PROTEST", "Riots": "PROTEST",
}  # fmt: skip
ACLED_SUB_TYPE = {
    "Agreement": "AGREE", "Arrests": "COERCE", "Looting/property destruction": "COERCE",
    "Disrupted weapons use": "COERCE", "Non-violent transfer of territory": "RETREAT",
    "Headquarters or base established": "MOBILIZE",
}  # fmt: skip
QUAD = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT", "INVESTIGATE"), 2),
    **dict.fromkeys(("DEMAND", "ACCUSE", "REJECT", "SANCTION", "THREATEN"), 3),
    **dict.fromkeys(("PROTEST", "MOBILIZE", "COERCE", "ASSAULT"), 4),
}
# GeoNames feature class and code for eventgraph's feature types (PLOVER's location object is GeoNames').
GEONAMES_FEATURE = {
    "country": ("A", "PCLI"), "province": ("A", "ADM1"), "district": ("A", "ADM2"), "city": ("P", "PPL"),
    "base": ("S", "INSM"), "airport": ("S", "AIRP"), "zone": ("L", "AREA"),
}  # fmt: skip
# PLOVER's modes (how), by the category they belong to and the ACLED sub-type that says it.
MODE = {
    ("ASSAULT", "Abduction/forced disappearance"): "abduct", ("ASSAULT", "Sexual violence"): "sexual",
    ("ASSAULT", "Suicide bomb"): "suicide-attack", ("ASSAULT", "Remote explosive/landmine/IED"): "explosives",
    ("ASSAULT", "Grenade"): "explosives", ("ASSAULT", "Shelling/artillery/missile attack"): "heavy-weapons",
    ("ASSAULT", "Air/drone strike"): "heavy-weapons", ("PROTEST", "Peaceful protest"): "demo",
    ("PROTEST", "Protest with intervention"): "demo", ("PROTEST", "Excessive force against protesters"): "demo",
    ("PROTEST", "Violent demonstration"): "riot", ("PROTEST", "Mob violence"): "riot",
    ("COERCE", "Arrests"): "arrest", ("RETREAT", "Non-violent transfer of territory"): "withdraw",
}  # fmt: skip
SECTOR = {
    "government": "GOV", "state force": "MIL", "non-state armed group": "REB", "political party": "PTY",
    "civilians": "CVL", "protesters": "CVL", "media outlet": "JRN", "religious authority": "REL",
}  # fmt: skip


def render(events: Iterable[ExportEvent]) -> Iterator[bytes]:
    chunk = bytearray()
    for event in events:
        chunk += orjson.dumps(record(event))
        chunk += b"\n"
        if len(chunk) > 1 << 16:
            yield bytes(chunk)
            chunk.clear()
    yield bytes(chunk)


def category(event: ExportEvent) -> str | None:
    code = event.cameo_code or ""
    if code[:2] == "08":  # PLOVER splits YIELD: 081-083 verbal (CONCEDE), 084-087 material (RETREAT)
        return "CONCEDE" if code[:3] in ("080", "081", "082", "083") else "RETREAT"
    if code[:2] in CAMEO_ROOT:
        return CAMEO_ROOT[code[:2]]
    return ACLED_TYPE.get(event.event_type) or ACLED_SUB_TYPE.get(event.sub_event_type)


def record(event: ExportEvent) -> dict[str, Any]:
    name = category(event)
    perpetrators, targets = event.with_role("perpetrator"), event.with_role("target")
    if event.event_type == "Battles":
        source, recipient = perpetrators + targets, []
    else:
        source, recipient = perpetrators, targets
    first_seen = min((r.published_at for r in event.reports if r.published_at), default=None)
    return {
        "id": f"eventgraph-{event.id}",
        "graphql_id": to_global_id("Event", event.id),
        "date": event.date.isoformat(),
        "date_precision": event.date_precision,
        "event": [name] if name else [],
        "mode": [mode] if (mode := MODE.get((name or "", event.sub_event_type))) else [],
        "context": ["cbrn"] if event.sub_event_type == "Chemical weapon" else [],
        "quad_code": QUAD.get(name or ""),
        "source": [_actor(a) for a in source],
        "recipient": [_actor(a) for a in recipient],
        "other_actors": [_actor(a) for a in event.with_role("other")],
        "event_loc": _location(event),
        "event_text": list(dict.fromkeys(s for r in event.reports for s in r.evidence)),
        "comment": event.summary,
        "cameo_code": event.cameo_code,
        "acled": {
            "event_type": event.event_type,
            "sub_event_type": event.sub_event_type,
            "disorder_type": acled.disorder_type(event.event_type, event.sub_event_type),
        },
        "fatalities": {"low": event.fatalities_low, "best": event.fatalities_best, "high": event.fatalities_high},
        "dead": event.fatalities_best,  # ASSAULT's supplementary fields in PLOVER
        "injured": event.injuries,
        "cite_info": [
            {
                "url": r.url,
                "title": r.headline or None,
                "publication": r.source_name,
                "corpus": r.source_key,
                "language": r.language,
                "coder": r.extractor,
            }
            for r in event.reports
        ],
        "origins": [{"dataset": o.dataset, "row_id": o.row_id, "url": o.source_url} for o in event.origins],
        "confidence": round(event.confidence, 3),
        "coder": f"eventgraph {__version__}",
        "coded_date": event.created_at.date().isoformat(),
        "first_reported": first_seen.isoformat() if first_seen else None,
    }


def _actor(actor: ExportActor) -> dict[str, Any]:
    country = countries.by_alpha2(actor.country)
    return {
        "actor_text": actor.name,
        "code": country.alpha3 if country else None,
        "sector": SECTOR.get(actor.kind or ""),
        "kind": actor.kind,
        "attribution": actor.attribution,
    }


def _location(event: ExportEvent) -> dict[str, Any] | None:
    location = event.location
    if not location:
        return None
    country = countries.by_alpha2(location.get("country_code"))
    feature = GEONAMES_FEATURE.get(location.get("feature_type") or "")
    # GDELT gives the ADM1 code (FIPS, as GeoNames' "admin1 code" is); other sources give a name.
    admin1_code = next(
        (o.extra.get("ActionGeo", {}).get("ADM1Code") for o in event.origins if o.dataset == "gdelt"), None
    )
    return {
        "name": location["name"],
        "latitude": location.get("latitude"),
        "longitude": location.get("longitude"),
        "feature class": feature[0] if feature else None,
        "feature code": feature[1] if feature else None,
        "feature_type": location.get("feature_type"),
        "country code": country.alpha2 if country else None,
        "cc3": country.alpha3 if country else None,
        "admin1 code": admin1_code,
        "admin1": location.get("admin1"),
        "geo_precision": event.geo_precision,
        "key": location.get("key"),
    }
