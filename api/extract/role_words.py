"""The words that tell who did what in a clause: the verbs whose subject is the perpetrator, what
a crowd does, and who is only where something happens.

Kept apart from ``roles``, which reads clause structure with them, so the lists can grow without
the rules around them.
"""

from __future__ import annotations

ACTIVE_VERBS = frozenset(
    [
        "fired",
        "launched",
        "struck",
        "hit",
        "targeted",
        "pounded",
        "shelled",
        "bombed",
        "attacked",
        "killed",
        "seized",
        "captured",
        "clashed",
        "stormed",
        "overran",
        "recaptured",
        "retook",
        "retaken",
        "retakes",
        "recaptures",
        "captures",
        "seizes",
        "liberated",
        "raided",
        "ambushed",
        "slammed",
        "assassinated",
        "kidnapped",
        "abducted",
        "shot",
        "stabbed",
        "martyred",
        "massacred",
        "executed",
        "torched",
        "detained",
        "arrested",
        "intercepted",
        "strikes",
        "hits",
        "attacks",
        "kills",
        "kill",
        "raids",
        "storm",
        "storms",
        "threw",
        "hurled",
        "burned",
    ]
) | frozenset(["had taken", "took control", "taken control", "took over", "opened fire", "shot dead", "gunned down",
               "threw stones", "hurled stones", "set fire", "set ablaze", "broke into", "petrol bombs"])  # fmt: skip
# what a crowd does: the verbs whose subject may be civilians
# riot words for what armed men do as well as crowds: a riot only when no armed actor does them
ARMED_AS_WELL = frozenset(["storm", "storms", "stormed", "storming", "torched", "set fire", "set ablaze"])
CROWD_VERBS = frozenset(["clashed", "clash", "clashes", "stormed", "storm", "storms", "torched", "threw", "hurled",
                         "burned", "threw stones", "hurled stones", "set fire", "set ablaze", "broke into", "attacked",
                         "raided"])  # fmt: skip

# what may stand between a nationality and its weapon: "an Iranian ballistic missile"
GAP_WORDS = frozenset(
    [
        "'s",
        "’s",
        "s",
        "ballistic",
        "cruise",
        "drone",
        "missile",
        "missiles",
        "rocket",
        "rockets",
        "air",
        "military",
        "guided",
        "precision",
        "long-range",
        "a",
        "an",
        "the",
    ]
)


# people who are only where something happens: "a train carrying 400 passengers ... stormed"
NOT_CROWDS = frozenset(["passengers", "patients", "worshippers", "worshipers", "children", "women", "families", "guests",
                         "pilgrims", "tourists", "customers", "shoppers", "hostages"])  # fmt: skip
