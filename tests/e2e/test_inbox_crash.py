"""Kill -9 `nhacviec run` while it works through 12 /ghichu replies, start it again: every reply
is recorded exactly once (issue 12, item 3). The bot is a real subprocess long polling the fake
Bot API; the fake holds every answer to sendMessage for a while, so when Telegram has been told
(by the getUpdates offset) to forget all 12, 8 are being handled and 4 wait their turn."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.store.models import StatusEvent
from tests.conftest import ROOT
from tests.e2e.conftest import TELEGRAM_TOKEN
from tests.service.helpers import add_contact, seed
from tests.conftest import TZ
from datetime import datetime

pytestmark = pytest.mark.store
NOW = datetime(2025, 6, 16, 9, 0, tzinfo=TZ)
USERS = [201 + n for n in range(12)]


def start_bot(db_url: str, server, log: Path) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=db_url, TELEGRAM_BOT_TOKEN=TELEGRAM_TOKEN,
               TELEGRAM_BASE_URL=server.base_url, NHACVIEC_TICK_SECONDS="3600")
    env.pop("ZALO_BOT_TOKEN", None)
    return subprocess.Popen([sys.executable, "-c", "from bot.cli import main; main()", "run"], cwd=ROOT, env=env,
                            stdout=log.open("ab"), stderr=subprocess.STDOUT)


def notes(engine) -> list[str]:
    with Session(engine) as s:
        return [e.note for e in s.exec(select(StatusEvent).where(StatusEvent.note.like("ghi chú số %")))]


def confirmed(server) -> int:
    return sum(1 for r in server.sent if r.chat_id in USERS and "Đã ghi nhận" in (r.plain_text or ""))


async def test_updates_acknowledged_before_a_crash_are_handled_after_restart(telegram_server, engine, db_url,
                                                                              tmp_path):
    seed(engine)
    for u in USERS:
        add_contact(engine, "telegram", str(u), "focal", "Sở Y tế", NOW)
    telegram_server.delay_next("sendMessage", 4.0, count=1000)  # delivered, answer held
    log = tmp_path / "bot.log"
    bot = start_bot(db_url, telegram_server, log)
    try:
        await telegram_server.wait_for_calls("getUpdates", 1, timeout=30)
        for n, u in enumerate(USERS):
            telegram_server.push_text(u, f"/ghichu DEMO-1 ghi chú số {n}")
        await telegram_server.wait_until(
            lambda: not telegram_server.updates
            and sum(1 for c in telegram_server.requests if c.method == "sendMessage"
                    and str(c.params.get("chat_id")) in map(str, USERS)) >= 1, timeout=30)
        bot.send_signal(signal.SIGKILL)
        bot.wait(10)
        before = len(notes(engine))
        assert before < len(USERS)  # some were acknowledged but not handled when it died
        telegram_server.clear_faults()
        bot = start_bot(db_url, telegram_server, log)
        # the replayed ones answer; a reply whose effects committed just before the kill may be lost
        await telegram_server.wait_until(lambda: len(notes(engine)) >= len(USERS)
                                         and confirmed(telegram_server) >= len(USERS) - before, timeout=30)
    finally:
        bot.send_signal(signal.SIGTERM)
        try:
            bot.wait(20)
        except subprocess.TimeoutExpired:
            bot.kill()
    got = notes(engine)
    assert sorted(got) == sorted(f"ghi chú số {n}" for n in range(12)), log.read_text()[-3000:]
