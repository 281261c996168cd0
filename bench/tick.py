"""Bench: one reminder pass at 10k / 100k open assignments and the event loop meanwhile, the
dispatcher of an older commit and this tree's side by side.

    .venv/bin/python bench/tick.py [--sizes 10000,100000] [--repeat 3] [--db URL] [--before REV | none]

For each size, two processes one after the other, each in a fresh database (a temporary SQLite
file, or `--db`, e.g. a throwaway PostgreSQL database: its tables are dropped and recreated) with
the world of bench/_tick_world.py: `before` runs the `bot/`, `schedules/` and `data/` of commit REV
(default: BEFORE, the last one before the first pass stopped stalling the loop; taken with
`git archive`), `after` runs this tree. Each does three passes at Wednesday 6/5/2026 09:00
through `tick`, with a channel that accepts every message at once:
  dry     what `nhacviec remind --dry-run` does (plans and renders every message);
  first   claims, renders and "sends" everything owed (the day's first pass);
  quiet   the same minute again: everything is already sent (the pass every minute).
For each: wall time, messages, and `lag`: the worst event-loop lag seen by a task that wakes
every 5 ms (how long a chat update could have waited for the loop). `idle` is the worst lag an
idle asyncio process, started beside it, saw during the same pass: on a shared machine other
processes stall every loop now and then, and only what goes beyond that is the dispatcher's.
The runs alternate (before, after, before, ...) `--repeat` times; each figure is the median of
its runs (`--raw` prints every run), so that one stall of the whole machine moves no figure.
"""
from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import resource
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BEFORE = "7396032"  # main before the first-pass work: one to_thread planning call, 8 DB threads
# plus a render thread, the collector disabled while planning
PASSES = ("dry", "first", "quiet")


async def _watch(lags: list[float], stop: asyncio.Event, every: float = 0.005) -> None:
    while not stop.is_set():
        t = time.perf_counter()
        await asyncio.sleep(every)
        lags.append(time.perf_counter() - t - every)


async def timed_pass(core, channels, **kw) -> tuple[dict, object]:
    from bot.service.reminders.dispatch import tick

    from bench._tick_world import NOW

    lags: list[float] = []
    stop = asyncio.Event()
    watcher = asyncio.create_task(_watch(lags, stop))
    await asyncio.sleep(0.01)
    start, t0 = time.monotonic(), time.perf_counter()
    report = await tick(core, channels, NOW, **kw)
    elapsed = time.perf_counter() - t0
    stop.set()
    await watcher
    return dict(s=elapsed, lag=max(lags, default=0.0), window=(start, time.monotonic())), report


async def _nosleep(_: float) -> None:
    await asyncio.sleep(0)


def one(n: int, url: str | None) -> dict:
    from sqlmodel import SQLModel

    from bench._tick_world import NOW, Sink, populate
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
            p, r = await timed_pass(core, {}, dry_run=True, caps={"telegram": sink.caps})
            out["dry"] = dict(p, messages=sum(w["messages"] for w in r.would_send))
            p, r = await timed_pass(core, {"telegram": sink}, sleep=_nosleep)
            out["first"] = dict(p, messages=r.messages, to_lead=sink.to_lead)
            p, r = await timed_pass(core, {"telegram": sink}, sleep=_nosleep)
            out["quiet"] = dict(p, messages=r.messages, skipped=r.skipped)

        asyncio.run(go())
        engine.dispose()
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def idle() -> None:
    """An asyncio loop with nothing to do, until stdin closes: (time, lag) of each late wake."""
    done = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()

    async def go() -> list:
        seen = []
        while not done.is_set():
            t = time.perf_counter()
            await asyncio.sleep(0.005)
            lag = time.perf_counter() - t - 0.005
            if lag > 0.001:
                seen.append((time.monotonic(), lag))
        return seen

    print(json.dumps(asyncio.run(go())))


def measure(n: int, db: str | None, root: Path | None) -> dict:
    """One size in its own process (so peak RSS is that size's), an idle loop beside it."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    beside = subprocess.Popen([sys.executable, __file__, "--idle"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=env)
    try:
        cmd = [sys.executable, __file__, "--one", str(n)] + (["--db", db] if db else [])
        cmd += ["--root", str(root)] if root else []
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    finally:
        noise, _ = beside.communicate("")
    r = json.loads(out.splitlines()[-1])
    seen = json.loads(noise)
    for name in PASSES:
        start, end = r[name]["window"]
        r[name]["idle"] = max((lag for t, lag in seen if start <= t <= end), default=0.0)
    return r


def old_tree(rev: str, into: Path) -> Path:
    tar = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev, "bot", "schedules", "data"],
                         check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as t:
        t.extractall(into, filter="data")
    return into


def median(runs: list[dict], name: str) -> dict:
    """The median of each figure of pass `name` over the runs (they are measured apart)."""
    mid = len(runs) // 2
    return {k: sorted(r[name][k] for r in runs)[mid] for k in ("s", "lag", "idle", "messages")}


def cell(p: dict) -> str:
    return f"{p['s']:>7.2f}s {p['lag'] * 1000:>5.0f}ms {p['idle'] * 1000:>5.0f}ms"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each side (the median is shown)")
    ap.add_argument("--raw", action="store_true", help="print every run too")
    ap.add_argument("--db", default=None, help="database URL (default: a temporary SQLite file)")
    ap.add_argument("--before", default=BEFORE, help="commit to compare with, or 'none'")
    ap.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--root", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--idle", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.root:
        sys.path.insert(0, args.root)  # the older `bot` and `schedules` first
    if args.idle:
        return idle()
    if args.one is not None:
        print(json.dumps(one(args.one, args.db)))
        return
    compare = args.before.lower() != "none"
    side = f"{'before ' + args.before:<30} " if compare else ""
    print(f"{'':15} {side}{'after (this tree)':<30}   median of {args.repeat} run(s) each")
    print(f"{'open':>7} {'pass':<6}  " + f"{'time':>8} {'lag':>7} {'idle':>7}  " * (1 + compare) + " messages  notes")
    with tempfile.TemporaryDirectory() as tmp:
        old = old_tree(args.before, Path(tmp)) if compare else None
        for n in (int(x) for x in args.sizes.split(",")):
            before, after = [], []
            for _ in range(max(1, args.repeat)):
                if compare:
                    before.append(measure(n, args.db, old))
                after.append(measure(n, args.db, None))
            a, rss = after[-1], lambda runs: sorted(r["peak_rss_mib"] for r in runs)[len(runs) // 2]
            for name in PASSES:
                b, p = (median(before, name) if compare else None), median(after, name)
                notes = {"dry": f"dry run ({a['backend']})", "first": f"{a['first']['to_lead']} to the lead",
                         "quiet": f"{a['quiet']['skipped']} keys already sent; peak RSS "
                                  + (f"{rss(before):.0f} -> " if compare else "") + f"{rss(after):.0f} MiB"}[name]
                msgs = (f"{b['messages']}/" if b else "") + str(p["messages"])
                print(f"{n:>7,} {name:<6}  " + (cell(b) + "  " if b else "") + cell(p) + f"  {msgs:>9}  {notes}",
                      flush=True)
                if args.raw:
                    for side_, runs in (("before", before), ("after", after)):
                        for r in runs:
                            print(f"{'':15} {side_:<7} {cell(r[name])}")


if __name__ == "__main__":
    main()
