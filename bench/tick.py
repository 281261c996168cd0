"""Bench: one reminder pass at 1k / 10k / 100k open assignments, and the event loop meanwhile.

    .venv/bin/python bench/tick.py [--sizes 1000,10000,100000] [--db URL]

Each size runs in its own process (so peak RSS is that size's): 50 agencies, N/50 tasks each
assigned to all 50 (2,000 tasks × 50 agencies = 100k), due dates spread over 2026 with some
recurring and event tasks, a fifth of the assignments with an "in progress" answer, one focal
point per agency, one lead and one secretariat contact, in a temporary SQLite database (or
`--db`, e.g. a throwaway PostgreSQL database: its tables are dropped and recreated).

Three passes at Wednesday 6/5/2026 09:00, each through `tick` with a channel that accepts every
message at once (so only our own work is timed):
  dry run   what `nhacviec remind --dry-run` does (plans and renders every message);
  first     claims, renders and "sends" everything owed (the day's first pass);
  quiet     the same minute again: everything is already sent (the pass every minute).
For each: wall time, messages, and the worst event-loop lag seen by a task that wakes every
5 ms (how long a chat update could have waited for the loop). Peak RSS is the process's.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 5, 6, 9, 0, tzinfo=TZ)  # a Wednesday, a working day
AGENCIES = 50


def populate(engine, n: int, seed: int = 2026) -> None:
    from sqlalchemy import insert

    from bot.store.models import Agency, Assignment, Contact, Plan, StatusEvent, Task

    rng = random.Random(seed)
    created = datetime(2026, 1, 1, tzinfo=timezone.utc)
    n_tasks = max(1, n // AGENCIES)
    tasks, shares, events = [], [], []
    for tid in range(1, n_tasks + 1):
        r = rng.random()
        kind = "recurring" if r < 0.1 else "event" if r < 0.15 else "date"
        due = date(2026, 1, 5) + timedelta(days=rng.randint(0, 360)) if kind == "date" else None
        rec = rng.choice(["monthly", "quarterly", "yearly"]) if kind == "recurring" else None
        tasks.append(dict(id=tid, plan_id=1, no=str(tid), code=f"BENCH-{tid}", group="",
                          content=f"Nhiệm vụ thử số {tid}: triển khai chuyển đổi số và báo cáo kết quả",
                          lead_text="", coordinating_text="", deadline_text=f"{due:%d/%m/%Y}" if due else "Thường xuyên",
                          note="", kind=kind, due=due, start=None, recurrence=rec, position=tid, archived=False))
        for g in range(1, AGENCIES + 1):
            aid = len(shares) + 1
            progress = rng.random() < 0.2
            shares.append(dict(id=aid, task_id=tid, agency_id=g, role="lead", via_group_id=None, position=0,
                               status="in_progress" if progress else "open", note="", new_due=None, updated_at=None))
            if progress:
                events.append(dict(id=len(events) + 1, assignment_id=aid, status="in_progress", note="Đang làm",
                                   new_due=None, contact_id=None, channel="bench", reverts_id=None,
                                   at=created + timedelta(days=rng.randint(0, 100))))
    contacts = [dict(id=g, platform="telegram", user_id=str(20_000 + g), chat_id=str(20_000 + g),
                     display_name=f"Đầu mối {g}", agency_id=g, role="focal", active=True, created_at=created)
                for g in range(1, AGENCIES + 1)]
    contacts += [dict(id=AGENCIES + 1, platform="telegram", user_id="1", chat_id="1", display_name="Lãnh đạo",
                      agency_id=None, role="lead", active=True, created_at=created),
                 dict(id=AGENCIES + 2, platform="telegram", user_id="2", chat_id="2", display_name="Thư ký",
                      agency_id=None, role="secretariat", active=True, created_at=created)]
    with engine.begin() as conn:
        conn.execute(insert(Plan.__table__).values(id=1, key="BENCH", title="Bench", year=2026))
        conn.execute(insert(Agency.__table__), [dict(id=g, name=f"Cơ quan {g}", key=f"co quan {g}", is_group=False)
                                                for g in range(1, AGENCIES + 1)])
        for table, rows in ((Task, tasks), (Assignment, shares), (StatusEvent, events), (Contact, contacts)):
            for i in range(0, len(rows), 20_000):
                conn.execute(insert(table.__table__), rows[i:i + 20_000])


class Sink:
    """A Channel that accepts every message at once."""

    platform = "telegram"

    def __init__(self) -> None:
        from bot.service.ports import Capabilities

        self.caps = Capabilities(max_len=4096, has_buttons=True, html=True, send_rate=30.0, max_buttons=100)
        self.sent = 0
        self.to_lead = 0

    async def send(self, chat_id: str, part) -> list[str]:
        self.sent += 1
        self.to_lead += chat_id == "1"
        return [str(self.sent)]


async def _watch(lags: list[float], stop: asyncio.Event, every: float = 0.005) -> None:
    while not stop.is_set():
        t = time.perf_counter()
        await asyncio.sleep(every)
        lags.append(time.perf_counter() - t - every)


async def timed_pass(core, channels, **kw) -> tuple[float, float, object]:
    from bot.service.reminders.dispatch import tick

    lags: list[float] = []
    stop = asyncio.Event()
    watcher = asyncio.create_task(_watch(lags, stop))
    await asyncio.sleep(0.01)
    t0 = time.perf_counter()
    report = await tick(core, channels, NOW, **kw)
    elapsed = time.perf_counter() - t0
    stop.set()
    await watcher
    return elapsed, max(lags, default=0.0), report


async def _nosleep(_: float) -> None:
    await asyncio.sleep(0)


def one(n: int, url: str | None) -> dict:
    from sqlmodel import SQLModel

    from bot.app import Core
    from bot.clock import fixed_clock
    from bot.config import Settings
    from bot.store import create_schema, make_engine

    with tempfile.TemporaryDirectory() as tmp:
        url = url or f"sqlite:///{tmp}/tick.sqlite3"
        engine = make_engine(url)
        SQLModel.metadata.drop_all(engine)
        create_schema(engine)
        t0 = time.perf_counter()
        populate(engine, n)
        built = time.perf_counter() - t0
        core = Core(settings=Settings(_env_file=None, database_url=url), engine=engine, clock=fixed_clock(NOW))
        out = {"n": n, "build_s": built, "backend": engine.dialect.name}

        async def go() -> None:
            sink = Sink()
            t, lag, r = await timed_pass(core, {}, dry_run=True, caps={"telegram": sink.caps})
            out["dry"] = dict(s=t, lag=lag, messages=sum(w["messages"] for w in r.would_send))
            t, lag, r = await timed_pass(core, {"telegram": sink}, sleep=_nosleep)
            out["first"] = dict(s=t, lag=lag, messages=r.messages, to_lead=sink.to_lead)
            t, lag, r = await timed_pass(core, {"telegram": sink}, sleep=_nosleep)
            out["quiet"] = dict(s=t, lag=lag, messages=r.messages, skipped=r.skipped)

        asyncio.run(go())
        engine.dispose()
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--db", default=None, help="database URL (default: a temporary SQLite file)")
    ap.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one is not None:
        print(json.dumps(one(args.one, args.db)))
        return
    print(f"{'open':>7} {'pass':<8} {'time':>8} {'loop lag':>9} {'messages':>9}  notes")
    for n in (int(x) for x in args.sizes.split(",")):
        cmd = [sys.executable, __file__, "--one", str(n)] + (["--db", args.db] if args.db else [])
        r = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True,
                                      env={**os.environ, "PYTHONWARNINGS": "ignore"}).stdout.splitlines()[-1])
        for name in ("dry", "first", "quiet"):
            p = r[name]
            if name == "dry":
                notes = f"dry run ({r['backend']})"
            elif name == "first":
                notes = f"{p['to_lead']} to the lead"
            else:
                notes = (f"nothing to send ({p['skipped']} keys already sent); peak RSS "
                         f"{r['peak_rss_mib']:.0f} MiB; database built in {r['build_s']:.1f} s")
            print(f"{n:>7,} {name:<8} {p['s']:>7.2f}s {p['lag'] * 1000:>7.0f}ms {p['messages']:>9}  {notes}",
                  flush=True)


if __name__ == "__main__":
    main()
