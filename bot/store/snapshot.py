"""The dispatcher's read: every open lead assignment with its history, the contacts, the
agencies and the unsent "contact blocked" notices, in five queries whatever the plan's size.

Core selects of the columns the dispatcher uses, into small slotted dataclasses, not ORM
objects: at 100k open assignments the ORM's identity map and instance state cost ten times
the query itself. A task shared by many agencies is one `TaskRow`, shared by its assignments.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import String, or_, select, type_coerce
from sqlalchemy.orm import Session

from bot.domain import AssignmentRole, Platform, Role, Status
from bot.store.claims import DEAD
from bot.store.models import Agency, Assignment, Contact, Reminder, StatusEvent, Task

TA, TT, TE = Assignment.__table__, Task.__table__, StatusEvent.__table__
A, T, E, C, G, R = (m.__table__.c for m in (Assignment, Task, StatusEvent, Contact, Agency, Reminder))


@dataclass(slots=True, eq=False)
class TaskRow:
    id: int
    code: str
    content: str
    kind: str
    due: date | None
    start: date | None
    deadline_text: str
    recurrence: str | None


@dataclass(slots=True, eq=False)
class AssignmentRow:
    id: int
    task_id: int
    agency_id: int
    status: Status
    new_due: date | None
    note: str


@dataclass(slots=True, eq=False)
class ContactRow:
    """Mutable: the dispatcher marks a contact inactive when it blocks the bot mid-pass."""

    id: int
    platform: Platform
    user_id: str
    chat_id: str
    display_name: str
    agency_id: int | None
    role: Role
    active: bool


@dataclass(slots=True, eq=False)
class AgencyRow:
    id: int
    name: str


@dataclass(slots=True, eq=False)
class PendingRow:
    key: str
    contact_id: int
    slot_at: datetime


Snapshot = tuple[list[tuple[AssignmentRow, TaskRow]], list[tuple[int, Status, datetime, date | None]],
                 dict[int, ContactRow], dict[int, AgencyRow], list[PendingRow]]


_STATUS = {s.value: s for s in Status}  # a dict lookup instead of Status(value) per row


def _open_filter(q):
    """Live lead assignments of dated/recurring/event tasks not done (recurring never are)."""
    return q.where(A.role == AssignmentRole.LEAD, T.archived == False,  # noqa: E712
                   T.kind.is_not(None), or_(A.status != Status.DONE, T.kind == "recurring"))


def read_snapshot(session: Session) -> Snapshot:
    conn = session.connection()
    tasks: dict[int, TaskRow] = {}
    rows: list[tuple[AssignmentRow, TaskRow]] = []
    q = _open_filter(select(A.id, A.task_id, A.agency_id, type_coerce(A.status, String), A.new_due, A.note, T.code, T.content, T.kind,
                            T.due, T.start, T.deadline_text, T.recurrence).join_from(TA, TT, T.id == A.task_id))
    for aid, tid, gid, status, new_due, note, *t in conn.execute(q):
        task = tasks.get(tid)
        if task is None:
            task = tasks[tid] = TaskRow(tid, *t)
        rows.append((AssignmentRow(aid, tid, gid, _STATUS[status], new_due, note), task))
    events = [(aid, _STATUS[status], at, new_due) for aid, status, at, new_due in conn.execute(_open_filter(
        select(E.assignment_id, type_coerce(E.status, String), E.at, E.new_due).join_from(TE, TA, A.id == E.assignment_id)
        .join(TT, T.id == A.task_id)))]
    # a web-only contact (`nhacviec web-link`) has no chat to remind in
    contacts = {r[0]: ContactRow(*r) for r in conn.execute(
        select(C.id, C.platform, C.user_id, C.chat_id, C.display_name, C.agency_id, C.role, C.active)
        .where(C.platform != Platform.WEB))}
    agencies = {r[0]: AgencyRow(*r) for r in conn.execute(select(G.id, G.name))}
    pending = [PendingRow(*r) for r in conn.execute(select(R.key, R.contact_id, R.slot_at).where(
        R.kind == "blocked", R.sent_at.is_(None), R.claimed_by != DEAD))]
    return rows, events, contacts, agencies, pending
