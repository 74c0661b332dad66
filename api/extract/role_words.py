"""The words that tell who did what in a clause: the verbs whose subject is the perpetrator, what
a crowd does, and who is only where something happens.

Kept apart from ``roles``, which reads clause structure with them, so the lists can grow without
the rules around them.
"""

from __future__ import annotations

import re

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
        "fought",
        "battled",
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
) | frozenset(["had taken", "took control", "taken control", "took over", "opened fire", "open fire", "opens fire", "shot dead", "gunned down",
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

# matched where a mention ends: no "^", which would only match at the start of the clause
# "what the Pentagon described as", "a doctor at the city hospital said": a source, not a target
SPEECH_AFTER = re.compile(r"(?:\s+(?:official|officials|spokesman|spokeswoman|spokesperson|source|sources|chief))?"
                          r"(?:\s+(?:at|in|from|of|with)\s+(?:the\s+|a\s+)?[\w'-]+(?:\s+[\w'-]+){0,2}?)?\s*"
                          r"(?:said|says|described|told|reported|announced|claimed|confirmed|stated|added|"
                          r"denied|warned|called)\b")  # fmt: skip

# "killing more than 40 people, according to Taliban officials": who told it
ACCORDING_TO = re.compile(r"\baccording to (?:the |a |an )?$")

# ", killing all 33 attackers": the participle whose subject is the clause's
KILLING = re.compile(r", killing\b")
# "when police arrived, a woman detonated": what a subordinate clause names is not the subject
SUBORDINATE = re.compile(r"\b(?:when|after|as|while|before|since|until|once)\b")

# "Iraqi soldiers were ambushed near Tikrit, killing three": the subject suffered it
SUFFERED = re.compile(
    r"(?:\s+[\w'’-]+){0,3}?\s+(?:was|were|had been|have been|has been|are|is|came under)\s+(?:\w+ly\s+)?\w+"
)

# how a clause says who acted: a light verb before the deed ("carried out a strike"), a word that
# turns to another clause, a place that hosts its victims, a report
LIGHT_VERB = re.compile(
    r"\b(?:carried out|carries out|carrying out|conducted|conducts|launched|launches|staged|mounted|made|"
    r"unleashed|waged|claimed)\s+(?:a |an |the |their |its |two |three |several |multiple |new |fresh |dozens of |"
    r"scores of |hundreds of |a series of |a wave of |a number of |more than \d+ |\d+ )?(?:[\w-]+ )?$"
)
LIGHT_STEMS = ("carr", "conduct", "launch", "staged", "mounted", "made", "unleashed", "waged", "claimed")
ADJECTIVAL = re.compile(r"\s+(?!(?:and|or|has|have|had|was|is|were|are|said|says|on|in|at|for|to|fired|launched|"
                        r"struck|hit|attacked|carried|conducted|killed|bombed|shelled|also|then|later|again|began)\b)"
                        r"[a-z]+\b")  # fmt: skip
STRIKE = frozenset(["strike", "strikes"])
CLAUSE_TURN = re.compile(r"\b(?:where|which|who|whose|while|when|whom)\b")
HOST = re.compile(
    r"\b(?:that|which|where)?\s*(?:hosts?|hosting|houses?|housed|housing|home to|used by|belong(?:ed|ing|s)? to|"
    r"where)\b"
)
SAID = re.compile(r"\b(?:said|says|told|reported|according)\b")
SAID_IT = re.compile(r"\b(?:said|says|announced|claimed|stated)\b.{0,60}?\b(?:it|they|its|their)\b")
