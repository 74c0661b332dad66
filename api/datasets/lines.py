"""A dataset file's lines as text, decoded strictly line by line.

Datasets are UTF-8. A line that is not (a Latin-1 "é", a stray byte, a NUL) must not turn into
U+FFFD inside a stored actor's name: its number is kept, so the row holding it is reported with
its line number and skipped while the rest of the file loads. A file that is not text at all
(UTF-16, binary) and an archive that breaks halfway are refused whole, naming the file.
"""

from __future__ import annotations

import codecs
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from api.datasets.importer import open_binary
from api.errors import DocumentError

# What gzip, bz2 and zipfile raise when an archive is truncated or corrupt.
ARCHIVE_ERRORS = (EOFError, OSError, zlib.error, zipfile.BadZipFile)
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class Lines:
    """Iterates over the text lines of ``raw`` (line endings kept, as ``csv`` wants them).

    ``problems`` maps the number of each line that could not be decoded to the reason; the
    line itself is yielded with replacement characters so that a CSV reader stays in step.
    """

    def __init__(self, raw: IO[bytes], name: str) -> None:
        self.raw = raw
        self.name = name
        self.number = 0
        self.problems: dict[int, str] = {}

    def __iter__(self) -> Iterator[str]:
        iterator = iter(self.raw)
        while True:
            try:
                line = next(iterator)
            except StopIteration:
                return
            except ARCHIVE_ERRORS as exc:
                raise DocumentError(self.name, f"cannot be read after line {self.number}: {exc}") from None
            self.number += 1
            if self.number == 1:
                if line.startswith(UTF16_BOMS):
                    raise DocumentError(self.name, "is UTF-16; datasets are read as UTF-8 (save it as UTF-8)")
                line = line.removeprefix(codecs.BOM_UTF8)
            yield self._decode(line)

    def _decode(self, line: bytes) -> str:
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.problems[self.number] = f"not UTF-8 (byte 0x{line[exc.start]:02x} at column {exc.start + 1})"
            return line.decode("utf-8", errors="replace")
        if "\x00" in text:
            # PostgreSQL cannot store NUL in text, and no dataset field holds one.
            self.problems[self.number] = f"holds a NUL byte at column {text.index(chr(0)) + 1}"
        return text

    def problem(self, first: int, last: int | None = None) -> str | None:
        """Why lines ``first``..``last`` cannot be read, or None when they can."""
        for number in range(first, (last if last is not None else first) + 1):
            if number in self.problems:
                where = f"line {number} " if last is not None and last != first else ""
                return f"{where}{self.problems[number]}".strip()
        return None


@contextmanager
def open_lines(path: Path) -> Iterator[Lines]:
    """The file's lines, through .gz, .bz2 or a one-member .zip."""
    try:
        with open_binary(path) as raw:
            yield Lines(raw, str(path))
    except zipfile.BadZipFile as exc:
        raise DocumentError(str(path), f"not a readable zip archive: {exc}") from None
