"""Replies under load: N updates through the running bot (real python-telegram-bot, long
polling a local Bot API server) on SQLite, and on PostgreSQL when DATABASE_URL is set.

    .venv/bin/python bench/replies.py [--n 2000] [--users 200]

Prints updates per second and p50/p99 latency (update pushed → reply received by the server).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import SQLModel, select  # noqa: E402

from bot.app import Core, import_files  # noqa: E402
from bot.channels.telegram import build_application, start_application, stop_application  # noqa: E402
from bot.clock import fixed_clock  # noqa: E402
from bot.config import DATA_DIR, Settings  # noqa: E402
from bot.service.conversation.handler import Conversation  # noqa: E402
from bot.store import create_schema, make_engine, session_scope  # noqa: E402
from bot.store.models import Assignment, Contact, Task  # noqa: E402
from tests.fakes.telegram_server import FakeTelegram  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2025, 6, 16, 9, 0, tzinfo=TZ)
TOKEN = "123456:BENCH"


def prepare(url: str, users: int) -> list[tuple[int, str]]:
    engine = make_engine(url)
    SQLModel.metadata.drop_all(engine)
    create_schema(engine)
    core = Core(settings=Settings(_env_file=None, database_url=url), engine=engine, clock=fixed_clock(NOW))
    assert import_files(core, [DATA_DIR / "plans"]).ok
    with session_scope(engine) as s:
        rows = s.exec(select(Task.code, Assignment.agency_id).join(Assignment)
                      .where(Assignment.role == "lead", Task.kind == "date")).all()
        by_agency: dict[int, list[str]] = {}
        for code, aid in rows:
            by_agency.setdefault(aid, []).append(code)
        agencies = sorted(by_agency)
        people = []
        for i in range(users):
            aid = agencies[i % len(agencies)]
            s.add(Contact(platform="telegram", user_id=str(10_000 + i), chat_id=str(10_000 + i), role="focal",
                          agency_id=aid, created_at=NOW))
            people.append((10_000 + i, by_agency[aid][i % len(by_agency[aid])]))
    engine.dispose()
    return people


async def run(url: str, n: int, users: int) -> None:
    people = prepare(url, users)
    engine = make_engine(url)
    conv = Conversation(engine=engine, clock=fixed_clock(NOW), tz=TZ)
    texts = ["/viec", "xong {code} đã ban hành văn bản", "/ghichu {code} đang tổng hợp số liệu", "/quahan",
             "chậm {code} dự kiến 30/9 vì chờ kinh phí"]
    async with FakeTelegram(TOKEN) as server:
        app = build_application(TOKEN, server.base_url, conv.handle, base_file_url=server.base_file_url,
                                rate_limit=False)
        await start_application(app, poll_timeout=1)
        pushed: dict[int, float] = {}
        try:
            t0 = time.perf_counter()
            for i in range(n):
                user, code = people[i % len(people)]
                server.push_text(user, texts[i % len(texts)].format(code=code))
                pushed[i] = time.monotonic()
            for user, _ in people:  # updates are handled in order: the last answer means all are done
                server.push_text(user, "/huongdan")
            await server.wait_until(lambda: sum(1 for r in server.sent if "Cách trả lời" in (r.plain_text or ""))
                                    >= len(people), timeout=900)
            elapsed = time.perf_counter() - t0
            # one at a time: the latency a person sees when the bot is not busy
            quiet = []
            for i in range(min(100, n)):
                user, code = people[i % len(people)]
                before = len(server.sent)
                t = time.monotonic()
                server.push_text(user, texts[i % len(texts)].format(code=code))
                await server.wait_until(lambda: len(server.sent) > before, timeout=30)
                quiet.append(server.sent[before].received_at - t)
            quiet.sort()
        finally:
            await stop_application(app)
    # latency: for each chat, k-th reply answers the k-th update of that chat
    per_chat_push: dict[int, list[float]] = {}
    for i in range(n):
        per_chat_push.setdefault(people[i % len(people)][0], []).append(pushed[i])
    lat = []
    for chat, times in per_chat_push.items():
        replies = [r.received_at for r in server.sent if r.chat_id == chat]
        # /viec may answer with several messages: take the first reply after each push
        j = 0
        for t in times:
            while j < len(replies) and replies[j] < t:
                j += 1
            if j < len(replies):
                lat.append(replies[j] - t)
                j += 1
    lat.sort()
    backend = make_engine(url).dialect.name
    print(f"{backend:<10} updates={n} users={len(people)} elapsed={elapsed:.2f}s "
          f"throughput={n / elapsed:.0f} updates/s p50={statistics.median(lat) * 1000:.0f} ms "
          f"p99={lat[int(len(lat) * 0.99) - 1] * 1000:.0f} ms (all pushed at once: queueing included)")
    print(f"{'':<10} one at a time ({len(quiet)} updates): p50={statistics.median(quiet) * 1000:.0f} ms "
          f"p99={quiet[int(len(quiet) * 0.99) - 1] * 1000:.0f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--users", type=int, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run(f"sqlite:///{tmp}/bench.sqlite3", args.n, args.users))
    if os.environ.get("DATABASE_URL"):
        asyncio.run(run(os.environ["DATABASE_URL"], args.n, args.users))


if __name__ == "__main__":
    main()
