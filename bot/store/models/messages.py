"""What goes out and what comes in: every message slot claimed before it is sent (`Reminder`)
and every incoming update stored before it is acknowledged (`Inbox`), so neither is lost or doubled."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.domain import Platform
from bot.store.models.base import EnumText


class Reminder(SQLModel, table=True):
    """A message slot, claimed before sending and marked sent after the API accepts it.

    `key` is unique: "<assignment>:<slot key>:<contact>" for task reminders,
    "escday:c<contact>:<date>" for the lead's daily digest, and so on. A second claim of the same key fails.
    """

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True)
    kind: str  # before | due | overdue | escalation | checkin | event | orphan ...
    assignment_id: int | None = Field(default=None, foreign_key="assignment.id", index=True)
    contact_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    slot_at: datetime  # when the policy wanted it sent
    claimed_at: datetime
    claimed_by: str = ""  # process id of the claimer
    sent_at: datetime | None = Field(default=None, index=True)
    attempts: int = 0
    last_error: str = ""


class Inbox(SQLModel, table=True):
    """Every incoming update, stored before the platform is told it arrived and marked handled
    once its replies were sent: a crash loses nothing (unhandled rows are handled at start) and
    a redelivery is recognised by its id."""

    __table_args__ = (UniqueConstraint("platform", "update_id"),)
    id: int | None = Field(default=None, primary_key=True)
    platform: Platform = Field(sa_type=EnumText(Platform))
    update_id: str  # Telegram's update_id, Zalo's message_id
    chat_id: str = ""  # the order of handling is per chat
    payload: str  # the update as the platform sent it (JSON)
    received_at: datetime
    handled_at: datetime | None = Field(default=None, index=True)
