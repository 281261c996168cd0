"""Recording status: the one writer of StatusEvent, so history stays append-only and the
assignment's current-state columns never drift from it."""
from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, select

from bot.clock import to_utc
from bot.domain import Status
from bot.store.models import Assignment, StatusEvent


def record_status(session: Session, assignment: Assignment, *, status: str | None, at: datetime,
                  note: str = "", new_due: date | None = None, contact_id: int | None = None,
                  channel: str = "", reverts_id: int | None = None,
                  requested_due: date | None = None, keep_due: bool = False) -> StatusEvent:
    """Append one event and update the assignment's current state in the same transaction.

    A note-only event passes `status=None`: the status current under the row lock. `new_due` is
    kept while the status stays "delayed" and cleared otherwise. `requested_due` (plans under
    review: an extension asked for, the schedule unmoved) is pending while the status stays
    "delayed"; the lead's decision clears it (`bot.store.review`). `keep_due` (plans under review,
    where only the lead can move a date): a granted `new_due` stays until the task is finished."""
    if status is not None and status not in set(Status):
        raise ValueError(f"unknown status {status!r}")
    assignment = lock_assignment(session, assignment)
    if status is None:  # a note: the status as it is now, read under the lock
        status = assignment.status
    kept = keep_due and status not in (Status.DONE, Status.SUBMITTED)
    if (status == "delayed" or kept) and new_due is None:
        new_due = assignment.new_due
    if status != "delayed" and not kept:
        new_due = None
    event = StatusEvent(assignment_id=assignment.id, status=status, note=note, new_due=new_due,
                        contact_id=contact_id, channel=channel, at=to_utc(at), reverts_id=reverts_id,
                        requested_due=requested_due)
    session.add(event)
    if requested_due is not None:
        assignment.requested_due = requested_due
    elif status != "delayed":
        assignment.requested_due = None
    assignment.status, assignment.new_due, assignment.updated_at = status, new_due, event.at
    if note or reverts_id:
        assignment.note = note
    session.add(assignment)
    session.flush()
    return event


def lock_assignment(session: Session, assignment: Assignment) -> Assignment:
    """Take the assignment's row for this transaction and re-read it, so that two people answering
    the same task at once write event and assignment one after the other (else 14/40 races on
    PostgreSQL, 7/40 on SQLite left the assignment saying what the latest event does not: the
    ORM writes only the columns that changed from a stale read).

    PostgreSQL: `SELECT … FOR UPDATE` waits for the other writer's commit and returns its row.
    SQLite: the write lock is per database; `BEGIN IMMEDIATE` takes it before the re-read (if this
    transaction already wrote, it holds the lock and the read is current anyway).
    Returns the session's instance (a detached one, read elsewhere, is looked up here)."""
    if assignment not in session:
        assignment = session.get(Assignment, assignment.id)
    if session.get_bind().dialect.name == "sqlite":
        begin_write(session)
        session.refresh(assignment)
    else:
        session.refresh(assignment, with_for_update=True)
    return assignment


def begin_write(session: Session) -> None:
    """SQLite: take the database's write lock now (`BEGIN IMMEDIATE`), unless this transaction
    already holds it, so that what is read next is what the write will be based on."""
    dbapi = session.connection().connection.driver_connection
    if not dbapi.in_transaction:
        dbapi.execute("BEGIN IMMEDIATE")


def undo_event(session: Session, event: StatusEvent, *, at: datetime, contact_id: int | None,
               channel: str) -> StatusEvent:
    """Revert an event by appending the state that preceded it (history is never rewritten)."""
    assignment = session.get(Assignment, event.assignment_id)
    before = session.exec(
        select(StatusEvent).where(StatusEvent.assignment_id == event.assignment_id, StatusEvent.id < event.id)
        .order_by(StatusEvent.id.desc())
    ).first()
    status = before.status if before else Status.OPEN
    new_due = before.new_due if before else None
    note = before.note if before else ""
    back = record_status(session, assignment, status=status, at=at, note=note, new_due=new_due,
                         contact_id=contact_id, channel=channel, reverts_id=event.id)
    assignment.requested_due = before.requested_due if before and status == "delayed" else None
    session.add(assignment)
    return back


def last_own_event(session: Session, contact_id: int, event_id: int | None = None) -> StatusEvent | None:
    """The latest not-yet-reverted event this contact recorded (or the one named)."""
    q = select(StatusEvent).where(StatusEvent.contact_id == contact_id, StatusEvent.reverts_id == None)  # noqa: E711
    if event_id is not None:
        q = q.where(StatusEvent.id == event_id)
    return session.exec(q.order_by(StatusEvent.id.desc())).first()


def latest_event(session: Session, assignment_id: int) -> StatusEvent | None:
    return session.exec(select(StatusEvent).where(StatusEvent.assignment_id == assignment_id)
                        .order_by(StatusEvent.id.desc())).first()
