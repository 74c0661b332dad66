"""docs/plugins.md documents every hook of api/hookspecs.py with the hook's real arguments."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

from api import hookspecs

DOC = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"
HEADING = re.compile(r"^### `(?P<name>eventgraph_\w+)\((?P<args>[^)]*)\)`\s*$", re.M)
FIRSTRESULT = re.compile(r"^- \*\*firstresult:\*\* (?P<answer>yes|no)\b", re.M)
CODE = re.compile(r"```python\n(?P<code>.*?)```", re.S)


def spec_hooks() -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(func)
        for name, func in inspect.getmembers(hookspecs, inspect.isfunction)
        if name.startswith("eventgraph_")
    }


def reference() -> dict[str, str]:
    """Hook name -> its section of the reference."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index("\n## Hook reference")
    end = text.find("\n## ", start + 1)
    section = text[start : end if end != -1 else len(text)]
    matches = list(HEADING.finditer(section))
    return {
        m["name"]: section[m.start() : matches[i + 1].start() if i + 1 < len(matches) else len(section)]
        for i, m in enumerate(matches)
    }


def documented_args(section: str) -> list[str]:
    match = HEADING.search(section)
    assert match is not None
    return [a.strip() for a in match["args"].split(",") if a.strip()]


def test_every_hook_is_documented_and_nothing_else() -> None:
    assert set(reference()) == set(spec_hooks())


@pytest.mark.parametrize("name", sorted(spec_hooks()))
def test_hook_is_documented_with_its_arguments(name: str) -> None:
    section = reference().get(name)
    assert section is not None, f"{name} is missing from the hook reference in docs/plugins.md"
    assert documented_args(section) == list(spec_hooks()[name].parameters), (
        f"{name} is documented with other arguments than api/hookspecs.py gives it"
    )


@pytest.mark.parametrize("name", sorted(spec_hooks()))
def test_hook_section_is_complete(name: str) -> None:
    section = reference()[name]
    for label in ("**Arguments:**", "**Returns:**", "**When it runs:**"):
        assert label in section, f"{name}: no {label} line"
    answer = FIRSTRESULT.search(section)
    assert answer is not None, f"{name}: no firstresult line"
    opts = getattr(getattr(hookspecs, name), f"{hookspecs.PROJECT}_spec")
    assert (answer["answer"] == "yes") == bool(opts.get("firstresult")), f"{name}: firstresult is documented wrong"
    example = CODE.search(section)
    assert example is not None, f"{name}: no example"
    defs = [n for n in ast.walk(ast.parse(example["code"])) if isinstance(n, ast.FunctionDef) and n.name == name]
    assert defs, f"{name}: the example does not implement the hook"
    assert [a.arg for a in defs[0].args.args] == list(spec_hooks()[name].parameters)


def test_every_python_example_is_valid_python() -> None:
    for match in CODE.finditer(DOC.read_text(encoding="utf-8")):
        ast.parse(match["code"])


def test_the_check_notices_a_wrong_signature() -> None:
    wrong = "## Hook reference\n\n### `eventgraph_parse_article(document)`\n"
    match = HEADING.search(wrong)
    assert match is not None
    assert documented_args(wrong) != list(spec_hooks()["eventgraph_parse_article"].parameters)
