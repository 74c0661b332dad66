"""`eventgraph import` (GDELT, ACLED and other importer plugins) and `eventgraph export` (CSV, GeoJSON, JSONL).

Registered in api/cli/main.py::

    app.command("import")(transfer.import_data)
    app.command("export")(transfer.export_data)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from api.errors import EventgraphError
from api.graphql.errors import ApiError

err = Console(stderr=True)
out = Console()
SHOWN_ERRORS = 20
# `eventgraph import` exits 1 when nothing could be imported (a file error, or every row bad)
# and PARTIAL when some rows were skipped and the rest loaded: a script sees both. Not 2,
# which Click uses for a mistyped command line.
PARTIAL = 3


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(1)


def import_data(
    path: Annotated[Path, typer.Argument(help="A dataset file (.tsv/.csv, or .zip/.gz of one).")],
    fmt: Annotated[str, typer.Option("--format", help="gdelt, acled (any importer plugin's name) or auto.")] = "auto",
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Import a GDELT or ACLED file: each row an event, merged with the events already known.

    Importing the same file again changes nothing: rows are known by their dataset id.
    Rows that cannot be read are reported as FILE:LINE and skipped, the rest load, and the
    command exits 3; it exits 1, with nothing stored, when the file itself cannot be read.
    """
    from api.datasets.registry import choose
    from api.plugins import build_host
    from api.settings import Settings
    from api.store.db import make_engine
    from api.store.importer import import_file
    from api.store.writer import Store

    try:
        importer = choose(build_host(), path, fmt)
        summary = import_file(Store(make_engine(Settings().database_url)), importer, path)
    except EventgraphError as exc:
        raise _fail(str(exc)) from None
    read = summary.loaded + summary.already + summary.skipped
    if as_json:
        print(json.dumps({"rows_read": read, **summary.to_json()}, indent=2))
    else:
        out.print(
            f"{path}: {importer.name}, {read} rows read, {summary.loaded} rows loaded ({summary.created} new events, "
            f"{summary.merged} merged into known events), {summary.already} already imported, "
            f"{summary.skipped} skipped",
            highlight=False,
            soft_wrap=True,
        )
        for error in summary.errors[:SHOWN_ERRORS]:
            err.print(f"{path}:{error.line}: skipped: {error.problem}", highlight=False, markup=False, soft_wrap=True)
        if summary.skipped > SHOWN_ERRORS:
            err.print(f"… and {summary.skipped - SHOWN_ERRORS} more (--json lists them all)", highlight=False)
    if summary.skipped:
        raise typer.Exit(1 if not summary.loaded and not summary.already else PARTIAL)


def export_data(
    fmt: Annotated[str, typer.Option("--format", help="csv (ACLED columns), geojson or jsonl (PLOVER).")] = "csv",
    filter_json: Annotated[
        str | None, typer.Option("--filter", help='The GraphQL EventFilter as JSON, e.g. \'{"countries":["IQ"]}\'.')
    ] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of to stdout.")] = None,
) -> None:
    """Export events as ACLED-compatible CSV, a GeoJSON FeatureCollection or PLOVER JSON Lines.

    The export streams: memory stays flat whatever the number of events.
    """
    from api.export.filter_json import parse_filter
    from api.export.stream import FORMATS, export
    from api.settings import Settings
    from api.store.db import WRITES, make_engine

    if fmt not in FORMATS:
        raise _fail(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    try:
        # one pass in date order: the API's big SQLite page cache would only fill up (db.WRITES)
        chunks = export(make_engine(Settings().database_url, sqlite_memory=WRITES), fmt, parse_filter(filter_json))
    except (EventgraphError, ApiError) as exc:
        raise _fail(str(exc)) from None
    if output is None:
        for chunk in chunks:
            sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.flush()
        return
    partial = output.with_name(output.name + ".partial")
    try:
        with partial.open("wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        partial.replace(output)  # a reader never sees half a file
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise _fail(f"{output}: {exc.strerror or exc}") from None
    except BaseException:
        partial.unlink(missing_ok=True)  # nor finds one left behind
        raise
    err.print(f"wrote {output}", highlight=False)
