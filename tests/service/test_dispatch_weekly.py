"""A weekly task through the real dispatcher, with an injected clock: one check-in a week, on the
week's first working day at 08:00, claimed once, worded "tuần này"; never a monthly one too.

Weeks of 2026 used here: W17 20–24/4; W18 27/4–1/5 (27/4 Giỗ Tổ observed, 30/4 and 1/5 off:
its first working day is Tuesday 28/4); W19 4–8/5; W20 11–15/5. The agency's own monthly
"update everything" message (first working day of the month) carries that pass's check-in.
"""
from __future__ import annotations

from datetime import date

import pytest

from tests.service.test_dispatch_support import (  # noqa: F401 (fixtures)
    at, clock, dcore, rec, run, stamps, walk, world,
)

pytestmark = pytest.mark.store
HOURS = ((7, 0), (8, 0), (9, 30), (14, 0), (17, 30))


def _task_keys(world) -> list[str]:
    return [r.key for r in world.reminders() if r.key.startswith("a")]


async def test_weekly_check_in_is_sent_once_a_week(dcore, world, rec):
    a = world.agency("Sở Y tế")
    weekly = world.task(a, None, kind="recurring", recurrence="weekly")
    focal = world.contact(a)
    await walk(dcore, {"telegram": rec}, date(2026, 4, 20), date(2026, 5, 15), hours=HOURS)

    assert _task_keys(world) == ["a1:chk:2026-W17:c1", "a1:chk:2026-W18:c1", "a1:chk:2026-W19:c1",
                                 "a1:chk:2026-W20:c1"]  # no "chk:2026-05" beside them
    got = rec.to(focal)
    assert stamps(got) == ["20/04 08:00", "28/04 08:00", "04/05 08:00", "11/05 08:00"]
    assert all(m.codes == [weekly] for m in got)
    assert "Cập nhật tiến độ tháng 04/2026" in got[0].text  # April's check-in, caught up, carries W17
    assert "Cập nhật tiến độ tháng 05/2026" in got[2].text and got[1].text.startswith("Nhắc việc")
    assert "tuần này (từ 27/04 đến 01/05)" in got[1].text
    for m in got:
        assert "tuần này" in m.text and "tháng này" not in m.text
        assert "báo cáo định kỳ hằng tuần" in m.text
    assert all(r.sent_at is not None and r.attempts == 1 for r in world.reminders())


async def test_a_weekly_and_a_monthly_task_say_which_period_they_ask_about(dcore, world, rec):
    a = world.agency("Sở Y tế")
    weekly = world.task(a, None, kind="recurring", recurrence="weekly")
    monthly = world.task(a, None, kind="recurring", recurrence="monthly")
    focal = world.contact(a)
    await run(dcore, {"telegram": rec}, at(5, 4, 8))
    [msg] = rec.to(focal)
    assert sorted(msg.codes) == sorted([weekly, monthly])
    text = msg.text
    week_at, month_at = text.index(weekly), text.index(monthly)
    assert "báo cáo định kỳ hằng tuần" in text and "báo cáo định kỳ hằng tháng" in text
    assert "tuần này (từ 04/05 đến 08/05)" in text and "tháng này (05/2026)" in text
    # each line sits under its own task
    assert (text.index("tuần này") > week_at) and (text.index("tháng này") > month_at)
    assert sorted(_task_keys(world)) == ["a1:chk:2026-W19:c1", "a2:chk:2026-05:c1"]


async def test_a_missed_week_is_caught_up_once_and_done_answers_the_week(dcore, world, rec):
    a = world.agency("Sở Y tế")
    weekly = world.task(a, None, kind="recurring", recurrence="weekly")
    focal = world.contact(a)
    await walk(dcore, {"telegram": rec}, date(2026, 4, 20), date(2026, 4, 24), hours=HOURS)
    # the bot is off from Friday 24/4 evening to Wednesday 6/5: W18 and W19's Monday are missed
    await walk(dcore, {"telegram": rec}, date(2026, 5, 6), date(2026, 5, 6), hours=((10, 0), (15, 0)))
    world.status(weekly, "done", at(5, 6, 16))  # the week's report is in
    await walk(dcore, {"telegram": rec}, date(2026, 5, 7), date(2026, 5, 12), hours=HOURS)

    assert _task_keys(world) == ["a1:chk:2026-W17:c1", "a1:chk:2026-W19:c1", "a1:chk:2026-W20:c1"]
    got = rec.to(focal)
    assert stamps(got) == ["20/04 08:00", "06/05 10:00", "11/05 08:00"]  # W19 once, late; W18 never
    assert "tuần này (từ 04/05 đến 08/05)" in got[1].text
    assert "Cập nhật tiến độ tháng 05/2026" in got[1].text  # May's caught up together: one message
