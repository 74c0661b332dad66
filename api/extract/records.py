"""Cheaper construction for the small frozen records the extractor makes by the hundred per article.

A frozen dataclass's generated ``__init__`` sets each field through ``object.__setattr__`` (it
must get round its own ``__setattr__``, which refuses): about three times the cost of filling the
instance's dict. ``quick_init`` swaps in an ``__init__`` with the same signature and defaults that
writes the dict directly. Everything else (immutability, equality, hashing, repr, ``replace``)
stays the dataclass's own.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")


def quick_init(cls: type[T]) -> type[T]:
    """Apply above ``@dataclass(frozen=True)``; only for plain fields (no factories, no __post_init__)."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or hasattr(cls, "__slots__") or hasattr(cls, "__post_init__"):
        raise TypeError(f"quick_init: {cls.__name__} must be a frozen dataclass without slots or __post_init__")
    defaults: dict[str, Any] = {}
    args: list[str] = []
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if not f.init or f.kw_only or f.default_factory is not dataclasses.MISSING:
            raise TypeError(f"quick_init: {cls.__name__}.{f.name} is not a plain positional field")
        if f.default is dataclasses.MISSING:
            args.append(f.name)
        else:
            defaults[f"_d_{f.name}"] = f.default
            args.append(f"{f.name}=_d_{f.name}")
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    body = "\n".join(f"    d[{n!r}] = {n}" for n in names) or "    pass"
    source = f"def __init__(self, {', '.join(args)}):\n    d = self.__dict__\n{body}\n"
    namespace: dict[str, Any] = dict(defaults)
    exec(source, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    setattr(cls, "__init__", init)  # noqa: B010 - replacing the generated method
    return cls
