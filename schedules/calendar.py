"""The working calendar of a Vietnamese state agency. Pure: no I/O, no clock of its own.

Why not `holidays` alone: the package knows the Labour Code holidays and (since 0.106) the
government's announced day swaps, but each year's swap is announced late in the year before,
and the secretariat must be able to add it (or correct it) without waiting for a release.
So the package is the base and the override file (`data/calendar.yaml`, loaded by
`bot.calendar_file`) wins either way: an `off` date is never worked, a `work` date always is.

Weekends are Saturday and Sunday (the public sector's 40-hour week, Quyết định 188/1999/QĐ-TTg);
office hours default to 07:30–11:30 and 13:30–17:00 and are configurable.
Counting is arithmetic (whole weeks, then bisect in per-year sorted exception lists), so the
reminder policy can ask "how many working days overdue" for thousands of tasks per tick; and
since a calendar never changes once built, the day arithmetic the policy repeats for every
assignment (add_working_days, working_days_between, moment, is_working_time) is memoised per
calendar in bounded LRU caches: a tick over 100k assignments asks the same few hundred questions.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import holidays

DEFAULT_TZ = "Asia/Ho_Chi_Minh"
DEFAULT_HOURS: tuple[tuple[time, time], ...] = (
    (time(7, 30), time(11, 30)),
    (time(13, 30), time(17, 0)),
)
WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
_ONE = timedelta(days=1)
_WEEKEND_FROM = 5  # weekday() >= 5: Saturday, Sunday
_MEMO = 1 << 16  # entries per memoised method and calendar (a few MB at most)
_MEMOISED = ("is_working_day", "add_working_days", "working_days_between", "moment", "is_working_time")


class DayNote(NamedTuple):
    """One exception to the Monday–Friday rule in `WorkCalendar.days_off`.

    `worked=False`: a weekday off (holiday, observed day, swapped day);
    `worked=True`: a Saturday/Sunday worked in exchange for a day off (ngày làm bù).
    """

    day: date
    reason: str
    worked: bool = False


@dataclass(frozen=True)
class _Year:
    """One year's exceptions, as dicts for lookups and sorted tuples for range counts."""

    off: Mapping[date, str]
    work: Mapping[date, str]
    off_sorted: tuple[date, ...]
    work_sorted: tuple[date, ...]


def _as_time(value: Any) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        return time.fromisoformat(value.strip())
    raise ValueError(f"Giờ làm việc không hợp lệ: {value!r} (viết dạng 07:30)")


def _as_hours(hours: Iterable[Any]) -> tuple[tuple[time, time], ...]:
    out = tuple((_as_time(a), _as_time(b)) for a, b in hours)
    if not out:
        raise ValueError("Cần ít nhất một khoảng giờ làm việc")
    for (s, e), nxt in zip(out, out[1:] + ((time.max, time.max),)):
        if not s < e <= nxt[0]:
            raise ValueError(f"Giờ làm việc phải tăng dần, không chồng nhau: {out}")
    return out


def _as_date(value: Any, where: str) -> date:
    if isinstance(value, datetime):
        raise ValueError(f"{where}: chỉ ghi ngày, không ghi giờ: {value!r}")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{where}: ngày không hợp lệ {value!r} (viết dạng 2025-05-02)")


def _entries(items: Any, key: str) -> dict[date, str]:
    """`[{date: 2025-05-02, reason: "..."}]` (or bare dates) -> {date: reason}."""
    if items is None:
        return {}
    if not isinstance(items, list):
        raise ValueError(f"'{key}' phải là một danh sách")
    out: dict[date, str] = {}
    for i, item in enumerate(items, 1):
        where = f"{key}[{i}]"
        if isinstance(item, Mapping):
            extra = set(item) - {"date", "reason"}
            if extra or "date" not in item:
                raise ValueError(f"{where}: chỉ dùng khóa 'date' và 'reason' ({sorted(map(str, item))})")
            day, reason = _as_date(item["date"], where), str(item.get("reason") or "").strip()
        else:
            day, reason = _as_date(item, where), ""
        if day in out:
            raise ValueError(f"{where}: ngày {day} bị ghi hai lần")
        out[day] = reason or ("Ngày nghỉ theo thông báo" if key == "off" else "Ngày làm bù")
    return out


@dataclass(frozen=True, eq=False)
class WorkCalendar:
    """Working days and office hours. Immutable; per-year holiday tables are built lazily.

    `extra_off` / `extra_work`: {date: reason} overrides that beat the `holidays` package.
    `country=None` switches the package off (tests, or an agency with its own list).
    """

    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TZ))
    hours: tuple[tuple[time, time], ...] = DEFAULT_HOURS
    extra_off: Mapping[date, str] = field(default_factory=dict)
    extra_work: Mapping[date, str] = field(default_factory=dict)
    country: str | None = "VN"
    memoise: bool = True  # False: every answer computed afresh (the tests' reference)
    _years: dict[int, _Year] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        tz = self.tz if isinstance(self.tz, ZoneInfo) else ZoneInfo(str(self.tz))
        both = set(self.extra_off) & set(self.extra_work)
        if both:
            raise ValueError(f"Ngày vừa nghỉ vừa làm: {sorted(both)}")
        object.__setattr__(self, "tz", tz)
        object.__setattr__(self, "hours", _as_hours(self.hours))
        object.__setattr__(self, "extra_off", MappingProxyType(dict(self.extra_off)))
        object.__setattr__(self, "extra_work", MappingProxyType(dict(self.extra_work)))
        # Pure methods of an immutable object: each instance gets its own bounded caches in front
        # of them (same answers; `cache_clear()` on each, e.g. `cal.moment.cache_clear()`).
        for name in _MEMOISED if self.memoise else ():
            object.__setattr__(self, name, lru_cache(maxsize=_MEMO)(getattr(self, name)))

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any] | None, tz: str | ZoneInfo = DEFAULT_TZ, hours: Iterable[Any] | None = None
    ) -> WorkCalendar:
        """Build from the parsed override file (`off:` / `work:` lists); errors name the entry."""
        data = data or {}
        if not isinstance(data, Mapping):
            raise ValueError("Tệp lịch phải có dạng 'off: [...]' và 'work: [...]'")
        # YAML 1.1 (PyYAML) reads a bare `off:` key as the boolean False.
        data = {("off" if k is False else k): v for k, v in data.items()}
        unknown = set(data) - {"off", "work"}
        if unknown:
            raise ValueError(f"Khóa không dùng được trong tệp lịch: {sorted(map(str, unknown))}")
        return cls(
            tz=tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz),
            hours=DEFAULT_HOURS if hours is None else tuple(hours),
            extra_off=_entries(data.get("off"), "off"),
            extra_work=_entries(data.get("work"), "work"),
        )

    # --- per-year tables -------------------------------------------------------------

    def _package(self, year: int) -> holidays.HolidayBase | None:
        if not self.country or year < 1:
            return None
        return holidays.country_holidays(self.country, years=year, language="vi")

    def _year(self, year: int) -> _Year:
        cached = self._years.get(year)
        if cached is not None:
            return cached
        off: dict[date, str] = {}
        work: dict[date, str] = {}
        pkg = self._package(year)
        if pkg is not None:
            off.update((d, n) for d, n in pkg.items() if d.year == year and d.weekday() < _WEEKEND_FROM)
            work.update((w, self._swap_reason(w, pkg)) for w in pkg.weekend_workdays if w.year == year)
        for d, reason in self.extra_off.items():
            if d.year == year:
                work.pop(d, None)
                if d.weekday() < _WEEKEND_FROM:
                    off[d] = reason
        for d, reason in self.extra_work.items():
            if d.year == year:
                off.pop(d, None)
                if d.weekday() >= _WEEKEND_FROM:
                    work[d] = reason
        built = _Year(MappingProxyType(off), MappingProxyType(work), tuple(sorted(off)), tuple(sorted(work)))
        self._years[year] = built  # a race only builds the same value twice
        return built

    def _swap_reason(self, worked: date, pkg: holidays.HolidayBase) -> str:
        """The package labels the day off "Ngày nghỉ (thay cho ngày 26/04/2025)"; find it."""
        needle = worked.strftime("%d/%m/%Y")
        for other in (pkg, self._package(worked.year - 1), self._package(worked.year + 1)):
            for d, name in (other or {}).items():
                if needle in name:
                    return f"Làm bù cho ngày nghỉ {d:%d/%m/%Y}"
        return "Ngày làm bù"

    # --- days --------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        y = self._year(d.year)
        if d in y.work:
            return True
        return d not in y.off and d.weekday() < _WEEKEND_FROM

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after `d` (date.max past the end of the calendar)."""
        try:
            d += _ONE
            while not self.is_working_day(d):
                d += _ONE
        except OverflowError:
            return date.max
        return d

    def _count(self, a: date, b: date) -> int:
        """Working days in (a, b], a <= b: weekdays by arithmetic, then the exceptions."""
        full, rem = divmod((b - a).days, 7)
        count = full * _WEEKEND_FROM
        start = a + timedelta(days=7 * full)
        count += sum(1 for i in range(1, rem + 1) if (start + timedelta(days=i)).weekday() < _WEEKEND_FROM)
        for year in range(a.year, b.year + 1):
            y = self._year(year)
            count -= bisect_right(y.off_sorted, b) - bisect_right(y.off_sorted, a)
            count += bisect_right(y.work_sorted, b) - bisect_right(y.work_sorted, a)
        return count

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]; negative (minus the count in (b, a]) when b < a."""
        return self._count(a, b) if a <= b else -self._count(b, a)

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after (n > 0) or before (n < 0) `d`.

        n = 0 gives `d` if it is a working day, else the next one (a deadline on a day off
        runs to the next working day). Long jumps go a week at a time, checked by `_count`.
        Past either end of the calendar the answer is clamped to date.max / date.min: an absurd
        due date (31/12/9999) must be refused by a validator, not crash the reminder tick.
        """
        try:
            return self._add_working_days(d, n)
        except OverflowError:
            return date.max if n >= 0 else date.min

    def _add_working_days(self, d: date, n: int) -> date:
        if n == 0:
            return d if self.is_working_day(d) else self.next_working_day(d)
        step, left = (1, n) if n > 0 else (-1, -n)
        while left > 2 * _WEEKEND_FROM:
            weeks = left // _WEEKEND_FROM - 1
            nxt = d + timedelta(days=7 * weeks * step)
            got = self._count(d, nxt) if step > 0 else self._count(nxt - _ONE, d - _ONE)
            if got >= left:  # many worked weekends: finish day by day
                break
            d, left = nxt, left - got
        while left:
            d += timedelta(days=step)
            if self.is_working_day(d):
                left -= 1
        return d

    def days_off(self, year: int) -> list[DayNote]:
        """The year's exceptions to Monday–Friday, by date: weekdays off and weekend days worked."""
        y = self._year(year)
        notes = [DayNote(d, r, False) for d, r in y.off.items()]
        notes += [DayNote(d, r, True) for d, r in y.work.items()]
        return sorted(notes)

    # --- times -------------------------------------------------------------------------

    def _local(self, dt: datetime) -> datetime:
        if dt.tzinfo is None or dt.utcoffset() is None:
            raise ValueError(f"Cần thời điểm có múi giờ, nhận được {dt!r}")
        return dt.astimezone(self.tz)

    def is_working_time(self, dt: datetime) -> bool:
        """Inside an office period (start inclusive, end exclusive) of a working day."""
        local = self._local(dt)
        if not self.is_working_day(local.date()):
            return False
        t = local.time()
        return any(s <= t < e for s, e in self.hours)

    def next_working_moment(self, dt: datetime) -> datetime:
        """`dt` itself if in office hours, else the start of the next office period (in `tz`)."""
        local = self._local(dt)
        day, t = local.date(), local.time()
        if self.is_working_day(day):
            for s, e in self.hours:
                if t < s:
                    return datetime.combine(day, s, tzinfo=self.tz)
                if t < e:
                    return dt
        return datetime.combine(self.next_working_day(day), self.hours[0][0], tzinfo=self.tz)

    def moment(self, d: date, t: time) -> datetime:
        """Nominal local time `t` on day `d`, moved forward into office hours if needed."""
        return self.next_working_moment(datetime.combine(d, t, tzinfo=self.tz))
