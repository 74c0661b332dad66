"""The plugin manager: finds plugins, calls their hooks, and names the plugin when one fails."""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from typing import Any

import pluggy

from api import hookspecs
from api.errors import PluginError

log = logging.getLogger("eventgraph.plugins")

ENTRY_POINT_GROUP = "eventgraph"
# Plugins that are part of the core and always loaded; they use the same hooks as everyone.
CORE_PLUGINS = {"core": "api.extract.core_plugin"}
DEFAULT_HOOK_SECONDS = 10.0


@dataclass(frozen=True)
class PluginInfo:
    name: str
    version: str
    hooks: tuple[str, ...]
    sources: tuple[str, ...]
    module: str


class PluginHost:
    """A pluggy manager plus calls that tell which plugin failed and on which document."""

    def __init__(self, only: set[str] | None = None, trace: bool = False) -> None:
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.trace = trace
        self.versions: dict[str, str] = {}
        self.only = only
        self.hook_seconds = DEFAULT_HOOK_SECONDS

    # -- loading ---------------------------------------------------------------------------
    def load_core(self) -> None:
        import importlib

        for name, module in CORE_PLUGINS.items():
            if self.pm.get_plugin(name) is None:
                self.register(importlib.import_module(module), name, _api_version())

    def load_entry_points(self) -> None:
        for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
            if self.only is not None and ep.name not in self.only:
                continue
            if self.pm.get_plugin(ep.name) is not None:
                continue
            version = ep.dist.version if ep.dist is not None else "0"
            self.register(ep.load(), ep.name, version)

    def register(self, plugin: object, name: str, version: str = "0") -> None:
        self.pm.register(plugin, name=name)
        self.versions[name] = version

    def plugin_infos(self) -> list[PluginInfo]:
        infos = []
        sources = self._sources_by_plugin()
        for name, plugin in sorted(self.pm.list_name_plugin(), key=lambda pair: pair[0]):
            hooks = tuple(sorted(h.name for h in self.pm.get_hookcallers(plugin) or []))
            module = getattr(plugin, "__name__", type(plugin).__name__)
            infos.append(PluginInfo(name, self.versions.get(name, "0"), hooks, sources.get(name, ()), module))
        return infos

    def _sources_by_plugin(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for impl in self.pm.hook.eventgraph_register_sources.get_hookimpls():
            try:
                infos: Any = impl.function()
                out[impl.plugin_name] = tuple(s.key for s in infos or [])
            except Exception:  # reported when sources are registered; listing must not fail
                out[impl.plugin_name] = ()
        return out

    # -- calling ---------------------------------------------------------------------------
    def impls(self, hook_name: str) -> list[pluggy.HookImpl]:
        """Implementations in pluggy's call order (last registered and tryfirst first)."""
        return list(reversed(getattr(self.pm.hook, hook_name).get_hookimpls()))

    def call_one(self, impl: pluggy.HookImpl, hook_name: str, document: str, /, **kwargs: Any) -> Any:
        """Call one implementation, turning any exception or overrun into a PluginError.

        ``document`` (the name errors show) is positional-only because hooks take an
        argument called ``document`` too.
        """
        args = {name: kwargs[name] for name in impl.argnames}
        try:
            with time_limit(self.hook_seconds):
                result = impl.function(**args)
        except PluginError:
            raise
        except HookTimeout:
            raise PluginError(
                impl.plugin_name, hook_name, document, f"took longer than {self.hook_seconds:g}s"
            ) from None
        except Exception as exc:
            if _is_document_error(exc):
                raise
            raise PluginError(impl.plugin_name, hook_name, document, f"{type(exc).__name__}: {exc}") from exc
        if self.trace:
            log.info("hook %s plugin=%s args=%r result=%r", hook_name, impl.plugin_name, kwargs, result)
        return result

    def first(self, hook_name: str, document: str, /, **kwargs: Any) -> tuple[str, Any] | None:
        """Like a firstresult hook: the first non-None answer and the plugin that gave it."""
        for impl in self.impls(hook_name):
            result = self.call_one(impl, hook_name, document, **kwargs)
            if result is not None:
                return impl.plugin_name, result
        return None

    def collect(self, hook_name: str, document: str = "", /, **kwargs: Any) -> Iterator[tuple[str, Any]]:
        """Every implementation's non-None answer, with the plugin's name."""
        for impl in self.impls(hook_name):
            result = self.call_one(impl, hook_name, document, **kwargs)
            if result is not None:
                yield impl.plugin_name, result

    def chain(self, hook_name: str, document: str, value: Any, key: str, check: Callable[[Any], bool]) -> Any:
        """Pass ``value`` through every implementation in turn; None means "unchanged"."""
        for impl in self.impls(hook_name):
            result = self.call_one(impl, hook_name, document, **{key: value})
            if result is None:
                continue
            if not check(result):
                raise PluginError(impl.plugin_name, hook_name, document, f"returned {type(result).__name__}")
            value = result
        return value


def _is_document_error(exc: Exception) -> bool:
    from api.errors import DocumentError

    return isinstance(exc, DocumentError)


def _api_version() -> str:
    from api import __version__

    return __version__


class HookTimeout(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Stop a hook that runs away on a hostile page (main thread only: SIGALRM)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or os.name != "posix":
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise HookTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def build_host(only: str | None = None, trace: bool | None = None) -> PluginHost:
    """The plugin host as configured by EVENTGRAPH_PLUGINS and EVENTGRAPH_TRACE_PLUGINS."""
    only = only if only is not None else os.environ.get("EVENTGRAPH_PLUGINS")
    names = {n.strip() for n in only.split(",") if n.strip()} if only else None
    if trace is None:
        trace = os.environ.get("EVENTGRAPH_TRACE_PLUGINS", "") not in ("", "0", "false")
    host = PluginHost(only=names, trace=trace)
    host.load_core()
    host.load_entry_points()
    return host
