"""docs/plugins.md documents every hook of api/hookspecs.py with the hook's real arguments, and every
core helper the built-in source plugins use."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path

import pytest

from api import hookspecs

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "plugins.md"
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


SOURCE_PLUGINS = ("reuters", "jpost", "tasnim")
ROW = re.compile(r"^\| `(?P<module>api(?:\.\w+)*)` \| (?P<names>.*) \|$", re.M)
NAME = re.compile(r"`([A-Za-z_][\w.]*)`")


def public_helpers() -> dict[str, set[str]]:
    """Module -> the names the "Helpers for plugin authors" table makes public (what stands in
    parentheses describes a name and is not one)."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("\n## Helpers for plugin authors") :]
    return {m["module"]: set(NAME.findall(re.sub(r"\([^)]*\)", "", m["names"]))) for m in ROW.finditer(section)}


def test_every_public_helper_exists() -> None:
    helpers = public_helpers()
    assert {"api", "api.ingest.html", "api.ingest.text", "api.testkit"} <= set(helpers)
    for module, names in helpers.items():
        loaded = importlib.import_module(module)
        missing = sorted(name for name in names if not hasattr(loaded, name))
        assert not missing, f"docs/plugins.md lists {module}: {', '.join(missing)}, which it does not have"


def plugin_imports() -> list[tuple[str, str, str]]:
    """(file, module, name) for every name the source plugins import from the core."""
    found = []
    for key in SOURCE_PLUGINS:
        for path in sorted((REPO / "plugins" / key).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "api":
                    found.extend((path.name, node.module, alias.name) for alias in node.names)
                elif isinstance(node, ast.Import):
                    found.extend((path.name, a.name, "*") for a in node.names if a.name.split(".")[0] == "api")
    return found


def test_builtin_source_plugins_use_only_public_helpers() -> None:
    helpers = public_helpers()
    imports = plugin_imports()
    assert len(imports) > 20  # the walk found the plugins' imports
    private = [f"{file}: from {module} import {name}" for file, module, name in imports
               if name not in helpers.get(module, set())]  # fmt: skip
    assert not private, "built-in plugins use what docs/plugins.md does not offer to others:\n" + "\n".join(private)


def test_the_import_check_notices_a_private_helper() -> None:
    assert "_fill" not in public_helpers()["api.ingest.html"]
    assert "Pipeline" not in public_helpers().get("api.ingest.pipeline", set())


def test_the_template_uses_only_public_helpers() -> None:
    from string import Template

    from api.cli import plugin_template

    helpers = public_helpers()
    source = Template(plugin_template.MODULE).substitute(name="rudaw", title="Rudaw", package="eventgraph_rudaw", dist="x")
    imports = [(n.module, a.name) for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ImportFrom) and n.module
               and n.module.startswith("api") for a in n.names]  # fmt: skip
    assert imports and all(name in helpers.get(module, set()) for module, name in imports), imports
