"""The actor dictionary: canonical actors, kinds, parents, aliases with their outlets, and the finder."""

from __future__ import annotations

import pytest

from api.errors import ConfigError
from api.extract.actors import KINDS, ActorDictionary
from api.extract.context import ExtractionContext
from api.extract.vocabulary import ActorAlias

CANONICAL = [
    "Popular Mobilization Units", "Kataib Hezbollah", "Islamic Revolutionary Guard Corps", "Islamic State",
    "Military Forces of the United States", "US-led coalition", "Israel", "Military Forces of Iran",
    "Badr Organization", "Military Forces of Iraq",
]  # fmt: skip


@pytest.fixture(scope="module")
def actors(context: ExtractionContext) -> ActorDictionary:
    return context.actors


def test_canonical_actors_exist_with_a_known_kind(actors: ActorDictionary) -> None:
    for name in CANONICAL:
        entry = actors.get(name)
        assert entry is not None, name
        assert entry.kind in KINDS
    assert len(list(actors.entries())) > 300  # states generate forces, governments, civilians ...


def test_parents_chain_to_the_state(actors: ActorDictionary) -> None:
    assert actors.get("Kataib Hezbollah").parent == "Popular Mobilization Units"  # type: ignore[union-attr]
    assert actors.get("Islamic Revolutionary Guard Corps").parent == "Military Forces of Iran"  # type: ignore[union-attr]
    assert actors.get("Quds Force").parent == "Islamic Revolutionary Guard Corps"  # type: ignore[union-attr]
    assert actors.get("Military Forces of Iran").kind == "state force"  # type: ignore[union-attr]
    assert actors.get("Military Forces of Iran").country == "IR"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("Hashd al-Shaabi", "Popular Mobilization Units"),
        ("Popular Mobilisation Forces", "Popular Mobilization Units"),
        ("Kata'ib Hezbollah", "Kataib Hezbollah"),
        ("IRGC", "Islamic Revolutionary Guard Corps"),
        ("Daesh", "Islamic State"),
        ("Pentagon", "Military Forces of the United States"),
        ("Tasnim", "Tasnim News Agency"),
        ("ELN", "National Liberation Army"),
        ("M23", "March 23 Movement"),
        ("Baloch Liberation Army", "Balochistan Liberation Army"),
        ("Border Police", "Police Forces of Israel"),  # a named actor adds aliases to a generated one
    ],
)
def test_aliases_resolve(actors: ActorDictionary, alias: str, canonical: str) -> None:
    entry = actors.lookup(alias)
    assert entry is not None and entry.name == canonical


def test_lower_case_coalition_resolves_by_country(actors: ActorDictionary) -> None:
    assert actors.lookup("coalition", countries=("IQ",)).name == "US-led coalition"  # type: ignore[union-attr]
    assert actors.lookup("coalition", countries=("YE",)).name == "Saudi-led coalition"  # type: ignore[union-attr]


def test_finder_reads_names_groups_and_states(actors: ActorDictionary) -> None:
    text = (
        "Iraqi security forces said Kataib Hezbollah fighters and Iran-backed militias fired at the US-led "
        "coalition, while Iran denied it; gunmen also shot two U.S. soldiers. Is this ISIS?"
    )
    found = {(m.text, m.actor.name if m.actor else None, m.how) for m in actors.find(text, countries=("IQ",))}
    assert ("Iraqi security forces", "Military Forces of Iraq", "group") in found
    assert ("Kataib Hezbollah", "Kataib Hezbollah", "name") in found
    assert ("US-led coalition", "US-led coalition", "group") in found
    assert ("Iran", None, "state") in found
    assert ("gunmen", "Unidentified Armed Group (Iraq)", "group") in found
    assert ("U.S. soldiers", "Military Forces of the United States", "group") in found
    assert ("ISIS", "Islamic State", "name") in found
    backed = [m for m in actors.find(text, countries=("IQ",)) if m.text.startswith("Iran-backed")]
    assert backed and backed[0].actor is not None and backed[0].actor.name == "Unidentified Armed Group (Iraq)"
    # "Is" opening a question is not the Islamic State, nor "Kataib Hezbollah fighters" a second actor
    assert not any(m.text == "Is" for m in actors.find(text))
    assert not any(m.text.endswith("fighters") for m in actors.find(text, countries=("IQ",)))


def test_plugin_aliases_are_added_with_their_outlet() -> None:
    actors = ActorDictionary.from_seeds()
    version = actors.version
    actors.add_aliases([ActorAlias("Hashed al-Sha'abi forces", "Popular Mobilization Units", "rudaw")], plugin="rudaw")
    assert actors.version > version
    assert actors.lookup("Hashed al-Sha'abi forces").name == "Popular Mobilization Units"  # type: ignore[union-attr]
    entry = actors.get("Popular Mobilization Units")
    assert ("Hashed al-Sha'abi forces", "rudaw") in entry.aliases  # type: ignore[union-attr]


def test_an_alias_for_an_unknown_actor_names_the_plugin() -> None:
    actors = ActorDictionary.from_seeds()
    with pytest.raises(ConfigError, match=r"plugin 'rudaw'.*No Such Group"):
        actors.add_aliases([ActorAlias("NSG", "No Such Group", "rudaw")], plugin="rudaw")


def test_a_broken_dictionary_file_is_named(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "actors.json"
    path.write_text("{not json")
    with pytest.raises(ConfigError, match=r"actors\.json"):
        ActorDictionary.from_seeds(path)
    path.write_text('{"actors": [{"name": "X", "kind": "space pirates"}]}')
    with pytest.raises(ConfigError, match="unknown kind"):
        ActorDictionary.from_seeds(path)


def test_every_parent_is_an_actor_and_entries_carry_what_the_store_needs(actors: ActorDictionary) -> None:
    names = {e.name for e in actors.entries()}
    for entry in actors.entries():
        assert entry.parent is None or entry.parent in names, entry.name
        assert entry.kind in KINDS
        for alias, source in entry.aliases:
            assert alias and (source is None or isinstance(source, str))
