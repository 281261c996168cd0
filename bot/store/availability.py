"""Who can be reminded: leave periods (`/nghi`), "remind me later" (`NHACLAI`) and who of an
agency answered last (several focal points per agency)."""
from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, select

from bot.clock import to_utc
from bot.store.models import Assignment, Contact, Leave, Snooze, StatusEvent


def add_leave(session: Session, contact_id: int, start: date, end: date, reason: str, set_by: int | None,
              now: datetime) -> Leave:
    leave = Leave(contact_id=contact_id, start=start, end=end, reason=reason, set_by=set_by, created_at=to_utc(now))
    session.add(leave)
    session.flush()
    return leave


def current_leaves(session: Session, contact_id: int, today: date) -> list[Leave]:
    """Leave periods of a contact not over yet (running or to come), soonest first."""
    q = select(Leave).where(Leave.contact_id == contact_id, Leave.end >= today, Leave.cancelled_at.is_(None))
    return list(session.exec(q.order_by(Leave.start)).all())


def end_leave(session: Session, leave: Leave, today: date, now: datetime) -> None:
    """End early: a running period stops yesterday, one still to come is cancelled."""
    if leave.start < today:
        leave.end = date.fromordinal(today.toordinal() - 1)
    else:
        leave.cancelled_at = to_utc(now)
    session.add(leave)
    session.flush()


def leaves_since(session: Session, since: date) -> list[Leave]:
    q = select(Leave).where(Leave.end >= since, Leave.cancelled_at.is_(None))
    return list(session.exec(q.order_by(Leave.contact_id, Leave.start)).all())


def add_snooze(session: Session, assignment_id: int, contact_id: int, days: int, resume_on: date,
               now: datetime) -> Snooze:
    s = Snooze(assignment_id=assignment_id, contact_id=contact_id, days=days, resume_on=resume_on,
               created_at=to_utc(now))
    session.add(s)
    session.flush()
    return s


def snoozed(session: Session, today: date) -> dict[int, date]:
    """Assignment -> the day its reminders resume, for those still held today."""
    out: dict[int, date] = {}
    for aid, resume in session.exec(select(Snooze.assignment_id, Snooze.resume_on).where(Snooze.resume_on > today)):
        out[aid] = max(resume, out.get(aid, resume))
    return out


def snoozes_of(session: Session, assignment_ids: list[int]) -> list[Snooze]:
    if not assignment_ids:
        return []
    return list(session.exec(select(Snooze).where(Snooze.assignment_id.in_(assignment_ids)).order_by(Snooze.id)).all())


def last_answers(session: Session, agency_ids: list[int]) -> dict[int, tuple[str, str, datetime]]:
    """Assignment -> (who, status, when) of its latest answer given by a contact (agencies given)."""
    if not agency_ids:
        return {}
    q = (select(StatusEvent.assignment_id, Contact.display_name, Contact.user_id, StatusEvent.status, StatusEvent.at)
         .join(Contact, Contact.id == StatusEvent.contact_id).join(Assignment, Assignment.id == StatusEvent.assignment_id)
         .where(Assignment.agency_id.in_(agency_ids)).order_by(StatusEvent.id))
    return {aid: (name or uid, status, at) for aid, name, uid, status, at in session.exec(q).all()}


def agency_contacts(session: Session, agency_id: int) -> list[Contact]:
    return list(session.exec(select(Contact).where(Contact.agency_id == agency_id, Contact.active == True)  # noqa: E712
                             .order_by(Contact.id)).all())
