"""The plans and the work: plans, agencies (aliases, groups, successors), tasks, each agency's
share of a task (`Assignment`, its current state) and the append-only history of its statuses."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.domain import AssignmentRole, Status
from bot.store.models.base import EnumText


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
