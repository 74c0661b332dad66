"""CAMEO event codes to ACLED event types, and CAMEO actor type codes to actor kinds.

The mapping is general: each of CAMEO's 20 root codes ("cue categories") maps to the closest
ACLED type and sub-type, and a few 3- and 4-digit codes whose meaning has a closer ACLED
sub-type than their root's are refined (the longest matching prefix wins):

| CAMEO root | ACLED type / sub-type |
|---|---|
| 01–13, 15–17 (statements, appeals, cooperation, aid, yielding, demands, threats, force posture, sanctions, coercion) | Strategic developments / Other |
| 14 Protest | Protests / Peaceful protest (145 "protest violently, riot": Riots / Violent demonstration) |
| 18 Assault | Violence against civilians / Attack (181 abduction: Abduction/forced disappearance; 1821 sexual assault: Sexual violence; 183 non-military bombing: Explosions/Remote violence / Remote explosive/landmine/IED; 1831 suicide bombing: Suicide bomb) |
| 19 Fight | Battles / Armed clash (192 occupy territory: Government regains territory when Actor1 is a state actor, else Non-state actor overtakes territory; 194 artillery and tanks: Explosions/Remote violence / Shelling/artillery/missile attack; 195 aerial weapons: Air/drone strike; 191 blockade: Strategic developments / Other) |
| 20 Unconventional mass violence | Violence against civilians / Attack (2041 chemical, biological, radiological weapons: Explosions/Remote violence / Chemical weapon) |

Strategic developments are refined where CAMEO names the same act: 057 sign formal agreement
and 0871 declare truce (Agreement), 0874 retreat or surrender militarily (Non-violent transfer
of territory), 171 seize or damage property (Looting/property destruction), 173 arrest or detain
(Arrests); 175 violent repression is Violence against civilians / Attack.
"""

from __future__ import annotations

SD = "Strategic developments"
ERV = "Explosions/Remote violence"
VAC = "Violence against civilians"

ROOTS: dict[str, tuple[str, str, str]] = {
    "01": ("Make public statement", SD, "Other"),
    "02": ("Appeal", SD, "Other"),
    "03": ("Express intent to cooperate", SD, "Other"),
    "04": ("Consult", SD, "Other"),
    "05": ("Engage in diplomatic cooperation", SD, "Other"),
    "06": ("Engage in material cooperation", SD, "Other"),
    "07": ("Provide aid", SD, "Other"),
    "08": ("Yield", SD, "Other"),
    "09": ("Investigate", SD, "Other"),
    "10": ("Demand", SD, "Other"),
    "11": ("Disapprove", SD, "Other"),
    "12": ("Reject", SD, "Other"),
    "13": ("Threaten", SD, "Other"),
    "14": ("Protest", "Protests", "Peaceful protest"),
    "15": ("Exhibit force posture", SD, "Other"),
    "16": ("Reduce relations", SD, "Other"),
    "17": ("Coerce", SD, "Other"),
    "18": ("Assault", VAC, "Attack"),
    "19": ("Fight", "Battles", "Armed clash"),
    "20": ("Use unconventional mass violence", VAC, "Attack"),
}

REFINED: dict[str, tuple[str, str]] = {
    "057": (SD, "Agreement"),
    "0871": (SD, "Agreement"),
    "0874": (SD, "Non-violent transfer of territory"),
    "145": ("Riots", "Violent demonstration"),
    "171": (SD, "Looting/property destruction"),
    "173": (SD, "Arrests"),
    "175": (VAC, "Attack"),
    "181": (VAC, "Abduction/forced disappearance"),
    "1821": (VAC, "Sexual violence"),
    "183": (ERV, "Remote explosive/landmine/IED"),
    "1831": (ERV, "Suicide bomb"),
    "191": (SD, "Other"),
    "194": (ERV, "Shelling/artillery/missile attack"),
    "195": (ERV, "Air/drone strike"),
    "2041": (ERV, "Chemical weapon"),
}
OCCUPY_TERRITORY = "192"

# CAMEO actor type codes for the state: occupying territory by them is a government regaining it.
STATE_TYPES = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
KIND_BY_TYPE = {
    "GOV": "government", "JUD": "government", "LEG": "government",
    "MIL": "state force", "COP": "state force", "SPY": "state force",
    "REB": "non-state armed group", "INS": "non-state armed group", "SEP": "non-state armed group",
    "UAF": "non-state armed group",
    "PTY": "political party", "OPP": "political party",
    "CVL": "civilians", "REF": "civilians",
    "MED": "media outlet", "JRN": "media outlet",
    "REL": "religious authority",
}  # fmt: skip


class UnknownCode(ValueError):
    pass


def classify(code: str, actor1_type: str | None = None) -> tuple[str, str, str]:
    """(ACLED event type, sub-type, CAMEO root description) for an EventCode such as "0834"."""
    code = code.strip()
    if not (code.isdigit() and 2 <= len(code) <= 4) or code[:2] not in ROOTS:
        raise UnknownCode(f"{code!r} is not a CAMEO event code")
    description, event_type, sub_type = ROOTS[code[:2]]
    if code.startswith(OCCUPY_TERRITORY):
        state = actor1_type in STATE_TYPES
        return (
            "Battles",
            "Government regains territory" if state else "Non-state actor overtakes territory",
            description,
        )
    for length in (4, 3):
        refined = REFINED.get(code[:length])
        if refined:
            return refined[0], refined[1], description
    return event_type, sub_type, description


def actor_kind(type_codes: tuple[str | None, ...]) -> str | None:
    """The kind of the first type code that has one (Actor1Type1Code, then 2, then 3)."""
    for code in type_codes:
        if code and code in KIND_BY_TYPE:
            return KIND_BY_TYPE[code]
    return None
