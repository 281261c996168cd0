"""WorkCalendar: holidays 0.109 for VN plus the override file, counting, office hours, CLI.

Expected dates were worked out by hand from the 2025/2026 calendars (Tết Bính Ngọ: mùng 1 is
Tuesday 17/2/2026) and the announced arrangements; every test uses explicit dates/times.
"""
from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import typer
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bot.calendar_file import CalendarFileError, load_calendar
from schedules.calendar import DayNote, WorkCalendar

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
REPO_FILE = Path(__file__).resolve().parents[2] / "data" / "calendar.yaml"
PKG = WorkCalendar()  # package only, no overrides
FILE = load_calendar(REPO_FILE, "Asia/Ho_Chi_Minh")


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


# --- days off --------------------------------------------------------------------------


@pytest.mark.parametrize("cal", [PKG, FILE], ids=["package", "file"])
def test_tet_binh_ngo_2026(cal: WorkCalendar) -> None:
    tet = [date(2026, 2, d) for d in range(16, 21)]
    assert [cal.is_working_day(d) for d in tet] == [False] * 5
    assert cal.is_working_day(date(2026, 2, 13))  # Friday 26 tháng Chạp: last day at work
    assert cal.is_working_day(date(2026, 2, 23))  # Monday mùng 7: back to work
    assert not cal.is_working_day(date(2026, 2, 14)) and not cal.is_working_day(date(2026, 2, 22))


def test_2026_days_off_package_vs_file() -> None:
    pkg_off = [n.day for n in PKG.days_off(2026) if not n.worked]
    assert pkg_off == [
        date(2026, 1, 1), *(date(2026, 2, d) for d in range(16, 21)), date(2026, 4, 27),
        date(2026, 4, 30), date(2026, 5, 1), date(2026, 8, 31), date(2026, 9, 1),
        date(2026, 9, 2), date(2026, 11, 24),
    ]
    assert [n.day for n in FILE.days_off(2026) if not n.worked] == pkg_off  # file agrees
    notes = {n.day: n for n in FILE.days_off(2026)}
    assert notes[date(2026, 2, 17)].reason == "Tết Nguyên đán Bính Ngọ (mùng 1 Tết)"  # file wins
    assert notes[date(2026, 4, 27)].reason == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"  # package
    assert notes[date(2026, 8, 22)] == DayNote(date(2026, 8, 22), "Làm bù cho ngày 31/8/2026", True)
    assert [n for n in PKG.days_off(2026) if n.worked] == [
        DayNote(date(2026, 8, 22), "Làm bù cho ngày nghỉ 31/08/2026", True)
    ]
    assert date(2026, 4, 26) not in notes  # Giỗ Tổ on a Sunday: listed through its Monday


@pytest.mark.parametrize("cal", [PKG, FILE], ids=["package", "file"])
def test_2025_swap_and_fixed_holidays(cal: WorkCalendar) -> None:
    assert not cal.is_working_day(date(2025, 5, 2))  # Friday swapped off
    assert cal.is_working_day(date(2025, 4, 26))  # Saturday worked
    assert not cal.is_working_day(date(2025, 4, 27))  # Sunday stays off
    for d in (date(2025, 4, 30), date(2025, 5, 1), date(2025, 9, 1), date(2025, 9, 2),
              date(2025, 4, 7), date(2025, 1, 1), *(date(2025, 1, x) for x in range(27, 32))):
        assert not cal.is_working_day(d), d
    assert cal.is_working_day(date(2025, 5, 5)) and cal.is_working_day(date(2025, 2, 3))
    assert cal.is_working_day(date(2025, 9, 3))
    assert [n.day for n in cal.days_off(2025) if n.worked] == [date(2025, 4, 26)]


def test_weekends() -> None:
    assert not PKG.is_working_day(date(2026, 5, 9)) and not PKG.is_working_day(date(2026, 5, 10))
    assert PKG.is_working_day(date(2026, 5, 8)) and PKG.is_working_day(date(2026, 5, 11))


def test_overrides_win_either_way() -> None:
    cal = WorkCalendar(
        extra_off={date(2025, 4, 26): "Hủy làm bù", date(2026, 3, 10): "Nghỉ đột xuất"},
        extra_work={date(2025, 5, 2): "Trực", date(2026, 3, 14): "Làm thứ Bảy"},
    )
    assert not cal.is_working_day(date(2025, 4, 26))  # package says worked Saturday
    assert cal.is_working_day(date(2025, 5, 2))  # package says off
    assert not cal.is_working_day(date(2026, 3, 10)) and cal.is_working_day(date(2026, 3, 14))
    assert [n.day for n in cal.days_off(2025) if n.worked] == []
    assert DayNote(date(2026, 3, 14), "Làm thứ Bảy", True) in cal.days_off(2026)
    with pytest.raises(ValueError):
        WorkCalendar(extra_off={date(2026, 3, 10): "a"}, extra_work={date(2026, 3, 10): "b"})


# --- counting --------------------------------------------------------------------------


def test_add_and_subtract_across_tet() -> None:
    assert PKG.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)
    assert PKG.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert PKG.add_working_days(date(2026, 2, 12), 3) == date(2026, 2, 24)
    assert PKG.add_working_days(date(2026, 2, 23), -1) == date(2026, 2, 13)
    assert PKG.add_working_days(date(2026, 2, 18), -2) == date(2026, 2, 12)  # from inside Tết
    assert PKG.add_working_days(date(2026, 2, 17), 0) == date(2026, 2, 23)
    assert PKG.add_working_days(date(2026, 2, 13), 0) == date(2026, 2, 13)
    assert PKG.working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1
    assert PKG.working_days_between(date(2026, 2, 23), date(2026, 2, 13)) == -1
    assert PKG.working_days_between(date(2026, 2, 13), date(2026, 2, 13)) == 0
    # February 2026: 20 weekdays minus 5 days of Tết.
    assert PKG.working_days_between(date(2026, 1, 31), date(2026, 2, 28)) == 15
    # A year of 2026: 261 weekdays minus 13 weekday holidays plus 1 worked Saturday.
    assert PKG.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 249
    # The 2025 swap: Sat 26/4 (1), Mon 28 (2), Tue 29 (3), 30/4–4/5 off, Mon 5/5 (4).
    assert PKG.add_working_days(date(2025, 4, 25), 4) == date(2025, 5, 5)
    assert PKG.add_working_days(date(2025, 5, 5), -3) == date(2025, 4, 26)
    # (2/1/2025, 31/12/2025] holds 259 weekdays - 11 holidays + 26/4 = 249 working days;
    # the 250th is Friday 2/1/2026 (1/1/2026 is off), and back again.
    assert PKG.add_working_days(date(2025, 1, 2), 250) == date(2026, 1, 2)
    assert PKG.add_working_days(date(2026, 1, 2), -250) == date(2025, 1, 2)


def _naive_add(cal: WorkCalendar, d: date, n: int) -> date:
    if n == 0:
        return d if cal.is_working_day(d) else cal.next_working_day(d)
    step = 1 if n > 0 else -1
    while n:
        d += timedelta(days=step)
        n -= step if cal.is_working_day(d) else 0
    return d


_days = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))


@settings(max_examples=300, deadline=None)
@given(d=_days, n=st.integers(min_value=-400, max_value=400))
def test_add_working_days_matches_day_by_day(d: date, n: int) -> None:
    assert FILE.add_working_days(d, n) == _naive_add(FILE, d, n)


@settings(max_examples=300, deadline=None)
@given(a=_days, b=_days)
def test_working_days_between_matches_day_by_day(a: date, b: date) -> None:
    lo, hi = min(a, b), max(a, b)
    count = sum(FILE.is_working_day(lo + timedelta(days=i)) for i in range(1, (hi - lo).days + 1))
    assert FILE.working_days_between(a, b) == (count if a <= b else -count)


# --- office hours ----------------------------------------------------------------------


def test_next_working_moment() -> None:
    nwm = PKG.next_working_moment
    assert nwm(at(2026, 5, 8, 18)) == at(2026, 5, 11, 7, 30)  # Friday evening -> Monday
    assert nwm(at(2026, 5, 7, 12)) == at(2026, 5, 7, 13, 30)  # lunch
    assert nwm(at(2026, 5, 7, 11, 30)) == at(2026, 5, 7, 13, 30)  # end is exclusive
    assert nwm(at(2026, 5, 7, 7)) == at(2026, 5, 7, 7, 30)  # early morning
    assert nwm(at(2026, 5, 7, 17)) == at(2026, 5, 8, 7, 30)
    assert nwm(at(2026, 5, 7, 9, 15)) == at(2026, 5, 7, 9, 15)  # inside: itself
    assert nwm(at(2026, 5, 9, 10)) == at(2026, 5, 11, 7, 30)  # Saturday
    assert nwm(at(2026, 4, 30, 10)) == at(2026, 5, 4, 7, 30)  # 30/4, 1/5, weekend
    assert nwm(at(2026, 2, 13, 17, 30)) == at(2026, 2, 23, 7, 30)  # across Tết
    assert nwm(at(2025, 4, 25, 17, 30)) == at(2025, 4, 26, 7, 30)  # worked Saturday
    utc = datetime(2026, 5, 8, 1, 0, tzinfo=timezone.utc)  # 08:00 in Hà Nội
    assert nwm(utc) == at(2026, 5, 8, 8) and nwm(utc) is utc
    assert nwm(datetime(2026, 5, 8, 11, 0, tzinfo=timezone.utc)) == at(2026, 5, 11, 7, 30)


def test_is_working_time() -> None:
    assert PKG.is_working_time(at(2026, 5, 7, 7, 30)) and PKG.is_working_time(at(2026, 5, 7, 16, 59))
    assert not PKG.is_working_time(at(2026, 5, 7, 17)) and not PKG.is_working_time(at(2026, 5, 7, 12))
    assert not PKG.is_working_time(at(2026, 2, 18, 9))  # Tết
    with pytest.raises(ValueError):
        PKG.is_working_time(datetime(2026, 5, 7, 9))  # naive


def test_custom_office_hours() -> None:
    cal = WorkCalendar(hours=(("08:00", "12:00"), (time(13), time(17, 30))))
    assert cal.next_working_moment(at(2026, 5, 7, 12, 30)) == at(2026, 5, 7, 13)
    assert cal.next_working_moment(at(2026, 5, 7, 7, 45)) == at(2026, 5, 7, 8)
    assert cal.is_working_time(at(2026, 5, 7, 17, 15)) and cal.is_working_time(at(2026, 5, 7, 11, 45))
    assert cal.next_working_moment(at(2026, 5, 8, 17, 30)) == at(2026, 5, 11, 8)
    with pytest.raises(ValueError):
        WorkCalendar(hours=((time(13), time(17)), (time(8), time(12))))


# --- from_mapping and the file ----------------------------------------------------------


def test_from_mapping() -> None:
    cal = WorkCalendar.from_mapping(
        {"off": [{"date": "2026-03-10", "reason": "Nghỉ"}], "work": ["2026-03-14"]},
        tz="Asia/Ho_Chi_Minh", hours=[("08:00", "11:00")],
    )
    assert not cal.is_working_day(date(2026, 3, 10)) and cal.is_working_day(date(2026, 3, 14))
    assert cal.hours == ((time(8), time(11)),) and cal.tz == TZ
    assert DayNote(date(2026, 3, 14), "Ngày làm bù", True) in cal.days_off(2026)
    assert WorkCalendar.from_mapping(None).is_working_day(date(2026, 3, 10))
    assert not WorkCalendar.from_mapping(yaml.safe_load("off:\n  - 2026-03-10\n")).is_working_day(
        date(2026, 3, 10)
    )  # bare `off:` is YAML 1.1 False: still understood
    for bad in ({"holiday": []}, {"off": "2026-03-10"}, {"off": [{"date": "10/3/2026"}]},
                {"off": ["2026-03-10", "2026-03-10"]}, {"off": [{"day": "2026-03-10"}]},
                {"off": ["2026-03-10"], "work": ["2026-03-10"]}):
        with pytest.raises(ValueError):
            WorkCalendar.from_mapping(bad)


def test_load_calendar_errors(tmp_path: Path) -> None:
    with pytest.raises(CalendarFileError, match="missing.yaml"):
        load_calendar(tmp_path / "missing.yaml", "Asia/Ho_Chi_Minh")
    bad = tmp_path / "bad.yaml"
    bad.write_text("off:\n  - {date: 2026-13-01}\n", encoding="utf-8")
    with pytest.raises(CalendarFileError, match="bad.yaml"):
        load_calendar(bad, "Asia/Ho_Chi_Minh")


# --- CLI -------------------------------------------------------------------------------


def _invoke(*args: str):
    import bot.cli  # noqa: F401  registers every command module
    from bot.cli.app import app

    # With a single registered command Typer runs it as the root command (no name).
    group = isinstance(typer.main.get_command(app), typer.core.TyperGroup)
    return CliRunner().invoke(app, (["calendar"] if group else []) + list(args))


def test_cli_text() -> None:
    result = _invoke("2026")
    assert result.exit_code == 0, result.output
    assert "Ngày nghỉ năm 2026 (ngoài thứ Bảy, Chủ nhật): 13 ngày" in result.output
    assert "17/02/2026  Thứ Ba    Tết Nguyên đán Bính Ngọ (mùng 1 Tết)" in result.output
    assert "22/08/2026  Thứ Bảy   Làm bù cho ngày 31/8/2026" in result.output


def test_cli_json_with_file(tmp_path: Path) -> None:
    f = tmp_path / "cal.yaml"
    f.write_text('work:\n  - {date: 2027-01-09, reason: "Làm bù"}\n', encoding="utf-8")
    result = _invoke("2027", "--json", "--file", str(f))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["year"] == 2027
    assert data["work"] == [{"date": "2027-01-09", "weekday": "Thứ Bảy", "reason": "Làm bù"}]
    assert data["off"][0] == {"date": "2027-01-01", "weekday": "Thứ Sáu", "reason": "Tết Dương lịch"}
    assert _invoke("2027", "--file", str(tmp_path / "none.yaml")).exit_code == 1


# --- memoised arithmetic ---------------------------------------------------------------


def test_memoised_calendar_answers_like_the_unmemoised_one() -> None:
    """Every memoised method, asked twice (the second answer comes from the cache), on a sweep
    of 2025–2026 dates against a calendar that computes every answer afresh."""
    data = yaml.safe_load(REPO_FILE.read_text(encoding="utf-8"))
    memo = WorkCalendar.from_mapping(data, "Asia/Ho_Chi_Minh")
    plain = WorkCalendar(tz=memo.tz, hours=memo.hours, extra_off=memo.extra_off, extra_work=memo.extra_work,
                         memoise=False)
    assert memo.add_working_days.cache_info().maxsize and not hasattr(plain.add_working_days, "cache_info")
    hours = (time(7, 29), time(7, 30), time(8), time(11, 30), time(12), time(13, 30), time(16, 59), time(17))
    start = date(2024, 12, 1)
    for _ in range(2):
        for i in range(0, 800, 1):
            d = start + timedelta(days=i)
            assert memo.is_working_day(d) == plain.is_working_day(d), d
            for n in (-40, -15, -14, -7, -5, -3, -1, 0, 1, 3, 5, 6, 9, 14, 40):
                assert memo.add_working_days(d, n) == plain.add_working_days(d, n), (d, n)
            for k in (-30, -7, -1, 0, 1, 4, 11, 60):
                e = d + timedelta(days=k)
                assert memo.working_days_between(d, e) == plain.working_days_between(d, e), (d, e)
            for t in hours:
                assert memo.moment(d, t) == plain.moment(d, t), (d, t)
                now = datetime.combine(d, t, tzinfo=TZ)
                assert memo.is_working_time(now) == plain.is_working_time(now), now
    assert memo.add_working_days.cache_info().hits > 0
