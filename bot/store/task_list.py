"""One page of the task list, filtered and counted in SQL: the web page shows 100 of 10,000 tasks
without loading the other 9,900 (bot/service/portal/task_list.py builds the rows of the page).

The order is `task_views`' (plan key, then the row order of the plan file; the id breaks ties), and
the status filter is `TaskView.status` written as SQL over the lead assignments' current statuses:
done when every lead share is done, submitted when every share is done or submitted, else delayed
when any is, else in progress when any started, else open (also a task without a lead share) —
as EXISTS tests, which SQLite and PostgreSQL answer from the index on `assignment.task_id`.
tests/service/test_task_list.py checks it against `list_tasks` on every combination.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, false, func
from sqlmodel import Session, select

from bot.domain import AssignmentRole, Status
from bot.store.models import Assignment, Plan, Task


@dataclass(frozen=True)
class Filters:
    plan: str | None = None
    agency_ids: Collection[int] | None = None  # tasks one of them leads (None: any)
    status: str | None = None  # the task's status as `TaskView.status` words it
    due_before: date | None = None


def _leads(*where):
    """Whether the task has a lead share matching `where`."""
    return exists().where(Assignment.task_id == Task.id, Assignment.role == AssignmentRole.LEAD, *where)


DONE_OR_SUBMITTED = (Status.DONE, Status.SUBMITTED)
STARTED = (Status.IN_PROGRESS, Status.DONE, Status.SUBMITTED)


def _status_is(status: str):
    """`TaskView.status == status` as a condition on the task's lead shares (index lookups by task)."""
    s = Assignment.status
    if status == Status.DONE:
        return and_(_leads(), ~_leads(s != Status.DONE))
    if status == Status.SUBMITTED:
        return and_(_leads(s == Status.SUBMITTED), ~_leads(s.not_in(DONE_OR_SUBMITTED)))
    if status == Status.DELAYED:
        return _leads(s == Status.DELAYED)
    if status == Status.IN_PROGRESS:
        return and_(~_leads(s == Status.DELAYED), _leads(s.in_(STARTED)), _leads(s.not_in(DONE_OR_SUBMITTED)))
    if status == Status.OPEN:
        return ~_leads(s != Status.OPEN)
    return false()


def _filtered(query, f: Filters):
    query = query.join(Plan, Plan.id == Task.plan_id).where(Task.archived == False)  # noqa: E712
    if f.plan:
        query = query.where(Plan.key == f.plan)
    if f.due_before:
        query = query.where(Task.due < f.due_before)
    if f.agency_ids is not None:
        query = query.where(Task.id.in_(select(Assignment.task_id).where(
            Assignment.role == AssignmentRole.LEAD, Assignment.agency_id.in_(list(f.agency_ids)))))
    if f.status:
        query = query.where(_status_is(f.status))
    return query


def count_tasks(session: Session, f: Filters) -> int:
    return session.exec(_filtered(select(func.count(Task.id)), f)).one()


def page_of_task_ids(session: Session, f: Filters, offset: int, limit: int) -> tuple[int, list[int]]:
    """(how many tasks match, the ids of rows offset..offset+limit). The count comes with the rows
    (a window over the same scan); only a page past the end needs a second query for it."""
    q = _filtered(select(Task.id, func.count().over()), f).order_by(Plan.key, Task.position, Task.id)
    rows = session.exec(q.offset(offset).limit(limit)).all()
    if not rows:
        return (count_tasks(session, f) if offset else 0), []
    return rows[0][1], [r[0] for r in rows]
