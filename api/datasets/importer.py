"""What an importer plugin returns: an ``Importer`` that reads a dataset file row by row.

An importer turns each row of a file into an ``ImportedRow`` (an ``EventCandidate`` plus
where it came from) and each row it cannot read into a ``RowError`` with the line number,
so one bad row never stops a file. Rows are yielded as they are read: memory stays flat
for files of millions of rows.
"""

from __future__ import annotations

import bz2
import gzip
import io
import zipfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from api.errors import DocumentError, EventgraphError, PluginError
from api.extract.candidate import EventCandidate
from api.ingest.source import SourceInfo

HEAD_BYTES = 8192


@dataclass
class ImportedRow:
    """One dataset row as an event. ``row_id`` is the dataset's own id (GLOBALEVENTID,
    event_id_cnty): with the dataset's name it makes re-imports a no-op."""

    row_id: str
    line: int
    candidate: EventCandidate
    source_url: str | None = None
    # The row's fields the event model has no column for; kept with the event's origin.
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RowError:
    """A row that was skipped, and why (shown to the user as ``line N: problem``)."""

    line: int
    problem: str
    row_id: str | None = None

    def __str__(self) -> str:
        return f"line {self.line}: {self.problem}"


class Importer(ABC):
    """A dataset format. Subclass it in a plugin and return an instance from
    ``eventgraph_register_importers``.

    ``name`` is the format's key (``--format gdelt``) and the dataset name stored with each
    event's origin; ``source`` is the Source row the imported reports are filed under.
    """

    name: str = ""
    source: SourceInfo
    version: str = "1"

    @abstractmethod
    def sniff(self, path: Path, head: bytes) -> bool:
        """True when the file looks like this format. ``head`` is its first bytes, decompressed."""

    @abstractmethod
    def read(self, path: Path) -> Iterator[ImportedRow | RowError]:
        """Every row of the file, in order: an ``ImportedRow`` or a ``RowError``.

        Raise ``DocumentError`` only when the whole file is unreadable (a missing header).
        """


def read_through(importer: Importer, path: Path) -> int:
    """Read the whole file once, storing nothing, and return how many rows it has.

    A file that cannot be read to its end (a truncated archive, an unclosed quote, no header)
    or that holds no rows raises ``DocumentError`` here, before the first row is written: an
    import stores the file's readable rows or nothing, never the first half of a broken file.
    """
    rows = 0
    try:
        for _ in importer.read(path):
            rows += 1
    except EventgraphError:
        raise
    except Exception as exc:  # a broken reader must name its plugin, not look like a bad file
        raise PluginError(importer.name, "read", str(path), f"{type(exc).__name__}: {exc}") from exc
    if rows == 0:
        raise DocumentError(str(path), "the file holds no rows to import")
    return rows


@contextmanager
def open_text(path: Path) -> Iterator[IO[str]]:
    """The file as text, through .gz, .bz2 or a one-member .zip (GDELT ships .CSV.zip).

    Undecodable bytes become U+FFFD rather than stopping the file: one row may be lost,
    not all of them.
    """
    with open_binary(path) as raw:
        yield io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")


@contextmanager
def open_binary(path: Path) -> Iterator[IO[bytes]]:
    if not path.is_file():
        raise DocumentError(str(path), "no such file")
    suffix = path.suffix.lower()
    if suffix in (".gz", ".bz2"):
        opener = gzip.open if suffix == ".gz" else bz2.open
        with opener(path, "rb") as handle:
            yield cast(IO[bytes], handle)
    elif suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) != 1:
                raise DocumentError(str(path), f"a zip to import must hold one file, this one holds {len(members)}")
            with archive.open(members[0]) as handle:
                yield handle
    else:
        with path.open("rb") as handle:
            yield handle


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    with open_binary(path) as handle:
        return handle.read(size)


def clean(value: str | None) -> str | None:
    """A field's value, or None when it is empty."""
    if value is None:
        return None
    value = value.strip()
    return value or None


class RowProblem(ValueError):
    """One row cannot be read; the importer reports it with its line number and goes on."""


def bounded_float(row: dict[str, str | None], name: str, low: float, high: float) -> float | None:
    """The field ``name`` as a number within [low, high], None when empty; RowProblem otherwise."""
    value = row.get(name)
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        raise RowProblem(f"{name} {value!r} is not a number") from None
    if not low <= number <= high:
        raise RowProblem(f"{name} {number} is out of range")
    return number
