"""The clock is injected everywhere: production uses `system_clock`, tests pass a fixed one.

Instants are stored as aware UTC datetimes (SQLModel's UTCDateTime column type refuses naive
ones and returns UTC on both SQLite and PostgreSQL); the edges show them in the configured zone.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]


def system_clock(tz: ZoneInfo) -> Clock:
    return lambda: datetime.now(tz)


def fixed_clock(at: datetime) -> Clock:
    return lambda: at


def to_utc(dt: datetime) -> datetime:
    """How instants are stored: aware, in UTC. A naive value is taken to be UTC already."""
    return dt.astimezone(timezone.utc) if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def to_local(dt: datetime, tz: ZoneInfo) -> datetime:
    return to_utc(dt).astimezone(tz)

