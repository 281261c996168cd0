"""Reminder policy with an injected clock: every `now` is explicit, nothing sleeps.

The walked task is due Wednesday 6/5/2026, so its schedule crosses Giỗ Tổ (observed Monday
27/4), 30/4 and 1/5. Working days before 6/5: 5/5 (1), 4/5 (2), 29/4 (3), 28/4 (4), 24/4 (5),
23 (6), 22 (7), 21, 20, 17, 16, 15, 14, 13/4 (14). After: 7/5 (1), 8 (2), 11 (3), 12 (4),
13 (5), 14 (6), 15, 18, 19 (9), 20/5 (10).
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schedules.calendar import WorkCalendar
from schedules.deadlines import Deadline
from schedules.policy import DEFAULT_RULES, Rules, Slot, StatusPoint, due_slots, planned_slots

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkCalendar()
TASK = Deadline(kind="date", due=date(2026, 5, 6), text="Ngày 06/5/2026")
CREATED = StatusPoint("open", datetime(2026, 4, 1, 9, 0, tzinfo=TZ))
D = "2026-05-06"


def at(mo: int, d: int, h: int = 8, mi: int = 0, y: int = 2026) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


def keys(slots: list[Slot]) -> list[tuple[str, datetime, str]]:
    return [(s.key, s.at, s.audience) for s in slots]


WALK = [  # (now, [(key, at, audience)])
    (at(4, 10, 10), []),
    (at(4, 13, 7, 59), []),
    (at(4, 13), [(f"{D}:before:14", at(4, 13), "focal")]),
    (at(4, 13, 17, 30), []),  # out of hours: nothing, even though a slot has passed
    (at(4, 17, 15), [(f"{D}:before:14", at(4, 13), "focal")]),
    (at(4, 22), [(f"{D}:before:7", at(4, 22), "focal")]),
    (at(4, 22, 12), []),  # lunch
    (at(4, 29, 14), [(f"{D}:before:3", at(4, 29), "focal")]),
    (at(4, 30, 9), []),  # 30/4
    (at(5, 4, 9), [(f"{D}:before:3", at(4, 29), "focal")]),
    (at(5, 5), [(f"{D}:before:1", at(5, 5), "focal")]),
    (at(5, 6), [(f"{D}:due", at(5, 6), "focal")]),
    (at(5, 8, 16), [(f"{D}:due", at(5, 6), "focal")]),
    (at(5, 9, 10), []),  # Saturday
    (at(5, 11), [(f"{D}:over:3", at(5, 11), "focal")]),
    (at(5, 13, 7, 59), [(f"{D}:over:3", at(5, 11), "focal")]),
    (at(5, 13), [(f"{D}:over:3", at(5, 11), "focal"), (f"{D}:esc", at(5, 13), "lead")]),
    (at(5, 14), [(f"{D}:esc", at(5, 13), "lead"), (f"{D}:over:6", at(5, 14), "focal")]),
    (at(5, 19), [(f"{D}:esc", at(5, 13), "lead"), (f"{D}:over:9", at(5, 19), "focal")]),
    (at(5, 20, 16, 59), [(f"{D}:esc", at(5, 13), "lead"), (f"{D}:over:9", at(5, 19), "focal")]),
    (at(5, 20, 17), []),
]


@pytest.mark.parametrize("now,expected", WALK, ids=[n.strftime("%d/%m %H:%M") for n, _ in WALK])
def test_walk_one_date_task(now: datetime, expected: list) -> None:
    assert keys(due_slots(TASK, [CREATED], CAL, now)) == expected


def test_slot_fields() -> None:
    (esc,) = [s for s in due_slots(TASK, [CREATED], CAL, at(5, 13)) if s.audience == "lead"]
    assert esc == Slot(f"{D}:esc", "escalation", at(5, 13), "lead", date(2026, 5, 6))
    (over,) = due_slots(TASK, [CREATED], CAL, at(5, 12, 10))
    assert (over.kind, over.due) == ("overdue", date(2026, 5, 6))
    assert due_slots(TASK, [CREATED], CAL, at(5, 12, 3)) == []  # 03:00: out of hours
    for bad in ((TASK, [CREATED], datetime(2026, 5, 12, 9)),  # naive clock
                (TASK, [StatusPoint("finished", at(5, 4))], at(5, 11)), (Deadline("someday", None), [], at(5, 11))):
        with pytest.raises(ValueError):
            due_slots(bad[0], bad[1], CAL, bad[2])
    with pytest.raises(ValueError):
        Rules(overdue_every=-1)


def _dispatch(task: Deadline, history: list[StatusPoint], ticks: list[datetime]) -> list[tuple[str, datetime]]:
    """The caller: claim each key once; returns (key, tick it was sent at)."""
    sent: dict[str, datetime] = {}
    for now in ticks:
        for s in due_slots(task, history, CAL, now):
            sent.setdefault(s.key, now)
    return list(sent.items())


def _ticks(start: datetime, end: datetime, skip: tuple[datetime, datetime] | None = None) -> list[datetime]:
    out, t = [], start
    while t <= end:
        if not (skip and skip[0] <= t <= skip[1]):
            out.append(t)
        t += timedelta(minutes=30)
    return out


def test_every_slot_sent_once_at_its_time() -> None:
    sent = _dispatch(TASK, [CREATED], _ticks(at(4, 1, 0), at(5, 20, 23)))
    assert sent == [
        (f"{D}:before:14", at(4, 13)), (f"{D}:before:7", at(4, 22)), (f"{D}:before:3", at(4, 29)),
        (f"{D}:before:1", at(5, 5)), (f"{D}:due", at(5, 6)), (f"{D}:over:3", at(5, 11)),
        (f"{D}:esc", at(5, 13)), (f"{D}:over:6", at(5, 14)), (f"{D}:over:9", at(5, 19)),
    ]


def test_missed_week_catches_up_only_the_latest_once() -> None:
    down = (at(4, 20, 0), at(5, 4, 8, 59))  # the bot was off for two weeks
    sent = _dispatch(TASK, [CREATED], _ticks(at(4, 1, 0), at(5, 6, 23), skip=down))
    assert sent == [
        (f"{D}:before:14", at(4, 13)), (f"{D}:before:3", at(5, 4, 9)),  # before:7 never sent
        (f"{D}:before:1", at(5, 5)), (f"{D}:due", at(5, 6)),
    ]


def test_assignment_created_late_skips_earlier_slots() -> None:
    late = StatusPoint("open", at(4, 24, 10))
    assert due_slots(TASK, [late], CAL, at(4, 27, 9)) == []  # before:7 (22/4) predates it
    assert keys(due_slots(TASK, [late], CAL, at(4, 29))) == [(f"{D}:before:3", at(4, 29), "focal")]


DELAYED = [CREATED, StatusPoint("in_progress", at(4, 10, 9)),
           StatusPoint("delayed", at(5, 5, 10), new_due=date(2026, 5, 20))]


def test_delay_moves_the_schedule_and_the_keys() -> None:
    assert due_slots(TASK, DELAYED, CAL, at(5, 5, 10, 30)) == []  # new before:14 (28/4) is older
    assert due_slots(TASK, DELAYED, CAL, at(5, 6, 9)) == []  # no old "due"
    assert keys(due_slots(TASK, DELAYED, CAL, at(5, 11))) == [("2026-05-20:before:7", at(5, 11), "focal")]
    new = planned_slots(TASK, DELAYED, CAL, date(2026, 4, 1), date(2026, 5, 27))
    assert [(s.key, s.at) for s in new] == [
        ("2026-05-20:before:7", at(5, 11)), ("2026-05-20:before:3", at(5, 15)),
        ("2026-05-20:before:1", at(5, 19)), ("2026-05-20:due", at(5, 20)),
        ("2026-05-20:over:3", at(5, 25)), ("2026-05-20:esc", at(5, 27)),
    ]
    assert {s.due for s in new} == {date(2026, 5, 20)}


def test_delay_holds_only_while_status_is_delayed() -> None:
    # As specified: the due moves only while the current status is "delayed".
    back = DELAYED + [StatusPoint("in_progress", at(5, 12, 9))]
    assert keys(due_slots(TASK, back, CAL, at(5, 13))) == [
        (f"{D}:over:3", at(5, 11), "focal"), (f"{D}:esc", at(5, 13), "lead"),
    ]


def test_done_stops_everything() -> None:
    done = [CREATED, StatusPoint("done", at(5, 7, 10))]
    assert due_slots(TASK, done, CAL, at(5, 11)) == []
    assert due_slots(TASK, done, CAL, at(5, 13)) == []
    assert planned_slots(TASK, done, CAL, date(2026, 4, 1), date(2026, 6, 1)) == []
    reopened = done + [StatusPoint("in_progress", at(5, 8, 9))]
    assert keys(due_slots(TASK, reopened, CAL, at(5, 11))) == [(f"{D}:over:3", at(5, 11), "focal")]


def test_escalation_exactly_at_five_working_days() -> None:
    assert [s.audience for s in due_slots(TASK, [CREATED], CAL, at(5, 12, 16, 59))] == ["focal"]
    lead = [s for s in due_slots(TASK, [CREATED], CAL, at(5, 13)) if s.audience == "lead"]
    assert keys(lead) == [(f"{D}:esc", at(5, 13), "lead")]
    no_esc = Rules(escalate_after=0)
    assert all(s.audience == "focal" for s in due_slots(TASK, [CREATED], CAL, at(5, 20), no_esc))


def test_due_on_a_holiday_runs_to_the_next_working_day() -> None:
    task = Deadline("date", date(2026, 4, 30))  # 30/4, then 1/5 and the weekend
    plan = planned_slots(task, [], CAL, date(2026, 4, 20), date(2026, 5, 12))
    assert [(s.key, s.kind, s.at) for s in plan] == [
        ("2026-04-30:before:7", "before", at(4, 20)),
        ("2026-04-30:before:3", "before", at(4, 24)),  # 27/4 is Giỗ Tổ (observed)
        ("2026-04-30:before:1", "before", at(4, 29)),
        ("2026-04-30:due", "due", at(5, 4)),
        ("2026-04-30:over:3", "overdue", at(5, 7)),
        ("2026-04-30:esc", "escalation", at(5, 11)),
        ("2026-04-30:over:6", "overdue", at(5, 12)),
    ]
    assert due_slots(task, [], CAL, at(4, 30, 10)) == []
    assert keys(due_slots(task, [], CAL, at(5, 4, 7, 45))) == [("2026-04-30:before:1", at(4, 29), "focal")]


def test_due_on_weekends_and_a_worked_saturday() -> None:
    sat = planned_slots(Deadline("date", date(2026, 8, 15)), [], CAL, date(2026, 8, 15), date(2026, 8, 17))
    assert [(s.key, s.at) for s in sat] == [("2026-08-15:due", at(8, 17))]
    worked = planned_slots(Deadline("date", date(2026, 8, 22)), [], CAL, date(2026, 8, 21), date(2026, 8, 22))
    assert [(s.key, s.at) for s in worked] == [("2026-08-22:before:1", at(8, 21)), ("2026-08-22:due", at(8, 22))]


def test_send_at_outside_office_hours_moves_into_them() -> None:
    plan = planned_slots(TASK, [], CAL, date(2026, 5, 6), date(2026, 5, 6), Rules(send_at=time(12, 0)))
    assert [(s.key, s.at) for s in plan] == [(f"{D}:due", at(5, 6, 13, 30))]


# --- recurring and event tasks --------------------------------------------------------

ONGOING = Deadline("recurring", None, recurrence=None, text="Thường xuyên")
JAN5 = [StatusPoint("open", at(1, 5, 9))]


def test_ongoing_monthly_checkins() -> None:
    plan = planned_slots(ONGOING, JAN5, CAL, date(2026, 1, 1), date(2026, 3, 31))
    assert [(s.key, s.kind, s.at, s.due) for s in plan] == [  # Jan's (2/1) predates the task
        ("chk:2026-02", "checkin", at(2, 2), None), ("chk:2026-03", "checkin", at(3, 2), None),
    ]
    assert keys(due_slots(ONGOING, JAN5, CAL, at(3, 2, 7, 45))) == [("chk:2026-02", at(2, 2), "focal")]
    assert keys(due_slots(ONGOING, JAN5, CAL, at(3, 2))) == [("chk:2026-03", at(3, 2), "focal")]
    twelfth = Rules(checkin_workday=12)  # February 2026 loses 16–20/2 to Tết
    assert keys(due_slots(ONGOING, JAN5, CAL, at(2, 24, 9), twelfth)) == [("chk:2026-02", at(2, 24), "focal")]
    assert keys(due_slots(ONGOING, JAN5, CAL, at(2, 23, 9), twelfth)) == [("chk:2026-01", at(1, 19), "focal")]


def test_recurring_done_answers_the_current_checkin_only() -> None:
    done = JAN5 + [StatusPoint("done", at(2, 10, 14))]
    assert due_slots(ONGOING, done, CAL, at(2, 23, 9)) == []
    assert keys(due_slots(ONGOING, done, CAL, at(3, 2))) == [("chk:2026-03", at(3, 2), "focal")]


def test_quarterly_checkins_and_closes_from_start() -> None:
    q = Deadline("recurring", None, start=date(2026, 4, 1), recurrence="quarterly", text="Hằng quý")
    plan = planned_slots(q, [], CAL, date(2026, 1, 1), date(2026, 9, 30))
    assert [(s.key, s.kind, s.at) for s in plan] == [
        ("chk:2026-04", "checkin", at(4, 1)), ("chk:2026-05", "checkin", at(5, 4)),
        ("chk:2026-06", "checkin", at(6, 1)), ("close:2026-06-30", "close", at(6, 23)),
        ("chk:2026-07", "checkin", at(7, 1)), ("chk:2026-08", "checkin", at(8, 3)),
        ("chk:2026-09", "checkin", at(9, 3)), ("close:2026-09-30", "close", at(9, 23)),
    ]
    assert due_slots(q, [], CAL, at(3, 25, 9)) == []  # before start: not even Q1's close
    assert keys(due_slots(q, [], CAL, at(6, 23, 7, 50))) == [("chk:2026-06", at(6, 1), "focal")]
    assert keys(due_slots(q, [], CAL, at(6, 24, 9))) == [("close:2026-06-30", at(6, 23), "focal")]
    assert keys(due_slots(q, [], CAL, at(7, 1, 9))) == [("chk:2026-07", at(7, 1), "focal")]


def _closes(task: Deadline, start: date, end: date, rules: Rules = DEFAULT_RULES) -> list[tuple[str, datetime]]:
    return [(s.key, s.at) for s in planned_slots(task, [], CAL, start, end, rules) if s.kind == "close"]


def test_closes_follow_the_named_day() -> None:
    q20 = Deadline("recurring", date(2026, 3, 20), recurrence="quarterly")  # "ngày 20 tháng cuối quý"
    assert _closes(q20, date(2026, 1, 1), date(2026, 12, 31)) == [
        ("close:2026-03-20", at(3, 13)), ("close:2026-06-20", at(6, 15)),
        ("close:2026-09-20", at(9, 14)), ("close:2026-12-20", at(12, 14)),
    ]
    june = Deadline("recurring", date(2026, 6, 30), recurrence="yearly")  # "Tháng 6 hằng năm"
    assert _closes(june, date(2026, 1, 1), date(2027, 12, 31)) == [
        ("close:2026-06-30", at(6, 23)), ("close:2027-06-30", at(6, 23, y=2027)),
    ]
    half = Deadline("recurring", None, recurrence="semiannual")
    assert _closes(half, date(2026, 1, 1), date(2026, 12, 31)) == [
        ("close:2026-06-30", at(6, 23)), ("close:2026-12-31", at(12, 24)),
    ]
    monthly = Deadline("recurring", date(2026, 1, 31), recurrence="monthly")
    assert _closes(monthly, date(2026, 1, 1), date(2026, 3, 31)) == []  # monthly: check-ins only
    every_month = Rules(close_for=frozenset({"monthly"}))
    assert _closes(monthly, date(2026, 1, 1), date(2026, 3, 31), every_month) == [
        ("close:2026-01-31", at(1, 26)), ("close:2026-02-28", at(2, 23)), ("close:2026-03-31", at(3, 24)),
    ]


def test_closes_from_the_parsers_period_fields() -> None:
    # "Chậm nhất ngày 10 của tháng đầu quý" with no year: due None, quarterly, month 1, day 10.
    q10 = Deadline("recurring", None, recurrence="quarterly", period_month=1, period_day=10)
    assert _closes(q10, date(2026, 1, 1), date(2026, 12, 31)) == [
        ("close:2026-01-10", at(1, 5)), ("close:2026-04-10", at(4, 3)),
        ("close:2026-07-10", at(7, 3)), ("close:2026-10-10", at(10, 5)),
    ]
    q31 = Deadline("recurring", None, recurrence="quarterly", period_day=31)  # clamped to 30/6, 30/9
    assert [k for k, _ in _closes(q31, date(2026, 1, 1), date(2026, 12, 31))] == [
        "close:2026-03-31", "close:2026-06-30", "close:2026-09-30", "close:2026-12-31",
    ]


def test_event_checkins() -> None:
    ev = Deadline("event", None, text="Khi có văn bản hướng dẫn")
    plan = planned_slots(ev, [], CAL, date(2026, 1, 1), date(2026, 5, 31))
    assert [(s.key, s.kind, s.at, s.audience) for s in plan] == [
        ("evt:2026-01", "event", at(1, 2), "focal"), ("evt:2026-02", "event", at(2, 2), "focal"),
        ("evt:2026-03", "event", at(3, 2), "focal"), ("evt:2026-04", "event", at(4, 1), "focal"),
        ("evt:2026-05", "event", at(5, 4), "focal"),
    ]
    assert keys(due_slots(ev, [], CAL, at(5, 4, 8, 30))) == [("evt:2026-05", at(5, 4), "focal")]
    assert due_slots(ev, [StatusPoint("done", at(4, 2, 9))], CAL, at(5, 4, 8, 30)) == []


# --- consistency -----------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    due=st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)),
    offset=st.integers(min_value=-30, max_value=120),
    minute=st.integers(min_value=0, max_value=24 * 60 - 1),
)
def test_due_slots_is_the_latest_planned_slot(due: date, offset: int, minute: int) -> None:
    task = Deadline("date", due)
    now = datetime.combine(due + timedelta(days=offset), time(), tzinfo=TZ) + timedelta(minutes=minute)
    got = due_slots(task, [], CAL, now)
    if not CAL.is_working_time(now):
        assert got == []
        return
    plan = [s for s in planned_slots(task, [], CAL, due - timedelta(days=60), now.date()) if s.at <= now]
    latest = {s.audience: s for s in plan}  # planned is in time order: the last one wins
    assert got == sorted(latest.values(), key=lambda s: (s.at, s.audience))
    assert all(CAL.is_working_time(s.at) for s in plan)


@settings(max_examples=200, deadline=None)
@given(
    kind=st.sampled_from(["recurring", "event"]),
    rec=st.sampled_from([None, "monthly", "quarterly", "semiannual", "yearly"]),
    due=st.none() | st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)),
    minutes=st.integers(min_value=0, max_value=2 * 365 * 24 * 60),
    workday=st.integers(min_value=1, max_value=15),
)
def test_recurring_due_slots_is_the_latest_planned_slot(kind, rec, due, minutes, workday) -> None:
    task, rules = Deadline(kind, due, recurrence=rec), Rules(checkin_workday=workday)
    now = datetime(2025, 3, 1, tzinfo=TZ) + timedelta(minutes=minutes)
    got = due_slots(task, JAN5, CAL, now, rules)
    plan = [s for s in planned_slots(task, JAN5, CAL, date(2024, 12, 1), now.date(), rules) if s.at <= now]
    assert got == (plan[-1:] if CAL.is_working_time(now) else [])


def test_due_slots_are_the_same_with_an_unmemoised_calendar() -> None:
    """The memoised calendar changes no slot: a sweep of office-hour moments over three months,
    for date, delayed, recurring and event deadlines."""
    plain = WorkCalendar(memoise=False)
    memo = WorkCalendar()
    cases = [
        (TASK, [CREATED]),
        (TASK, [CREATED, StatusPoint("delayed", at(5, 5, 9), date(2026, 5, 20))]),
        (Deadline(kind="date", due=date(2026, 5, 2), text="02/5/2026"), []),  # due on a day off
        (Deadline(kind="recurring", due=date(2026, 6, 30), recurrence="quarterly", text="Hằng quý"), []),
        (Deadline(kind="event", due=None, text="Khi có sự kiện"), [CREATED]),
    ]
    day = date(2026, 4, 1)
    while day < date(2026, 7, 1):
        for h in (7, 8, 10, 14, 16):
            now = datetime.combine(day, time(h, 30), tzinfo=TZ)
            for deadline, history in cases:
                assert due_slots(deadline, history, memo, now) == due_slots(deadline, history, plain, now), now
        day += timedelta(days=1)
def test_paused_days_do_not_count_for_overdue_or_escalation():
    """Issue 15: while every focal point of the agency is on leave, the clock stops."""
    from datetime import date as _d, datetime as _dt
    from zoneinfo import ZoneInfo as _Z

    from schedules.calendar import WorkCalendar as _WC
    from schedules.deadlines import Deadline as _DL
    from schedules.policy import due_slots as _due, planned_slots as _planned

    cal = _WC(tz=_Z("Asia/Ho_Chi_Minh"))
    dl = _DL(kind="date", due=_d(2025, 6, 2))  # a Monday
    plain = [s for s in _planned(dl, (), cal, _d(2025, 6, 1), _d(2025, 6, 30)) if s.audience == "lead"]
    away = frozenset(_d(2025, 6, d) for d in range(3, 8))  # Tue 3 – Sat 7: four working days
    paused = [s for s in _planned(dl, (), cal, _d(2025, 6, 1), _d(2025, 6, 30), paused=away) if s.audience == "lead"]
    assert plain[0].at.date() == _d(2025, 6, 9) and paused[0].at.date() == _d(2025, 6, 13)
    assert plain[0].key == paused[0].key  # the same slot, later
    at = _dt(2025, 6, 9, 9, 0, tzinfo=cal.tz)
    assert any(s.audience == "lead" for s in _due(dl, (), cal, at))
    assert not any(s.audience == "lead" for s in _due(dl, (), cal, at, paused=away))
# -- plans under review (issue 13) -------------------------------------------------------

def test_a_submission_pauses_reminders_and_a_return_resumes_them():
    submitted = StatusPoint("submitted", at(5, 4, 10))
    assert due_slots(TASK, [CREATED, submitted], CAL, at(5, 7, 9)) == []  # not even the due/overdue slots
    returned = StatusPoint("in_progress", at(5, 5, 10))
    resumed = due_slots(TASK, [CREATED, submitted, returned], CAL, at(5, 7, 9))
    assert [s.key for s in resumed] == [f"{D}:due"]  # the schedule of the plan's date again
    confirmed = StatusPoint("done", at(5, 5, 10))
    assert due_slots(TASK, [CREATED, submitted, confirmed], CAL, at(5, 12, 9)) == []


def test_a_pending_extension_request_does_not_move_the_schedule_an_agreed_one_does():
    # the request: "delayed" whose new_due is still the current one (none), the requested date kept elsewhere
    request = StatusPoint("delayed", at(5, 4, 10), None)
    pending = due_slots(TASK, [CREATED, request], CAL, at(5, 7, 9))
    assert [s.key for s in pending] == [f"{D}:due"]
    agreed = StatusPoint("delayed", at(5, 5, 10), date(2026, 6, 30))
    moved = due_slots(TASK, [CREATED, request, agreed], CAL, at(5, 7, 9))
    assert moved == []  # the new schedule's first slot (14 working days before 30/6) is later


def test_a_granted_extension_outlives_a_later_in_progress():
    """Plans under review: the lead's extension (a "delayed" with the new date) stays when the
    focal point then reports "đang làm" carrying that date; without it, back to the plan's date."""
    agreed = StatusPoint("delayed", at(5, 5, 10), date(2026, 6, 30))
    working = StatusPoint("in_progress", at(5, 6, 10), date(2026, 6, 30))
    assert due_slots(TASK, [CREATED, agreed, working], CAL, at(5, 7, 9)) == []  # still the new schedule
    plain = StatusPoint("in_progress", at(5, 6, 10), None)
    assert [s.key for s in due_slots(TASK, [CREATED, agreed, plain], CAL, at(5, 7, 9))] == [f"{D}:due"]
