"""Crowds in a clause: counted, named, or the protesters of the place's country."""

from __future__ import annotations

from api.extract.candidate import ActorRole
from api.extract.context import ExtractionContext
from api.extract.crowds import crowd_acts, protest_sides, protesters_in, with_protesters
from api.extract.extractor import lexicon_for


def _actors(context: ExtractionContext, text: str):  # type: ignore[no-untyped-def]
    lexicon = lexicon_for(context)
    return lexicon, lexicon.actor_mentions(text, lexicon.find(text), ("IQ",))


def test_a_crowd_counted_or_named_acts(context: ExtractionContext) -> None:
    for text in ("Thousands marched through Najaf.", "Angry residents torched the office."):
        lexicon, actors = _actors(context, text)
        assert crowd_acts(text.lower(), actors, 0, len(text), lexicon), text
    text = "Gunmen set fire to cars."
    lexicon, actors = _actors(context, text)
    assert not crowd_acts(text.lower(), actors, 0, len(text), lexicon)


def test_the_protesters_named_and_the_ones_a_march_gets(context: ExtractionContext) -> None:
    text = "Supporters of the parties clashed with police in Basra."
    lexicon, actors = _actors(context, text)
    found = protesters_in(actors, 0, len(text), lexicon)
    assert found is not None and found.actor is not None and found.actor.name == "Protesters (Iraq)"
    basra = context.gazetteer.candidates("Basra")[0]
    [role] = with_protesters([], [(basra, False)], ("IQ",), lexicon, 0)
    assert (role.actor.name, role.role) == ("Protesters (Iraq)", "other")


def test_the_crowd_protests_unless_the_event_is_the_force_used_on_it(context: ExtractionContext) -> None:
    crowd = ActorRole("Protesters (Iraq)", "other", kind="civilians", country="IQ")
    police = ActorRole("Police Forces of Iraq", "perpetrator", kind="state force", country="IQ")
    sides = protest_sides([police, crowd], "Protest with intervention", context.actors)
    assert [(a.name, a.role) for a in sides] == [
        ("Police Forces of Iraq", "other"),
        ("Protesters (Iraq)", "perpetrator"),
    ]
    sides = protest_sides([police, crowd], "Excessive force against protesters", context.actors)
    assert [(a.name, a.role) for a in sides] == [
        ("Police Forces of Iraq", "perpetrator"),
        ("Protesters (Iraq)", "target"),
    ]
    # anyone else keeps the role the text gave
    journalist = ActorRole("Civilians (Iraq)", "other", kind="civilians", country="IQ")
    assert protest_sides([journalist], "Peaceful protest", context.actors) == [journalist]
