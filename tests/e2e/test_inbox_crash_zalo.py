"""Kill -9 `nhacviec run` while Zalo brings it 12 /ghichu replies, start it again: every reply
Zalo was told it may forget is recorded exactly once, in both ways the Zalo adapter receives.

The bot is a real subprocess talking to FakeZalo. Every answer to sendMessage is held for a
while, so the 8 updates handled at once stay busy and the rest wait for a slot. Half the burst
comes first, so that some replies are recorded before the kill (the replay must not record them
again); the other half just before it: the bot is killed the moment Zalo holds the last update
acknowledged, which
- in long polling is the bot's next getUpdates (Zalo has no offset: an update is forgotten once
  handed out, and a bot that asks for the next one says it has the last);
- with a webhook is the 200 answering the update's POST.
An update the adapter acknowledged before storing it (say, stored once a slot was free) dies with
the process: its reply is lost. After the replay Zalo delivers the whole burst again (it may
repeat updates, and the restarted bot remembers nothing in memory): the inbox must recognise
them. The shared parts are in tests/e2e/crash.py; the Telegram twin is test_inbox_crash.py."""
from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import pytest

from bot.domain import Platform
from tests.e2e.crash import (BURST, expected, focal_points, kill, notes, reply, start_bot, stop, tail,
                             unhandled)
from tests.e2e.test_zalo_bot import TOKEN, free_port
from tests.fakes.zalo_server import FakeZalo

pytestmark = pytest.mark.store
USERS = [f"z{201 + n}" for n in range(BURST)]
RECORDED = "Đã ghi nhận"


class Polling:
    """`nhacviec run` long polling FakeZalo: an update is acknowledged by the next getUpdates."""

    def __init__(self, fake: FakeZalo, db_url: str, log: Path) -> None:
        self.fake, self.db_url, self.log = fake, db_url, log

    def env(self) -> dict[str, str]:
        return dict(ZALO_BOT_TOKEN=TOKEN, ZALO_BASE_URL=self.fake.base_url, ZALO_SEND_RATE="1000")

    async def start(self) -> subprocess.Popen:
        return start_bot(self.db_url, self.log, **self.env())

    async def deliver(self, updates: list[dict]) -> None:
        """Zalo has them; returns once the bot acknowledged every one."""
        goal = len(self.fake.acked) + len(updates)
        for u in updates:
            self.fake.push_raw(u)
        await self.fake.wait_until(lambda: len(self.fake.acked) >= goal, timeout=30)


class Webhook(Polling):
    """`nhacviec run` with ZALO_WEBHOOK_URL: an update is acknowledged by the 200 to its POST."""

    def __init__(self, fake: FakeZalo, db_url: str, log: Path) -> None:
        super().__init__(fake, db_url, log)
        self.port = free_port()

    def env(self) -> dict[str, str]:
        return dict(super().env(), ZALO_WEBHOOK_URL=f"http://127.0.0.1:{self.port}/zalo/webhook",
                    ZALO_WEBHOOK_PORT=str(self.port), ZALO_WEBHOOK_SECRET="hook-secret-789",
                    WEBHOOK_LISTEN="127.0.0.1")

    async def start(self) -> subprocess.Popen:
        registered = self.fake.called("setWebhook")
        bot = await super().start()
        await self.fake.wait_until(lambda: self.fake.called("setWebhook") > registered, timeout=30)
        return bot

    async def deliver(self, updates: list[dict]) -> None:
        """POSTed all at once, as Zalo pushes a burst; each must be acknowledged."""
        statuses = await asyncio.gather(*(self.fake.deliver(u) for u in updates))
        assert statuses == [200] * len(updates), tail(self.log)


@pytest.fixture
async def fake():
    async with FakeZalo(TOKEN) as server:
        yield server


def sending(fake: FakeZalo) -> bool:
    """A reply of the burst has reached sendMessage (its update was handled, the answer is held)."""
    return any(m == "sendMessage" and b.get("chat_id") in USERS for m, b in fake.calls)


def recorded(fake: FakeZalo, since: int) -> int:
    return sum(1 for s in fake.sent[since:] if RECORDED in (s.text or ""))


def answered(fake: FakeZalo, since: int) -> set[str]:
    """Users who got an answer other than a recorded reply."""
    return {s.chat_id for s in fake.sent[since:] if RECORDED not in (s.text or "")}


@pytest.mark.parametrize("mode", [Polling, Webhook], ids=["polling", "webhook"])
async def test_updates_acknowledged_before_a_crash_are_recorded_once(mode, fake, engine, db_url, tmp_path):
    focal_points(engine, "zalo", USERS)
    zalo = mode(fake, db_url, tmp_path / "bot.log")
    updates = [fake.make_update("text", u, text=reply(n)) for n, u in enumerate(USERS)]
    fake.delay_next("sendMessage", 4.0, count=1000)  # the conversation is done, its answer held
    bot = await zalo.start()
    try:
        await zalo.deliver(updates[:BURST // 2])
        await fake.wait_until(lambda: sending(fake), timeout=30)
        await zalo.deliver(updates[BURST // 2:])
        kill(bot)
        stored = len(unhandled(engine, Platform.ZALO))
        assert len(notes(engine)) < BURST, tail(zalo.log)  # some were acknowledged but not handled
        fake.clear_faults()
        since = len(fake.sent)
        bot = await zalo.start()
        # the stored ones are handled first and answered; a reply whose effects committed just
        # before the kill may be lost
        await fake.wait_until(lambda: recorded(fake, since) >= stored and not unhandled(engine, Platform.ZALO),
                              timeout=30)
        assert notes(engine) == expected(), tail(zalo.log)  # none lost, none twice

        since = len(fake.sent)
        await zalo.deliver(updates)  # Zalo repeats them: recognised, not handled again
        # then /viec from each user: its answer comes after that user's repeat was dealt with
        await zalo.deliver([fake.make_update("text", u, text="/viec") for u in USERS])
        await fake.wait_until(lambda: answered(fake, since) >= set(USERS), timeout=30)
    finally:
        stop(bot)
    assert notes(engine) == expected(), tail(zalo.log)
    assert recorded(fake, since) == 0 and unhandled(engine, Platform.ZALO) == []
