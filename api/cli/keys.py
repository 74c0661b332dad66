"""`eventgraph keys`: create, list and revoke the API keys that mutations need."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from sqlalchemy import Engine

keys_app = typer.Typer(help="API keys for the mutations (queries are public).", no_args_is_help=True)
err = Console(stderr=True)
out = Console()


def _engine() -> Engine:
    from api.settings import Settings
    from api.store.db import make_engine

    return make_engine(Settings().database_url)


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(1)


@keys_app.command("create")
def create(name: Annotated[str, typer.Argument(help="Who or what uses the key, e.g. newsroom-dashboard.")]) -> None:
    """Create a key and print its token, once: only a hash is stored."""
    from api.store.keys import ApiKeyError, create_key

    try:
        _, token = create_key(_engine(), name)
    except ApiKeyError as exc:
        raise _fail(str(exc)) from None
    # The token alone on stdout, so `TOKEN=$(eventgraph keys create NAME)` works.
    print(token)
    err.print(f"created key {name!r}; send it as `Authorization: Bearer <token>`. It is not shown again.")


@keys_app.command("list")
def list_(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List the keys: name, prefix, created, revoked. Tokens cannot be shown."""
    from api.store.keys import list_keys

    keys = list_keys(_engine())
    if as_json:
        print(json.dumps([{"name": k.name, "prefix": k.prefix, "created_at": k.created_at.isoformat(),
                           "revoked_at": k.revoked_at.isoformat() if k.revoked_at else None} for k in keys], indent=2))  # fmt: skip
        return
    table = Table("name", "prefix", "created", "revoked")
    for k in keys:
        table.add_row(k.name, f"eg_{k.prefix}_…", f"{k.created_at:%Y-%m-%d %H:%M}",
                      f"{k.revoked_at:%Y-%m-%d %H:%M}" if k.revoked_at else "")  # fmt: skip
    out.print(table)


@keys_app.command("revoke")
def revoke(name: Annotated[str, typer.Argument(help="The key's name.")]) -> None:
    """Revoke a key: requests with it are refused from now on."""
    from api.store.keys import ApiKeyError, revoke_key

    try:
        key = revoke_key(_engine(), name)
    except ApiKeyError as exc:
        raise _fail(str(exc)) from None
    out.print(f"key {key.name!r} revoked at {key.revoked_at:%Y-%m-%d %H:%M:%S} UTC")
