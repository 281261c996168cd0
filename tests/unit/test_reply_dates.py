"""Reply dates against `today`: relative phrases, working days, Tết, and `check_new_due`."""
from __future__ import annotations

from datetime import date

import pytest

from schedules.calendar import WorkCalendar
from schedules.deadlines import DateCheck, check_new_due, extract_reply_date, parse_reply_date

TODAY = date(2025, 7, 1)  # a Tuesday


@pytest.mark.parametrize(("text", "expected"), [
    ("tuần sau", "2025-07-11"), ("thứ sáu tuần sau", "2025-07-11"), ("thu 6 tuan sau", "2025-07-11"),
    ("cuối tháng này", "2025-07-31"), ("cuối tháng sau", "2025-08-31"), ("cuoi thang sau", "2025-08-31"),
    ("cuối quý này", "2025-09-30"), ("cuối quý sau", "2025-12-31"), ("cuoi quy sau", "2025-12-31"),
    ("hết quý sau", "2025-12-31"), ("cuối năm", "2025-12-31"), ("cuối năm sau", "2026-12-31"),
    ("5 ngày nữa", "2025-07-06"), ("2 tuần nữa", "2025-07-15"),
    ("3 ngày làm việc nữa", "2025-07-04"), ("5 ngay lam viec nua", "2025-07-08"),
    ("sau 10 ngày làm việc", "2025-07-15"),
    ("mùng 5", "2025-07-05"), ("mồng 10 tháng này", "2025-07-10"), ("mùng 1 tháng sau", "2025-08-01"),
    ("mung 3 thang toi", "2025-08-03"), ("mùng 10 tháng 8", "2025-08-10"), ("mùng 5 tháng 3", "2026-03-05"),
    ("mùng 6 tháng sáu", "2026-06-06"),
    ("đầu tháng 9", "2025-09-10"), ("giữa tháng 9", "2025-09-15"), ("cuối tháng 9", "2025-09-30"),
    ("trước Tết", "2026-02-16"), ("truoc tet", "2026-02-16"), ("sau Tết", "2026-02-26"),
    ("ra Giêng", "2026-02-26"), ("trước Tết Nguyên đán 2027", "2027-02-05"),
    ("delayed until 15/7", "2025-07-15"), ("next week", "2025-07-11"), ("tomorrow", "2025-07-02"),
])
def test_relative_phrases(text, expected):
    assert parse_reply_date(text, TODAY) == date.fromisoformat(expected)


def test_mung_rolls_to_next_month_once_passed():
    assert parse_reply_date("mùng 5", date(2025, 7, 20)) == date(2025, 8, 5)


def test_mung_is_not_a_bare_number():
    assert parse_reply_date("mùng", TODAY) is None


def test_working_days_use_the_calendar_holidays():
    cal = WorkCalendar()
    # 28/8/2025 (Thu) + 3 working days: 29/8 Fri, then 1–2/9 are National Day holidays -> 3/9, 4/9
    assert parse_reply_date("3 ngày làm việc nữa", date(2025, 8, 28), calendar=cal) == date(2025, 9, 4)
    # without a calendar, weekdays only: 29/8, 1/9, 2/9
    assert parse_reply_date("3 ngày làm việc nữa", date(2025, 8, 28)) == date(2025, 9, 2)
    assert extract_reply_date("chậm, 3 ngày làm việc nữa", date(2025, 8, 28), calendar=cal) == (date(2025, 9, 4), "chậm")


def test_tet_passed_this_year_means_next():
    assert parse_reply_date("trước Tết", date(2026, 3, 1)) == date(2027, 2, 5)


def test_absurd_dates_are_read_then_refused_never_raised():
    d = parse_reply_date("31/12/9999", TODAY)
    assert d == date(9999, 12, 31)
    check = check_new_due(d, TODAY)
    assert check == DateCheck("refused", "Ngày 31/12/9999 quá xa (quá 5 năm). Ví dụ: “15/7” hoặc “cuối tháng 8”.")
    assert not check.ok
    assert parse_reply_date("1000 ngày làm việc nữa", date(9999, 12, 30)) is None
    assert parse_reply_date("ngày mai", date.max) is None
    assert parse_reply_date("cuối năm sau", date.max) is None
    assert parse_reply_date("mùng 5 tháng sau", date.max) is None
    assert parse_reply_date("trước Tết", date.max) is None
    assert WorkCalendar().add_working_days(date.max, 1) == date.max
    assert WorkCalendar().add_working_days(date.min, -3) == date.min
    assert WorkCalendar().next_working_day(date.max) == date.max


@pytest.mark.parametrize(("d", "status", "says"), [
    (date(2025, 6, 30), "refused", "Ngày 30/06/2025 đã qua"),
    (date(2025, 7, 1), "refused", "Ngày 01/07/2025 là hôm nay"),
    (date(2030, 7, 2), "refused", "quá xa"),
    (date(2030, 7, 1), "warning", "sau khi"),  # exactly five years: allowed
    (date(2025, 7, 2), "ok", ""),
    (date(2026, 3, 1), "warning", "sau khi kế hoạch kết thúc (31/12/2025)"),
])
def test_check_new_due(d, status, says):
    check = check_new_due(d, TODAY, plan_end=date(2025, 12, 31))
    assert check.status == status and says in check.message
    assert check.ok == (status != "refused")
    if status == "refused":
        assert "Ví dụ:" in check.message and check.message.count(".") >= 2


def test_check_new_due_without_plan_end_never_warns():
    assert check_new_due(date(2027, 1, 1), TODAY) == DateCheck("ok")


def test_check_new_due_leap_day_today():
    assert check_new_due(date(2029, 2, 28), date(2024, 2, 29)).ok
    assert check_new_due(date(9999, 12, 31), date(9998, 1, 1)).ok  # within five years, no overflow
