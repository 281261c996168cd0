"""Replies under load: our bot against a no-op python-telegram-bot application, side by side.

    .venv/bin/python bench/replies.py [--n 1000] [--users 100] [--rtt 0.05] [--in-flight 8]

Both long poll the same kind of local Bot API server (tests/fakes/telegram_server.py) that
delays every request by `--rtt` seconds (a round trip to Telegram), and both send through the
limiter `nhacviec run` ships (`rate_limiter()`, 29 messages/s). Ours is `build_application`
(the conversation on SQLite — and on PostgreSQL too when DATABASE_URL is set — with the
per-chat ordered update processor); the no-op bot uses the same update processor and answers
every update with one message echoing it, doing nothing else. N updates from `--users` chats
are pushed at once; then one more per chat, whose answer marks the end.

Prints updates/s, p50/p99 latency (update pushed → first reply received by the server), the
ratio ours / no-op, and whether any chat's updates were handled out of order (most updates carry
a sequence number "#k", noted as each bot starts handling it; a chat's next update is only
taken once the previous one's replies were sent, so this is also the order of its replies).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import SQLModel, select  # noqa: E402
from telegram import Update  # noqa: E402
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters  # noqa: E402

from bot.app import Core, import_files  # noqa: E402
from bot.channels.telegram import (ChatOrderedProcessor, build_application, rate_limiter,  # noqa: E402
                                   start_application, stop_application)
from bot.clock import fixed_clock  # noqa: E402
from bot.config import DATA_DIR, Settings  # noqa: E402
from bot.service.conversation.handler import Conversation  # noqa: E402
from bot.store import create_schema, make_engine, session_scope  # noqa: E402
from bot.store.models import Assignment, Contact, Task  # noqa: E402
from tests.fakes.telegram_server import FakeTelegram  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2025, 6, 16, 9, 0, tzinfo=TZ)
TOKEN = "123456:BENCH"
TEXTS = ["/ghichu {code} đang tổng hợp số liệu #{k}", "xong {code} đã ban hành văn bản #{k}", "/viec",
         "/ghichu {code} chờ ý kiến sở #{k}", "chậm {code} dự kiến 30/9 vì chờ kinh phí #{k}", "/quahan"]
SEQ = re.compile(r"#(\d+)")
END = "/huongdan"


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


def record(handled: dict[str, list[int]], chat_id: object, text: str | None) -> None:
    """Note the sequence number of an update as the bot starts handling it."""
    m = SEQ.search(text or "")
    if m:
        handled.setdefault(str(chat_id), []).append(int(m.group(1)))


def noop_application(base_url: str, in_flight: int, handled: dict[str, list[int]]):
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        record(handled, update.effective_chat.id, update.effective_message.text)
        await update.effective_message.reply_text(update.effective_message.text or "")

    app = (ApplicationBuilder().token(TOKEN).base_url(base_url).rate_limiter(rate_limiter(max_retries=3))
           .concurrent_updates(ChatOrderedProcessor(in_flight)).build())
    app.add_handler(MessageHandler(filters.ALL, echo))
    return app


async def drive(name: str, server: FakeTelegram, app, people: list[tuple[int, str]], n: int,
                handled: dict[str, list[int]]) -> dict:
    """Push N updates (and one END per chat), wait for every END's answer; measure."""
    await start_application(app, poll_timeout=1)
    pushed: list[tuple[int, int, float]] = []  # (chat, k, time)
    try:
        t0 = time.perf_counter()
        for k in range(n):
            chat, code = people[k % len(people)]
            server.push_text(chat, TEXTS[k % len(TEXTS)].format(code=code, k=k))
            pushed.append((chat, k, time.monotonic()))
        for chat, _ in people:
            server.push_text(chat, END)

        def finished() -> bool:
            last = {}
            for r in server.sent:
                last[r.chat_id] = r.plain_text or ""
            return sum(1 for chat, _ in people if END in last.get(chat, "") or "Cách trả lời" in last.get(chat, "")) \
                >= len(people)

        await server.wait_until(finished, timeout=900)
        elapsed = time.perf_counter() - t0
    finally:
        await stop_application(app)
    lat: list[float] = []
    out_of_order = 0
    for chat, _ in people:
        replies = [r for r in server.sent if r.chat_id == chat]
        seqs = handled.get(str(chat), [])  # the order the bot took the chat's updates in
        out_of_order += any(b < a for a, b in zip(seqs, seqs[1:]))
        times = [t for c, _, t in pushed if c == chat]
        j = 0
        for t in times:  # the first reply after each push
            while j < len(replies) and replies[j].received_at < t:
                j += 1
            if j < len(replies):
                lat.append(replies[j].received_at - t)
                j += 1
    lat.sort()
    return {"name": name, "rate": n / elapsed, "elapsed": elapsed, "p50": statistics.median(lat),
            "p99": lat[max(0, int(len(lat) * 0.99) - 1)], "disorder": out_of_order, "messages": len(server.sent),
            "checked": sum(1 for chat, _ in people if handled.get(str(chat)))}


async def run(url: str, args) -> None:
    people = prepare(url, args.users)
    engine = make_engine(url)
    conv = Conversation(engine=engine, clock=fixed_clock(NOW), tz=TZ)
    results = []
    for which in ("ours", "no-op"):
        handled: dict[str, list[int]] = {}

        def handle(inbound, handled=handled):
            record(handled, inbound.sender.chat_id, inbound.text)
            return conv.handle(inbound)

        async with FakeTelegram(TOKEN, rtt=args.rtt) as server:
            if which == "ours":
                app = build_application(TOKEN, server.base_url, handle, base_file_url=server.base_file_url,
                                        in_flight=args.in_flight)  # with the shipped limiter
            else:
                app = noop_application(server.base_url, args.in_flight, handled)
            results.append(await drive(which, server, app, people, args.n, handled))
    engine.dispose()
    backend = make_engine(url).dialect.name
    print(f"{backend}: {args.n} updates from {len(people)} chats, RTT {args.rtt * 1000:.0f} ms, "
          f"{args.in_flight} in flight, shipped limiter ({rate_limiter().rate:g} msg/s)")
    for r in results:
        print(f"  {r['name']:<6} {r['rate']:6.1f} updates/s  p50 {r['p50'] * 1000:6.0f} ms  p99 {r['p99'] * 1000:6.0f} ms  "
              f"{r['messages']} messages sent; chats with replies out of order: {r['disorder']} "
              f"(of {r['checked']} checked)")
    print(f"  ratio ours / no-op: {results[0]['rate'] / results[1]['rate']:.2f} (updates/s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--users", type=int, default=100)
    ap.add_argument("--rtt", type=float, default=0.05, help="seconds added to every Bot API request")
    ap.add_argument("--in-flight", type=int, default=8)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run(f"sqlite:///{tmp}/bench.sqlite3", args))
    if os.environ.get("DATABASE_URL"):
        asyncio.run(run(os.environ["DATABASE_URL"], args))


if __name__ == "__main__":
    main()
