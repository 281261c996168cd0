"""Completion-time forms from other provinces (issue 11)."""
from __future__ import annotations

from datetime import date

import pytest

from schedules.deadlines import parse_deadline

Y = 2025


@pytest.mark.parametrize(("text", "due", "start"), [
    ("Tháng 9, 10/2025", "2025-10-31", "2025-09-01"),
    ("Tháng 9 và tháng 10/2025", "2025-10-31", "2025-09-01"),
    ("Tháng 9, 10, 11/2025", "2025-11-30", "2025-09-01"),
    ("Tháng 6, 7 năm 2025", "2025-07-31", "2025-06-01"),
    ("Tháng 12, 2025", "2025-12-31", None),
    ("Tháng 6, 25", "2025-06-30", None),
    ("Quý II, III/2025", "2025-09-30", "2025-04-01"),
    ("Quý II-III/2025", "2025-09-30", "2025-04-01"),
    ("Quí II/2025", "2025-06-30", None),
    ("Quí 3 năm 2025", "2025-09-30", None),
    ("ngày 06 (sáu) tháng 06 (sáu) năm 2025", "2025-06-06", None),
    ("Trước ngày 20 (hai mươi) tháng 4 (tư) năm 2025", "2025-04-20", None),
    ("Mốc 2045", "2045-12-31", None),
    ("Trước Tết Nguyên đán 2026", "2026-02-16", None),
    ("Trước Tết", "2026-02-16", None),
])
def test_dated_forms(text, due, start):
    d = parse_deadline(text, Y)
    assert (d.kind, d.due, d.start) == ("date", date.fromisoformat(due), start and date.fromisoformat(start))
    assert d.warnings == []


def test_far_apart_months_stay_two_milestones():
    d = parse_deadline("Tháng 6 và tháng 12/2025")
    assert d.due == date(2025, 6, 30) and d.warnings


@pytest.mark.parametrize(("text", "recurrence", "due", "month", "day"), [
    ("chậm nhất ngày 15 của tháng báo cáo", "monthly", "2025-01-15", None, 15),
    ("trước ngày 10/01 của năm liền kề năm báo cáo", "yearly", "2026-01-10", 1, 10),
    ("tháng đầu tiên của quý tiếp theo", "quarterly", "2025-01-31", 1, None),
    ("Tháng 6 và tháng 12 hằng năm", "semiannual", "2025-06-30", 6, None),
    ("Tháng 3, tháng 6, tháng 9 và tháng 12 hằng năm", "quarterly", "2025-03-31", 3, None),
    ("Tháng 3, 6, 9, 12 hằng năm", "quarterly", "2025-03-31", 3, None),
    ("Tháng 1, 4, 7 và 10 hằng năm", "quarterly", "2025-01-31", 1, None),
    ("Tháng 6, 12 hằng năm", "semiannual", "2025-06-30", 6, None),
    ("Tháng 6 và 12 hằng năm", "semiannual", "2025-06-30", 6, None),
    ("Hằng tuần", "weekly", None, None, None),
    ("Báo cáo định kỳ hằng tuần", "weekly", None, None, None),
    ("Hàng quí", "quarterly", None, None, None),
])
def test_recurring_forms(text, recurrence, due, month, day):
    d = parse_deadline(text, Y)
    assert (d.kind, d.recurrence, d.due, d.period_month, d.period_day) == (
        "recurring", recurrence, due and date.fromisoformat(due), month, day)


@pytest.mark.parametrize("text", ["Tháng 3 và tháng 7 hằng năm", "Tháng 3, 7 hằng năm", "Tháng 3, 12 hằng năm"])
def test_uneven_months_a_year_warn(text):
    """A bare number after a month is the next month of the list, never a two-digit year (2012)."""
    d = parse_deadline(text, Y)
    assert d.recurrence == "yearly" and d.start is None and d.due.year == Y
    assert any("không đều" in w for w in d.warnings)
