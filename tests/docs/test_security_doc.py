"""docs/security.md names, for each promise, the tests that prove it: every one it names must exist.

A reference is a test file (`tests/guard/test_body.py`, or `test_body.py` when one file has that
name), optionally followed by `::test_name`; a bare `::test_name` belongs to the last file named
before it on the same line. A name ending in `…` stands for the tests that start with it, and a
`[parameter]` suffix is ignored.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "security.md"
REFERENCE = re.compile(r"`((?:tests/[\w/]+/)?test_\w+\.py)?(?:::(test_\w+…?)(?:\[[^\]]*\])?)?`")


def file_named(name: str) -> Path:
    if "/" in name:
        return REPO / name
    found = sorted(REPO.joinpath("tests").rglob(name))
    assert len(found) == 1, f"{name} names {len(found)} files: {found}"
    return found[0]


def functions_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}


def references() -> list[tuple[int, Path, str | None]]:
    found: list[tuple[int, Path, str | None]] = []
    for number, line in enumerate(DOC.read_text().splitlines(), 1):
        current: Path | None = None
        for match in REFERENCE.finditer(line):
            file, name = match.groups()
            if file is None and name is None:
                continue
            if file is not None:
                current = file_named(file)
            assert current is not None, f"docs/security.md:{number}: `::{name}` names no file before it"
            found.append((number, current, name))
    return found


def test_every_test_the_security_doc_names_exists() -> None:
    cited = references()
    assert len(cited) > 40, "the references were not found: the test would prove nothing"
    missing = []
    for number, path, name in cited:
        if not path.exists():
            missing.append(f"line {number}: {path.relative_to(REPO)} does not exist")
            continue
        if name is None:
            continue
        defined = functions_in(path)
        exists = any(d.startswith(name[:-1]) for d in defined) if name.endswith("…") else name in defined
        if not exists:
            missing.append(f"line {number}: {path.relative_to(REPO)} has no {name}")
    assert missing == [], "\n".join(missing)
