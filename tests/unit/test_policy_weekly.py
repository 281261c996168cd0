"""A weekly task ("Hằng tuần") gets a check-in every week, never the monthly one as well.

Calendar facts used below (see `nhacviec calendar 2025/2026`): Tết 2026 is Monday 16 – Friday
20/2 (week 2026-W08 has no working day); in 2026 Giỗ Tổ is observed on Monday 27/4 and 30/4,
1/5 are Thursday and Friday (week W18 works only on Tuesday 28 and Wednesday 29/4); 2026-W01
starts on Monday 29/12/2025 and 1/1/2026 is off.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from schedules.calendar import WorkCalendar
from schedules.deadlines import Deadline, parse_deadline
from schedules.policy import Rules, StatusPoint, due_slots, planned_slots

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkCalendar()
WEEKLY = parse_deadline("Hằng tuần", 2025)
SINCE = [StatusPoint("open", datetime(2025, 6, 2, 7, 0, tzinfo=TZ))]


def at(y: int, mo: int, d: int, h: int = 8, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


def plan(start: date, end: date, rules: Rules = Rules(), history=SINCE) -> list[tuple[str, datetime]]:
    return [(s.key, s.at) for s in planned_slots(WEEKLY, history, CAL, start, end, rules)]


def owed(now: datetime, history=SINCE, rules: Rules = Rules()) -> list[tuple[str, datetime, str]]:
    return [(s.key, s.at, s.audience) for s in due_slots(WEEKLY, history, CAL, now, rules)]


def test_the_parser_gives_a_weekly_recurrence():
    assert (WEEKLY.kind, WEEKLY.recurrence, WEEKLY.due) == ("recurring", "weekly", None)


def test_one_check_in_per_iso_week_across_a_month_boundary():
    # W27 runs from Monday 30/6 to Sunday 6/7: one check-in, on the Monday, not a second on 1/7
    assert plan(date(2025, 6, 23), date(2025, 7, 13)) == [
        ("chk:2025-W26", at(2025, 6, 23)), ("chk:2025-W27", at(2025, 6, 30)), ("chk:2025-W28", at(2025, 7, 7)),
    ]
    assert owed(at(2025, 7, 1, 9)) == [("chk:2025-W27", at(2025, 6, 30), "focal")]  # no "chk:2025-07"
    assert owed(at(2025, 7, 7, 7, 45)) == [("chk:2025-W27", at(2025, 6, 30), "focal")]  # 08:00 not yet
    assert owed(at(2025, 7, 7, 8)) == [("chk:2025-W28", at(2025, 7, 7), "focal")]


def test_the_iso_year_names_the_week_at_new_year():
    assert plan(date(2025, 12, 22), date(2026, 1, 11)) == [
        ("chk:2025-W52", at(2025, 12, 22)), ("chk:2026-W01", at(2025, 12, 29)), ("chk:2026-W02", at(2026, 1, 5)),
    ]


def test_never_a_monthly_check_in_and_never_a_close():
    year = planned_slots(WEEKLY, SINCE, CAL, date(2025, 6, 2), date(2026, 6, 30),
                         Rules(close_for=frozenset({"weekly", "quarterly"})))  # a week has no report date
    assert len(year) == 56  # every ISO week W23/2025 .. W27/2026, less the Tết week 2026-W08
    assert all(re.fullmatch(r"chk:\d{4}-W\d{2}", s.key) and s.kind == "checkin" for s in year)
    assert len({s.key for s in year}) == len(year)


def test_the_tet_week_has_no_check_in_and_hides_nothing():
    assert plan(date(2026, 2, 2), date(2026, 3, 1)) == [
        ("chk:2026-W06", at(2026, 2, 2)), ("chk:2026-W07", at(2026, 2, 9)), ("chk:2026-W09", at(2026, 2, 23)),
    ]
    assert owed(at(2026, 2, 18, 9)) == []  # Tết: a day off, nothing is sent
    # Monday 23/2 before 08:00: the latest passed check-in is still W07's, two weeks back
    assert owed(at(2026, 2, 23, 7, 45)) == [("chk:2026-W07", at(2026, 2, 9), "focal")]
    assert owed(at(2026, 2, 23, 8)) == [("chk:2026-W09", at(2026, 2, 23), "focal")]


def test_a_holiday_week_moves_the_check_in_to_a_working_day_of_that_week():
    # W18/2026: Monday 27/4 is Giỗ Tổ (observed), Thursday 30/4 and Friday 1/5 are off
    assert plan(date(2026, 4, 20), date(2026, 5, 10)) == [
        ("chk:2026-W17", at(2026, 4, 20)), ("chk:2026-W18", at(2026, 4, 28)), ("chk:2026-W19", at(2026, 5, 4)),
    ]
    wed = Rules(checkin_weekday=3)  # the 3rd working day; W18 has two: its last one, never next week's
    assert plan(date(2026, 4, 20), date(2026, 5, 10), wed) == [
        ("chk:2026-W17", at(2026, 4, 22)), ("chk:2026-W18", at(2026, 4, 29)), ("chk:2026-W19", at(2026, 5, 6)),
    ]
    # 2025: Saturday 26/4 worked (W17 has six working days), 30/4, 1/5 and 2/5 off (W18 has two)
    sixth = Rules(checkin_weekday=6)
    assert plan(date(2025, 4, 14), date(2025, 5, 11), sixth, []) == [
        ("chk:2025-W16", at(2025, 4, 18)), ("chk:2025-W17", at(2025, 4, 26)),
        ("chk:2025-W18", at(2025, 4, 29)), ("chk:2025-W19", at(2025, 5, 9)),
    ]


def test_office_hours_only():
    assert owed(at(2025, 6, 9, 7, 0)) == []  # before the office opens
    assert owed(at(2025, 6, 9, 12, 0)) == []  # lunch
    assert owed(at(2025, 6, 14, 9, 0)) == []  # Saturday
    assert owed(at(2025, 6, 9, 13, 30)) == [("chk:2025-W24", at(2025, 6, 9), "focal")]


def _dispatch(history, ticks) -> list[tuple[str, datetime]]:
    """The caller: claim each key once; (key, tick it was sent at)."""
    sent: dict[str, datetime] = {}
    for now in ticks:
        for s in due_slots(WEEKLY, history, CAL, now):
            sent.setdefault(s.key, now)
    return list(sent.items())


def _ticks(start: datetime, end: datetime, off: tuple[datetime, datetime] | None = None) -> list[datetime]:
    out, t = [], start
    while t <= end:
        if not (off and off[0] <= t <= off[1]):
            out.append(t)
        t += timedelta(minutes=30)
    return out


def test_a_missed_week_is_caught_up_once_after_a_restart_gap():
    down = (at(2025, 6, 6, 12), at(2025, 6, 18, 10, 59))  # off from Friday 6/6 to Wednesday 18/6, 11:00
    sent = _dispatch(SINCE, _ticks(at(2025, 6, 2, 0), at(2025, 6, 30, 23), off=down))
    assert sent == [
        ("chk:2025-W23", at(2025, 6, 2)),
        ("chk:2025-W25", at(2025, 6, 18, 11)),  # the latest missed week, once; W24's never
        ("chk:2025-W26", at(2025, 6, 23)), ("chk:2025-W27", at(2025, 6, 30)),
    ]


def test_done_answers_that_weeks_check_in_only():
    done = SINCE + [StatusPoint("done", at(2025, 6, 11, 10))]  # Wednesday of W24
    assert owed(at(2025, 6, 12, 9), done) == []
    assert owed(at(2025, 6, 16, 8), done) == [("chk:2025-W25", at(2025, 6, 16), "focal")]
    submitted = SINCE + [StatusPoint("submitted", at(2025, 6, 11, 10))]  # under review: the same
    assert owed(at(2025, 6, 12, 9), submitted) == []


def test_start_and_creation_bound_the_check_ins():
    late = [StatusPoint("open", at(2025, 6, 10, 9))]  # created Tuesday: Monday's check-in predates it
    assert owed(at(2025, 6, 12, 9), late) == []
    started = Deadline("recurring", None, start=date(2025, 7, 1), recurrence="weekly", text="Hằng tuần")
    assert [s.key for s in planned_slots(started, [], CAL, date(2025, 6, 23), date(2025, 7, 13))] == [
        "chk:2025-W28"]  # W27's Monday 30/6 is before the start


@settings(max_examples=200, deadline=None)
@given(minutes=st.integers(min_value=0, max_value=2 * 365 * 24 * 60), weekday=st.integers(min_value=1, max_value=6))
def test_due_slots_is_the_latest_planned_check_in(minutes: int, weekday: int) -> None:
    rules = Rules(checkin_weekday=weekday)
    now = datetime(2025, 1, 1, tzinfo=TZ) + timedelta(minutes=minutes)
    history = [StatusPoint("open", datetime(2024, 12, 2, 9, tzinfo=TZ))]
    got = due_slots(WEEKLY, history, CAL, now, rules)
    passed = [s for s in planned_slots(WEEKLY, history, CAL, date(2024, 12, 1), now.date(), rules) if s.at <= now]
    assert got == (passed[-1:] if CAL.is_working_time(now) else [])
    assert all(CAL.is_working_time(s.at) for s in passed)


def test_absurd_due_date_does_not_crash_the_policy():
    far = Deadline("date", date(9999, 12, 31))  # parse_deadline refuses it; a store row might not
    assert planned_slots(far, [], CAL, date(2025, 7, 1), date(2025, 12, 31)) == []
    assert due_slots(far, [], CAL, datetime(2025, 7, 2, 9, 0, tzinfo=TZ)) == []
