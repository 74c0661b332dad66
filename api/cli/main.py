"""The `eventgraph` command: serve, ingest, extract, seed, plugins, db, export-schema, new-plugin."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from api.cli.keys import keys_app
from api.errors import EventgraphError

if TYPE_CHECKING:
    from sqlalchemy import Engine

app = typer.Typer(help="eventgraph: conflict events from news reporting, over GraphQL.", no_args_is_help=True)
db_app = typer.Typer(help="Database commands.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(keys_app, name="keys")
err = Console(stderr=True)
out = Console()

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False, markup=True)
    return typer.Exit(code)


def ingest_engine(url: str) -> Engine:
    """The engine of a process that only writes: SQLite's caches sized for ingest (api/store/db.py)."""
    from api.store.db import WRITES, make_engine

    return make_engine(url, sqlite_memory=WRITES)


def _ingestor() -> object:
    from api.ingest.pipeline import Pipeline
    from api.ingest.service import Ingestor
    from api.settings import Settings
    from api.store.writer import Store

    return Ingestor(Pipeline(), Store(ingest_engine(Settings().database_url)))


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
) -> None:
    """Serve the API and GraphiQL (http://127.0.0.1:8000/graphql)."""
    import uvicorn

    from api.guard.server import server_options
    from api.settings import Settings

    settings = Settings()
    out.print(f"eventgraph on http://{host or settings.host}:{port or settings.port}/graphql ({settings.database_url})")
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        log_level="info",
        **server_options(),  # slow-loris, connection and websocket-frame limits
    )


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt, .html, .json envelopes).")],
    source: Annotated[str | None, typer.Option(help="Source key, when the plugins cannot tell.")] = None,
    url: Annotated[str | None, typer.Option(help="The article's URL (single file only).")] = None,
    published: Annotated[str | None, typer.Option(help="Publication time, ISO 8601 (single file only).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    batch: Annotated[
        int | None,
        typer.Option(min=1, max=10_000, help="Documents stored a transaction (1: each on its own). [default: 100]"),
    ] = None,
) -> None:
    """Parse, extract and store documents; print what happened to each."""
    from api.ingest.files import iter_paths
    from api.ingest.service import Ingestor, read_all

    try:
        files = list(iter_paths(paths))
    except EventgraphError as exc:
        raise fail(str(exc)) from None
    if (url or published) and len(files) != 1:
        raise fail("--url and --published apply to one file; use JSON envelopes for many")
    ingestor = _ingestor()
    assert isinstance(ingestor, Ingestor)
    if batch is not None:
        ingestor.batch_documents = batch
    hints = {"source": source, "url": url, "published": published}
    with Progress(console=err, transient=True, disable=as_json) as progress:
        task = progress.add_task("ingesting", total=len(files))
        summary = ingestor.ingest_documents(read_all(files, **hints), on_done=lambda _: progress.advance(task))
    if as_json:
        print(json.dumps(summary.to_json(), indent=2))
    else:
        out.print(
            f"documents read: {summary.documents}  articles stored: {summary.stored}  "
            f"unchanged: {summary.unchanged}  events created: {summary.events_created}  "
            f"merged: {summary.events_merged}  failures: {len(summary.failures)}"
        )
        for failure in summary.failures:
            err.print(f"[red]failed:[/red] {failure.reason}", highlight=False)
    if summary.failures:
        raise typer.Exit(1)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="One document.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (the stable contract).")] = False,
    source: Annotated[str | None, typer.Option(help="Source key; detected when absent.")] = None,
    url: Annotated[str | None, typer.Option(help="The article's URL.")] = None,
    published: Annotated[str | None, typer.Option(help="Publication time, ISO 8601.")] = None,
) -> None:
    """Run every step but the store on one document and print the article and its events."""
    from api.ingest.files import read_document
    from api.ingest.pipeline import Pipeline

    try:
        extraction = Pipeline().run(read_document(file, url=url, source=source, published=published))
    except EventgraphError as exc:
        raise fail(str(exc)) from None
    data = extraction.to_json()
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    out.print(f"[bold]{data['article']['headline']}[/bold] ({data['source']}, {data['article']['published_at']})")
    table = Table("date", "type", "sub-type", "place", "actors", "killed")
    for event in data["events"]:
        actors = ", ".join(f"{a['name']} ({a['role']})" for a in event["actors"])
        place = (event["location"] or {}).get("name", "")
        table.add_row(event["date"], event["event_type"], event["sub_event_type"], place, actors,
                      str(event["fatalities"]["best"]))  # fmt: skip
    out.print(table)


@app.command()
def plugins(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List the loaded plugins with their version, sources and hooks."""
    from api.plugins import build_host

    try:
        infos = build_host().plugin_infos()
    except EventgraphError as exc:
        raise fail(str(exc)) from None
    if as_json:
        print(json.dumps([{"name": p.name, "version": p.version, "sources": list(p.sources),
                           "hooks": list(p.hooks), "module": p.module} for p in infos], indent=2))  # fmt: skip
        return
    table = Table("plugin", "version", "sources", "hooks")
    for p in infos:
        table.add_row(p.name, p.version, ", ".join(p.sources), "\n".join(p.hooks))
    out.print(table)


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Apply the migrations to EVENTGRAPH_DATABASE_URL (default: ./eventgraph.db)."""
    from api.settings import Settings
    from api.store.db import make_engine
    from api.store.migrate import upgrade

    settings = Settings()
    try:
        upgrade(make_engine(settings.database_url), revision)
    except Exception as exc:  # any driver error: say which database and why
        raise fail(f"{settings.database_url}: cannot migrate: {exc}") from None
    out.print(f"database at {revision}: {settings.database_url}")


@app.command()
def seed(
    if_empty: Annotated[bool, typer.Option("--if-empty", help="Do nothing when articles exist.")] = False,
) -> None:
    """Load seeds/: sources, the actor dictionary and the sample articles, through the ingest path."""
    from api.ingest.seed import is_empty
    from api.ingest.seed import seed as run_seed
    from api.ingest.service import Ingestor

    ingestor = _ingestor()
    assert isinstance(ingestor, Ingestor)
    if if_empty and not is_empty(ingestor):
        out.print("database already has articles: not seeding")
        return
    summary = run_seed(ingestor)
    out.print(f"seeded: {summary.stored} articles, {summary.events_created} events, {summary.events_merged} merged")
    for failure in summary.failures:
        err.print(f"[red]failed:[/red] {failure.reason}", highlight=False)
    if summary.failures:
        raise typer.Exit(1)


@app.command("export-schema")
def export_schema(
    output: Annotated[Path, typer.Option(help="Where to write the SDL.")] = SCHEMA_FILE,
) -> None:
    """Write the served schema's SDL (schema.graphql)."""
    from api.graphql.schema import build_schema

    output.write_text(build_schema().as_str() + "\n")
    out.print(f"wrote {output}")


@app.command("new-plugin")
def new_plugin(
    name: Annotated[str, typer.Argument(help="The outlet's key, e.g. rudaw.")],
    directory: Annotated[Path, typer.Option(help="Where to create the package.")] = Path("."),
) -> None:
    """Write a ready-to-install plugin package for a new outlet, with its tests."""
    from api.cli.new_plugin import new_plugin as write_plugin

    try:
        path = write_plugin(name, directory)
    except (EventgraphError, FileExistsError, ValueError) as exc:
        raise fail(str(exc)) from None
    out.print(f"created {path}")


from api.cli import transfer  # noqa: E402  (commands defined in their own module)

app.command("import")(transfer.import_data)
app.command("export")(transfer.export_data)


def main() -> None:
    app()
