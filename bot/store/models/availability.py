"""When a contact is not to be reminded (issue 15): leave periods and "remind me later"."""
from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel


class Leave(SQLModel, table=True):
    """A period [start, end] during which a contact gets no reminders (`/nghi`)."""

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    start: date
    end: date
    reason: str = ""
    set_by: int | None = Field(default=None, foreign_key="contact.id")
    created_at: datetime
    cancelled_at: datetime | None = None


class Snooze(SQLModel, table=True):
    """"Remind me later": no reminder of the assignment to its agency before `resume_on`."""

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    contact_id: int = Field(foreign_key="contact.id")
    days: int
    resume_on: date
    created_at: datetime
