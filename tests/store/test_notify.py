from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import Engine, text

from api.store.history import NOTIFY_CHANNEL, Change, parse_payload
from api.store.notify import Broadcaster


def test_payloads_from_the_writer_and_the_editors_are_read_and_junk_is_ignored() -> None:
    assert parse_payload('[{"id": 1, "created": true}, {"id": 2, "created": false}]') == [
        Change(1, "created"),
        Change(2, "reported"),
    ]
    assert parse_payload('[{"id": 3, "kind": "merged_away"}]') == [Change(3, "merged_away")]
    for junk in ("", "not json", "{}", '[{"id": "1"}]', '[{"id": 4, "kind": "exploded"}]', "[1, 2]"):
        assert parse_payload(junk) == []


async def test_in_process_broadcast_reaches_every_subscriber_once(engine: Engine) -> None:
    broadcaster = Broadcaster(engine.url.render_as_string(hide_password=False))
    await broadcaster.start()
    try:
        async with broadcaster.subscribe() as first, broadcaster.subscribe() as second:
            assert broadcaster.subscriber_count == 2
            changes = [Change(7, "created"), Change(8, "corrected")]
            if broadcaster.distributed:
                # PostgreSQL: what a writer in any process NOTIFYs at commit reaches us.
                with engine.begin() as connection:
                    payload = '[{"id": 7, "kind": "created"}, {"id": 8, "kind": "corrected"}]'
                    connection.execute(text("SELECT pg_notify(:c, :p)"), {"c": NOTIFY_CHANNEL, "p": payload})
                broadcaster.committed(changes)  # must not deliver a second copy
            else:
                broadcaster.committed(changes)
            for subscriber in (first, second):
                got = [await asyncio.wait_for(subscriber.queue.get(), 5) for _ in changes]
                assert got == changes
            await asyncio.sleep(0.2)
            assert first.queue.empty() and second.queue.empty()
        assert broadcaster.subscriber_count == 0
    finally:
        await broadcaster.stop()


async def test_a_rolled_back_write_notifies_nobody(engine: Engine) -> None:
    broadcaster = Broadcaster(engine.url.render_as_string(hide_password=False))
    if not broadcaster.distributed:
        pytest.skip("SQLite publishes only after commit, from the writer itself")
    await broadcaster.start()
    try:
        async with broadcaster.subscribe() as subscriber:
            with engine.connect() as connection:
                transaction = connection.begin()
                connection.execute(
                    text("SELECT pg_notify(:c, :p)"), {"c": NOTIFY_CHANNEL, "p": '[{"id": 1, "kind": "created"}]'}
                )
                transaction.rollback()
            await asyncio.sleep(0.5)
            assert subscriber.queue.empty()
    finally:
        await broadcaster.stop()
