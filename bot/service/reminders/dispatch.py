"""Reminder dispatch: one pass (`tick`) sends every message owed at `now`, exactly once.

The database is the only memory. A pass (1) loads the open assignments, their history and
the contacts in a fixed number of queries and asks the policy what is due (`dispatch_plan`);
(2) claims each key in `Reminder` right before sending it (`dispatch_claims`); (3) sends one
digest per contact (`digest`), in parts that each fit a message; (4) marks each part's keys
sent once the platform accepted it. So a restart, a second process or a catch-up after a
week of downtime repeats nothing, and a failure loses nothing: temporary errors are retried
in the pass (waits through the injectable `sleep`), then left released for the next pass;
a claim orphaned by a crash is taken over after `lease`.

Delivery is at least once where the platform cannot tell: after a timeout Telegram may or
may not have delivered, and the pass resends rather than risk a loss.

SQLite: a single dispatching process is assumed (its claims are correct, but one writer at a
time is all SQLite offers). On PostgreSQL any number of `nhacviec run` processes share the work.
"""
from __future__ import annotations

import asyncio
import logging
import os
import re
import secrets
import socket
from collections.abc import Awaitable, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Protocol

from bot.clock import Clock
from bot.service.ports import PLAIN, Capabilities, Channel, DeliveryBlocked, DeliveryError, DeliveryRetry
from bot.service.reminders import gcpause
from bot.service.reminders.digest import Part, build, build_isolated
from bot.service.reminders.owed import Delivery, Snapshot, blocked_notices, deliveries, fault_notices, load
from bot.service.review import outgoing
from bot.store import Engine, Session, claims, review, session_scope
from schedules.calendar import WorkCalendar
from schedules.policy import DEFAULT_RULES, Rules

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)  # an unsent claim older than this was left by a crash (well above
# the longest a live pass holds one: RETRY_BUDGET plus the rate limiter's own 429 waits)
MAX_TRIES = 4  # sends of one message within a pass
RETRY_BUDGET = 60.0  # seconds of waiting per message within a pass: well inside the lease
LEASE_SHARE = 0.5  # a single wait never exceeds half the lease (renewed before each attempt)
CONCURRENCY = 8  # contacts served at once (the channel's rate limiter paces them)
# Rendering is pure CPU: one thread for it, so that 8 workers rendering at once do not crowd the
# event loop out of the GIL (measured: loop stalls of 0.25 s at 100k assignments with 8 threads).
_RENDER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nhacviec-render")
_TOKENISH = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")
Sleep = Callable[[float], Awaitable[object]]


class Deps(Protocol):
    """What a pass uses (the composition root's `Core` is one)."""

    engine: Engine
    calendar: WorkCalendar
    clock: Clock


@dataclass
class TickReport:
    """What one pass did (or, with `dry_run`, would do). `to_dict()` is the --json output."""

    now: datetime
    dry_run: bool = False
    claimed: int = 0  # keys claimed by this pass
    skipped: int = 0  # keys already sent, or held by another dispatcher
    retried: int = 0  # sends retried within the pass
    sent: list[dict] = field(default_factory=list)  # one per message delivered
    deferred: list[dict] = field(default_factory=list)  # left unsent for the next pass
    failed: list[dict] = field(default_factory=list)  # rejected for good (not retried)
    blocked: list[int] = field(default_factory=list)  # contacts made inactive
    no_channel: list[int] = field(default_factory=list)  # contacts whose platform is not running
    would_send: list[dict] = field(default_factory=list)  # dry run: one per delivery

    @property
    def messages(self) -> int:
        return len(self.sent)

    def to_dict(self) -> dict:
        out = asdict(self)
        out["now"] = self.now.isoformat()
        out["messages"] = self.messages
        return out


def _scrub(text: str) -> str:
    """Error texts go to the database and logs: never a bot token."""
    return _TOKENISH.sub("***", text)[:500]


def _backoff(attempt: int) -> float:
    return float(min(30, 2 ** (attempt - 1)))


def _record(d: Delivery, part: Part | None = None, **extra) -> dict:
    c = d.contact
    out = {"contact": c.id, "name": c.display_name, "role": c.role, "platform": c.platform, "chat_id": c.chat_id,
           "kind": d.kind, "agency": d.agency.name if d.agency else None}
    if part is not None:
        out.update(codes=list(part.codes), keys=list(part.keys))
    out.update(extra)
    return out


def _prepare(core: Deps, now: datetime, rules: Rules, stale: datetime, report: TickReport) -> tuple[Snapshot, list[Delivery]]:
    """Snapshot, what is owed, minus what is already sent or freshly held by someone else."""
    cal = core.calendar
    with gcpause.planning():  # no collector pauses for the chat while the snapshot piles up
        with Session(core.engine) as s:
            snap = load(s, cal, now, rules)
        owed = deliveries(snap, cal, now, rules)
        seen = claims.existing(core.engine, [k for d in owed for k in d.keys])

    def free(key: str) -> bool:
        e = seen.get(key)
        return e is None or e.claimable(stale)

    out = []
    for d in owed:
        if d.gate is not None and not free(d.gate.key):
            continue  # this lead already had today's escalation digest
        items = [i for i in d.items if free(i.key)]
        report.skipped += len(d.items) - len(items)
        if items:
            d.items = items
            out.append(d)
    return snap, out


class _Pass:
    """The sending half of one tick: workers, retries, claims and marks."""

    def __init__(self, core: Deps, channels: Mapping[str, Channel], snap: Snapshot, now: datetime, report: TickReport,
                 sleep: Sleep, max_tries: int, lease: timedelta) -> None:
        self.core, self.channels, self.snap, self.now, self.report = core, channels, snap, now, report
        self.sleep, self.max_tries, self.lease = sleep, max_tries, lease
        self.today = now.astimezone(core.calendar.tz).date()
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        self.queue: asyncio.Queue[list[Delivery]] = asyncio.Queue()
        self.files = getattr(core, "files", None)  # evidence forwarded with review notices
        self.web_url = getattr(core, "web_url", None)  # the web page, for files a channel cannot carry

    async def run(self, work: list[Delivery], concurrency: int) -> None:
        by_contact: dict[int, list[Delivery]] = {}
        for d in work:
            by_contact.setdefault(d.contact.id, []).append(d)  # one contact's messages in order
        for group in by_contact.values():
            self.queue.put_nowait(group)
        workers = [asyncio.create_task(self._worker()) for _ in range(max(1, concurrency))]
        try:
            await self.queue.join()
        finally:
            for w in workers:
                w.cancel()
            await asyncio.gather(*workers, return_exceptions=True)

    async def _worker(self) -> None:
        while True:
            group = await self.queue.get()
            try:
                for d in group:
                    if not d.contact.active:
                        break
                    await self._deliver(d)
            except Exception:  # a bug must not stop the other contacts
                log.exception("dispatch: delivery to contact %s failed", group[0].contact.id)
            finally:
                self.queue.task_done()

    async def _db(self, fn, *args, **kw):
        """A database step in a worker thread, always finished even if the pass is cancelled
        meanwhile, so what was claimed is known and can be handed back."""
        fut = asyncio.ensure_future(asyncio.to_thread(fn, *args, **kw))
        try:
            return await asyncio.shield(fut)
        except asyncio.CancelledError:
            await asyncio.wait([fut])
            raise

    async def _deliver(self, d: Delivery) -> None:
        try:
            await self._claim_and_send(d)
        except BaseException:  # cancelled (shutdown) or a bug: hand our unsent claims back at once
            claims.release(self.core.engine, d.keys, self.owner, "interrupted")
            raise

    async def _claim_and_send(self, d: Delivery) -> None:
        engine, wall = self.core.engine, self.core.clock()
        claim = lambda items: claims.claim(engine, items, d.contact.id, self.owner, wall, wall - self.lease)  # noqa: E731
        gate: set[str] = set()
        if d.gate is not None:
            gate = await self._db(claim, [d.gate])
            if not gate:
                self.report.skipped += len(d.items)
                return
        won = await self._db(claim, d.items)
        self.report.skipped += len(d.items) - len(won)
        if not won:
            if gate:
                await self._db(claims.drop_claim, engine, d.gate.key, self.owner)
            return
        self.report.claimed += len(won) + len(gate)
        channel = self.channels[d.contact.platform]
        if d.notice is not None and d.kind in outgoing.WITH_FILES:  # the files as of now; where they cannot go, a link
            await self._db(outgoing.prepare, engine, d.kind, d.notice, channel.caps, d.contact.id, self.web_url,
                           wall, self.core.calendar.tz)
        parts, faults = await asyncio.get_running_loop().run_in_executor(  # off the chat's loop
            _RENDER, partial(build_isolated, d, won | gate, channel.caps, self.today, files=self.files,
                             tz=self.core.calendar.tz))
        if faults:
            await self._faulty(d, won, faults)
        for n, part in enumerate(parts):
            if n and channel.caps.chat_gap:
                await self.sleep(channel.caps.chat_gap)  # Telegram: about one message a second in one chat
            held = [k for p in parts[n:] for k in p.keys]
            outcome, error = await self._send(channel, d, part, held)
            if outcome == "lost":  # taken over by another pass after our lease: it sends, not us
                log.warning("dispatch: claims for contact %s were taken over; not sending", d.contact.id)
                await self._db(claims.release, engine, held, self.owner, "taken over")
                self.report.skipped += len(held)
                return
            if outcome != "sent":
                await self._failed(d, parts[n:], outcome, error)
                return
            # at once: a crash between "accepted" and this line is the one window for a repeat
            await self._db(claims.mark_sent, engine, part.keys, self.core.clock())
            if d.notice is not None and part.ids and d.kind in ("review", "extreq"):
                await self._db(_remember, engine, d, part.keys or [d.items[0].key], part.ids[0])
            self.report.sent.append(_record(d, part))

    async def _faulty(self, d: Delivery, won: set[str], faults) -> None:
        """Tasks left out of `d` because they would not render: their claims go back (a fixed
        row is sent by a later pass) and the secretariat hears of each, once a day."""
        kept = {i.key for i in d.items}
        await self._db(claims.release, self.core.engine, [k for k in won if k not in kept], self.owner, "render failed")
        for n in fault_notices(faults, self.snap, self.core.clock(), self.today):
            if n.contact.platform in self.channels:
                self.queue.put_nowait([n])

    async def _send(self, channel: Channel, d: Delivery, part: Part, held: list[str]) -> tuple[str, str]:
        """Send one part, retrying temporary failures within the pass. Before every attempt the
        claims still held (`held`) are checked to be ours and their lease extended; a wait that
        would outlast the lease is not waited: the claims go back to the next pass instead."""
        waited = 0.0
        lease = self.lease.total_seconds()
        for attempt in range(1, self.max_tries + 1):
            if not await self._db(claims.renew, self.core.engine, held, self.owner, self.core.clock()):
                return "lost", ""
            try:
                part.ids = list(await channel.send(d.contact.chat_id, part.reply) or [])
                return "sent", ""
            except DeliveryBlocked as exc:
                return "blocked", _scrub(str(exc))
            except DeliveryRetry as exc:
                wait = exc.retry_after if exc.retry_after is not None else _backoff(attempt)
                error = _scrub(str(exc))
            except DeliveryError as exc:
                return "dead", _scrub(str(exc))
            except Exception as exc:  # an adapter let a library error through: retry next pass
                log.warning("dispatch: unexpected %s sending to contact %s", type(exc).__name__, d.contact.id)
                return "retry", _scrub(f"{type(exc).__name__}: {exc}")
            if attempt == self.max_tries or waited + wait > RETRY_BUDGET or wait > lease * LEASE_SHARE:
                return "retry", error
            log.info("dispatch: %s; retrying contact %s in %.1fs", error, d.contact.id, wait)
            self.report.retried += 1
            waited += wait
            await self.sleep(wait)
        return "retry", "unreachable"

    async def _failed(self, d: Delivery, parts: list[Part], outcome: str, error: str) -> None:
        keys = [k for p in parts for k in p.keys]
        await self._db(claims.mark_failed, self.core.engine, keys, error, dead=outcome == "dead")
        rec = _record(d, None, keys=keys, error=error, codes=[c for p in parts for c in p.codes])
        if outcome == "dead":
            log.error("dispatch: message to contact %s rejected: %s", d.contact.id, error)
            self.report.failed.append(rec)
            return
        self.report.deferred.append(rec)
        if outcome == "blocked":
            d.contact.active = False
            notices = blocked_notices(d.contact, self.snap, self.core.clock())
            rows = [(n.items[0], n.contact.id) for n in notices]
            if await self._db(claims.deactivate, self.core.engine, d.contact.id, rows, self.core.clock()):
                log.warning("dispatch: contact %s blocked the bot; now inactive", d.contact.id)
                self.report.blocked.append(d.contact.id)
                if not notices:
                    log.warning("dispatch: no active secretariat contact to tell about contact %s", d.contact.id)
                for n in notices:  # recorded with the deactivation: a channel not running gets them later
                    if n.contact.platform in self.channels:
                        self.queue.put_nowait([n])


def _dry_run(work: list[Delivery], channels: Mapping[str, Channel], caps: Mapping[str, Capabilities] | None,
             today, report: TickReport, tz) -> None:
    """Render every message that would be sent (in a worker thread: thousands of tasks)."""
    for d in work:
        channel = channels.get(d.contact.platform)
        shown = channel.caps if channel is not None else (caps or {}).get(d.contact.platform, PLAIN)
        parts = build(d, set(d.keys), shown, today, tz=tz)
        report.would_send.append(_record(d, None, codes=[c for p in parts for c in p.codes], messages=len(parts),
                                         text="\n\n".join(p.text for p in parts)))


def _remember(engine: Engine, d: Delivery, keys: list[str], message_id: str) -> None:
    """A review notice's platform message id, so the decision can edit it later (Telegram)."""
    with session_scope(engine) as s:
        review.save_message(s, keys[0], d.notice.event.id, d.contact.id, d.contact.chat_id, message_id)


async def tick(core: Deps, channels: Mapping[str, Channel], now: datetime | None = None, *, dry_run: bool = False,
               rules: Rules = DEFAULT_RULES, sleep: Sleep = asyncio.sleep, max_tries: int = MAX_TRIES,
               concurrency: int = CONCURRENCY, lease: timedelta = LEASE,
               caps: Mapping[str, Capabilities] | None = None) -> TickReport:
    """One dispatch pass at `now` (default: the core's clock). Safe to run from several
    processes on PostgreSQL; `dry_run` claims and sends nothing and lists who would get what
    (shown as the running channel, else as `caps[platform]` would show it)."""
    now = now or core.clock()
    report = TickReport(now=now, dry_run=dry_run)
    stale = core.clock() - lease
    try:
        return await _tick(core, channels, now, report, dry_run, rules, stale, sleep, max_tries, concurrency, lease, caps)
    finally:
        gcpause.thaw()


async def _tick(core, channels, now, report, dry_run, rules, stale, sleep, max_tries, concurrency, lease, caps):
    snap, work = await asyncio.to_thread(_prepare, core, now, rules, stale, report)
    if dry_run:
        await asyncio.to_thread(_dry_run, work, channels, caps, now.astimezone(core.calendar.tz).date(), report,
                                core.calendar.tz)
        return report
    runnable = []
    for d in work:
        if d.contact.platform in channels:
            runnable.append(d)
        elif d.contact.id not in report.no_channel:
            report.no_channel.append(d.contact.id)
    await _Pass(core, channels, snap, now, report, sleep, max_tries, lease).run(runnable, concurrency)
    if report.sent or report.deferred or report.failed:
        log.info("dispatch %s: %d messages sent, %d deferred, %d failed, %d blocked", now.isoformat(timespec="minutes"),
                 len(report.sent), len(report.deferred), len(report.failed), len(report.blocked))
    return report
