"""Check-ins and closes: the slots of recurring and event tasks, which never end. Pure.

Split from `policy` (which keeps the date tasks, the status history and the two entry points)
because these slots repeat by the calendar rather than count towards one due date. Keys:
  "chk:<yyyy-mm>"     monthly check-in of a recurring task, on the `checkin_workday`-th working
                      day of the month
  "chk:<yyyy>-W<ww>"  weekly check-in of a weekly task ("Hằng tuần"), per ISO week (ISO year and
                      week number), on the `checkin_weekday`-th working day of the week — its last
                      working day when a holiday week has fewer, and none at all in a week without
                      a working day (the Tết week): nobody is at work to answer it
  "close:<report date ISO>"  `close_before` working days before each report date of a
                      quarterly/half-year/yearly task
  "evt:<yyyy-mm>"     monthly "any news?" of an event task
A weekly task gets weekly check-ins only, never a "chk:<yyyy-mm>" as well: one question about
the same work twice in a week would teach people to ignore both. (The agency's monthly "update
everything" message, which lists every open task, is the dispatcher's, not a slot.)
"""
from __future__ import annotations

import calendar as _gregorian
from datetime import date, datetime, timedelta

from schedules._slots import PERIOD_MONTHS, Rules, Slot
from schedules.calendar import WorkCalendar
from schedules.deadlines import Deadline

_ONE = timedelta(days=1)
_WEEK = timedelta(days=7)
# due_slots looks at this week's check-in and the ones of the weeks before, back to this many:
# the latest of them that has passed is owed, so a week without a check-in (Tết) never hides
# the one before it, whatever `checkin_weekday` is.
LOOKBACK_WEEKS = 4


def _ym(index: int) -> tuple[int, int]:
    """Month index (year * 12 + month - 1) -> (year, month)."""
    return index // 12, index % 12 + 1


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


class Periodic:
    """Slot builders for one recurring or event deadline; cheap, built per call."""

    def __init__(self, deadline: Deadline, cal: WorkCalendar, rules: Rules) -> None:
        self.d, self.cal, self.r = deadline, cal, rules

    def at(self, day: date) -> datetime:
        return self.cal.moment(day, self.r.send_at)

    @property
    def weekly(self) -> bool:
        return self.d.kind == "recurring" and self.d.recurrence == "weekly"

    def _nth_workday(self, year: int, month: int, n: int) -> date:
        return self.cal.add_working_days(date(year, month, 1) - _ONE, n)

    def monthly(self, year: int, month: int) -> Slot:
        if self.d.kind == "event":
            day = self._nth_workday(year, month, self.r.event_workday)
            return Slot(f"evt:{year:04d}-{month:02d}", "event", self.at(day), "focal", None)
        day = self._nth_workday(year, month, self.r.checkin_workday)
        return Slot(f"chk:{year:04d}-{month:02d}", "checkin", self.at(day), "focal", None)

    def week(self, monday: date) -> Slot | None:
        """The check-in of the ISO week starting `monday`; None if the week has no working day."""
        sunday = monday + 6 * _ONE
        if self.cal.add_working_days(monday - _ONE, 1) > sunday:
            return None
        day = self.cal.add_working_days(monday - _ONE, self.r.checkin_weekday)
        if day > sunday:  # a short (holiday) week: its last working day
            day = self.cal.add_working_days(monday + _WEEK, -1)
        year, number, _ = monday.isocalendar()
        return Slot(f"chk:{year:04d}-W{number:02d}", "checkin", self.at(day), "focal", None)

    def closes(self) -> bool:
        return (self.d.kind == "recurring" and self.d.recurrence in self.r.close_for
                and self.d.recurrence in PERIOD_MONTHS)  # a week has no report date to close

    def _phase(self) -> tuple[int, int, int | None]:
        """(months per period, report month inside the period 1.., report day or None = last).

        Periods are calendar-aligned (quarters start in Jan/Apr/Jul/Oct). The parser's
        `period_month`/`period_day` win; else they are read off `due`; else the period's end.
        """
        step = PERIOD_MONTHS[self.d.recurrence or "monthly"]
        pm, pd = getattr(self.d, "period_month", None), getattr(self.d, "period_day", None)
        due = self.d.due
        if pm is None and pd is None and due is not None:
            pm = (due.month - 1) % step + 1
            pd = None if due.day == _gregorian.monthrange(due.year, due.month)[1] else due.day
        return step, pm or step, pd

    def occurrence(self, k: int) -> date:
        """The report date of period k (period 0 starts in January of year 0 of the index)."""
        step, pm, pd = self._phase()
        y, m = _ym(k * step + pm - 1)
        last = _gregorian.monthrange(y, m)[1]
        return date(y, m, min(pd or last, last))

    def close(self, k: int) -> Slot:
        occ = self.occurrence(k)
        day = self.cal.add_working_days(occ, -self.r.close_before)  # 0: the occurrence itself
        return Slot(f"close:{occ}", "close", self.at(day), "focal", None)

    def k_near(self, day: date) -> int:
        """Index of the period containing `day` (its occurrence is within one period of it)."""
        return (day.year * 12 + day.month - 1) // self._phase()[0]

    # -- what the two entry points of `policy` ask -------------------------------------

    def candidates(self, today: date) -> list[Slot]:
        """Every slot that can be the latest one passed on `today` (the caller keeps those
        <= now and takes the latest): a missed check-in is caught up once, never replayed."""
        if self.weekly:
            monday = monday_of(today)
            weeks = (self.week(monday - i * _WEEK) for i in range(LOOKBACK_WEEKS + 1))
            return [s for s in weeks if s is not None]
        ym = today.year * 12 + today.month - 1  # this month's and last month's check-ins
        out = [self.monthly(*_ym(ym)), self.monthly(*_ym(ym - 1))]
        if self.closes():
            k = self.k_near(today)
            out += [self.close(i) for i in range(k - 1, k + 3)]
        return out

    def between(self, start: date, end: date) -> list[Slot]:
        """Every slot whose local date is in [start, end]."""
        def inside(s: Slot) -> bool:
            return start <= s.at.astimezone(self.cal.tz).date() <= end

        out: list[Slot] = []
        if self.weekly:
            monday = monday_of(start) - _WEEK  # a late `send_at` moves a check-in to the next working day
            while monday <= end:
                s = self.week(monday)
                if s is not None and inside(s):
                    out.append(s)
                monday += _WEEK
            return out
        ym = start.year * 12 + start.month - 2  # a month early: its check-in may slip forward
        while date(*_ym(ym), 1) <= end:
            s = self.monthly(*_ym(ym))
            if inside(s):
                out.append(s)
            ym += 1
        if self.closes():
            k = self.k_near(start) - 1
            while (s := self.close(k)).at.astimezone(self.cal.tz).date() <= end:
                if inside(s):
                    out.append(s)
                k += 1
        return out
