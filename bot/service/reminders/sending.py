"""The sending half of a pass: workers, claims, rendering, retries and marks.

A contact's deliveries go out in order, by one of `concurrency` workers; each delivery's keys
are claimed right before it is rendered and sent (the escalation's day gate first and alone),
each part's keys are checked to be still ours and their lease extended before every attempt,
and marked sent as soon as the platform accepted the part. Every database call and every
render is a step (reminders/steps.py): done in a worker thread, one at a time, never on the
event loop that answers the chat.
"""
from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta

from bot.service.ports import Channel, DeliveryBlocked, DeliveryError, DeliveryRetry
from bot.service.reminders.deliveries import Delivery
from bot.service.reminders.digest import Part, build_isolated
from bot.service.reminders.owed import blocked_notices, fault_notices
from bot.service.reminders.planner import Snapshot
from bot.service.reminders.report import TickReport, record, scrub
from bot.service.reminders.steps import Steps
from bot.service.review import outgoing
from bot.store import Engine, claims, review, session_scope

log = logging.getLogger("bot.service.reminders.dispatch")  # the name the runner quiets in console mode
LEASE = timedelta(minutes=5)  # an unsent claim older than this was left by a crash (well above
# the longest a live pass holds one: RETRY_BUDGET plus the rate limiter's own 429 waits)
MAX_TRIES = 4  # sends of one message within a pass
RETRY_BUDGET = 60.0  # seconds of waiting per message within a pass: well inside the lease
LEASE_SHARE = 0.5  # a single wait never exceeds half the lease (renewed before each attempt)
RENEW_ALL = 0.1  # the later parts' claims are renewed too once this share of the lease has gone by
CONCURRENCY = 8  # contacts served at once (the channel's rate limiter paces them)
Sleep = Callable[[float], Awaitable[object]]


def _backoff(attempt: int) -> float:
    return float(min(30, 2 ** (attempt - 1)))


class Sender:
    """Sends one pass's deliveries; `core` is the dispatcher's `Deps`."""

    def __init__(self, core, steps: Steps, channels: Mapping[str, Channel], snap: Snapshot, now: datetime,
                 report: TickReport, sleep: Sleep, max_tries: int, lease: timedelta) -> None:
        self.core, self.steps, self.channels, self.snap, self.report = core, steps, channels, snap, report
        self.sleep, self.max_tries, self.lease = sleep, max_tries, lease
        self.engine: Engine = core.engine
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

    async def _deliver(self, d: Delivery) -> None:
        try:
            await self._claim_and_send(d)
        except BaseException:  # cancelled (shutdown) or a bug: hand our unsent claims back at once
            claims.release(self.engine, d.keys, self.owner, "interrupted")
            raise

    async def _claim_and_send(self, d: Delivery) -> None:
        run, engine, wall = self.steps.run, self.engine, self.core.clock()
        stale = wall - self.lease
        gate: set[str] = set()
        if d.gate is not None:
            gate = await run(claims.claim, engine, [d.gate], d.contact.id, self.owner, wall, stale)
            if not gate:
                self.report.skipped += len(d.items)
                return
        won = await run(claims.claim, engine, d.items, d.contact.id, self.owner, wall, stale)
        self.report.skipped += len(d.items) - len(won)
        if not won:
            if gate:
                await run(claims.drop_claim, engine, d.gate.key, self.owner)
            return
        self.report.claimed += len(won) + len(gate)
        channel = self.channels[d.contact.platform]
        if d.notice is not None and d.kind in outgoing.WITH_FILES:  # the files as of now; where they cannot go, a link
            await run(outgoing.prepare, engine, d.kind, d.notice, channel.caps, d.contact.id, self.web_url,
                      wall, self.core.calendar.tz)
        parts, faults = await run(build_isolated, d, won | gate, channel.caps, self.today, files=self.files,
                                  tz=self.core.calendar.tz)
        if faults:
            await self._faulty(d, won, faults)
        renewed = [wall]  # when every key still held last had its lease extended (the claim did it)
        for n, part in enumerate(parts):
            if n and channel.caps.chat_gap:
                await self.sleep(channel.caps.chat_gap)  # Telegram: about one message a second in one chat
            held = [k for p in parts[n:] for k in p.keys]
            outcome, error = await self._send(channel, d, part, held, renewed)
            if outcome == "lost":  # taken over by another pass after our lease: it sends, not us
                log.warning("dispatch: claims for contact %s were taken over; not sending", d.contact.id)
                await run(claims.release, engine, held, self.owner, "taken over")
                self.report.skipped += len(held)
                return
            if outcome != "sent":
                await self._failed(d, parts[n:], outcome, error)
                return
            # at once: a crash between "accepted" and this line is the one window for a repeat
            await run(claims.mark_sent, engine, part.keys, self.core.clock())
            if d.notice is not None and part.ids and d.kind in ("review", "extreq"):
                await run(_remember, engine, d, part.keys or [d.items[0].key], part.ids[0])
            self.report.sent.append(record(d, part))

    async def _faulty(self, d: Delivery, won: set[str], faults) -> None:
        """Tasks left out of `d` because they would not render: their claims go back (a fixed
        row is sent by a later pass) and the secretariat hears of each, once a day."""
        kept = {i.key for i in d.items}
        await self.steps.run(claims.release, self.engine, [k for k in won if k not in kept], self.owner,
                             "render failed")
        for n in fault_notices(faults, self.snap, self.core.clock(), self.today):
            if n.contact.platform in self.channels:
                self.queue.put_nowait([n])

    async def _send(self, channel: Channel, d: Delivery, part: Part, held: list[str],
                    renewed: list[datetime]) -> tuple[str, str]:
        """Send one part, retrying temporary failures within the pass. Before every attempt the
        part's claims are checked to be ours and their lease extended, and so are those of the
        parts still to come (`held`) once `RENEW_ALL` of the lease has gone by since they last
        were (or when the part carries no key of its own): the part about to go out is always checked, and no key still held comes near the
        end of its lease (every wait is shorter than half of it), without renewing all of a long
        digest's keys for each of its parts. A wait that would outlast the lease is not waited:
        the claims go back to the next pass instead."""
        waited = 0.0
        lease = self.lease.total_seconds()
        for attempt in range(1, self.max_tries + 1):
            at = self.core.clock()
            every = at - renewed[0] >= self.lease * RENEW_ALL or not part.keys
            if not await self.steps.run(claims.renew, self.engine, held if every else part.keys, self.owner, at):
                return "lost", ""
            if every:
                renewed[0] = at
            try:
                part.ids = list(await channel.send(d.contact.chat_id, part.reply) or [])
                return "sent", ""
            except DeliveryBlocked as exc:
                return "blocked", scrub(str(exc))
            except DeliveryRetry as exc:
                wait = exc.retry_after if exc.retry_after is not None else _backoff(attempt)
                error = scrub(str(exc))
            except DeliveryError as exc:
                return "dead", scrub(str(exc))
            except Exception as exc:  # an adapter let a library error through: retry next pass
                log.warning("dispatch: unexpected %s sending to contact %s", type(exc).__name__, d.contact.id)
                return "retry", scrub(f"{type(exc).__name__}: {exc}")
            if attempt == self.max_tries or waited + wait > RETRY_BUDGET or wait > lease * LEASE_SHARE:
                return "retry", error
            log.info("dispatch: %s; retrying contact %s in %.1fs", error, d.contact.id, wait)
            self.report.retried += 1
            waited += wait
            await self.sleep(wait)
        return "retry", "unreachable"

    async def _failed(self, d: Delivery, parts: list[Part], outcome: str, error: str) -> None:
        keys = [k for p in parts for k in p.keys]
        await self.steps.run(claims.mark_failed, self.engine, keys, error, dead=outcome == "dead")
        rec = record(d, None, keys=keys, error=error, codes=[c for p in parts for c in p.codes])
        if outcome == "dead":
            log.error("dispatch: message to contact %s rejected: %s", d.contact.id, error)
            self.report.failed.append(rec)
            return
        self.report.deferred.append(rec)
        if outcome == "blocked":
            d.contact.active = False
            notices = blocked_notices(d.contact, self.snap, self.core.clock())
            rows = [(n.items[0], n.contact.id) for n in notices]
            if await self.steps.run(claims.deactivate, self.engine, d.contact.id, rows, self.core.clock()):
                log.warning("dispatch: contact %s blocked the bot; now inactive", d.contact.id)
                self.report.blocked.append(d.contact.id)
                if not notices:
                    log.warning("dispatch: no active secretariat contact to tell about contact %s", d.contact.id)
                for n in notices:  # recorded with the deactivation: a channel not running gets them later
                    if n.contact.platform in self.channels:
                        self.queue.put_nowait([n])


def _remember(engine: Engine, d: Delivery, keys: list[str], message_id: str) -> None:
    """A review notice's platform message id, so the decision can edit it later (Telegram)."""
    with session_scope(engine) as s:
        review.save_message(s, keys[0], d.notice.event.id, d.contact.id, d.contact.chat_id, message_id)
