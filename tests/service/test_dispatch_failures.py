"""Dispatch under failure: crashes, races, retries, blocked users, long digests, no buttons."""
from __future__ import annotations

import asyncio
import threading
from datetime import date, timedelta

import pytest
from sqlmodel import Session

from bot.app import Core
from bot.service.ports import Capabilities, DeliveryError, DeliveryRetry
from bot.clock import to_utc
from bot.service.reminders.dispatch import tick
from bot.store import make_engine, session_scope
from bot.store.models import Contact, Reminder
from schedules.policy import Rules
from tests.service.test_dispatch_support import Recorder, at, clock, dcore, rec, run, world  # noqa: F401 (fixtures)

pytestmark = pytest.mark.store
NOW = at(4, 13, 9)  # T-14 of the default due date: every task below is owed a message
QUIET = Rules(checkin_workday=25)  # no month has 25 working days: no monthly check-in in the way


class Sleeps(list):
    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


def setup_one(world):
    a = world.agency("Sở Y tế")
    code = world.task(a)
    return a, code, world.contact(a)


async def test_crash_between_claim_and_send_is_retried_after_the_lease(dcore, world, rec):
    _, code, focal = setup_one(world)
    key = "a1:2026-05-06:before:14:c1"
    with session_scope(dcore.engine) as s:  # another process claimed it and died before sending
        s.add(Reminder(key=key, kind="before", assignment_id=1, contact_id=1, slot_at=to_utc(at(4, 13)),
                       claimed_at=to_utc(NOW - timedelta(seconds=30)), claimed_by="other:1"))
    r = await run(dcore, {"telegram": rec}, NOW, rules=QUIET)
    assert rec.sent == [] and r.skipped == 1  # the other claim's lease still runs
    r = await run(dcore, {"telegram": rec}, NOW + timedelta(minutes=6), rules=QUIET)
    assert [m.codes for m in rec.sent] == [[code]] and r.claimed == 1
    [row] = [x for x in world.reminders() if x.key == key]
    assert row.sent_at is not None and row.claimed_by != "other:1"
    r = await run(dcore, {"telegram": rec}, NOW + timedelta(minutes=20), rules=QUIET)
    assert r.messages == 0 and len(rec.sent) == 1


async def test_a_pass_cancelled_mid_way_loses_and_repeats_nothing(dcore, world, rec, db_url, clock):
    a = world.agency("Sở Y tế")
    codes = [world.task(a) for _ in range(2)]
    chats = [world.contact(a) for _ in range(3)]
    hang = asyncio.Event()
    real_send = rec.send

    async def send(chat_id, reply):
        if chat_id == chats[1]:
            await hang.wait()  # the process dies while this one is on the wire
        return await real_send(chat_id, reply)

    rec.send = send
    first = asyncio.create_task(run(dcore, {"telegram": rec}, NOW, concurrency=1))
    while len(rec.sent) < 1:
        await asyncio.sleep(0.01)
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    assert [m.chat_id for m in rec.sent] == [chats[0]]
    rec.send = real_send
    fresh = Core(settings=dcore.settings, engine=make_engine(db_url), clock=clock)
    try:
        await run(fresh, {"telegram": rec}, NOW + timedelta(seconds=5))
    finally:
        fresh.engine.dispose()
    assert sorted(m.chat_id for m in rec.sent) == sorted(chats)
    assert all(m.codes == codes for m in rec.sent)


@pytest.mark.parametrize("how", ["gather", "threads"])
async def test_two_dispatchers_racing_send_each_slot_once(dcore, world, db_url, clock, how):
    chats = []
    for n in range(12):
        a = world.agency(f"Cơ quan {n}")
        world.task(a)
        chats += [world.contact(a), world.contact(a)]
    world.contact(None, "lead")
    recs = [Recorder(clock), Recorder(clock)]
    cores = [Core(settings=dcore.settings, engine=make_engine(db_url), clock=clock) for _ in recs]
    reports = []
    try:
        if how == "gather":
            reports = await asyncio.gather(*(tick(c, {"telegram": r}, NOW) for c, r in zip(cores, recs)))
        else:
            barrier = threading.Barrier(2)

            def one(c, r):
                barrier.wait()
                reports.append(asyncio.run(tick(c, {"telegram": r}, NOW)))

            threads = [threading.Thread(target=one, args=cr) for cr in zip(cores, recs)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
    finally:
        for c in cores:
            c.engine.dispose()
    got = sorted(m.chat_id for r in recs for m in r.sent)
    assert got == sorted(chats)  # one message each: nobody twice, nobody missed
    keys = len(world.reminders())
    assert keys == 2 * len(chats)  # each focal point: the slot and the month's check-in
    assert sum(r.claimed for r in reports) == keys == sum(r.skipped for r in reports)  # each won once, lost once
    assert all(r.sent_at is not None for r in world.reminders())


async def test_retry_after_waits_as_told_then_sends_once(dcore, world, rec):
    _, code, focal = setup_one(world)
    rec.plan = [(focal, DeliveryRetry("429", 7.0)), (focal, DeliveryRetry("502"))]
    sleeps = Sleeps()
    r = await run(dcore, {"telegram": rec}, NOW, sleep=sleeps, rules=QUIET)
    assert sleeps == [7.0, 2.0] and r.retried == 2  # as told, then backoff
    assert [m.codes for m in rec.sent] == [[code]] and r.deferred == []


async def test_retries_exhausted_leave_the_claim_for_the_next_pass(dcore, world, rec):
    _, code, focal = setup_one(world)
    rec.plan = [(focal, DeliveryRetry("timeout"))] * 4
    sleeps = Sleeps()
    r = await run(dcore, {"telegram": rec}, NOW, sleep=sleeps, rules=QUIET)
    assert rec.sent == [] and sleeps == [1.0, 2.0, 4.0] and len(r.deferred) == 1
    [row] = world.reminders()
    assert row.sent_at is None and row.attempts == 1 and row.last_error == "timeout" and row.claimed_by == ""
    r = await run(dcore, {"telegram": rec}, NOW + timedelta(minutes=1), sleep=sleeps, rules=QUIET)
    assert [m.codes for m in rec.sent] == [[code]] and r.claimed == 1
    [row] = world.reminders()
    assert row.sent_at is not None and row.attempts == 2


async def test_a_long_retry_after_is_left_to_the_next_pass(dcore, world, rec):
    setup_one(world)
    rec.plan = [(None, DeliveryRetry("429", 600.0))]
    sleeps = Sleeps()
    r = await run(dcore, {"telegram": rec}, NOW, sleep=sleeps, rules=QUIET)
    assert sleeps == [] and len(r.deferred) == 1 and rec.sent == []


async def test_blocked_contact_becomes_inactive_and_the_secretariat_is_told_once(dcore, world, rec):
    a, code, focal = setup_one(world)
    other = world.contact(a)
    sec = world.contact(None, "secretariat")
    rec.blocked.add(focal)
    r = await run(dcore, {"telegram": rec}, NOW, rules=QUIET)
    assert r.blocked == [1] and [m.chat_id for m in rec.sent if m.codes] == [other]
    [notice] = rec.to(sec)
    assert "đã chặn bot" in notice.text and "Người " + focal in notice.text and "Sở Y tế" in notice.text
    with Session(dcore.engine) as s:
        assert s.get(Contact, 1).active is False
    for minutes in (1, 60, 60 * 24):
        await run(dcore, {"telegram": rec}, NOW + timedelta(minutes=minutes), rules=QUIET)
    assert len(rec.to(sec)) == 1 and rec.to(focal) == []


async def test_a_failed_notice_about_a_blocked_contact_is_retried(dcore, world, rec):
    _, _, focal = setup_one(world)
    sec = world.contact(None, "secretariat")
    rec.blocked.add(focal)
    rec.plan = [(sec, DeliveryRetry("502"))] * 4
    await run(dcore, {"telegram": rec}, NOW, sleep=Sleeps(), rules=QUIET)
    assert rec.to(sec) == []
    await run(dcore, {"telegram": rec}, NOW + timedelta(minutes=1), rules=QUIET)
    [notice] = [m for m in rec.to(sec) if "Không gửi được tin nhắc" in m.text]  # besides the orphan report
    assert "Người " + focal in notice.text


async def test_permanent_rejection_is_recorded_and_not_retried(dcore, world, rec):
    setup_one(world)
    rec.plan = [(None, DeliveryError("400 can't parse entities"))]
    r = await run(dcore, {"telegram": rec}, NOW, rules=QUIET)
    assert len(r.failed) == 1 and rec.calls == 1
    await run(dcore, {"telegram": rec}, NOW + timedelta(hours=1), rules=QUIET)
    assert rec.calls == 1 and rec.sent == []
    [row] = world.reminders()
    assert row.sent_at is None and "400" in row.last_error


async def test_channel_without_buttons_gets_the_text_commands(dcore, world, clock):
    a = world.agency("Sở Y tế")
    code = world.task(a)
    chat = world.contact(a, platform="zalo")
    zalo = Recorder(clock, platform="zalo", caps=Capabilities(max_len=2000, has_buttons=False, html=False,
                                                              send_rate=10.0))
    await run(dcore, {"zalo": zalo}, NOW, rules=QUIET)
    [msg] = zalo.to(chat)
    assert msg.codes == [] and all(not e.buttons for e in msg.reply.entries)
    assert "XONG <mã> [ghi chú]" in msg.text and "CHAM <mã> [ngày] [lý do]" in msg.text
    assert "GHICHU <mã> <nội dung>" in msg.text and f"XONG {code}" in msg.text


async def test_contact_on_a_platform_that_is_not_running_is_left_for_later(dcore, world, rec, clock):
    a = world.agency("Sở Y tế")
    world.task(a)
    chat = world.contact(a, platform="zalo")
    r = await run(dcore, {"telegram": rec}, NOW, rules=QUIET)
    assert r.no_channel == [1] and world.reminders() == []
    zalo = Recorder(clock, platform="zalo", caps=Capabilities(2000, False, False, 10.0))
    await run(dcore, {"telegram": rec, "zalo": zalo}, NOW + timedelta(minutes=1), rules=QUIET)
    assert [m.chat_id for m in zalo.sent] == [chat]


async def test_long_digest_is_cut_between_tasks_and_each_part_marked_on_its_own(dcore, world, rec):
    a = world.agency("Sở Y tế")
    words = "triển khai nhiệm vụ chuyển đổi số và phát triển khoa học công nghệ đổi mới sáng tạo "
    codes = [world.task(a, date(2026, 4, 1) + timedelta(days=n), content=words * 3) for n in range(40)]
    focal = world.contact(a)
    rec.caps = Capabilities(max_len=2000, has_buttons=True, html=True, send_rate=30.0)
    calls = 0
    real = rec.send

    async def flaky(chat_id, reply):  # the third message fails through the whole pass
        nonlocal calls
        calls += 1
        if calls in (3, 4, 5, 6):
            raise DeliveryRetry("502")
        return await real(chat_id, reply)

    rec.send = flaky
    await run(dcore, {"telegram": rec}, at(5, 12, 9), sleep=Sleeps(), rules=QUIET)
    first = [c for m in rec.sent for c in m.codes]
    assert len(rec.sent) == 2 and all(len(m.text) <= 2000 for m in rec.sent)
    rec.send = real
    gaps = Sleeps()
    await run(dcore, {"telegram": rec}, at(5, 12, 9, 1), rules=QUIET, sleep=gaps)
    assert gaps and set(gaps) == {1.0}  # a second between two messages to one chat
    sent = [c for m in rec.sent for c in m.codes]
    assert sorted(sent) == sorted(codes) and len(sent) == len(set(sent))  # all, once: no part repeated
    assert sent[:len(first)] == first and len(rec.sent) > 3
    for m in rec.sent:
        assert len(m.text) <= 2000
        assert all(e.text.count("·") == 1 or not e.buttons for e in m.reply.entries)  # whole entries only
    assert focal
