"""Reminder dispatch: one pass (`tick`) sends every message owed at `now`, exactly once.

The database is the only memory. A pass (1) loads the open assignments, their history and
the contacts in a fixed number of queries and asks the policy what is due (prepare.py,
planner.py, owed.py); (2) claims each key in `Reminder` right before sending it (sending.py,
bot.store.claims); (3) sends one digest per contact (digest.py), in parts that each fit a
message; (4) marks each part's keys sent once the platform accepted it. So a restart, a second
process or a catch-up after a week of downtime repeats nothing, and a failure loses nothing:
temporary errors are retried in the pass (waits through the injectable `sleep`), then left
released for the next pass; a claim orphaned by a crash is taken over after `lease`.

Delivery is at least once where the platform cannot tell: after a timeout Telegram may or
may not have delivered, and the pass resends rather than risk a loss.

The pass shares the event loop with the chat, so it never holds it for long: its synchronous
work runs in bounded steps in a worker thread, one step at a time (steps.py), full garbage
collections wait until it is over (gcscope.py), and its snapshot is let go a slice at a time.

SQLite: a single dispatching process is assumed (its claims are correct, but one writer at a
time is all SQLite offers). On PostgreSQL any number of `nhacviec run` processes share the work.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Protocol

from bot.clock import Clock
from bot.service.ports import Capabilities, Channel
from bot.service.reminders import gcscope
from bot.service.reminders.prepare import dry_run as render_all
from bot.service.reminders.prepare import prepare
from bot.service.reminders.report import TickReport
from bot.service.reminders.sending import CONCURRENCY, LEASE, MAX_TRIES, Sender, Sleep
from bot.service.reminders.steps import Steps
from bot.store import Engine
from schedules.calendar import WorkCalendar
from schedules.policy import DEFAULT_RULES, Rules

__all__ = ["Deps", "TickReport", "tick"]
log = logging.getLogger(__name__)


class Deps(Protocol):
    """What a pass uses (the composition root's `Core` is one)."""

    engine: Engine
    calendar: WorkCalendar
    clock: Clock


async def tick(core: Deps, channels: Mapping[str, Channel], now: datetime | None = None, *, dry_run: bool = False,
               rules: Rules = DEFAULT_RULES, sleep: Sleep = asyncio.sleep, max_tries: int = MAX_TRIES,
               concurrency: int = CONCURRENCY, lease: timedelta = LEASE,
               caps: Mapping[str, Capabilities] | None = None) -> TickReport:
    """One dispatch pass at `now` (default: the core's clock). Safe to run from several
    processes on PostgreSQL; `dry_run` claims and sends nothing and lists who would get what
    (shown as the running channel, else as `caps[platform]` would show it)."""
    now = now or core.clock()
    report = TickReport(now=now, dry_run=dry_run)
    with gcscope.no_full_collections():
        await _tick(core, channels, now, report, dry_run, rules, core.clock() - lease, sleep, max_tries,
                    concurrency, lease, caps)
    if report.sent or report.deferred or report.failed:
        log.info("dispatch %s: %d messages sent, %d deferred, %d failed, %d blocked", now.isoformat(timespec="minutes"),
                 len(report.sent), len(report.deferred), len(report.failed), len(report.blocked))
    return report


async def _tick(core, channels, now, report, dry_run, rules, stale, sleep, max_tries, concurrency, lease, caps) -> None:
    steps = Steps()
    tz = core.calendar.tz
    snap, work, report.skipped = await prepare(steps, core.engine, core.calendar, now, rules, stale)
    if dry_run:
        await render_all(steps, work, channels, caps, now.astimezone(tz).date(), tz, report)
    else:
        for d in work:
            if d.contact.platform not in channels and d.contact.id not in report.no_channel:
                report.no_channel.append(d.contact.id)
        work[:] = [d for d in work if d.contact.platform in channels]
        await Sender(core, steps, channels, snap, now, report, sleep, max_tries, lease).run(work, concurrency)
    await steps.discard(work, snap.dues)  # the snapshot goes a slice at a time, off the loop
