"""The reads behind every figure: live tasks, their assignments and status histories, as
plain column tuples (no ORM objects: a 10,000-task summary must stay well under a second)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import String, type_coerce
from sqlmodel import Session, select

from bot.domain import AssignmentRole
from bot.store.models import Agency, Assignment, Plan, StatusEvent, Task

TaskRow = tuple[int, str, str, str, str, str, str | None, date | None, str]
AssignmentRow = tuple[int, int, int, str, int | None]  # role as its stored text
EventRow = tuple[int, int, str, str, date | None, datetime, int | None]  # status as its stored text


def _raw(column):
    """The stored text of an enum column (a plain str equal to the member): tens of thousands of
    rows are read here, and making each value an enum member costs more than the rest of the row."""
    return type_coerce(column, String).label(column.key)


def plan_exists(session: Session, key: str) -> bool:
    return session.exec(select(Plan.id).where(Plan.key == key)).first() is not None


def agency_successors(session: Session) -> dict[int, tuple[str, int | None]]:
    """id -> (name, successor id): names and merges in one read."""
    return {i: (n, s) for i, n, s in session.exec(select(Agency.id, Agency.name, Agency.successor_id)).all()}


def task_rows(session: Session, plan: str | None = None) -> list[TaskRow]:
    """(id, code, no, content, plan key, plan title, kind, due, deadline text), plan order."""
    q = select(Task.id, Task.code, Task.no, Task.content, Plan.key, Plan.title, Task.kind, Task.due,
               Task.deadline_text).join(Plan).where(Task.archived == False)  # noqa: E712
    if plan:
        q = q.where(Plan.key == plan)
    return list(session.exec(q.order_by(Plan.key, Task.position)).all())


def assignment_rows(session: Session, plan: str | None = None) -> list[AssignmentRow]:
    """(id, task id, agency id, role, via group id) of live tasks, lead and coordinating."""
    q = (select(Assignment.id, Assignment.task_id, Assignment.agency_id, _raw(Assignment.role), Assignment.via_group_id)
         .join(Task).join(Plan).where(Task.archived == False, Assignment.role != AssignmentRole.REMOVED))  # noqa: E712
    if plan:
        q = q.where(Plan.key == plan)
    return list(session.exec(q.order_by(Assignment.task_id, Assignment.position)).all())


def event_rows(session: Session, plan: str | None = None, agency_ids: Iterable[int] | None = None) -> list[EventRow]:
    """(id, assignment id, status, note, new due, at, reverts id) of lead assignments, in time order."""
    q = (select(StatusEvent.id, StatusEvent.assignment_id, _raw(StatusEvent.status), StatusEvent.note,
                StatusEvent.new_due, StatusEvent.at, StatusEvent.reverts_id)
         .join(Assignment).join(Task).join(Plan)
         .where(Task.archived == False, Assignment.role == AssignmentRole.LEAD))  # noqa: E712
    if plan:
        q = q.where(Plan.key == plan)
    if agency_ids is not None:
        q = q.where(Assignment.agency_id.in_(list(agency_ids)))
    return list(session.exec(q.order_by(StatusEvent.assignment_id, StatusEvent.at, StatusEvent.id)))
