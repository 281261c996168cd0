"""Vietnamese completion times -> concrete dates. Pure: no I/O, no clock of its own.

(Placeholder until the deadline engine lands: the contract below is final.)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


class DeadlineError(ValueError):
    """A completion time that means nothing; the message says what to write instead."""


@dataclass(frozen=True)
class Deadline:
    kind: str  # "date" | "recurring" | "event"
    due: date | None
    start: date | None = None
    recurrence: str | None = None  # monthly | quarterly | semiannual | yearly | None
    text: str = ""
    warnings: list[str] = field(default_factory=list)


def parse_deadline(text: str, plan_year: int | None = None) -> Deadline:
    raise DeadlineError(f"Chưa đọc được thời hạn: {text!r}")
