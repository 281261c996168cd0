"""The Zalo adapter and the inbox, in process over FakeZalo with the real StoredInbox: a long
poll hands an update over once (there is no offset to go back to), so when storing it fails the
adapter must keep trying to store that update, not poll past it nor stop polling.
(Crashes are tests/e2e/test_inbox_crash_zalo.py.)"""
from __future__ import annotations

import asyncio
import logging

from bot.app import build_conversation
from bot.channels.zalo import start_zalo
from bot.domain import Platform
from bot.service.inbox import StoredInbox
from bot.store import inbox
from tests.e2e.test_zalo_bot import fake, world, zalo_core  # noqa: F401 (fixtures)


class Heard(logging.Handler):
    """Sets `event` when a record containing `words` is logged (on the bot's event loop)."""

    def __init__(self, words: str) -> None:
        super().__init__(logging.WARNING)
        self.words, self.event = words, asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if self.words in record.getMessage():
            self.event.set()


async def heard(handler: Heard) -> None:
    try:
        await asyncio.wait_for(handler.event.wait(), 10)
    except TimeoutError:
        raise AssertionError(f"nothing logged {handler.words!r}: did the poll loop die?") from None


def rename(engine, old: str, new: str) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql(f"ALTER TABLE {old} RENAME TO {new}")


async def test_a_failed_store_is_retried_and_polling_goes_on(world, fake):
    failed = Heard("could not store")
    logging.getLogger("bot.channels").addHandler(failed)
    runtime = await start_zalo(zalo_core(world, fake), build_conversation(world).handle, poll_timeout=0.3,
                               backoff=(0.01, 0.05), inbox=StoredInbox(world.engine, world.clock))
    try:
        rename(world.engine, "inbox", "inbox_away")  # the database refuses to store
        fake.push_text("s1", "VIEC")
        await heard(failed)
        rename(world.engine, "inbox_away", "inbox")
        [answer] = await fake.wait_for(1, timeout=10)
        assert "chưa đăng ký" in answer.text  # a stranger: stored, then handled
        fake.push_text("s1", "VIEC nữa")
        await fake.wait_for(2, timeout=10)  # and polling went on
    finally:
        logging.getLogger("bot.channels").removeHandler(failed)
        await runtime.stop()
    assert inbox.pending(world.engine, Platform.ZALO) == []
