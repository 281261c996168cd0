"""The dispatcher's read: every open lead assignment with its history, the contacts, the
agencies and the unsent "contact blocked" notices, in five queries whatever the plan's size."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import or_
from sqlmodel import Session, select

from bot.domain import AssignmentRole, Platform, Status
from bot.store.claims import DEAD
from bot.store.models import Agency, Assignment, Contact, Reminder, StatusEvent, Task

Snapshot = tuple[list[tuple[Assignment, Task]], list[tuple[int, Status, datetime, date | None]],
                 dict[int, Contact], dict[int, Agency], list[Reminder]]


def _open_filter(q):
    """Live lead assignments of dated/recurring/event tasks not done (recurring never are)."""
    return q.where(Assignment.role == AssignmentRole.LEAD, Task.archived == False,  # noqa: E712
                   Task.kind.is_not(None), or_(Assignment.status != Status.DONE, Task.kind == "recurring"))


def read_snapshot(session: Session) -> Snapshot:
    rows = list(session.exec(_open_filter(select(Assignment, Task).join(Task, Task.id == Assignment.task_id))).all())
    events = list(session.exec(_open_filter(
        select(StatusEvent.assignment_id, StatusEvent.status, StatusEvent.at, StatusEvent.new_due)
        .join(Assignment, Assignment.id == StatusEvent.assignment_id).join(Task, Task.id == Assignment.task_id))))
    # a web-only contact (`nhacviec web-link`) has no chat to remind in
    contacts = {c.id: c for c in session.exec(select(Contact).where(Contact.platform != Platform.WEB)).all()}
    agencies = {a.id: a for a in session.exec(select(Agency)).all()}
    pending = list(session.exec(select(Reminder).where(
        Reminder.kind == "blocked", Reminder.sent_at.is_(None), Reminder.claimed_by != DEAD)).all())
    return rows, events, contacts, agencies, pending
