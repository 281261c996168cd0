"""Reads the override file `data/calendar.yaml` into a `WorkCalendar`: the calendar's only I/O.

Kept out of `schedules/` so the calendar and the reminder policy stay pure functions of
(data, now); errors carry the file name so the secretariat knows which file to fix.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from schedules.calendar import WorkCalendar


class CalendarFileError(ValueError):
    """The override file is missing or malformed; the message names the file and the entry."""


def load_calendar(path: Path, tz: str, hours: Iterable[Any] | None = None) -> WorkCalendar:
    """Parse `path` (YAML with `off:` / `work:` lists) and build the calendar.

    A missing file is an error, not an empty calendar: silently losing the year's swapped
    days would send reminders on a day off and count a worked Saturday as a holiday.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CalendarFileError(f"Không đọc được tệp lịch {path}: {exc.strerror or exc}") from exc
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError) as exc:  # PyYAML raises ValueError for 2026-13-01
        raise CalendarFileError(f"Tệp lịch {path} không đúng cú pháp YAML: {exc}") from exc
    try:
        return WorkCalendar.from_mapping(data, tz=tz, hours=hours)
    except ValueError as exc:
        raise CalendarFileError(f"Tệp lịch {path}: {exc}") from exc
