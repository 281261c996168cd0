"""Who talks to the bot and as whom (`Contact`, by platform user id; a group chat is a contact of
its own), how they were let in (`Invite`), and what the bot waits for from each of them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.domain import Expect, LegacyOutcome, Platform, Role
from bot.store.models.base import EnumText


class Contact(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("platform", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    platform: Platform = Field(sa_type=EnumText(Platform))
    user_id: str  # platform user id, never a display name
    chat_id: str
    display_name: str = ""
    agency_id: int | None = Field(default=None, foreign_key="agency.id", index=True)
    role: Role = Field(default=Role.FOCAL, sa_type=EnumText(Role))
    active: bool = True
    created_at: datetime


class Invite(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(unique=True, index=True)  # sha256 of the code; the code is never stored
    agency_id: int | None = Field(default=None, foreign_key="agency.id")
    role: Role = Field(default=Role.FOCAL, sa_type=EnumText(Role))
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    used_by: int | None = Field(default=None, foreign_key="contact.id")
    for_group: bool = False  # redeemed in a group chat, which becomes the agency's destination


class Prompt(SQLModel, table=True):
    """What the bot is waiting for from a contact (a note after ✅, a date after ⏳ …).

    Kept in the database so a restart loses nothing; one per contact, replaced by the next."""

    contact_id: int = Field(foreign_key="contact.id", primary_key=True)
    action: Expect = Field(sa_type=EnumText(Expect))
    codes: str = ""  # task codes in question, comma-separated
    draft_text: str = ""  # what was already said (a reason before the date, a text to classify)
    expires_at: datetime


class PageCursor(SQLModel, table=True):
    """Where a long list stopped for one contact (`/tiep`). Its own row, apart from `Prompt`, so
    a question asked meanwhile (the note after "xong") does not lose the reader's place."""

    contact_id: int = Field(foreign_key="contact.id", primary_key=True)
    listing: str  # "<list>:<arg>", e.g. "overdue:Sở Y tế"
    shown: str = ""  # the keys of the entries already shown, comma-separated
    expires_at: datetime


class LegacyGroup(SQLModel, table=True):
    """A group chat found registered the old way (a person's contact whose chat was the group)
    and what revision 0008_legacy_groups did with it, so the secretariat can see it
    (`nhacviec groups --legacy`). Written once by the migration; never by the bot."""

    id: int | None = Field(default=None, primary_key=True)
    platform: Platform = Field(sa_type=EnumText(Platform))
    chat_id: str  # the group
    contact_id: int = Field(foreign_key="contact.id", index=True)  # the person registered in it
    agency_id: int | None = Field(default=None, foreign_key="agency.id")  # as registered then
    role: Role = Field(sa_type=EnumText(Role))
    outcome: LegacyOutcome = Field(sa_type=EnumText(LegacyOutcome))
    group_contact_id: int | None = Field(default=None, foreign_key="contact.id")  # CONVERTED: the group's contact
    created_group: bool = False  # the migration made that contact (a downgrade removes it)
    migrated_at: datetime
