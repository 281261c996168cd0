"""Bench: one dispatch pass to N focal points through the real Telegram stack, under flood limits.

    .venv/bin/python bench/dispatch.py [--n 3000] [--concurrency 8] [--rate 29] [--burst 1]

N agencies, each with one focal point and one task due today, in a temporary SQLite database;
python-telegram-bot's `ExtBot` + `AIORateLimiter` (as `nhacviec remind` builds it) against
`FakeTelegram(enforce_limits=True)` on 127.0.0.1 in this process, which answers 429 beyond 30
messages in any one-second window, like Telegram. Prints messages per second over the whole
pass (planning, claims and marks included) and over the sending span, the ratio to the 30/s
limit, the 429s received, and duplicates and losses (both must be 0). 3,000 take ~105 s.
`--rate/--burst` try another limiter (`--rate 30 --burst 30` is AIORateLimiter's default).
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402

from telegram.ext import AIORateLimiter  # noqa: E402

from bot.app import Core  # noqa: E402
from bot.channels.telegram import TelegramChannel, rate_limiter  # noqa: E402
from bot.channels.telegram import sending_bot  # noqa: E402
from bot.clock import fixed_clock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.service.reminders.dispatch import tick  # noqa: E402
from bot.store import create_schema, make_engine  # noqa: E402
from bot.store.models import Agency, Assignment, Contact, Plan, Task  # noqa: E402
from tests.fakes.telegram_server import FakeTelegram  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 5, 6, 9, 0, tzinfo=TZ)  # a Wednesday, a working day
LIMIT = 30.0
TOKEN = "123456:BENCH-TOKEN"


def populate(engine, n: int) -> list[str]:
    """N agencies, tasks, lead assignments and focal points in bulk; returns the chat ids."""
    created = datetime(2026, 1, 1, tzinfo=timezone.utc)
    with engine.begin() as conn:
        conn.execute(insert(Plan.__table__).values(id=1, key="BENCH", title="Bench", year=2026))
        conn.execute(insert(Agency.__table__), [dict(id=i, name=f"Cơ quan {i}", key=f"co quan {i}", is_group=False)
                                                for i in range(1, n + 1)])
        conn.execute(insert(Task.__table__), [
            dict(id=i, plan_id=1, no=str(i), code=f"BENCH-{i}", group="", content=f"Nhiệm vụ thử số {i}",
                 lead_text=f"Cơ quan {i}", coordinating_text="", deadline_text="06/5/2026", note="", kind="date",
                 due=date(2026, 5, 6), position=i, archived=False) for i in range(1, n + 1)])
        conn.execute(insert(Assignment.__table__), [
            dict(id=i, task_id=i, agency_id=i, role="lead", position=0, status="open", note="")
            for i in range(1, n + 1)])
        chats = [str(10_000_000 + i) for i in range(1, n + 1)]
        conn.execute(insert(Contact.__table__), [
            dict(id=i, platform="telegram", user_id=chats[i - 1], chat_id=chats[i - 1], display_name=f"Đầu mối {i}",
                 agency_id=i, role="focal", active=True, created_at=created) for i in range(1, n + 1)])
    return chats


async def main(args: argparse.Namespace) -> int:
    limiter = rate_limiter(max_retries=2)
    if args.rate:
        limiter = AIORateLimiter(overall_max_rate=args.burst, overall_time_period=args.burst / args.rate,
                                 max_retries=2)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        engine = make_engine(url)
        create_schema(engine)
        chats = populate(engine, args.n)
        core = Core(settings=Settings(_env_file=None, database_url=url), engine=engine, clock=fixed_clock(NOW))
        async with FakeTelegram(TOKEN, enforce_limits=True) as server:
            bot = sending_bot(TOKEN, server.base_url, base_file_url=server.base_file_url, limiter=limiter)
            async with bot:
                channel = TelegramChannel(bot)
                start = time.perf_counter()
                report = await tick(core, {"telegram": channel}, NOW, concurrency=args.concurrency)
                elapsed = time.perf_counter() - start
        engine.dispose()
    sends = [r for r in server.sent if r.method == "sendMessage"]
    per_chat = Counter(str(r.chat_id) for r in sends)
    duplicates = sum(c - 1 for c in per_chat.values() if c > 1)
    lost = sum(1 for c in chats if per_chat[c] == 0)
    times = sorted(r.received_at for r in sends)
    span = times[-1] - times[0] if len(times) > 1 else float("nan")
    rate, span_rate = len(sends) / elapsed, (len(sends) - 1) / span
    if args.rate:
        rate_, period = limiter._base_limiter.max_rate, limiter._base_limiter.time_period  # noqa: SLF001 (report only)
        shown = f"AIORateLimiter(overall_max_rate={rate_:g}, overall_time_period={period:.5f}, max_retries=2)"
    else:
        shown = f"{type(limiter).__name__}(rate={limiter.rate:g}/s, max_retries=2) as shipped"
    print(f"limiter: {shown}; concurrency {args.concurrency}")
    print(f"focal points: {args.n}; messages delivered: {len(sends)} in {elapsed:.1f} s "
          f"(dispatcher: sent {report.messages}, deferred {len(report.deferred)}, retried {report.retried})")
    print(f"rate over the whole pass: {rate:.2f} msg/s = {rate / LIMIT:.3f} of the {LIMIT:.0f}/s limit")
    print(f"rate over the sending span: {span_rate:.2f} msg/s = {span_rate / LIMIT:.3f} of the limit")
    print(f"429 received: {server.count_429}; duplicates: {duplicates}; losses: {lost}")
    return 0 if duplicates == 0 and lost == 0 else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000, help="focal points (one message each)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rate", type=float, default=0.0, help="limiter rate per second (default: as shipped)")
    parser.add_argument("--burst", type=float, default=1.0, help="limiter bucket size, with --rate")
    sys.exit(asyncio.run(main(parser.parse_args())))
