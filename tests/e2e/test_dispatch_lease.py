"""A slot is never sent twice because a sender outlived its claim (issue 12, item 4).

(a) a 429 asking for 400 s: python-telegram-bot's limiter used to sleep it out, past the
5-minute lease, while another pass took the claim over and sent; now the wait comes back to the
dispatcher at once, which hands the claim to a later pass. A sender checks that its claims are
still its own (and extends their lease) before every attempt.
(b) a killed pass: its claims are taken over only after the lease, and a part already marked
sent is never sent again (at least once remains only between "accepted" and "marked sent")."""
from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.channels.telegram import TelegramChannel, sending_bot
from bot.clock import to_utc
from bot.service.ports import Capabilities, DeliveryRetry, Reply
from bot.store.models import Reminder
from schedules.policy import Rules
from tests.e2e.conftest import TELEGRAM_TOKEN
from tests.service.test_dispatch_support import Recorder, at, clock, dcore, rec, run, world  # noqa: F401 (fixtures)

pytestmark = pytest.mark.store
NOW = at(4, 13, 9)
QUIET = Rules(checkin_workday=25)  # no monthly check-in in the way


class Sleeps(list):
    """The injected sleep: records and, like time passing, moves the clock on."""

    def __init__(self, clock, during=None) -> None:
        super().__init__()
        self.clock, self.during = clock, during

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)
        self.clock.t += timedelta(seconds=seconds)
        if self.during:
            await self.during()


async def test_a_long_retry_after_is_raised_not_slept_by_the_telegram_limiter(telegram_server):
    telegram_server.fail_next("sendMessage", 429, retry_after=400)
    async with sending_bot(TELEGRAM_TOKEN, telegram_server.base_url) as bot:
        channel = TelegramChannel(bot, background=True)
        with pytest.raises(DeliveryRetry) as err:
            await asyncio.wait_for(channel.send("42", Reply.text("x")), 5)
    assert err.value.retry_after == 400 and telegram_server.outbox(42) == []


async def test_a_long_retry_after_releases_the_claim_and_a_later_pass_sends_once(dcore, world, rec, clock):
    a = world.agency("Sở Y tế")
    code = world.task(a)
    chat = world.contact(a)
    rec.plan.append((chat, DeliveryRetry("429", retry_after=400)))
    sleeps = Sleeps(clock)
    r = await run(dcore, {"telegram": rec}, NOW, sleep=sleeps)
    assert rec.sent == [] and 400 not in sleeps and r.deferred
    assert all(x.claimed_by == "" and x.sent_at is None for x in world.reminders())
    await run(dcore, {"telegram": rec}, NOW + timedelta(minutes=1))
    await run(dcore, {"telegram": rec}, NOW + timedelta(minutes=2))
    assert [m.codes for m in rec.to(chat)] == [[code]]


async def test_a_sender_whose_claim_was_taken_over_while_it_waited_does_not_send(dcore, world, rec, clock):
    a = world.agency("Sở Y tế")
    world.task(a)
    chat = world.contact(a)
    rec.plan.append((chat, DeliveryRetry("429", retry_after=50)))

    async def another_pass_takes_over() -> None:  # as if our process had stalled past the lease
        with dcore.engine.begin() as conn:
            conn.execute(update(Reminder.__table__).values(claimed_by="other:2", claimed_at=to_utc(clock.t)))

    r = await run(dcore, {"telegram": rec}, NOW, sleep=Sleeps(clock, another_pass_takes_over), lease=timedelta(minutes=5))
    assert rec.sent == [] and r.messages == 0
    assert all(x.claimed_by == "other:2" for x in world.reminders())


async def test_a_killed_pass_is_taken_over_after_the_lease_and_a_marked_part_is_never_resent(dcore, world, clock):
    small = Capabilities(max_len=300, has_buttons=True, html=True, send_rate=30.0, max_buttons=100, chat_gap=0)
    rec = Recorder(clock, caps=small)
    a = world.agency("Sở Y tế")
    codes = [world.task(a, content="Nội dung việc khá dài " * 4) for _ in range(4)]
    chat = world.contact(a)
    first = Recorder(clock, caps=small)
    sent = first.send

    async def dies_after_the_first_part(chat_id, reply):
        if first.sent:
            raise asyncio.CancelledError  # the process is gone: no release, no mark
        return await sent(chat_id, reply)

    first.send = dies_after_the_first_part
    await run(dcore, {"telegram": first}, NOW, rules=QUIET)
    with dcore.engine.begin() as conn:  # kill -9: the "interrupted" release would not have run
        conn.execute(update(Reminder.__table__).where(Reminder.sent_at.is_(None))
                     .values(claimed_by="dead:1", claimed_at=to_utc(NOW)))
    marked = {int(x.key.split(":")[0][1:]) for x in world.reminders() if x.sent_at is not None}
    shown = {codes[n - 1] for n in marked}
    assert len(first.sent) == 1 and shown and len(shown) < len(codes)
    await run(dcore, {"telegram": rec}, NOW + timedelta(minutes=4), rules=QUIET)
    assert rec.sent == []  # the lease still runs
    await run(dcore, {"telegram": rec}, NOW + timedelta(minutes=6), rules=QUIET)
    again = {c for m in rec.to(chat) for c in m.codes}
    assert again == set(codes) - shown  # the marked part is not repeated


async def test_a_long_digest_keeps_every_claim_it_still_holds_inside_its_lease(dcore, world, clock):
    """20 parts, 20 s apart (400 s, more than the 5-minute lease): each part's own claims are
    checked before it goes, the later parts' leases extended every RENEW_ALL of the lease."""
    slow = Capabilities(max_len=300, has_buttons=True, html=True, send_rate=30.0, max_buttons=100, chat_gap=20)
    rec = Recorder(clock, caps=slow)
    a = world.agency("Sở Y tế")
    codes = [world.task(a, content="Nội dung việc khá dài " * 4) for _ in range(20)]
    chat = world.contact(a)
    ages = []
    real = rec.send

    async def send(chat_id, reply):
        now = to_utc(clock.t)
        ages.append(max(now - to_utc(x.claimed_at) for x in world.reminders() if x.sent_at is None))
        return await real(chat_id, reply)

    rec.send = send
    r = await run(dcore, {"telegram": rec}, NOW, rules=QUIET, sleep=Sleeps(clock), lease=timedelta(minutes=5))
    assert r.messages == len(rec.sent) == len(ages) >= 20 and clock.t - NOW > timedelta(minutes=6)
    assert {c for m in rec.to(chat) for c in m.codes} == set(codes)
    assert max(ages) <= timedelta(seconds=60)  # never near the lease: nobody could take them over
