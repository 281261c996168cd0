"""`nhacviec run` as a real process that a test kills with SIGKILL, and the burst of /ghichu
replies the crash tests send it (tests/e2e/test_inbox_crash.py for Telegram,
tests/e2e/test_inbox_crash_zalo.py for Zalo).

Why a process: only a kill -9 of the whole interpreter shows what an update acknowledged to the
platform but not yet stored (or stored but not yet handled) becomes; no in-process stop can
leave the bot that way. Each reply is a note on DEMO-1, so "recorded exactly once" is the list
of notes in the database.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, select

from bot.store import inbox
from bot.store.models import StatusEvent
from tests.conftest import ROOT, TZ
from tests.service.helpers import add_contact, seed

NOW = datetime(2025, 6, 16, 9, 0, tzinfo=TZ)
BURST = 12  # replies; more than the 8 updates each channel handles at once
TOKENS = ("TELEGRAM_BOT_TOKEN", "ZALO_BOT_TOKEN")


def focal_points(engine, platform: str, users: list[str]) -> None:
    """The plan DEMO and one registered focal point of Sở Y tế (lead of DEMO-1) per user."""
    seed(engine)
    for u in users:
        add_contact(engine, platform, u, "focal", "Sở Y tế", NOW)


def reply(n: int) -> str:
    return f"/ghichu DEMO-1 ghi chú số {n}"


def expected() -> list[str]:
    return sorted(f"ghi chú số {n}" for n in range(BURST))


def notes(engine) -> list[str]:
    """The notes recorded from the burst, as many times as each was recorded."""
    with Session(engine) as s:
        return sorted(e.note for e in s.exec(select(StatusEvent).where(StatusEvent.note.like("ghi chú số %"))))


def unhandled(engine, platform: str) -> list[str]:
    """Update ids the inbox holds and never marked handled."""
    return [u for u, _ in inbox.pending(engine, platform)]


def start_bot(db_url: str, log: Path, **env: str) -> subprocess.Popen:
    """`nhacviec run` with only the channel that `env` configures (no token is inherited from
    the environment) and no web page (its port is shared by every test run on the machine)."""
    full = {k: v for k, v in os.environ.items() if k not in TOKENS}
    full.update(DATABASE_URL=db_url, NHACVIEC_TICK_SECONDS="3600", NHACVIEC_WEB_LISTEN="", **env)
    return subprocess.Popen([sys.executable, "-c", "from bot.cli import main; main()", "run"], cwd=ROOT, env=full,
                            stdout=log.open("ab"), stderr=subprocess.STDOUT)


def kill(bot: subprocess.Popen) -> None:
    """kill -9: nothing in the bot runs after this, not even a `finally`."""
    bot.send_signal(signal.SIGKILL)
    bot.wait(10)


def stop(bot: subprocess.Popen) -> None:
    """The ordinary stop (SIGTERM), a kill if it does not come."""
    if bot.poll() is not None:
        return
    bot.send_signal(signal.SIGTERM)
    try:
        bot.wait(20)
    except subprocess.TimeoutExpired:
        bot.kill()
        bot.wait(10)


def tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:]
