"""Is a new due date acceptable? The answer the bot gives before it records a delay.

Pure and separate from the reading: `parse_reply_date` reads "31/12/9999" faithfully (so the
person is told what was understood) and this check refuses it with a reason and an example.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MAX_YEARS_AHEAD = 5
_EXAMPLE = "Ví dụ: “15/7” hoặc “cuối tháng 8”."


@dataclass(frozen=True)
class DateCheck:
    """status: "ok" | "refused" (do not record; `message` says why) | "warning" (record, and tell
    the person `message`). `ok` is True for "ok" and "warning"."""

    status: str
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status != "refused"


def _years_later(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29/2 -> 28/2; past 9999 -> the end of time
        return date.max if d.year + years > date.max.year else d.replace(year=d.year + years, day=28)


def check_new_due(d: date, today: date, plan_end: date | None = None) -> DateCheck:
    """Refuse a new due date that has passed or is today, or is more than five years ahead; warn
    when it falls after the plan's end (the plan may close before the work does)."""
    shown = f"{d:%d/%m/%Y}"
    if d < today:
        return DateCheck("refused", f"Ngày {shown} đã qua: ngày dự kiến mới phải sau hôm nay. {_EXAMPLE}")
    if d == today:
        return DateCheck("refused", f"Ngày {shown} là hôm nay: ngày dự kiến mới phải sau hôm nay. {_EXAMPLE}")
    if d > _years_later(today, MAX_YEARS_AHEAD):
        return DateCheck("refused", f"Ngày {shown} quá xa (quá {MAX_YEARS_AHEAD} năm). {_EXAMPLE}")
    if plan_end is not None and d > plan_end:
        return DateCheck("warning", f"Ngày {shown} sau khi kế hoạch kết thúc ({plan_end:%d/%m/%Y}); "
                                    "vẫn ghi nhận, đề nghị báo lãnh đạo.")
    return DateCheck("ok")
