"""Kill -9 `nhacviec run` while it works through 12 /ghichu replies, start it again: every reply
is recorded exactly once (issue 12, item 3). The bot is a real subprocess long polling the fake
Bot API; the fake holds every answer to sendMessage for a while, so when Telegram has been told
(by the getUpdates offset) to forget all 12, 8 are being handled and 4 wait their turn.
The Zalo twin is tests/e2e/test_inbox_crash_zalo.py; the shared parts are in tests/e2e/crash.py."""
from __future__ import annotations

import pytest

from bot.domain import Platform
from tests.e2e.conftest import TELEGRAM_TOKEN
from tests.e2e.crash import (BURST, expected, focal_points, kill, notes, reply, start_bot, stop, tail,
                             unhandled)

pytestmark = pytest.mark.store
USERS = [201 + n for n in range(BURST)]


def confirmed(server) -> int:
    return sum(1 for r in server.sent if r.chat_id in USERS and "Đã ghi nhận" in (r.plain_text or ""))


async def test_updates_acknowledged_before_a_crash_are_handled_after_restart(telegram_server, engine, db_url,
                                                                              tmp_path):
    focal_points(engine, "telegram", [str(u) for u in USERS])
    telegram_server.delay_next("sendMessage", 4.0, count=1000)  # delivered, answer held
    log = tmp_path / "bot.log"
    env = dict(TELEGRAM_BOT_TOKEN=TELEGRAM_TOKEN, TELEGRAM_BASE_URL=telegram_server.base_url)
    bot = start_bot(db_url, log, **env)
    try:
        await telegram_server.wait_for_calls("getUpdates", 1, timeout=30)
        for n, u in enumerate(USERS):
            telegram_server.push_text(u, reply(n))
        await telegram_server.wait_until(
            lambda: not telegram_server.updates
            and sum(1 for c in telegram_server.requests if c.method == "sendMessage"
                    and str(c.params.get("chat_id")) in map(str, USERS)) >= 1, timeout=30)
        kill(bot)
        before = len(notes(engine))
        assert before < len(USERS)  # some were acknowledged but not handled when it died
        telegram_server.clear_faults()
        bot = start_bot(db_url, log, **env)
        # the replayed ones answer; a reply whose effects committed just before the kill may be lost
        await telegram_server.wait_until(lambda: len(notes(engine)) >= len(USERS)
                                         and confirmed(telegram_server) >= len(USERS) - before, timeout=30)
    finally:
        stop(bot)
    assert notes(engine) == expected(), tail(log)
    assert unhandled(engine, Platform.TELEGRAM) == []
