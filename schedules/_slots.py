"""The reminder policy's vocabulary: its knobs (`Rules`), its input (`StatusPoint`) and its
output (`Slot`). Pure. Its own module so that the two planners (`policy` for date tasks,
`_periodic` for check-ins and closes) share one definition; `schedules.policy` re-exports
every name here, which is where callers import them from.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

STATUSES = frozenset({"open", "in_progress", "delayed", "done", "submitted"})
FINISHED = frozenset({"done", "submitted"})  # "submitted": reported done, waiting for confirmation
PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "semiannual": 6, "yearly": 12}


@dataclass(frozen=True)
class Rules:
    """Every reminder knob in one place. 0 switches `overdue_every` / `escalate_after` off."""

    before: tuple[int, ...] = (14, 7, 3, 1)  # working days before due
    on_due: bool = True
    overdue_every: int = 3  # working days, while not done
    escalate_after: int = 5  # working days overdue -> the lead
    send_at: time = time(8, 0)  # when in the working day a slot falls
    checkin_workday: int = 1  # recurring: monthly check-in on the Nth working day of the month
    checkin_weekday: int = 1  # weekly tasks: check-in on the Nth working day of the (ISO) week
    close_before: int = 5  # recurring: "close" slot N working days before each occurrence
    close_for: frozenset[str] = frozenset({"quarterly", "semiannual", "yearly"})
    event_workday: int = 1  # event tasks: monthly "any news?" on the Nth working day

    def __post_init__(self) -> None:
        if any(n < 1 for n in self.before) or min(self.checkin_workday, self.checkin_weekday,
                                                   self.event_workday) < 1:
            raise ValueError("before / checkin_workday / checkin_weekday / event_workday must be >= 1")
        if min(self.overdue_every, self.escalate_after, self.close_before) < 0:
            raise ValueError("overdue_every / escalate_after / close_before must be >= 0")


DEFAULT_RULES = Rules()


@dataclass(frozen=True)
class StatusPoint:
    status: str  # open | in_progress | delayed | done
    at: datetime
    new_due: date | None = None  # with "delayed": the agreed new due date


@dataclass(frozen=True)
class Slot:
    key: str  # stable; see the docstring of schedules.policy
    kind: str  # before | due | overdue | escalation | checkin | close | event
    at: datetime  # aware, inside office hours
    audience: str  # focal | lead
    due: date | None  # the effective due date it is about (None for checkins/events)
