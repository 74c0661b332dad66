"""ACLED's event types and sub-types, the CAMEO code closest to each, and the words that signal them.

Each trigger word belongs to a class. Weapons say how violence was done (rockets -> shelling,
drones -> air strike); verbs and nouns say that something happened ("struck", "attack",
"killed", "clashes", "protesters"). ``classify`` turns the classes found in one clause into a
type, a sub-type and a CAMEO code.
"""

from __future__ import annotations

from dataclasses import dataclass

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

SUB_TYPES: dict[str, tuple[str, ...]] = {
    BATTLES: ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    EXPLOSIONS: ("Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
                 "Remote explosive/landmine/IED", "Grenade"),
    VAC: ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    PROTESTS: ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    RIOTS: ("Violent demonstration", "Mob violence"),
    STRATEGIC: ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                "Headquarters or base established", "Looting/property destruction",
                "Non-violent transfer of territory", "Other"),
}  # fmt: skip

# CAMEO (GDELT) codes nearest to each sub-type.
CAMEO: dict[str, str] = {
    "Armed clash": "190",
    "Government regains territory": "192",
    "Non-state actor overtakes territory": "192",
    "Chemical weapon": "200",
    "Air/drone strike": "195",
    "Suicide bomb": "1831",
    "Shelling/artillery/missile attack": "194",
    "Remote explosive/landmine/IED": "183",
    "Grenade": "183",
    "Sexual violence": "1821",
    "Attack": "180",
    "Abduction/forced disappearance": "181",
    "Peaceful protest": "141",
    "Protest with intervention": "141",
    "Excessive force against protesters": "175",
    "Violent demonstration": "145",
    "Mob violence": "145",
    "Agreement": "057",
    "Arrests": "173",
    "Change to group/activity": "090",
    "Disrupted weapons use": "190",
    "Headquarters or base established": "190",
    "Looting/property destruction": "171",
    "Non-violent transfer of territory": "0874",
    "Other": "090",
}

# Trigger words by class, comma-separated. Strong classes assert an event alone; weak ones need
# a weapon or a strong word in the same clause ("struck a deal", "stocks hit highs" are no attacks).
_CLASSES = {
    "w_shell": "rocket, rockets, missile, missiles, mortar, mortars, shelling, shelled, artillery, katyusha, "
    "katyushas, projectile, projectiles, howitzer, howitzers",
    "w_air": "airstrike, airstrikes, air-strike, air-strikes, air strike, air strikes, air raid, air raids, drone, "
    "drones, warplane, warplanes, fighter jets, fighter jet, helicopter gunship, aerial bombardment, bombing raid, "
    "barrel bomb, barrel bombs, dropped bombs, "
    "drone strike, drone strikes, drone attack, drone attacks",
    "w_ied": "ied, ieds, roadside bomb, roadside bombs, car bomb, car bombs, landmine, landmines, explosive device, "
    "explosive devices, bomb, bombing, bombings, bomber, blast, blasts, explosion, explosions, booby trap, "
    "booby-trapped, packed with explosives, laden with explosives, rigged with explosives, truck bomb, truck bombs",
    "w_suicide": "suicide bomber, suicide bombers, suicide bombing, suicide bombings, suicide attack, "
    "suicide attacks, suicide vest, suicide car bomb, suicide car bombing, suicide truck bomb, suicide truck bombing, "
    "suicide bombs, suicide blast, suicide blasts, blew himself up, blew herself up, blew themselves up, "
    "explosive vest, explosive vests",
    "w_grenade": "grenade, grenades",
    "w_chemical": "chemical attack, chemical weapons, nerve agent, chlorine gas, sarin",
    "w_arms": "gunfire, opened fire, open fire, opens fire, shot dead, shot and killed, was shot, were shot, been shot, gunned down, "
    "sniper, snipers, shooting, shootings, rocket-propelled grenade, rocket-propelled grenades",
    "w_blade": "stabbed, stabbing, stabbings, knife attack, knives, knife, machetes, machete, axes, axe, "
    "meat cleavers, cleavers, cleaver",
    "strong_attack": "attack, attacks, attacked, attacking, assault, assaulted, ambush, ambushed, ambushes, "
    "bombs, shelled, shells, pounded",
    # a raid by security forces that detains people is an arrest, one that kills an attack
    "raid": "raid, raided, raids, raiding",
    "bombed": "bombed, bombard, bombarded, bombarding, bombardment",
    "weak_attack": "strike, strikes, struck, hit, hits, targeted, targeting, targets, fired, fires, firing, launched, "
    "launches, launching, landed, land, lands, fell, slammed, slams, exploded, detonated, impacted, rained, rain, "
    "rains, pounds, pound",
    # "kill" and "storm": headlines tell past events in the present tense
    "kill": "kill, killed, killing, killings, kills, martyred, slain, massacred, massacre, assassinated, "
    "assassination, murdered, beheaded, lynched, executed, executing, execution, executions, found dead",
    "abduct": "kidnapped, kidnapping, kidnappings, abducted, abduction, abductions",
    "sexual": "raped, rape, sexually assaulted",
    "battle": "clash, clashes, clashed, firefight, gunfight, gun battle, skirmish, skirmishes, exchange of fire, "
    "exchanged fire",
    "weak_battle": "fighting, fought, battle, battles, battled, offensive, military operation, ground operation, "
    "cross-border operation",
    "take": "captured, captures, seized, seizes, overran, overrun, overruns, recaptured, recaptures, retook, retakes, "
    "retaken, liberated, took control, taken control, take control, takes control, took over, had taken, fell to",
    "protest": "protest, protests, protested, protesting, protester, protesters, protestor, protestors, "
    "demonstration, demonstrations, demonstrators, sit-in",
    # what a crowd does that is a protest only when a crowd does it ("took to the streets")
    "weak_protest": "rally, rallies, rallied, marched, march, marches, took to the streets, take to the streets, taking to the streets, "
    "chanting slogans, chanted slogans, chanting, chanted, poured into",
    "riot": "riot, riots, rioting, rioters, storm, storms, stormed, storming, torched, set fire, set ablaze, "
    "looted, looting, threw stones, hurled stones, throwing stones, hurling stones, vandalised, vandalized, "
    "petrol bombs, petrol bomb, molotov cocktails, firebombs, firebombed",
    # what a crowd does that is violent only when a crowd does it ("the fire burned", "threw a party")
    "weak_riot": "burned, burnt, burning, set on fire, set alight, broke into, hurled, threw, throwing, stones, "
    "smashed, smashing, ransacked, forced their way into, "
    "tear down, tore down",
    "repress": "tear gas, live ammunition, live fire, live rounds, dispersed, disperse, rubber bullets, "
    "rubber-coated bullets, water cannon, stun grenades, stun grenade, sound bombs",
    "arrest": "arrested, arrests, detained, rounded up",
    # "was shot down" before "was shot": a drone downed is no one shot
    "disrupt": "intercepted, interception, shot down, was shot down, were shot down, been shot down, downed, defused, "
    "thwarted",
    "agree": "ceasefire, truce, peace deal, peace agreement",
    # casualty words: no event alone, but they tell the toll of the event just told
    "hurt": "wounded, injured, dead, died, death toll, casualties, injuries, no one, nobody, harmed, hurt",
    # who did it, said apart from the deed ("The Islamic State claimed responsibility.")
    "claim": "claimed responsibility, claimed the attack, took responsibility, blamed, blames, claims responsibility, "
    "claim responsibility",
}
TRIGGERS: dict[str, str] = {
    phrase.strip(): cls for cls, phrases in _CLASSES.items() for phrase in phrases.split(",") if phrase.strip()
}

WEAPONS = ("w_suicide", "w_chemical", "w_air", "w_shell", "w_ied", "w_grenade", "w_arms", "w_blade")
STRONG = frozenset(
    ["w_suicide", "w_chemical", "strong_attack", "raid", "bombed", "kill", "abduct", "sexual", "battle", "protest",
     "riot", "arrest", "disrupt", "take", "w_arms", "w_blade", "agree"]
)  # fmt: skip
DEMONSTRATION = frozenset([PROTESTS, RIOTS])


@dataclass(frozen=True)
class EventKind:
    event_type: str
    sub_event_type: str
    cameo: str
    confidence: float  # how sure the words make us of the type


def _kind(event_type: str, sub: str, confidence: float) -> EventKind:
    return EventKind(event_type, sub, CAMEO[sub], confidence)


# sub-types the rules of other modules name
ARRESTS = "Arrests"
EXCESSIVE_FORCE = "Excessive force against protesters"
MOB_VIOLENCE = "Mob violence"
VIOLENT_DEMONSTRATION = _kind(RIOTS, "Violent demonstration", 0.7)


def by_perpetrators(kind: EventKind, perpetrators: set[str | None]) -> EventKind:
    """The kind, given the kinds of actor that did it: ACLED's excessive force against protesters
    is the state's; a non-state armed group firing on a crowd attacks civilians."""
    if (
        kind.sub_event_type == EXCESSIVE_FORCE
        and "non-state armed group" in perpetrators
        and not perpetrators & {"state force", "coalition"}
    ):
        return _kind(VAC, "Attack", kind.confidence)
    return kind


def classify(classes: set[str], target_armed: bool, perpetrator_state: bool) -> EventKind | None:
    """The event a clause's trigger classes describe, or None when they do not make one.

    ``target_armed``: a target is a state force or armed group (small-arms violence against
    them is a battle, against anyone else violence against civilians). ``perpetrator_state``:
    the taker of territory is a state ("government regains") or not.
    """
    violent = bool(classes & {"strong_attack", "weak_attack", "kill", "battle", "raid", "bombed"})
    crowd = "protest" in classes
    if "w_chemical" in classes:
        return _kind(EXPLOSIONS, "Chemical weapon", 0.8)
    if "w_suicide" in classes:
        return _kind(EXPLOSIONS, "Suicide bomb", 0.9)
    if "disrupt" in classes and classes & {"w_air", "w_shell", "w_ied"} and "kill" not in classes:
        return _kind(STRATEGIC, "Disrupted weapons use", 0.7)
    if "w_air" in classes:
        return _kind(EXPLOSIONS, "Air/drone strike", 0.85)
    if "w_shell" in classes and violent:
        return _kind(EXPLOSIONS, "Shelling/artillery/missile attack", 0.9)
    if "w_ied" in classes and violent:
        return _kind(EXPLOSIONS, "Remote explosive/landmine/IED", 0.8)
    # a crowd that storms, burns or stones is a riot, whatever the police fire back (stun grenades too)
    if "riot" in classes or ("weak_riot" in classes and crowd):
        # rioting told with its demonstration is one turned violent; mobs, inmates, rioters alone are mob violence
        return VIOLENT_DEMONSTRATION if crowd else _kind(RIOTS, MOB_VIOLENCE, 0.7)
    if "w_grenade" in classes and violent:
        return _kind(EXPLOSIONS, "Grenade", 0.8)
    if crowd:
        if "w_blade" in classes:  # protesters knifed: by men from the crowd's foes, not by the state's force
            return _kind(VAC, "Attack", 0.65)
        if classes & {"kill", "w_arms"}:  # protesters shot or killed: force beyond dispersal
            return _kind(PROTESTS, EXCESSIVE_FORCE, 0.8)
        if "repress" in classes or "arrest" in classes:
            return _kind(PROTESTS, "Protest with intervention", 0.75)
        return _kind(PROTESTS, "Peaceful protest", 0.7)
    if "take" in classes:
        sub = "Government regains territory" if perpetrator_state else "Non-state actor overtakes territory"
        return _kind(BATTLES, sub, 0.6)
    if "battle" in classes:
        return _kind(BATTLES, "Armed clash", 0.8)
    if "arrest" in classes and not classes & {"kill", "w_arms", "w_blade", "strong_attack"}:
        return _kind(STRATEGIC, ARRESTS, 0.6)  # "raided a house and detained five"
    # an abduction that ends in killing is an attack
    if "abduct" in classes and not classes & {"kill", "w_arms"}:
        return _kind(VAC, "Abduction/forced disappearance", 0.75)
    if "sexual" in classes:
        return _kind(VAC, "Sexual violence", 0.7)
    if classes & {"w_arms", "w_blade", "kill", "strong_attack", "raid", "abduct"}:
        if target_armed and "w_blade" not in classes:
            return _kind(BATTLES, "Armed clash", 0.6)
        return _kind(VAC, "Attack", 0.65)
    if "agree" in classes:
        return _kind(STRATEGIC, "Agreement", 0.5)
    return None
