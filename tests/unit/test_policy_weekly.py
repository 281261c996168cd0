"""A weekly recurrence ("Hằng tuần") must not break the policy: it gets the monthly check-ins of any
recurring task and no close slots (weekly is not in `Rules.close_for`)."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from schedules.calendar import WorkCalendar
from schedules.deadlines import Deadline, parse_deadline
from schedules.policy import due_slots, planned_slots

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def test_weekly_task_gets_monthly_checkins_and_never_crashes():
    weekly = parse_deadline("Hằng tuần", 2025)
    cal = WorkCalendar()
    slots = planned_slots(weekly, [], cal, date(2025, 7, 1), date(2025, 9, 30))
    assert [s.kind for s in slots] == ["checkin"] * 3
    assert [s.key for s in due_slots(weekly, [], cal, datetime(2025, 7, 2, 9, 0, tzinfo=TZ))] == ["chk:2025-07"]


def test_absurd_due_date_does_not_crash_the_policy():
    far = Deadline("date", date(9999, 12, 31))  # parse_deadline refuses it; a store row might not
    cal = WorkCalendar()
    assert planned_slots(far, [], cal, date(2025, 7, 1), date(2025, 12, 31)) == []
    assert due_slots(far, [], cal, datetime(2025, 7, 2, 9, 0, tzinfo=TZ)) == []
