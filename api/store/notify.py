"""Fan-out of event changes to the subscriptions of this process.

On PostgreSQL every API process LISTENs on ``eventgraph_events``: whichever process (an API
worker, the CLI, another host) writes an event sends a NOTIFY inside its transaction, so each
subscriber hears of each committed change exactly once, wherever it was connected. On SQLite,
where there is one process, writers in this process publish directly after they commit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Iterable

from sqlalchemy.engine import make_url

from api.store.db import normalize_url
from api.store.history import NOTIFY_CHANNEL, Change, parse_payload

log = logging.getLogger("eventgraph.notify")
QUEUE_SIZE = 10_000
RETRY_SECONDS = (0.5, 1, 2, 5, 10)


class Subscriber:
    """One subscription's inbox, bound to the event loop that reads it."""

    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.queue: asyncio.Queue[Change] = asyncio.Queue(QUEUE_SIZE)
        self.dropped = 0

    def offer(self, change: Change) -> None:
        try:
            self.queue.put_nowait(change)
        except asyncio.QueueFull:
            # A client that does not read its socket must not hold the others up.
            self.dropped += 1
            if self.dropped == 1:
                log.warning("a subscriber is %d changes behind: dropping changes for it", QUEUE_SIZE)

    async def changes(self) -> AsyncIterator[Change]:
        while True:
            yield await self.queue.get()


class Broadcaster:
    def __init__(self, database_url: str) -> None:
        url = make_url(normalize_url(database_url))
        self.distributed = url.get_backend_name() == "postgresql"
        # psycopg takes a libpq URL: the same one without SQLAlchemy's "+psycopg".
        self._listen_url = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._subscribers: set[Subscriber] = set()
        self._lock = threading.Lock()
        self._task: asyncio.Task[None] | None = None
        self.listening = asyncio.Event() if self.distributed else None

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    @contextlib.asynccontextmanager
    async def subscribe(self) -> AsyncIterator[Subscriber]:
        subscriber = Subscriber()
        with self._lock:
            self._subscribers.add(subscriber)
        try:
            yield subscriber
        finally:
            with self._lock:
                self._subscribers.discard(subscriber)

    def publish(self, changes: Iterable[Change]) -> None:
        """Hand changes to every subscriber; safe to call from any thread."""
        changes = list(changes)
        with self._lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            for change in changes:
                with contextlib.suppress(RuntimeError):  # its loop has closed: it is going away
                    subscriber.loop.call_soon_threadsafe(subscriber.offer, change)

    def committed(self, changes: Iterable[Change]) -> None:
        """A writer in this process committed ``changes``; on PostgreSQL the NOTIFY brings them back."""
        if not self.distributed:
            self.publish(changes)

    # -- PostgreSQL ------------------------------------------------------------------------
    async def start(self, wait: float = 5.0) -> None:
        """Begin listening (PostgreSQL only); wait up to ``wait`` seconds for the first LISTEN."""
        if not self.distributed or self._task is not None:
            return
        assert self.listening is not None
        self._task = asyncio.create_task(self._listen(), name="eventgraph-listen")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.listening.wait(), wait)
        if not self.listening.is_set():
            log.warning("not yet listening for event changes; subscriptions wait until PostgreSQL answers")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _listen(self) -> None:
        import psycopg

        assert self.listening is not None
        failures = 0
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(self._listen_url, autocommit=True) as connection:
                    await connection.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    self.listening.set()
                    failures = 0
                    async for notification in connection.notifies():
                        self.publish(parse_payload(notification.payload))
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the server restarted or the network failed: listen again
                self.listening.clear()
                delay = RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)]
                failures += 1
                log.warning("lost the LISTEN connection (%s); retrying in %ss", type(exc).__name__, delay)
                await asyncio.sleep(delay)
