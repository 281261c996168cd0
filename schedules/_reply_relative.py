"""Date arithmetic for reply dates: the year a day/month means, weeks, months, quarters, working
days. Split from `_reply_dates` (which holds the pattern) so each stays readable.

Every function here is total on absurd input: arithmetic that would leave 1/1/1–31/12/9999
raises ValueError/OverflowError, which `_reply_dates._ours` turns into "no date"; working days
clamp at the ends of the calendar instead (see `add_working_days`).
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from schedules._deadline_grammar import month_end

if TYPE_CHECKING:
    from schedules.calendar import WorkCalendar


def near_year(today: date, month: int, day: int | None) -> date | None:
    """A day/month (or a month: its last day) written without a year: the first one on or after
    today. "15/7" said in December is next July; said on 1/7 it is this July. A date that has
    already passed this year can only mean next year — nobody promises a day in the past.
    29/2 goes to the next leap year."""
    for year in range(today.year, min(today.year + 5, 9999) + 1):
        try:
            d = month_end(year, month) if day is None else date(year, month, day)
        except ValueError:  # 29/2 outside a leap year
            continue
        if d >= today:
            return d
    return None


def week_monday(today: date, weeks: int) -> date:
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)


def add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    last = month_end(year, month + 1)
    return last if d.day > last.day else date(year, month + 1, d.day)


def shade_month(last: date, pre: str | None) -> date:
    """"đầu tháng" the 10th (end of thượng tuần), "giữa tháng" the 15th, else the last day."""
    return last.replace(day={"dau": 10, "giua": 15}.get(pre or "", last.day))


def quarter_end(today: date, ahead: int = 0) -> date:
    """The last day of this quarter (ahead=0) or of the quarter `ahead` quarters later."""
    end = month_end(today.year, (today.month - 1) // 3 * 3 + 3)
    if ahead:
        nxt = add_months(end.replace(day=1), 3 * ahead)
        end = month_end(nxt.year, nxt.month)
    return end


def add_working_days(today: date, n: int, calendar: WorkCalendar | None) -> date:
    """The n-th working day after today: the agency's calendar (holidays and swapped days) when
    given, else Monday–Friday only."""
    if calendar is not None:
        return calendar.add_working_days(today, n)
    d = today
    while n > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def word(w: str, today: date) -> date | None:
    """The fixed words: today, tomorrow, end of this/next year or quarter, next week (English)."""
    if w in ("hom nay", "bay gio", "today"):
        return today
    if w.endswith("mai") or w == "tomorrow":
        return today + timedelta(days=1)
    if w in ("ngay kia", "ngay mot"):
        return today + timedelta(days=2)
    if w.startswith("hom"):
        return today - timedelta(days=1 if w.endswith("qua") else 2)
    if w == "next week":
        return week_monday(today, 1) + timedelta(days=4)
    if w == "next month":
        nxt = add_months(today.replace(day=1), 1)
        return month_end(nxt.year, nxt.month)
    if "nam" in w:
        return date(today.year + (1 if w.endswith(("sau", "toi")) else 0), 12, 31)
    return quarter_end(today, 1 if w.endswith(("sau", "toi")) else 0)
