"""Reads of a stored plan for the importer (`bot.plans`): its tasks, their assignments and
which assignments something refers to (status events, reminders)."""
from __future__ import annotations

from sqlmodel import Session, select

from bot.store.models import Assignment, Plan, Reminder, StatusEvent, Task


def plan_by_key(session: Session, key: str) -> Plan | None:
    return session.exec(select(Plan).where(Plan.key == key)).first()


def plan_tasks(session: Session, plan_id: int) -> list[Task]:
    return list(session.exec(select(Task).where(Task.plan_id == plan_id)).all())


def task_assignments(session: Session, task_ids: list[int]) -> list[Assignment]:
    return list(session.exec(select(Assignment).where(Assignment.task_id.in_(task_ids)).order_by(Assignment.id)).all())


def with_events(session: Session, assignment_ids: list[int]) -> set[int]:
    return set(session.exec(select(StatusEvent.assignment_id).where(StatusEvent.assignment_id.in_(assignment_ids))))


def with_reminders(session: Session, assignment_ids: list[int]) -> set[int]:
    return set(session.exec(select(Reminder.assignment_id).where(Reminder.assignment_id.in_(assignment_ids))))
