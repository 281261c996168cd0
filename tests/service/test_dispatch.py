"""Reminder dispatch with an injected clock and a recording channel: who gets what, when, once.

The walked task is due Wednesday 6/5/2026 (the same as tests/unit/test_policy.py): its
slots fall at 08:00 on 13/4 (T-14), 22/4 (T-7), 29/4 (T-3), 5/5 (T-1), 6/5 (due), 11/5
(3 working days over), 14/5 (6), 19/5 (9); the lead's escalation on 13/5 (5 over). 30/4, 1/5
and the weekends in between are days off. The monthly check-in falls on the first working
day of each month at 08:00 (4/5/2026 for May).
"""
from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from bot.app import Core
from bot.store import make_engine, session_scope
from bot.store.models import Contact
from tests.service.test_dispatch_support import (  # noqa: F401 (fixtures)
    DUE, at, clock, dcore, digests, rec, run, stamps, walk, world,
)

pytestmark = pytest.mark.store


# --- the walk ----------------------------------------------------------------------------


async def test_walk_from_t_minus_14_to_ten_days_overdue(dcore, world, rec):
    a = world.agency("Sở Y tế")
    code = world.task(a)
    focal = world.contact(a)
    lead = world.contact(None, "lead")
    await walk(dcore, {"telegram": rec}, date(2026, 4, 9), date(2026, 5, 20))

    got = digests(rec, focal)
    assert stamps(got) == ["13/04 08:00", "22/04 08:00", "29/04 08:00", "05/05 08:00", "06/05 08:00",
                               "11/05 08:00", "14/05 08:00", "19/05 08:00"]
    assert all(m.codes == [code] for m in got)
    assert "Sắp đến hạn" in got[0].text and "còn 23 ngày" in got[0].text
    assert "Quá hạn" in got[5].text and "quá hạn 5 ngày" in got[5].text
    monthly = [m for m in rec.to(focal) if "Cập nhật tiến độ tháng" in m.text]
    assert stamps(monthly) == ["09/04 08:00", "04/05 08:00"]  # April's is caught up on the first tick
    assert [(m.at, "Sở Y tế" in m.text, m.codes) for m in rec.to(lead)] == [(at(5, 13), True, [])]
    assert len(rec.sent) == 11
    for m in rec.sent:
        assert dcore.calendar.is_working_time(m.at)
    keys = [r.key for r in world.reminders()]
    assert len(keys) == len(set(keys)) == 8 + 2 + 2  # slots, month check-ins, escalation + its day gate
    assert all(r.sent_at is not None and r.attempts == 1 for r in world.reminders())


async def test_two_focal_points_and_one_digest_for_several_tasks(dcore, world, rec):
    a, b = world.agency("Sở Y tế"), world.agency("Sở Tài chính")
    later = world.task(a, date(2026, 6, 30))  # nothing owed in May
    f1, f2 = world.contact(a), world.contact(a)
    fb = world.contact(b)
    await run(dcore, {"telegram": rec}, at(5, 4, 8))  # May's check-in (one open task)
    assert [m.codes for m in rec.sent] == [[later], [later]]
    late = world.task(a, date(2026, 4, 23))  # 6 working days over on 6/5
    soon = world.task(a, date(2026, 5, 7))  # T-1 on 6/5
    report = world.task(a, None, kind="recurring", recurrence="monthly")  # May's "chk" slot (4/5)
    sooner = world.task(a, DUE)  # due today
    other = world.task(b, DUE)
    r = await run(dcore, {"telegram": rec}, at(5, 6, 9))
    for chat in (f1, f2):
        [msg] = digests(rec, chat)
        assert msg.codes == [late, sooner, soon, report]  # overdue, upcoming, periodic; soonest first in each
        text = msg.text
        assert text.index("Quá hạn (1 việc)") < text.index("Sắp đến hạn (2 việc)") < text.index("Báo cáo định kỳ")
        assert later not in text
    [first] = rec.to(fb)  # Sở Tài chính had no task on 4/5: its May check-in carries the digest
    assert "tháng 05/2026" in first.text and first.codes == [other]
    assert r.claimed == 2 * 4 + 2 and r.messages == 3
    again = await run(dcore, {"telegram": rec}, at(5, 6, 14))
    assert again.messages == 0 and len(rec.sent) == 5


async def test_nothing_outside_office_hours_weekends_and_holidays(dcore, world, rec):
    a = world.agency("Sở Y tế")
    world.task(a, date(2026, 4, 1))  # long overdue: something is always owed
    world.contact(a)
    world.contact(None, "secretariat")
    for t in (at(5, 1, 9), at(5, 2, 9), at(5, 3, 10), at(4, 30, 9), at(5, 4, 7, 29), at(5, 4, 12), at(5, 4, 17)):
        r = await run(dcore, {"telegram": rec}, t)
        assert r.messages == 0 and r.would_send == []
    assert rec.sent == [] and world.reminders() == []
    await run(dcore, {"telegram": rec}, at(5, 4, 7, 30))
    assert len(rec.sent) == 1  # office hours: the overdue digest (a slot of an earlier day)
    await run(dcore, {"telegram": rec}, at(5, 4, 8, 0))
    assert len(rec.sent) == 2  # May's check-in, due at 08:00


async def test_restart_with_a_fresh_core_repeats_nothing(dcore, world, rec, db_url, clock):
    a = world.agency("Sở Y tế")
    world.task(a)
    world.contact(a)
    first = await run(dcore, {"telegram": rec}, at(4, 13, 9))
    assert first.messages == 1 and first.claimed == 2  # the T-14 slot rides on April's check-in
    fresh = Core(settings=dcore.settings, engine=make_engine(db_url), clock=clock)
    try:
        r = await run(fresh, {"telegram": rec}, at(4, 13, 9, 1))
        assert r.messages == 0 and r.claimed == 0 and r.skipped == 2
    finally:
        fresh.engine.dispose()
    assert len(rec.sent) == 1


async def test_a_missed_week_is_caught_up_once(dcore, world, rec):
    a = world.agency("Sở Y tế")
    code = world.task(a)
    focal = world.contact(a)
    await run(dcore, {"telegram": rec}, at(4, 22, 9))  # T-7
    await walk(dcore, {"telegram": rec}, date(2026, 5, 6), date(2026, 5, 8), hours=((10, 0), (15, 0)))
    got = rec.to(focal)  # each with the month's check-in, caught up too
    assert stamps(got) == ["22/04 09:00", "06/05 10:00"]  # T-3 and T-1 were missed: only "due" is sent
    assert "Sắp đến hạn (1 việc)" in got[1].text and "đến hạn hôm nay" in got[1].text and got[1].codes == [code]
    assert [r.key.split(":", 1)[1] for r in world.reminders() if r.key.startswith("a")] == [
        "2026-05-06:before:7:c1", "2026-05-06:due:c1"]


async def test_delay_moves_the_schedule_and_done_stops_it(dcore, world, rec):
    a = world.agency("Sở Y tế")
    moved = world.task(a)
    finished = world.task(a)
    focal = world.contact(a)
    lead = world.contact(None, "lead")
    world.status(moved, "delayed", at(5, 5, 9), new_due=date(2026, 5, 20))
    world.status(finished, "done", at(5, 5, 9))
    await walk(dcore, {"telegram": rec}, date(2026, 5, 5), date(2026, 5, 25), hours=((8, 0), (15, 0)))
    got = [(f"{m.at:%d/%m}", m.codes) for m in digests(rec, focal)]
    assert got == [("11/05", [moved]), ("15/05", [moved]), ("19/05", [moved]), ("20/05", [moved]),
                   ("25/05", [moved])]  # the new due's T-7, T-3, T-1, due, 3 working days over
    assert all(finished not in m.text for m in rec.sent)
    assert rec.to(lead) == []


async def test_escalation_reaches_every_lead_at_most_once_a_working_day(dcore, world, rec):
    a, b = world.agency("Sở Y tế"), world.agency("Sở Nội vụ")
    t1 = world.task(a)  # escalated 13/5
    t2 = world.task(b)  # escalated 13/5 too: same digest
    t3 = world.task(b, date(2026, 5, 7))  # escalated 14/5
    l1, l2 = world.contact(None, "lead"), world.contact(None, "lead")
    await walk(dcore, {"telegram": rec}, date(2026, 5, 12), date(2026, 5, 14), hours=((8, 0), (10, 0), (15, 0)))
    for lead in (l1, l2):
        msgs = rec.to(lead)
        assert [(f"{m.at:%d/%m %H:%M}") for m in msgs] == ["13/05 08:00", "14/05 08:00"]
        assert "Sở Nội vụ" in msgs[0].text and "Sở Y tế" in msgs[0].text
        assert t1 in msgs[0].text and t2 in msgs[0].text and t3 not in msgs[0].text
        assert t3 in msgs[1].text and t1 not in msgs[1].text
    late = world.task(a, date(2026, 4, 1))  # imported at 10:00, already past its escalation
    await run(dcore, {"telegram": rec}, at(5, 14, 10, 30))
    assert len(rec.to(l1)) == 2  # today's escalation digest is gone: it waits for the next working day
    await run(dcore, {"telegram": rec}, at(5, 15, 8))
    assert [late in m.text for m in rec.to(l1)] == [False, False, True]


async def test_monthly_check_in_lists_every_open_task_once(dcore, world, rec):
    a, idle = world.agency("Sở Y tế"), world.agency("Sở Tư pháp")
    codes = [world.task(a, date(2026, 9, 30)), world.task(a, date(2026, 12, 31)),
             world.task(a, None, kind="event")]
    finished = world.task(a, date(2026, 7, 31))
    world.status(finished, "done", at(5, 20))
    f1, f2, fi = world.contact(a), world.contact(a), world.contact(idle)
    await walk(dcore, {"telegram": rec}, date(2026, 5, 29), date(2026, 6, 3), hours=((7, 0), (8, 0), (14, 0)))
    for chat in (f1, f2):
        [msg] = [m for m in rec.to(chat) if "Cập nhật tiến độ tháng 06/2026" in m.text]
        assert msg.at == at(6, 1) and "tất cả 3 việc" in msg.text
        assert msg.codes == [codes[2], codes[0], codes[1]]  # the event task's June slot rides along first
        assert msg.text.index("Báo cáo định kỳ (1 việc)") < msg.text.index("Các việc khác (2 việc)")
        assert [m.at for m in rec.to(chat) if m.at.date() == date(2026, 6, 1)] == [at(6, 1)]
    assert rec.to(fi) == []


async def test_orphan_agency_reported_to_the_secretariat_weekly(dcore, world, rec):
    a, b = world.agency("Sở Y tế"), world.agency("Sở Xây dựng")
    world.task(a, date(2026, 9, 30))
    code = world.task(b, date(2026, 9, 30))
    world.contact(a)
    gone = world.contact(b)
    with session_scope(dcore.engine) as s:
        s.exec(select(Contact).where(Contact.chat_id == gone)).one().active = False
    sec = world.contact(None, "secretariat")
    await walk(dcore, {"telegram": rec}, date(2026, 6, 3), date(2026, 6, 16), hours=((9, 0), (15, 0)))
    got = [(f"{m.at:%d/%m %H:%M}", "Sở Xây dựng" in m.text, "Sở Y tế" in m.text, code in m.text) for m in rec.to(sec)]
    assert got == [("03/06 09:00", True, False, True), ("08/06 09:00", True, False, True),
                   ("15/06 09:00", True, False, True)]


async def test_dry_run_claims_and_sends_nothing(dcore, world, rec):
    a = world.agency("Sở Y tế")
    code = world.task(a)
    focal = world.contact(a)
    r = await run(dcore, {}, at(4, 13, 9), dry_run=True)
    assert [(w["chat_id"], w["kind"], w["codes"]) for w in r.would_send] == [(focal, "monthly", [code])]
    assert "Sắp đến hạn" in r.would_send[0]["text"] and r.claimed == 0
    assert world.reminders() == [] and rec.sent == []


async def test_escalation_is_one_summary_message_however_many_tasks(dcore, world, rec, clock):
    """78 escalated tasks of 12 agencies (+1 shared by three): each lead gets ONE message, on
    Telegram and on Zalo (2,000 characters), with the counts per agency (most first), the ten
    oldest tasks and the /quahan pointer; every escalated key is claimed and sent, once."""
    from datetime import timedelta

    from bot.service.ports import Capabilities
    from tests.service.test_dispatch_support import Recorder

    agencies = [world.agency(f"Sở thử số {i:02d}") for i in range(1, 13)]
    codes: dict[str, date] = {}
    k = 0
    for n, g in enumerate(agencies, 1):
        for _ in range(n):  # agency i has i overdue tasks
            due = date(2026, 3, 2) + timedelta(days=k % 40)
            codes[world.task(g, due, content="Rà soát, cập nhật và báo cáo kết quả chuyển đổi số " * 3)] = due
            k += 1
    shared = world.task(agencies[:3], date(2026, 2, 2))  # the oldest, given to three agencies
    l1 = world.contact(None, "lead")
    zalo = Recorder(clock, platform="zalo", caps=Capabilities(max_len=2000, has_buttons=False, html=False,
                                                              send_rate=10.0))
    l2 = world.contact(None, "lead", platform="zalo")
    r = await run(dcore, {"telegram": rec, "zalo": zalo}, at(5, 14, 9))
    assert r.messages == 2
    for chat, box in ((l1, rec), (l2, zalo)):
        [msg] = box.to(chat)
        text = msg.text
        assert text.startswith("Báo cáo lãnh đạo: việc quá hạn") and "79 việc của 12 cơ quan" in text
        assert text.index("Sở thử số 12: 12 việc") < text.index("Sở thử số 11: 11 việc")
        assert "lâu nhất" in text and shared in text and "3 cơ quan" in text
        oldest = sorted(codes, key=lambda c: (codes[c], c))[:2]
        assert all(c in text for c in oldest)
        assert text.rstrip().endswith("gõ /quahan.")
    assert len(rec.to(l1)[0].text) <= 4096 and len(zalo.to(l2)[0].text) <= 2000
    sent = [x for x in world.reminders() if x.key.startswith("a") and x.kind == "escalation"]
    assert len(sent) == 2 * (78 + 3) and all(x.sent_at is not None for x in sent)
    again = await run(dcore, {"telegram": rec, "zalo": zalo}, at(5, 14, 10))
    assert again.messages == 0 and len(rec.sent) == 1 and len(zalo.sent) == 1
