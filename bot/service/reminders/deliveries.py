"""What a reminder pass works with: an open assignment and the slots it is owed (`Due`), one
claim key (`Item`) and one message to one contact (`Delivery`). Their own module because the
planner (owed.py), the notices of people and reorganisations (availability.py), the digest and
the dispatcher all use them."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.store import review
from bot.store.snapshot import AgencyRow as Agency
from bot.store.snapshot import AssignmentRow as Assignment
from bot.store.snapshot import ContactRow as Contact
from bot.store.snapshot import TaskRow as Task
from schedules.policy import Slot


@dataclass(slots=True)
class Due:
    """One open lead assignment of a live task, with the slots owed now (maybe none)."""

    assignment: Assignment
    task: Task
    agency: Agency
    slots: list[Slot]
    last: tuple | None = None  # (who, status, when) of the agency's latest answer (several focal points)


@dataclass(slots=True)
class Item:
    """One claim key and what it is about."""

    key: str
    kind: str  # slot kind, or escday | month | orphan | blocked
    slot_at: datetime
    due: Due | None = None
    agency: Agency | None = None  # orphan reports: the agency without a focal point
    about: date | None = None  # task slots: the effective due date the slot is about

    @property
    def assignment_id(self) -> int | None:
        return self.due.assignment.id if self.due else None


@dataclass
class Delivery:
    """One message to one contact; `gate` is claimed first and alone (escalations)."""

    kind: str  # digest | escalation | monthly | orphan | blocked
    contact: Contact
    items: list[Item]
    gate: Item | None = None
    agency: Agency | None = None  # digest/monthly: the contact's agency
    dues: list[Due] = field(default_factory=list)  # monthly: every open task of the agency
    subject: Contact | None = None  # blocked: the contact that blocked the bot
    text: str = ""  # notice: the message, already worded
    notice: review.Notice | None = None  # review, extreq, decided, told: what the message is about
    late: list = field(default_factory=list)  # rvlate: (task, assignment, agency, submission event)
    error: str = ""  # fault: what went wrong with the task

    @property
    def keys(self) -> list[str]:
        return ([self.gate.key] if self.gate else []) + [i.key for i in self.items]


@dataclass(slots=True)
class Fault:
    """An assignment whose stored data the pass could not plan or render."""

    due: Due  # with no slots
    error: str
