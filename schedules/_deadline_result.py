"""The result of `deadlines.parse_deadline`: `Deadline`, `DeadlineError`, a fast builder, and the
warnings both readings (the full one and the fast one) write in the same words.

Split from `deadlines` (the reading rules and the full reading) to keep each file short; both are
re-exported there, so `schedules.deadlines.Deadline` is the name callers use.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from schedules._deadline_grammar import MIN_YEAR

_EXAMPLES = '"Tháng 6/2025", "Quý II/2025", "Trước 20/4/2025" hoặc "Thường xuyên"'


class DeadlineError(ValueError):
    """A completion time that means nothing; the message says what to write instead."""


@dataclass(frozen=True)
class Deadline:
    """How one completion time is read.

    due: the last day of the named period or the day named; for `recurring`, the first report
    date in the plan year (or from `start`) when the text fixes one — a day/month in the period or
    a start year — else None; None for open-ended work and events.
    start: the first day of a stated range (or programme period), or of ongoing work "từ <mốc>".
    period_month / period_day (recurring only): the report day inside each period — month 1 is
    the period's first month (for yearly, the calendar month), None its last month; day None is
    the month's last day. "Chậm nhất ngày 10 của tháng đầu quý" -> quarterly, 1, 10.
    """

    kind: str  # "date" | "recurring" | "event"
    due: date | None
    start: date | None = None
    recurrence: str | None = None  # monthly | quarterly | semiannual | yearly | None
    text: str = ""
    warnings: list[str] = field(default_factory=list)
    period_month: int | None = None
    period_day: int | None = None


def _quote(text: str) -> str:
    short = re.sub(r"\s+", " ", text).strip()
    return short if len(short) <= 80 else short[:77] + "…"


def error(text: str, reason: str | None = None, example: str | None = None) -> DeadlineError:
    """The DeadlineError for `text` (quoted short): why, and an example of what to write."""
    head = f'Không đọc được thời hạn "{_quote(text)}"'
    if reason is None:
        return DeadlineError(f"{head}: hãy viết như {_EXAMPLES}.")
    return DeadlineError(f'{head}: {reason}. Hãy viết như "{example}".')


def program_note(due: date, start: date | None, y1: int, y2: int) -> tuple[date | None, str | None]:
    """A programme bracket "(y1-y2)" after a date: the start it gives, and the warning when the
    date lies outside it ("Năm 2027 (2025-2026)" is read by the date)."""
    note = None
    if not y1 <= due.year <= y2:
        note = (f"Thời hạn {due:%d/%m/%Y} nằm ngoài giai đoạn {y1}-{y2} ghi trong ngoặc; "
                f"nhắc theo thời hạn {due:%d/%m/%Y}.")
    if start is None and MIN_YEAR <= y1 and date(y1, 1, 1) <= due:
        start = date(y1, 1, 1)
    return start, note


def plan_year_note(due: date, plan_year: int | None) -> str | None:
    if plan_year is not None and due.year < plan_year:
        return f"Thời hạn {due:%d/%m/%Y} trước năm kế hoạch {plan_year}."
    return None


_new, _set = object.__new__, object.__setattr__


def built(kind: str, due: date | None, text: str, warnings: list[str], start: date | None = None,
           recurrence: str | None = None, period_month: int | None = None, period_day: int | None = None) -> Deadline:
    """A Deadline made without the frozen dataclass's __init__, which sets each of the eight fields
    through object.__setattr__ (~1 µs, a quarter of a fast-path parse of
    `deadlines.parse_deadline`). The same fields in the same
    order: ==, repr, replace and pickle cannot tell (tests/unit/test_deadlines_fast.py checks)."""
    d = _new(Deadline)
    _set(d, "__dict__", {"kind": kind, "due": due, "start": start, "recurrence": recurrence, "text": text,
                         "warnings": warnings, "period_month": period_month, "period_day": period_day})
    return d
Deadline.__module__ = DeadlineError.__module__ = "schedules.deadlines"  # their public home (repr, pickle)
