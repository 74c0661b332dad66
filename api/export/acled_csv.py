"""Events as ACLED-compatible CSV: ACLED's 31 columns, in ACLED's order, one event a row.

Perpetrators fill actor1 (the first) and assoc_actor_1 (the rest, "; "-separated); targets, then
actors of other roles, fill actor2 and assoc_actor_2. An event imported from ACLED gives back its
own id, inter codes, region, admin2/3, source, source scale and tags; for other events the inter
codes come from the actors' kinds and the source column lists the outlets that reported it.
Unknown values are empty cells (fatalities too: ACLED's 0 would claim nobody died).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from api.datasets import acled_schema as acled
from api.datasets import countries
from api.export.records import ExportActor, ExportEvent

ID_PREFIX = "EG"  # ids of events that did not come from ACLED: never mistaken for ACLED's own


def render(events: Iterable[ExportEvent]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=acled.COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for event in events:
        writer.writerow(row(event))
        if buffer.tell() > 1 << 16:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def row(event: ExportEvent) -> dict[str, str]:
    origin = next((o for o in event.origins if o.dataset == "acled"), None)
    kept = origin.extra if origin else {}
    side1 = _ordered(event.with_role("perpetrator"), kept.get("actor1"))
    side2 = _ordered(event.with_role("target") + event.with_role("other"), kept.get("actor2"))
    inter1 = acled.inter_code(kept.get("inter1")) or (acled.inter_for_kind(side1[0].kind) if side1 else None)
    inter2 = acled.inter_code(kept.get("inter2")) or (acled.inter_for_kind(side2[0].kind) if side2 else None)
    location = event.location or {}
    country = countries.by_alpha2(location.get("country_code") or event.country_code)
    civilians = any(a.kind == "civilians" for a in event.with_role("target"))
    values: dict[str, object] = {
        "event_id_cnty": origin.row_id if origin else f"{ID_PREFIX}{event.id}",
        "event_date": event.date.isoformat(),
        "year": event.date.year,
        "time_precision": acled.TIME_PRECISION.get(event.date_precision, 1),
        "disorder_type": acled.disorder_type(event.event_type, event.sub_event_type),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": side1[0].name if side1 else "",
        "assoc_actor_1": "; ".join(a.name for a in side1[1:]),
        "inter1": inter1,
        "actor2": side2[0].name if side2 else "",
        "assoc_actor_2": "; ".join(a.name for a in side2[1:]),
        "inter2": inter2,
        "interaction": acled.interaction(inter1, inter2),
        "civilian_targeting": kept.get("civilian_targeting") or ("Civilian targeting" if civilians else ""),
        "iso": country.numeric if country else kept.get("iso"),
        "region": kept.get("region"),
        "country": country.name if country else "",
        "admin1": location.get("admin1"),
        "admin2": kept.get("admin2"),
        "admin3": kept.get("admin3"),
        "location": location.get("name"),
        "latitude": _coordinate(location.get("latitude")),
        "longitude": _coordinate(location.get("longitude")),
        "geo_precision": event.geo_precision,
        "source": "; ".join(sources(event)),
        "source_scale": kept.get("source_scale"),
        "notes": event.summary,
        "fatalities": event.fatalities_best,
        "tags": kept.get("tags"),
        "timestamp": int(event.updated_at.timestamp()),
    }
    return {name: "" if value is None else str(value) for name, value in values.items()}


def sources(event: ExportEvent) -> list[str]:
    """The outlets behind an event: reporting outlets, then the sources ACLED rows name; a dataset
    itself (GDELT, ACLED) only when no outlet is known."""
    names = [r.source_name for r in event.reports if r.source_kind != "dataset"]
    for origin in event.origins:
        names += [part.strip() for part in str(origin.extra.get("source") or "").split(";") if part.strip()]
    if not names:
        names = [r.source_name for r in event.reports]
    return list(dict.fromkeys(names))


def _ordered(actors: list[ExportActor], first: object) -> list[ExportActor]:
    """The actor the dataset named first stays first (actor1, not an associate)."""
    return sorted(actors, key=lambda a: a.name != first)


def _coordinate(value: object) -> str | None:
    return repr(float(value)) if isinstance(value, int | float) else None  # repr: exact, shortest
