"""`make run` without tokens: the real conversation in a console chat, on the real plans."""
from __future__ import annotations

import asyncio
import io
import queue
import re
from datetime import datetime

import pytest
from sqlmodel import Session

from bot.app import Core, ensure_seeded
from bot.channels.console import ConsoleChannel
from bot.config import Settings
from bot.runner import serve
from bot.service.conversation.lookups import is_overdue
from bot.service.reminders.dispatch import tick
from bot.store import tasks
from tests.conftest import TZ

pytestmark = pytest.mark.store


async def test_console_chat_on_the_seeded_plans(core):
    seeded = ensure_seeded(core)
    assert seeded is not None and seeded.ok, [str(i) for i in seeded.issues if i.level == "error"]
    assert ensure_seeded(core) is None  # only on first start
    stdin = io.StringIO("/huongdan\n/la Sở Y tế\n/viec\n/la khong co co quan nay\n")
    out = io.StringIO()
    await serve(core, stdin=stdin, stdout=out)
    text = out.getvalue()
    assert "Bạn đang là thư ký (Sở KH&CN)" in text
    assert "Lệnh cho lãnh đạo và thư ký" in text
    assert "Bạn đang là đầu mối của Sở Y tế" in text
    assert "Việc chưa hoàn thành" in text and "TB25-" in text and "quá hạn" in text
    assert "(không đổi)" in text


class Typist:
    """stdin typed by the test one line at a time (`readline` blocks until a line is given)."""

    def __init__(self) -> None:
        self.lines: queue.Queue[str] = queue.Queue()

    def type(self, line: str) -> None:
        self.lines.put(line + "\n")

    def close(self) -> None:
        self.lines.put("")

    def readline(self) -> str:
        return self.lines.get()


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


async def shown(out: io.StringIO, text: str, count: int = 1, timeout: float = 20.0) -> str:
    """Wait until `text` was printed `count` times; the whole output."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while out.getvalue().count(text) < count:
        assert loop.time() < end, f"never shown: {text!r}\n{out.getvalue()[-3000:]}"
        await asyncio.sleep(0.02)
    return out.getvalue()


def overdue_pairs(core, today) -> set[tuple[str, str]]:
    with Session(core.engine) as s:
        return {(ag.name, t.code) for t, a, ag in tasks.open_rows(s, None) if is_overdue(t, today)}


TB25_4 = re.compile(r"\bTB25-4\b")


async def test_the_whole_loop_in_the_console(engine, db_url):
    """`make run` without tokens: the scheduler runs with the console as the channel. Played as
    Sở Y tế, the reminder shows (here through /nhacngay, or the scheduler's first pass, whichever
    comes first: claims make it once); "xong" stops it; /quahan pages to the end."""
    clock = Clock(datetime(2025, 6, 16, 9, 0, tzinfo=TZ))  # a Monday, office hours
    settings = Settings(_env_file=None, database_url=db_url, telegram_bot_token=None, zalo_bot_token=None,
                        web_listen="")  # tests that serve the web page choose a free port
    core = Core(settings=settings, engine=engine, clock=clock)
    assert ensure_seeded(core).ok
    stdin, out = Typist(), io.StringIO()
    chat = asyncio.create_task(serve(core, stdin=stdin, stdout=out))
    try:
        text = await shown(out, "/nhacngay để chạy ngay")  # the banner says it exists
        where = "test.sqlite3 (SQLite)" if engine.dialect.name == "sqlite" else "postgresql+psycopg://"
        assert "Nhắc việc đang chạy" in text and where in text and "trò chuyện trên máy" in text
        stdin.type("/la Sở Y tế")
        await shown(out, "Bạn đang là đầu mối của Sở Y tế")
        stdin.type("/nhacngay")
        text = await shown(out, "Lượt nhắc lúc 16/06/2025 09:00")
        assert text.count("Cập nhật tiến độ tháng 06/2025 — Sở Y tế") == 1 and TB25_4.search(text)

        later = datetime(2025, 6, 19, 9, 0, tzinfo=TZ)  # 3 working days on: TB25-4 is owed again ...
        preview = await tick(core, {"console": ConsoleChannel(io.StringIO())}, later, dry_run=True)
        assert any("TB25-4" in r["codes"] for r in preview.would_send)
        stdin.type("xong TB25-4 đã đăng ký sáng kiến")
        await shown(out, "Đã ghi nhận TB25-4: hoàn thành")
        mark = len(out.getvalue())
        clock.at = later  # ... unless done
        stdin.type("/nhacngay")
        text = (await shown(out, "Lượt nhắc lúc 19/06/2025 09:00"))[mark:]
        assert "Nhắc việc — Sở Y tế" in text and "TB25-16" in text and not TB25_4.search(text)

        clock.at = datetime(2025, 6, 19, 20, 0, tzinfo=TZ)
        stdin.type("/nhacngay")
        await shown(out, "Bây giờ (19/06/2025 20:00) là ngoài giờ hành chính")

        stdin.type("/la lanhdao")
        await shown(out, "Bạn đang là lãnh đạo Tiểu Ban")
        clock.at = datetime(2025, 10, 15, 9, 0, tzinfo=TZ)  # more is overdue by autumn
        mark = len(out.getvalue())
        stdin.type("/quahan")
        pages, end = 1, asyncio.get_running_loop().time() + 20
        while True:
            text = out.getvalue()[mark:]
            if text.count("mục nữa: gõ /tiep") + text.count("Hết danh sách") < pages:
                assert asyncio.get_running_loop().time() < end, text[-2000:]
                await asyncio.sleep(0.02)
                continue
            if "Hết danh sách" in text:
                break
            assert pages < 30
            stdin.type("tiep" if pages % 2 else "/tiep")
            pages += 1
        pairs, agency = [], None
        for line in out.getvalue()[mark:].split("\n"):
            if m := re.match(r"^(.+?) — \d+ việc", line):
                agency = m.group(1)
            elif m := re.match(r"^• ((?:TB25|NQ57)-\S+) \(\d+ ngày\)", line):
                pairs.append((agency, m.group(1)))
        assert pages >= 3 and len(pairs) == len(set(pairs))
        assert set(pairs) == overdue_pairs(core, clock.at.date())
        assert ("Sở Y tế", "TB25-4") not in set(pairs)
    finally:
        stdin.close()
        await asyncio.wait_for(chat, 20)
