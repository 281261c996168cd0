"""The tables. The database is the one source of truth for tasks, statuses and what was sent.

Dates are stored as `date`; instants as aware UTC `datetime` (SQLModel's UTCDateTime, portable across
SQLite and PostgreSQL); the edges convert to the configured time zone.
"""
from __future__ import annotations

from datetime import date, datetime

from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import AutoString, Field, SQLModel

from bot.domain import AssignmentRole, Decision, Expect, Platform, ReorgKind, Role, Status


class EnumText(TypeDecorator):
    """A StrEnum stored as its plain value (VARCHAR, the same DDL as a str column, so no
    database enum type to migrate) and read back as the member."""

    impl = AutoString
    cache_ok = True

    def __init__(self, enum: type[StrEnum]) -> None:
        super().__init__()
        self.enum = enum

    def process_bind_param(self, value, dialect):
        return None if value is None else self.enum(value).value

    def process_result_value(self, value, dialect):
        return None if value is None else self.enum(value)


class Plan(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True)  # short id, also the task-code prefix: "TB25"
    title: str
    number: str = ""  # "Số: .../QĐ-TBCĐ"
    issued_on: date | None = None
    issuer: str = ""
    year: int  # the plan year: bare months/quarters without a year mean this one
    source: str = ""  # the file it was imported from
    review: bool = False  # sidecar `review: true`: completions confirmed, extensions approved (issue 13)


class Agency(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)  # canonical, NFC
    key: str = Field(unique=True, index=True)  # text.fold(name)
    is_group: bool = False  # a collective assignee ("Các sở, ban, ngành")
    successor_id: int | None = Field(default=None, foreign_key="agency.id")


class AgencyAlias(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    alias: str
    key: str = Field(unique=True, index=True)


class GroupMember(SQLModel, table=True):
    group_id: int = Field(foreign_key="agency.id", primary_key=True)
    member_id: int = Field(foreign_key="agency.id", primary_key=True)


class Task(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("plan_id", "no"),)
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    no: str  # TT as written: "11", "1.1", "12.3a"
    code: str = Field(unique=True, index=True)  # "TB25-11": ASCII, typeable on a phone
    group: str = ""  # the header the row sits under ("Quý I", ...)
    content: str
    lead_text: str  # the executing/lead agencies as written
    coordinating_text: str = ""
    deadline_text: str = ""
    note: str = ""
    kind: str | None = None  # date | recurring | event
    due: date | None = Field(default=None, index=True)
    start: date | None = None
    recurrence: str | None = None
    position: int = 0  # row order in the source file
    archived: bool = False  # no longer in the re-imported file; kept for its history


class Assignment(SQLModel, table=True):
    """One agency's share of a task. Lead groups are expanded to their members (`via_group_id`).
    The (task, role, status) index answers the task list's status filter (bot/store/task_list.py)
    per task; without it SQLite probes by status alone and the filter takes seconds at 10,000 tasks."""

    __table_args__ = (UniqueConstraint("task_id", "agency_id", "role"),
                      Index("ix_assignment_task_role_status", "task_id", "role", "status"))
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    role: AssignmentRole = Field(default=AssignmentRole.LEAD, sa_type=EnumText(AssignmentRole))
    via_group_id: int | None = Field(default=None, foreign_key="agency.id")
    position: int = 0
    # Current state, written in the same transaction as the StatusEvent that sets it.
    status: Status = Field(default=Status.OPEN, index=True, sa_type=EnumText(Status))
    note: str = ""
    new_due: date | None = None
    updated_at: datetime | None = None
    requested_due: date | None = None  # review plans: an extension asked for, waiting for the lead


class StatusEvent(SQLModel, table=True):
    """Append-only history. An undo is a new event that points at the one it reverts."""

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    status: Status = Field(sa_type=EnumText(Status))
    note: str = ""
    new_due: date | None = None
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    channel: str = ""  # telegram | zalo | console | cli | import
    at: datetime = Field(index=True)
    reverts_id: int | None = Field(default=None, foreign_key="statusevent.id")
    requested_due: date | None = None  # review plans: the date an extension request asks for


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


# -- the web page (bot/web): sign-in links, sessions, API tokens ------------------------
# Every secret is stored only as its SHA-256; the clear value is shown once.


class WebLogin(SQLModel, table=True):
    """A one-time sign-in link (`/login/<token>`): 15 minutes, used once (one conditional UPDATE)."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, index=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


class WebSession(SQLModel, table=True):
    """A signed-in browser: the cookie holds the token, the database its hash (12 hours)."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, index=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    created_at: datetime
    expires_at: datetime


class ApiToken(SQLModel, table=True):
    """`Authorization: Bearer <token>` for `/api/*`, made by `nhacviec api-token create`."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    token_hash: str = Field(unique=True, index=True)
    created_at: datetime
    revoked_at: datetime | None = None


class Reorganisation(SQLModel, table=True):
    """One merge, rename or dissolution, applied once (bot/service/reorg.py). `into_id` is None
    for a dissolution nobody takes over yet: its open tasks wait "chưa có cơ quan tiếp nhận"."""

    id: int | None = Field(default=None, primary_key=True)
    kind: ReorgKind = Field(sa_type=EnumText(ReorgKind))
    effective_on: date
    into_id: int | None = Field(default=None, foreign_key="agency.id")
    group_id: int | None = Field(default=None, foreign_key="agency.id")  # dissolve: the group named
    note: str = ""
    created_at: datetime


class ReorgSource(SQLModel, table=True):
    """The agencies an operation ends (OLD)."""

    reorg_id: int = Field(foreign_key="reorganisation.id", primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", primary_key=True)


class AssignmentMove(SQLModel, table=True):
    """An assignment handed from an agency to its successor: `assignment_id` carries the work
    now; `from_assignment_id` is the row that was moved (the same row) or folded into it."""

    id: int | None = Field(default=None, primary_key=True)
    reorg_id: int = Field(foreign_key="reorganisation.id", index=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    from_assignment_id: int = Field(foreign_key="assignment.id")
    from_agency_id: int = Field(foreign_key="agency.id")


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


class DataVersion(SQLModel, table=True):
    """One row (id 1) counting the writes to the data the figures are made of, bumped by triggers
    in the writing transaction (bot/store/version.py): a cached summary is valid while it stays."""

    id: int | None = Field(default=None, primary_key=True)
    version: int = 0
