"""The reminder scheduler: one dispatch pass every `tick_seconds`, in the bot's event loop.

It holds no state of its own: the `Reminder` table says what was sent, so the job can be
missed, run late, or run in several processes (PostgreSQL) without losing or repeating a
message. Hence `coalesce=True` (after a stall, one pass catches everything up), at most one
pass at a time per process, and a first pass right at start-up (a restart catches up at once).
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.service.ports import Channel
from bot.service.reminders.dispatch import tick

log = logging.getLogger("nhacviec")
JOB_ID = "dispatch"


async def dispatch(core, channels: Mapping[str, Channel], lock: asyncio.Lock | None = None) -> None:
    """One pass as the job runs it: under `lock` (if given), never raising (the next retries)."""
    try:
        async with lock or contextlib.nullcontext():
            await tick(core, channels, core.clock())
    except asyncio.CancelledError:  # shutdown: the pass handed its claims back; nothing to report
        log.info("Lượt nhắc việc dừng giữa chừng vì bot tắt; lượt sau sẽ làm tiếp")
    except Exception:  # a failed pass is retried by the next one; never kill the job
        log.exception("Lượt nhắc việc bị lỗi; lượt sau sẽ làm lại")


def build_scheduler(core, channels: Mapping[str, Channel], lock: asyncio.Lock | None = None) -> AsyncIOScheduler:
    """An AsyncIOScheduler (not started) in the settings' time zone with the dispatch job.
    `lock`, if given, is held during each pass: the console's /nhacngay takes it too, and the
    runner takes it at shutdown to let a pass in flight finish unwinding before the engine goes."""
    every = max(1, int(core.settings.tick_seconds))
    scheduler = AsyncIOScheduler(timezone=core.settings.zone)
    scheduler.add_job(
        dispatch, "interval", args=(core, channels, lock), seconds=every, id=JOB_ID, name="Nhắc việc",
        coalesce=True, max_instances=1,
        misfire_grace_time=max(30, every),  # late by up to one interval: still run it (once)
        next_run_time=datetime.now(core.settings.zone),
        replace_existing=True,
    )
    return scheduler
