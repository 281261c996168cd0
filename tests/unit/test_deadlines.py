"""parse_deadline / parse_reply_date / extract_reply_date, table-driven: every family of forms
with several spellings each. Expected dates were worked out by hand from the reading rules in
`schedules/deadlines.py` and `schedules/_reply_dates.py` (1/7/2025 is a Tuesday)."""
from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from schedules.deadlines import Deadline, DeadlineError, extract_reply_date, parse_deadline, parse_reply_date

D, R = "date", "recurring"
Y = 2025  # plan year where the text needs one
# text, plan_year, kind, due, start, recurrence, warnings expected
CASES = [
    # the plans' own forms
    ("Tháng 6/2025", None, D, "2025-06-30", None, None, False),
    ("Tháng 9/ 2025", None, D, "2025-09-30", None, None, False),
    ("Quý II/2025", None, D, "2025-06-30", None, None, False),
    ("Quý II năm 2025", None, D, "2025-06-30", None, None, False),
    ("Trước 20/4/2025", None, D, "2025-04-20", None, None, False),
    ("Hàn thành đăng ký trong Tháng 3/2025", None, D, "2025-03-31", None, None, False),
    ("Năm 2025", None, D, "2025-12-31", None, None, False),
    ("Năm 2026 (2025-2026)", Y, D, "2026-12-31", "2025-01-01", None, False),
    ("Năm 2026 (2025- 2026)", Y, D, "2026-12-31", "2025-01-01", None, False),
    ("Tháng 12/2026 (2025-2026)", Y, D, "2026-12-31", "2025-01-01", None, False),
    ("Năm 2030 (2025-2030", Y, D, "2030-12-31", "2025-01-01", None, False),
    ("Năm 2028 (2025-2030)", Y, D, "2028-12-31", "2025-01-01", None, False),
    ("Thường xuyên", Y, R, None, None, None, False),
    ("Tháng 11 của năm trước", Y, R, "2025-11-30", None, "yearly", False),
    ("Tháng 11 của năm trước", None, R, None, None, "yearly", False),
    ("Khi Trung ương có quy định mới", Y, "event", None, None, None, False),
    # months
    ("8/2026", None, D, "2026-08-31", None, None, False),
    ("08/2026", None, D, "2026-08-31", None, None, False),
    ("T11/2025", None, D, "2025-11-30", None, None, False),
    ("t.11/2025", None, D, "2025-11-30", None, None, False),
    ("Tháng 05 năm 2027", None, D, "2027-05-31", None, None, False),
    ("Tháng 6-2025", None, D, "2025-06-30", None, None, False),
    ("Tháng 6, 2025", None, D, "2025-06-30", None, None, False),
    ("tháng 6.2025", None, D, "2025-06-30", None, None, False),
    ("Tháng 6/25", None, D, "2025-06-30", None, None, False),
    ("Tháng 2/2028", None, D, "2028-02-29", None, None, False),
    ("trong tháng 8/2026", None, D, "2026-08-31", None, None, False),
    ("Hoàn thành trong tháng 8/2026", None, D, "2026-08-31", None, None, False),
    ("trước tháng 10/2025", None, D, "2025-09-30", None, None, False),
    ("Trước tháng 1/2026", None, D, "2025-12-31", None, None, False),
    ("cuối tháng 6/2025", None, D, "2025-06-30", None, None, False),
    ("Tháng 6", Y, D, "2025-06-30", None, None, False),
    ("đầu tháng 6/2025", None, D, "2025-06-10", None, None, True),
    ("giữa tháng 6/2025", None, D, "2025-06-15", None, None, True),
    # quarters
    ("quý 4/2026", None, D, "2026-12-31", None, None, False),
    ("Quý III năm 2027", None, D, "2027-09-30", None, None, False),
    ("Quý I/2025", None, D, "2025-03-31", None, None, False),
    ("Q3/2025", None, D, "2025-09-30", None, None, False),
    ("Quý 1 - 2025", None, D, "2025-03-31", None, None, False),
    ("Quý II, 2025", None, D, "2025-06-30", None, None, False),
    ("trong quý 3", Y, D, "2025-09-30", None, None, False),
    ("Quý II", Y, D, "2025-06-30", None, None, False),
    ("trước quý 4/2025", None, D, "2025-09-30", None, None, False),
    ("cuối Quý II/2025", None, D, "2025-06-30", None, None, False),
    ("Quý III-IV/2025", None, D, "2025-12-31", "2025-07-01", None, False),
    ("Quý I, II/2025", None, D, "2025-06-30", "2025-01-01", None, False),  # a list is one span (issue 11)
    # half-years and years
    ("6 tháng đầu năm 2027", None, D, "2027-06-30", None, None, False),
    ("6 tháng cuối năm 2026", None, D, "2026-12-31", None, None, False),
    ("06 tháng đầu năm", Y, D, "2025-06-30", None, None, False),
    ("nửa cuối năm 2026", None, D, "2026-12-31", None, None, False),
    ("cuối năm 2026", None, D, "2026-12-31", None, None, False),
    ("Trong năm 2027", None, D, "2027-12-31", None, None, False),
    ("Đến hết năm 2027", None, D, "2027-12-31", None, None, False),
    ("Năm 2026", None, D, "2026-12-31", None, None, False),
    ("2027", None, D, "2027-12-31", None, None, False),
    ("trong 2027", None, D, "2027-12-31", None, None, False),
    ("Trước năm 2027", None, D, "2026-12-31", None, None, False),
    ("đầu năm 2026", None, D, "2026-03-31", None, None, True),
    # days
    ("Trước ngày 05/9/2025", None, D, "2025-09-05", None, None, False),
    ("Đến ngày 1/10/2026", None, D, "2026-10-01", None, None, False),
    ("trước ngày 20.11.2025", None, D, "2025-11-20", None, None, False),
    ("Chậm nhất ngày 30-6-2025", None, D, "2025-06-30", None, None, False),
    ("Hạn: 15/8/2025", None, D, "2025-08-15", None, None, False),
    ("ngày 15 tháng 7 năm 2025", None, D, "2025-07-15", None, None, False),
    ("Trước ngày 20/4", Y, D, "2025-04-20", None, None, False),
    ("20/4/25", None, D, "2025-04-20", None, None, False),
    ("Xây dựng dự thảo, trình UBND tỉnh trước ngày 30/9/2025", None, D, "2025-09-30", None, None, False),
    ("Sau 30/9/2025", None, D, "2025-09-30", None, None, True),
    # ranges
    ("2026-2027", None, D, "2027-12-31", "2026-01-01", None, False),
    ("2026 - 2028", None, D, "2028-12-31", "2026-01-01", None, False),
    ("Giai đoạn 2025–2030", None, D, "2030-12-31", "2025-01-01", None, False),
    ("Giai đoạn 2025 — 2030", None, D, "2030-12-31", "2025-01-01", None, False),
    ("Năm 2026- 2027", None, D, "2027-12-31", "2026-01-01", None, False),
    ("Từ năm 2026 đến năm 2028", None, D, "2028-12-31", "2026-01-01", None, False),
    ("Từ tháng 6 đến tháng 9/2025", None, D, "2025-09-30", "2025-06-01", None, False),
    ("Tháng 6-9/2025", None, D, "2025-09-30", "2025-06-01", None, False),
    ("Từ năm 2026 và những năm tiếp theo", None, R, "2026-12-31", "2026-01-01", "yearly", False),
    ("Từ năm 2026 trở đi", None, R, None, "2026-01-01", None, False),
    ("Từ tháng 7/2025", None, R, None, "2025-07-01", None, True),
    # recurring
    ("Hằng tháng", Y, R, None, None, "monthly", False),
    ("Hàng tháng", Y, R, None, None, "monthly", False),
    ("01 tháng/01 lần", Y, R, None, None, "monthly", False),
    ("Báo cáo hằng tháng, 3 tháng, 6 tháng, 1 năm", Y, R, None, None, "monthly", False),
    ("Hàng quý", Y, R, None, None, "quarterly", False),
    ("hằng quý", Y, R, None, None, "quarterly", False),
    ("3 tháng một lần", Y, R, None, None, "quarterly", False),
    ("6 tháng một lần", Y, R, None, None, "semiannual", False),
    ("6 tháng/lần", Y, R, None, None, "semiannual", False),
    ("Định kỳ 6 tháng", Y, R, None, None, "semiannual", False),
    ("Định kỳ hằng năm", Y, R, None, None, "yearly", False),
    ("hằng năm", Y, R, None, None, "yearly", False),
    ("Thường niên", Y, R, None, None, "yearly", False),
    ("Tháng 6 hằng năm", Y, R, "2025-06-30", None, "yearly", False),
    ("Ngày 15/12 hằng năm", Y, R, "2025-12-15", None, "yearly", False),
    ("Quý IV hằng năm", Y, R, "2025-12-31", None, "yearly", False),
    ("Trước ngày 15 hằng tháng", Y, R, "2025-01-15", None, "monthly", False),
    ("Trước ngày 15 hằng tháng", None, R, None, None, "monthly", False),
    ("Chậm nhất ngày 10 của tháng đầu quý", Y, R, "2025-01-10", None, "quarterly", False),
    ("Hằng quý, trước ngày 20 tháng cuối quý", Y, R, "2025-03-20", None, "quarterly", False),
    ("Hằng tháng và hằng quý", Y, R, None, None, "monthly", True),
    ("thường xuyên, liên tục", Y, R, None, None, None, False),
    ("Định kỳ", Y, R, None, None, None, True),
    ("Thường xuyên, tổng kết tháng 12/2025", Y, D, "2025-12-31", None, None, True),
    # events
    ("Khi có hướng dẫn của Bộ", Y, "event", None, None, None, False),
    ("Sau khi được phê duyệt", Y, "event", None, None, None, False),
    ("Theo yêu cầu", Y, "event", None, None, None, False),
    ("Theo chỉ đạo của UBND tỉnh", Y, "event", None, None, None, False),
    ("Đột xuất", Y, "event", None, None, None, False),
    ("khi co huong dan", Y, "event", None, None, None, False),
    # postponements: the new date counts
    ("Tháng 12/2025 (lùi từ tháng 9/2025)", Y, D, "2025-12-31", None, None, True),
    ("Tháng 9/2025 (lùi sang tháng 12/2025)", Y, D, "2025-12-31", None, None, True),
    ("Quý IV/2025 (đã lùi từ Quý II/2025)", Y, D, "2025-12-31", None, None, True),
    # contradictions and oddities: read, with a warning
    ("Năm 2027 (2025-2026)", Y, D, "2027-12-31", "2025-01-01", None, True),
    ("Năm 2028 (2025- 2026)", Y, D, "2028-12-31", "2025-01-01", None, True),
    ("Tháng 6 và tháng 12/2025", None, D, "2025-06-30", None, None, True),
    ("Tháng 12/2024", Y, D, "2024-12-31", None, None, True),
    # noise: case, spacing, tone placement, no diacritics, l/I/1 and O/0 confusions, dashes
    ("QUÝ II/2025", None, D, "2025-06-30", None, None, False),
    ("quý ii/2025", None, D, "2025-06-30", None, None, False),
    ("Qúy II/2025", None, D, "2025-06-30", None, None, False),
    ("Quy II/2025", None, D, "2025-06-30", None, None, False),
    ("  Tháng   6 / 2025 ", None, D, "2025-06-30", None, None, False),
    ("Thang 6/2025", None, D, "2025-06-30", None, None, False),
    ("THANG 6/2025", None, D, "2025-06-30", None, None, False),
    ("Thuong xuyen", None, R, None, None, None, False),
    ("Hang quy", None, R, None, None, "quarterly", False),
    ("truoc ngay 5/9/2025", None, D, "2025-09-05", None, None, False),
    ("Quý lII/2026", None, D, "2026-09-30", None, None, False),
    ("Quý 1V/2025", None, D, "2025-12-31", None, None, False),
    ("Quý I1/2025", None, D, "2025-06-30", None, None, False),
    ("Năm 2O25", None, D, "2025-12-31", None, None, False),
    ("Tháng 6/2o25", None, D, "2025-06-30", None, None, False),
    ("2025–2030", None, D, "2030-12-31", "2025-01-01", None, False),
]


@pytest.mark.parametrize(("text", "year", "kind", "due", "start", "rec", "warn"), CASES)
def test_reads(text, year, kind, due, start, rec, warn):
    d = parse_deadline(text, year)
    got = (d.kind, d.due and d.due.isoformat(), d.start and d.start.isoformat(), d.recurrence)
    assert got == (kind, due, start, rec), d
    assert bool(d.warnings) is warn, d.warnings
    assert d.text == text and isinstance(d.warnings, list)


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_normal_forms_read_alike(form):
    for text in ("Quý II năm 2025", "Thường xuyên", "Trước ngày 05/9/2025", "Khi có hướng dẫn của Bộ"):
        same = parse_deadline(unicodedata.normalize(form, text), Y)
        assert (same.kind, same.due) == (parse_deadline(text, Y).kind, parse_deadline(text, Y).due)


def test_period_fields():
    d = parse_deadline("Chậm nhất ngày 10 của tháng đầu quý", Y)
    assert (d.period_month, d.period_day) == (1, 10)
    assert (parse_deadline("Tháng 6 hằng năm").period_month, parse_deadline("Hằng tháng").period_day) == (6, None)
    assert parse_deadline("Tháng 6/2025").period_month is None


def test_warnings_say_what_happened():
    assert "lùi từ tháng 9/2025" in parse_deadline("Tháng 12/2025 (lùi từ tháng 9/2025)").warnings[0]
    assert "2025-2026" in parse_deadline("Năm 2027 (2025-2026)").warnings[0]


def test_contract_message():
    with pytest.raises(DeadlineError) as exc:
        parse_deadline("abc")
    assert str(exc.value) == ('Không đọc được thời hạn "abc": hãy viết như "Tháng 6/2025", "Quý II/2025", '
                              '"Trước 20/4/2025" hoặc "Thường xuyên".')


ERRORS = [
    ("", None, "hãy viết như"), ("   ", None, "hãy viết như"), ("abc", None, "hãy viết như"),
    ("???", None, "hãy viết như"), ("Tháng 13/2025", None, "không có tháng 13"),
    ("Tháng 0/2025", None, "không có tháng 0"), ("32/1/2025", None, "không có ngày 32"),
    ("29/2/2025", None, "chỉ có 28 ngày"), ("1/13/2025", None, "không có tháng 13"),
    ("Quý V/2025", None, "Quý V"), ("Quý 0/2025", None, "Quý 0"), ("Quý IV-II/2025", None, "Quý II"),
    ("Năm 99999", None, "99999"), ("Tháng 6/99999", None, "99999"), ("99999", None, "99999"),
    ("Tháng 6", None, "thiếu năm"), ("trong quý 3", None, "thiếu năm"), ("Trước ngày 20/4", None, "thiếu năm"),
    ("2027-2026", None, "2027"), ("Từ tháng 9 đến tháng 6/2025", None, "kết thúc trước khi bắt đầu"),
    ("Tháng 13 hằng năm", Y, "không có tháng 13"),
]


@pytest.mark.parametrize(("text", "year", "says"), ERRORS)
def test_errors(text, year, says):
    with pytest.raises(DeadlineError) as exc:
        parse_deadline(text, year)
    message = str(exc.value)
    assert message.startswith(f'Không đọc được thời hạn "{text.strip()}"') and says in message
    assert "viết như" in message  # always a form that works


@pytest.mark.parametrize("bad", [(None, Y), (42, Y), ("Tháng 6/2025", 99999), ("Tháng 6/2025", "2025")])
def test_bad_arguments_are_deadline_errors(bad):
    with pytest.raises(DeadlineError):
        parse_deadline(*bad)


def test_deadline_fields_default():
    assert Deadline("event", None).warnings == [] and Deadline("event", None).start is None


TODAY = date(2025, 7, 1)  # a Tuesday
REPLIES = [
    ("15/7", "2025-07-15"), ("15/07/2025", "2025-07-15"), ("15-7", "2025-07-15"), ("15.7.2025", "2025-07-15"),
    ("ngày 15 tháng 7 năm 2025", "2025-07-15"), ("ngày 15 tháng 7", "2025-07-15"), ("ngay 15 thang 7", "2025-07-15"),
    ("15/1", "2026-01-15"), ("cuối tháng 8", "2025-08-31"), ("cuoi thang 8", "2025-08-31"),
    ("hết tháng 8", "2025-08-31"), ("đầu tháng 9", "2025-09-10"), ("giữa tháng 9", "2025-09-15"),
    ("tháng 9", "2025-09-30"), ("tháng 9/2026", "2026-09-30"), ("tháng bảy", "2025-07-31"),
    ("tháng sáu", "2026-06-30"), ("tháng sau", "2025-08-31"), ("cuối tháng", "2025-07-31"),
    ("tuần sau", "2025-07-11"), ("tuần tới", "2025-07-11"), ("tuan sau", "2025-07-11"),
    ("thứ sáu tới", "2025-07-04"), ("thứ 6 tuần sau", "2025-07-11"), ("thu 6 tuan toi", "2025-07-11"),
    ("thứ hai tới", "2025-07-07"), ("thu hai toi", "2025-07-07"), ("thứ 6", "2025-07-04"),
    ("chủ nhật tuần sau", "2025-07-13"), ("ngày mai", "2025-07-02"), ("ngay mai", "2025-07-02"),
    ("ngày kia", "2025-07-03"), ("hôm qua", "2025-06-30"), ("hôm nay", "2025-07-01"),
    ("3 ngày nữa", "2025-07-04"), ("3 ngay nua", "2025-07-04"), ("sau 2 tuần", "2025-07-15"),
    ("sáu ngày nữa", "2025-07-07"), ("1 tháng nữa", "2025-08-01"), ("cuối tuần", "2025-07-04"),
    ("đầu tuần sau", "2025-07-07"), ("cuối quý", "2025-09-30"), ("quý sau", "2025-12-31"),
    ("Quý III/2025", "2025-09-30"), ("cuối năm", "2025-12-31"),
    ("2025-07-15", "2025-07-15"),  # ISO: only dateparser reads it
]


@pytest.mark.parametrize(("text", "expected"), REPLIES)
def test_reply_dates(text, expected):
    assert parse_reply_date(text, TODAY) == date.fromisoformat(expected)


@pytest.mark.parametrize("text", ["", "đã xong", "xong 80%", "abc", "mất 3-4 ngày", "sẽ thu sau", "Năm 2025",
                                  "xong 1/2 khối lượng", "TB25-12 xong", "32/1", "ok anh",
                                  "ngày một tốt hơn"])
def test_reply_without_date(text):
    assert parse_reply_date(text, TODAY) is None and extract_reply_date(text, TODAY) is None


def test_reply_day_month_already_passed_means_next_year():
    assert parse_reply_date("15/1", date(2025, 12, 20)) == date(2026, 1, 15)
    assert parse_reply_date("15/7", date(2025, 12, 20)) == date(2026, 7, 15)  # was this year's (past) July
    assert parse_reply_date("20/1", date(2025, 7, 1)) == date(2026, 1, 20)
    assert parse_reply_date("15/7", date(2025, 7, 1)) == date(2025, 7, 15)
    assert parse_reply_date("1/7", date(2025, 7, 1)) == date(2025, 7, 1)  # today: check_new_due refuses it
    assert parse_reply_date("29/2", date(2025, 3, 1)) == date(2028, 2, 29)
    assert parse_reply_date("cuối tuần", date(2025, 7, 5)) == date(2025, 7, 11)  # Saturday: next Friday


@pytest.mark.parametrize(("text", "expected", "rest"), [
    ("chậm, dự kiến 15/7 vì chờ ý kiến Sở Tài chính", "2025-07-15", "chậm, dự kiến vì chờ ý kiến Sở Tài chính"),
    ("dự kiến vào ngày 20/7, chờ Sở Tài chính", "2025-07-20", "dự kiến, chờ Sở Tài chính"),
    ("Chậm. Dự kiến cuối tháng 8.", "2025-08-31", "Chậm. Dự kiến."),
    ("15/7", "2025-07-15", ""),
    ("Xin lùi sang tuần sau (chờ số liệu)", "2025-07-11", "Xin lùi sang (chờ số liệu)"),
])
def test_extract_reply_date(text, expected, rest):
    assert extract_reply_date(text, TODAY) == (date.fromisoformat(expected), rest)
