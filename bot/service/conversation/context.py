"""What one inbound message is handled with, and the polite refusal every handler may raise."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.domain import Role
from bot.service.ports import PLAIN, Capabilities, Sender
from bot.store import Session
from bot.store.models import Contact


@dataclass
class Ctx:
    session: Session
    sender: Sender
    contact: Contact | None
    now: datetime  # aware, configured time zone
    caps: Capabilities = PLAIN  # of the channel the message came from
    warnings: list[str] = field(default_factory=list)  # said with the confirmation (a date after the plan)

    @property
    def today(self) -> date:
        return self.now.date()

    @property
    def has_buttons(self) -> bool:
        return self.caps.has_buttons

    @property
    def is_manager(self) -> bool:
        return self.contact is not None and Role(self.contact.role).is_manager


class Refusal(Exception):
    """A polite no: the message is shown, nothing is written."""
