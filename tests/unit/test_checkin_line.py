"""What a check-in says it asks about: this week for a weekly task, this month otherwise, and the
period itself when a check-in is caught up after its week or month is over."""
from __future__ import annotations

from datetime import date

from bot.service.views import checkin_line
from bot.store.models import Task


def _task(recurrence: str | None) -> Task:
    return Task(plan_id=1, no="1", code="TB25-1", content="x", lead_text="x", kind="recurring",
                recurrence=recurrence)


def test_weekly_says_this_week_monday_to_friday():
    line = checkin_line(_task("weekly"), date(2026, 4, 28), date(2026, 4, 29))  # W18: 27/4 was Giỗ Tổ
    assert line == "Đề nghị cập nhật tình hình thực hiện tuần này (từ 27/04 đến 01/05)."
    assert "tháng" not in line


def test_a_weekly_check_in_caught_up_next_week_names_its_week():
    line = checkin_line(_task("weekly"), date(2026, 5, 11), date(2026, 5, 18))
    assert line == "Đề nghị cập nhật tình hình thực hiện tuần từ 11/05 đến 15/05."


def test_other_recurring_tasks_say_the_month():
    for rec in (None, "monthly", "quarterly"):
        assert checkin_line(_task(rec), date(2026, 5, 4), date(2026, 5, 6)).endswith("tháng này (05/2026).")
    assert checkin_line(_task("monthly"), date(2026, 4, 1), date(2026, 5, 4)).endswith("tháng 04/2026.")
