"""Reads of tasks and their assignments that the chat needs (one query each, never per row)."""
from __future__ import annotations

from sqlmodel import Session, select

from bot.domain import AssignmentRole, Status
from bot.store.models import Agency, AgencyAlias, Assignment, Contact, Plan, StatusEvent, Task

Row = tuple[Task, Assignment, Agency]


def _lead_rows():
    return (select(Task, Assignment, Agency).join(Assignment, Assignment.task_id == Task.id)
            .join(Agency, Agency.id == Assignment.agency_id)
            .where(Task.archived == False, Assignment.role == AssignmentRole.LEAD))  # noqa: E712


def open_rows(session: Session, agency_ids: list[int] | None) -> list[Row]:
    """Live tasks not done by their lead agency (of `agency_ids`, or of every agency)."""
    q = _lead_rows().where(Assignment.status != Status.DONE)
    if agency_ids is not None:
        q = q.where(Assignment.agency_id.in_(agency_ids))
    return list(session.exec(q).all())


def agency_rows(session: Session, agency_ids: list[int]) -> list[Row]:
    return list(session.exec(_lead_rows().where(Assignment.agency_id.in_(agency_ids))).all())


def task_by_code(session: Session, code: str, *, live_only: bool = True) -> Task | None:
    q = select(Task).where(Task.code == code)
    if live_only:
        q = q.where(Task.archived == False)  # noqa: E712
    return session.exec(q).first()


def lead_assignment(session: Session, task_id: int, agency_id: int) -> Assignment | None:
    return session.exec(select(Assignment).where(Assignment.task_id == task_id, Assignment.agency_id == agency_id,
                                                 Assignment.role == AssignmentRole.LEAD)).first()


def lead_assignments(session: Session, task_id: int) -> list[tuple[Assignment, Agency]]:
    return list(session.exec(select(Assignment, Agency).join(Agency, Agency.id == Assignment.agency_id)
                             .where(Assignment.task_id == task_id, Assignment.role == AssignmentRole.LEAD)).all())


def history(session: Session, assignment_ids: list[int]) -> list[tuple[StatusEvent, Contact | None]]:
    return list(session.exec(select(StatusEvent, Contact).join(Contact, isouter=True)
                             .where(StatusEvent.assignment_id.in_(assignment_ids)).order_by(StatusEvent.id)).all())


def plan_keys(session: Session) -> set[str]:
    return set(session.exec(select(Plan.key)).all())


def has_plans(session: Session) -> bool:
    return session.exec(select(Plan.id)).first() is not None


def aliases(session: Session, agency_id: int) -> list[str]:
    return list(session.exec(select(AgencyAlias.alias).where(AgencyAlias.agency_id == agency_id)).all())
