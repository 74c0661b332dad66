"""ACLED's export format: its 31 columns and the codes in them, per ACLED's codebook.

Used both to read ACLED files (plugins/acled) and to write ACLED-compatible CSV (api/export).
"""

from __future__ import annotations

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)  # fmt: skip
# Without these a row is not an event; the other columns may be absent or empty.
REQUIRED = ("event_id_cnty", "event_date", "event_type", "sub_event_type")

SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    ),
}  # fmt: skip
EVENT_TYPES = tuple(SUB_EVENT_TYPES)

# The codebook's disorder types; these sub-types differ from their event type's.
_DISORDER_BY_TYPE = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
_DISORDER_BY_SUB_TYPE = {
    "Excessive force against protesters": "Political violence; Demonstrations",
    "Mob violence": "Political violence",
}

# Inter codes (1-8) and the labels newer exports write instead of the digits.
INTER_LABELS = {
    1: "State forces", 2: "Rebel groups", 3: "Political militias", 4: "Identity militias",
    5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other forces",
}  # fmt: skip
_KIND_BY_INTER = {
    1: "state force", 2: "non-state armed group", 3: "non-state armed group", 4: "non-state armed group",
    5: "rioters", 6: "protesters", 7: "civilians", 8: "external force",
}  # fmt: skip
# Non-state armed groups of unknown aim are political militias (3), as ACLED codes unidentified groups.
_INTER_BY_KIND = {
    "state force": 1, "government": 1, "non-state armed group": 3, "rioters": 5, "protesters": 6,
    "civilians": 7, "external force": 8, "coalition": 8,
}  # fmt: skip

TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
DATE_PRECISION = {1: "day", 2: "week", 3: "month"}


def disorder_type(event_type: str, sub_event_type: str) -> str:
    return _DISORDER_BY_SUB_TYPE.get(sub_event_type) or _DISORDER_BY_TYPE.get(event_type, "")


def inter_code(value: str | None) -> int | None:
    """An inter column's code, from the digit or from the label."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        code = int(value)
        return code if code in INTER_LABELS else None
    for code, label in INTER_LABELS.items():
        if label.casefold() == value.casefold():
            return code
    return None


def kind_for_inter(code: int | None) -> str | None:
    return _KIND_BY_INTER.get(code) if code is not None else None


def inter_for_kind(kind: str | None) -> int | None:
    return _INTER_BY_KIND.get(kind) if kind else None


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's two-digit interaction: the smaller inter code first; 10 × inter1 when alone."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high
