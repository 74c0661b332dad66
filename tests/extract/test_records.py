"""quick_init: a frozen record built faster is the same record."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from api.extract.actors import ActorMention
from api.extract.records import quick_init


@dataclasses.dataclass(frozen=True)
class _Plain:
    start: int
    text: str
    how: str = "name"
    backed: bool = False


@quick_init
@dataclasses.dataclass(frozen=True)
class _Quick:
    start: int
    text: str
    how: str = "name"
    backed: bool = False


def test_same_fields_defaults_and_behaviour() -> None:
    quick = _Quick(3, "Iraq", how="state")
    plain = _Plain(3, "Iraq", how="state")
    assert dataclasses.astuple(quick) == dataclasses.astuple(plain) == (3, "Iraq", "state", False)
    assert repr(quick) == repr(plain).replace("_Plain", "_Quick")
    assert quick == _Quick(3, "Iraq", "state") and quick != _Quick(3, "Iraq")
    assert hash(quick) == hash(_Quick(3, "Iraq", "state"))
    assert dataclasses.replace(quick, backed=True).backed is True
    assert pickle.loads(pickle.dumps(quick)) == quick
    with pytest.raises(dataclasses.FrozenInstanceError):
        quick.start = 4  # type: ignore[misc]
    with pytest.raises(TypeError):
        _Quick(3)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        _Quick(3, "Iraq", nope=1)  # type: ignore[call-arg]


def test_the_extractor_records_use_it() -> None:
    mention = ActorMention(0, 4, "Iran", None, None, how="state")
    assert (mention.how, mention.backed, mention.state) == ("state", False, None)


def test_refuses_what_it_cannot_copy() -> None:
    @dataclasses.dataclass
    class Mutable:
        x: int

    @dataclasses.dataclass(frozen=True)
    class Factory:
        x: list[int] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True)
    class PostInit:
        x: int

        def __post_init__(self) -> None:
            pass

    for cls in (Mutable, Factory, PostInit):
        with pytest.raises(TypeError):
            quick_init(cls)
