"""Schema compatibility: graphql-inspector's diff of schema.graphql against the previous commit's.

A breaking change (a field removed, an argument made required, a type changed...) fails the
suite unless CHANGELOG.md declares it: a bullet under a ``### Breaking`` heading naming the
schema coordinate in backticks, e.g. ``- `Query.plugins` removed: read `Query.sources`.``.

The previous version is HEAD's schema.graphql when the working tree changed it (a change being
prepared), else HEAD~1's (CI, after the commit). CI must fetch two commits (fetch-depth: 2).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from graphql import build_schema, print_schema

from tests.running import REPO, require

INSPECTOR = REPO / "tests" / "protocol" / "inspector"
SCHEMA = REPO / "schema.graphql"
CHANGELOG = REPO / "CHANGELOG.md"
MARKER = "@@changes@@"


def inspector() -> Path:
    path = INSPECTOR / "node_modules" / ".bin" / "graphql-inspector"
    require(path.exists(), f"{path} is missing: run `npm ci --prefix {INSPECTOR.relative_to(REPO)}`")
    return path


def diff(old_sdl: str, new_sdl: str, workdir: Path) -> list[dict[str, str]]:
    """Every change graphql-inspector finds, as {level, type, path, message}."""
    old, new = workdir / "old.graphql", workdir / "new.graphql"
    old.write_text(old_sdl)
    new.write_text(new_sdl)
    done = subprocess.run(
        [str(inspector()), "diff", str(old), str(new), "--onComplete", str(INSPECTOR / "report.cjs")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    if MARKER not in done.stdout:
        # With nothing to report the CLI says so and never calls the --onComplete handler.
        assert "No changes detected" in done.stdout, done.stdout
        return []
    return list(json.loads(done.stdout.split(MARKER, 1)[1].strip()))


def declared_breaking(changelog: str) -> set[str]:
    """The coordinates in backticks under every ``### Breaking`` heading."""
    declared: set[str] = set()
    in_breaking = False
    for line in changelog.splitlines():
        if line.startswith("#"):
            in_breaking = line.lstrip("#").strip().lower().startswith("breaking")
        elif in_breaking:
            declared.update(re.findall(r"`([^`]+)`", line))
    return declared


def undeclared(changes: list[dict[str, str]], changelog: str) -> list[dict[str, str]]:
    declared = declared_breaking(changelog)
    return [c for c in changes if c["level"] == "BREAKING" and (c["path"] or c["message"]) not in declared]


def git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)


def previous_schema() -> str | None:
    changed_here = git("diff", "--quiet", "HEAD", "--", "schema.graphql").returncode != 0
    base = "HEAD" if changed_here else "HEAD~1"
    shown = git("show", f"{base}:schema.graphql")
    if shown.returncode != 0 and git("rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        git("fetch", "--quiet", "--deepen=1")  # a CI clone of depth 1: ask its origin for the parent
        shown = git("show", f"{base}:schema.graphql")
    return shown.stdout if shown.returncode == 0 else None


def test_no_undeclared_breaking_change_since_the_previous_commit(tmp_path: Path) -> None:
    previous = previous_schema()
    if previous is None:
        import pytest

        pytest.skip("no previous schema.graphql in git (first commit, or a shallow clone whose origin is unreachable)")
    changes = diff(previous, SCHEMA.read_text(), tmp_path)
    changelog = CHANGELOG.read_text() if CHANGELOG.exists() else ""
    missing = undeclared(changes, changelog)
    assert not missing, "breaking schema changes not declared under '### Breaking' in CHANGELOG.md:\n" + "\n".join(
        f"  `{c['path']}`: {c['message']}" for c in missing
    )


def test_a_removed_field_is_caught_until_declared(tmp_path: Path) -> None:
    """The check can fail: drop Query.plugins from the current schema and diff the two."""
    schema = build_schema(SCHEMA.read_text())
    assert schema.query_type is not None and "plugins" in schema.query_type.fields
    del schema.query_type.fields["plugins"]
    changes = diff(SCHEMA.read_text(), print_schema(schema), tmp_path)
    assert [(c["level"], c["path"]) for c in changes] == [("BREAKING", "Query.plugins")]
    assert undeclared(changes, "# Changelog\n\n## Unreleased\n\n### Added\n\n- `Query.plugins`\n") == changes
    declared = "# Changelog\n\n## Unreleased\n\n### Breaking\n\n- `Query.plugins` removed: read `Query.sources`.\n"
    assert undeclared(changes, declared) == []


def test_adding_a_field_is_not_breaking(tmp_path: Path) -> None:
    sdl = SCHEMA.read_text() + '\nextend type Query {\n  "A field a client may ignore."\n  newThing: Int\n}\n'
    changes = diff(SCHEMA.read_text(), print_schema(build_schema(sdl)), tmp_path)
    assert changes and all(c["level"] != "BREAKING" for c in changes)


def test_the_changelog_declares_with_the_documented_syntax() -> None:
    assert CHANGELOG.exists(), "CHANGELOG.md is where breaking schema changes are declared"
    assert "### Breaking" in CHANGELOG.read_text()
