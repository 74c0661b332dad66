"""Find the importer for a file: by the format the user named, or by sniffing its first bytes."""

from __future__ import annotations

from pathlib import Path

from api.datasets.importer import Importer, read_head
from api.errors import DocumentError, PluginError
from api.plugins import PluginHost

HOOK = "eventgraph_register_importers"


def importers(host: PluginHost) -> dict[str, Importer]:
    """Every registered importer by name; the first plugin to claim a name keeps it."""
    found: dict[str, Importer] = {}
    for plugin, answer in host.collect(HOOK, "-"):
        for importer in answer:
            if not isinstance(importer, Importer) or not importer.name:
                raise PluginError(plugin, HOOK, "-", f"returned {importer!r}, not a named Importer")
            found.setdefault(importer.name, importer)
    return found


def choose(host: PluginHost, path: Path, fmt: str = "auto") -> Importer:
    known = importers(host)
    if fmt != "auto":
        if fmt not in known:
            raise DocumentError(str(path), f"unknown format {fmt!r} (known: {', '.join(sorted(known)) or 'none'})")
        return known[fmt]
    head = read_head(path)
    if not head.strip():
        raise DocumentError(str(path), "the file is empty")
    for name in sorted(known):
        try:
            if known[name].sniff(path, head):
                return known[name]
        except Exception as exc:  # a broken sniffer must name its plugin, not look like a bad file
            raise PluginError(name, "sniff", str(path), f"{type(exc).__name__}: {exc}") from exc
    raise DocumentError(
        str(path), f"not a format any importer recognises ({', '.join(sorted(known))}); pass --format NAME"
    )
