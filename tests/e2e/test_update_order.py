"""Updates handled concurrently, each chat's in order: the real python-telegram-bot Application
against the local Bot API server, and the Zalo runtime. No timing is asserted: the handler
sleeps a random few milliseconds so that, without per-chat order, replies would overtake."""
from __future__ import annotations

import asyncio
import random
import threading
import time
from datetime import datetime, timezone

from bot.channels.telegram import build_application, start_application, stop_application
from bot.channels.zalo import ZaloRuntime
from bot.channels.zalo_api import ZaloInbound
from bot.service.ports import Entry, Reply
from tests.e2e.conftest import TELEGRAM_TOKEN


class Echo:
    """A synchronous conversation stand-in (run in a worker thread, like the real one): sleeps
    0–15 ms, answers the text, and records how many calls were running at once."""

    def __init__(self) -> None:
        self.rng = random.Random(17)
        self.lock = threading.Lock()
        self.running = self.peak = 0

    def __call__(self, inbound) -> list[Reply]:
        with self.lock:
            self.running += 1
            self.peak = max(self.peak, self.running)
            pause = self.rng.random() * 0.015
        time.sleep(pause)
        with self.lock:
            self.running -= 1
        return [Reply(entries=[Entry(inbound.text or "")])]


async def test_telegram_keeps_each_chats_order_with_updates_in_flight(telegram_server):
    echo = Echo()
    app = build_application(TELEGRAM_TOKEN, telegram_server.base_url, echo, base_file_url=telegram_server.base_file_url,
                            rate_limit=False, in_flight=4)
    chats = [201, 202, 203, 204, 205]
    await start_application(app, poll_timeout=1)
    try:
        for i in range(50):
            chat = chats[i % 5] if i % 7 else chats[0]  # chat 201 gets more than its share
            telegram_server.push_text(chat, f"tin {i}")
        await telegram_server.wait_for(50, timeout=30)
    finally:
        await stop_application(app)
    assert app.update_processor.max_concurrent_updates >= 4
    for chat in chats:
        got = [int(r.plain_text.split()[1]) for r in telegram_server.outbox(chat)]
        assert got == sorted(got) and got, (chat, got)
    assert sum(len(telegram_server.outbox(c)) for c in chats) == 50
    assert 1 < echo.peak <= 4  # concurrent, and bounded


async def test_zalo_runtime_bounds_updates_and_keeps_each_users_order():
    echo = Echo()
    runtime = ZaloRuntime(api=None, channel=None, handle=echo, in_flight=3)
    done: list[tuple[str, str]] = []

    async def process(z: ZaloInbound) -> None:  # the runtime's handling, minus the HTTP
        replies = await asyncio.to_thread(echo, type("In", (), {"text": z.text})())
        done.append((z.user_id, replies[0].entries[0].text))

    runtime.process = process
    now = datetime.now(timezone.utc)
    tasks = [runtime.submit(ZaloInbound("text", f"u{i % 6}", f"u{i % 6}", "", f"tin {i}", str(i), now, False))
             for i in range(60)]
    await asyncio.gather(*tasks)
    for u in {u for u, _ in done}:
        got = [int(t.split()[1]) for who, t in done if who == u]
        assert got == sorted(got), (u, got)
    assert len(done) == 60 and 1 < echo.peak <= 3
