"""Exceptions that reach users: each says what went wrong and, where it can, how to fix it."""

from __future__ import annotations


class EventgraphError(Exception):
    """Base class: the message is shown to the user as it is, on one line."""

    code = "EVENTGRAPH_ERROR"


class DocumentError(EventgraphError):
    """A document could not be read or understood."""

    code = "BAD_DOCUMENT"

    def __init__(self, name: str, problem: str) -> None:
        self.name = name
        self.problem = problem
        super().__init__(f"{name}: {problem}")


class UnknownSource(DocumentError):
    code = "UNKNOWN_SOURCE"


class PluginError(EventgraphError):
    """A plugin raised or returned something it should not have."""

    code = "PLUGIN_ERROR"

    def __init__(self, plugin: str, hook: str, document: str, problem: str) -> None:
        self.plugin = plugin
        self.hook = hook
        self.document = document
        super().__init__(f"plugin {plugin!r} failed in {hook} on {document}: {problem}")


class ConfigError(EventgraphError):
    code = "CONFIG_ERROR"
