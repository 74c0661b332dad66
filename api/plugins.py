"""The plugin manager: finds plugins, calls their hooks, and names the plugin when one fails."""

from __future__ import annotations

import ctypes
import itertools
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from typing import Any

import pluggy

from api import hookspecs
from api.errors import ConfigError, PluginError

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
        except Exception as exc:
            if self.trace:
                log.info("hook %s plugin=%s document=%s args=%s raised=%s", hook_name, impl.plugin_name, document,
                         _shown(args), _shown(exc))  # fmt: skip
            if isinstance(exc, PluginError) or _is_document_error(exc):
                raise
            if isinstance(exc, HookTimeout):
                raise PluginError(
                    impl.plugin_name, hook_name, document, f"took longer than {self.hook_seconds:g}s"
                ) from None
            raise PluginError(impl.plugin_name, hook_name, document, f"{type(exc).__name__}: {exc}") from exc
        if self.trace:
            log.info("hook %s plugin=%s document=%s args=%s result=%s", hook_name, impl.plugin_name, document,
                     _shown(args), _shown(result))  # fmt: skip
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


TRACE_CHARS = 500


def _shown(value: Any) -> str:
    """A value as the trace shows it: a page's whole content would drown the log."""
    text = repr(value)
    return text if len(text) <= TRACE_CHARS else f"{text[:TRACE_CHARS]}… ({len(text)} characters)"


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
    """Stop a hook that runs away on a hostile page.

    In the main thread SIGALRM interrupts Python code and the regular-expression engine; in any
    other thread (the API runs ingests in worker threads) a watchdog thread raises HookTimeout
    in the hook's thread, which Python code notices between two bytecodes. Neither can stop C
    code that never returns to Python: the parsers' inputs are defused for that
    (``api/ingest/defuse.py``) and the built-in patterns are kept linear.
    """
    if seconds <= 0:
        yield
    elif threading.current_thread() is threading.main_thread() and os.name == "posix":
        with _alarm(seconds):
            yield
    else:
        token = _WATCHDOG.watch(seconds)
        try:
            yield
        finally:
            _WATCHDOG.release(token)


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def on_alarm(signum: int, frame: Any) -> None:
        raise HookTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _raise_in_thread(ident: int, exc: type[BaseException] | None) -> None:
    """Make thread ``ident`` raise ``exc`` at its next bytecode (None: forget a pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(exc) if exc else None)


class _Watchdog:
    """One daemon thread that raises HookTimeout in threads whose hook ran past its deadline."""

    def __init__(self) -> None:
        self._reset()
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=self._reset)  # the thread and its lock stay behind

    def _reset(self) -> None:
        self._cond = threading.Condition()
        self._deadlines: dict[int, tuple[float, int]] = {}  # token -> (deadline, thread id)
        self._fired: set[int] = set()
        self._tokens = itertools.count()
        self._thread: threading.Thread | None = None

    def watch(self, seconds: float) -> int:
        with self._cond:
            token = next(self._tokens)
            self._deadlines[token] = (time.monotonic() + seconds, threading.get_ident())
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="eventgraph-hook-watchdog", daemon=True)
                self._thread.start()
            self._cond.notify()
            return token

    def release(self, token: int) -> None:
        with self._cond:
            self._deadlines.pop(token, None)
            if token in self._fired:
                self._fired.discard(token)
                # Fired just as the hook returned: the exception may still be pending; drop it
                # so it cannot surface later in code that has nothing to do with the hook.
                _raise_in_thread(threading.get_ident(), None)

    def _run(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                for token, (deadline, ident) in list(self._deadlines.items()):
                    if deadline <= now:
                        del self._deadlines[token]
                        self._fired.add(token)
                        _raise_in_thread(ident, HookTimeout)
                nearest = min((deadline for deadline, _ in self._deadlines.values()), default=None)
                self._cond.wait(None if nearest is None else max(nearest - now, 0.001))


_WATCHDOG = _Watchdog()


def build_host(only: str | None = None, trace: bool | None = None) -> PluginHost:
    """The plugin host as configured by EVENTGRAPH_PLUGINS and EVENTGRAPH_TRACE_PLUGINS."""
    only = only if only is not None else os.environ.get("EVENTGRAPH_PLUGINS")
    names = {n.strip() for n in only.split(",") if n.strip()} if only else None
    if trace is None:
        trace = os.environ.get("EVENTGRAPH_TRACE_PLUGINS", "") not in ("", "0", "false")
    if trace:
        _show_trace()
    host = PluginHost(only=names, trace=trace)
    host.load_core()
    host.load_entry_points()
    missing = sorted((names or set()) - set(host.versions) - set(CORE_PLUGINS))
    if missing:
        installed = sorted(ep.name for ep in metadata.entry_points(group=ENTRY_POINT_GROUP))
        raise ConfigError(
            f"EVENTGRAPH_PLUGINS names {', '.join(map(repr, missing))}, which is not installed "
            f"(installed: {', '.join(installed) or 'none'})"
        )
    return host


def _show_trace() -> None:
    """Send the trace to stderr when nothing else (a server's or a test's logging) receives it."""
    log.setLevel(logging.INFO)
    if not log.hasHandlers():
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
        log.addHandler(handler)
