"""Tết Nguyên đán (the first day of the lunar year) from `lunar-vn`.

Why a library and not a table: the Vietnamese calendar is computed for UTC+7 (Hồ Ngọc Đức's
algorithm, which `lunar-vn` implements), so Tết sometimes differs from the Chinese one
(1985, 2007, 2030 …); a hand-kept table silently runs out. Why `lunar-vn`: Vietnamese (UTC+7),
pure Python, no dependencies, typed, MIT. Pure: the library computes, it reads nothing.
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from lunar_vn import SUPPORTED_YEAR_RANGE, LunarDate, lunar_to_solar


@lru_cache(maxsize=256)
def lunar_day(year: int, month: int = 1, day: int = 1) -> date | None:
    """The solar date of lunar day/month of lunar `year`; None outside the library's range."""
    if not SUPPORTED_YEAR_RANGE[0] <= year < SUPPORTED_YEAR_RANGE[1]:
        return None
    try:
        return lunar_to_solar(LunarDate(day, month, year))
    except ValueError:
        return None


def tet(year: int) -> date | None:
    """Mùng 1 Tết of the lunar year that starts in solar `year`."""
    return lunar_day(year)


def next_tet(today: date) -> date | None:
    """The first Tết on or after `today` (the coming one; today's if today is Tết)."""
    this = tet(today.year)
    if this is not None and this >= today:
        return this
    return tet(today.year + 1)


def before_tet(today: date) -> date | None:
    """"Trước Tết": the last day before the coming Tết (the eve, 30 or 29 tháng Chạp)."""
    t = next_tet(today)
    return None if t is None else t - timedelta(days=1)


def after_tet(today: date) -> date | None:
    """"Sau Tết" / "ra Giêng": mùng 10 tháng Giêng of the coming lunar year (a guess: offices
    are back and settled about then); if today is already inside that Tết, the one after."""
    t = tet(today.year)
    if t is not None and today <= (t + timedelta(days=9)):
        return t + timedelta(days=9)
    t = tet(today.year + 1)
    return None if t is None else t + timedelta(days=9)
