"""Plans under review (issue 13): evidence files, the one decision per submission or extension
request, and the review notices as delivered (so their copies can be edited)."""
from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from bot.domain import Decision
from bot.store.models.base import EnumText


class Evidence(SQLModel, table=True):
    """A document or photo a focal point attached to a task: stored by its SHA-256 under the
    files directory (never under a name the sender chose), checked by its content's type."""

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    event_id: int | None = Field(default=None, foreign_key="statusevent.id")  # the report it came with
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    name: str  # as sent (sanitised), for people: "QD-123.pdf"
    size: int
    sha256: str = Field(index=True)
    kind: str  # pdf | doc | docx | xls | xlsx | odt | jpg | png
    caption: str = ""  # the text sent with it (document numbers are read from it)
    added_at: datetime


class ReviewDecision(SQLModel, table=True):
    """The one decision on a submission (secretariat) or an extension request (lead).

    `event_id` is unique: the first to decide inserts the row, every later attempt finds it
    and is refused, whichever process or channel it came from."""

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="statusevent.id", unique=True)  # the submission / request
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    decision: Decision = Field(sa_type=EnumText(Decision))
    reason: str = ""
    new_due: date | None = None  # agreed extensions: the date granted
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    channel: str = ""
    at: datetime


class ReviewMessage(SQLModel, table=True):
    """A review notice as the platform delivered it (Telegram message id), so the others'
    copies can be edited to show the decision."""

    key: str = Field(primary_key=True)  # the Reminder key it delivered
    event_id: int = Field(foreign_key="statusevent.id", index=True)
    contact_id: int = Field(foreign_key="contact.id")
    chat_id: str
    message_id: str
