"""Reads and writes of reorganisations: whose open assignments move, who moved where, what
the contacts of an ended agency are told, and which tasks wait for an agency to take them."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import or_
from sqlmodel import Session, select

from bot.clock import to_utc
from bot.domain import AssignmentRole, ReorgKind, Role, Status
from bot.store.claims import DEAD
from bot.store.models import (Agency, Assignment, AssignmentMove, Contact, Reminder, ReorgSource, Reorganisation,
                              Task)

NOTICE = "reorg"  # Reminder.kind of "your agency's tasks now go to …"


def _open(q):
    """Live lead assignments not finished (a recurring task is never finished)."""
    return q.where(Assignment.role == AssignmentRole.LEAD, Task.archived == False,  # noqa: E712
                   or_(Assignment.status != Status.DONE, Task.kind == "recurring"))


def open_assignments(session: Session, agency_ids: list[int]) -> list[tuple[Assignment, Task]]:
    q = select(Assignment, Task).join(Task, Task.id == Assignment.task_id).where(Assignment.agency_id.in_(agency_ids))
    return list(session.exec(_open(q).order_by(Task.plan_id, Task.position, Assignment.id)).all())


def finished_count(session: Session, agency_ids: list[int]) -> int:
    q = (select(Assignment.id).join(Task, Task.id == Assignment.task_id)
         .where(Assignment.agency_id.in_(agency_ids), Assignment.role == AssignmentRole.LEAD,
                Task.archived == False, Assignment.status == Status.DONE, Task.kind != "recurring"))  # noqa: E712
    return len(session.exec(q).all())


def lead_shares(session: Session, task_ids: list[int]) -> list[Assignment]:
    """Every assignment of these tasks, lead or not (the unique key is task × agency × role)."""
    if not task_ids:
        return []
    return list(session.exec(select(Assignment).where(Assignment.task_id.in_(task_ids))).all())


def active_contacts(session: Session, agency_ids: list[int]) -> list[Contact]:
    return list(session.exec(select(Contact).where(Contact.agency_id.in_(agency_ids), Contact.active == True)  # noqa: E712
                             .order_by(Contact.id)).all())


def secretariat(session: Session) -> list[Contact]:
    return list(session.exec(select(Contact).where(Contact.role == Role.SECRETARIAT, Contact.active == True)  # noqa: E712
                             .order_by(Contact.id)).all())


def add(session: Session, kind: ReorgKind, on: date, into_id: int | None, group_id: int | None,
        sources: list[int], note: str, now: datetime) -> Reorganisation:
    op = Reorganisation(kind=kind, effective_on=on, into_id=into_id, group_id=group_id, note=note,
                        created_at=to_utc(now))
    session.add(op)
    session.flush()
    for aid in sources:
        session.add(ReorgSource(reorg_id=op.id, agency_id=aid))
    session.flush()
    return op


def add_move(session: Session, op_id: int, carrier_id: int, moved_id: int, from_agency_id: int) -> None:
    session.add(AssignmentMove(reorg_id=op_id, assignment_id=carrier_id, from_assignment_id=moved_id,
                               from_agency_id=from_agency_id))


def queue_notices(session: Session, op_id: int, contact_ids: list[int], now: datetime) -> None:
    """One released claim per contact, sent by the next dispatch pass (exactly once)."""
    at = to_utc(now)
    for cid in contact_ids:
        session.add(Reminder(key=f"reorg:{op_id}:c{cid}", kind=NOTICE, contact_id=cid, slot_at=at, claimed_at=at,
                             claimed_by=""))
    session.flush()


def pending_notices(session: Session) -> list[tuple[Reminder, Reorganisation]]:
    """The unsent "your tasks now go to …" notices with their operation: two queries a pass,
    however many notices are queued (this runs on every tick)."""
    rows = session.exec(select(Reminder).where(Reminder.kind == NOTICE, Reminder.sent_at.is_(None),
                                               Reminder.claimed_by != DEAD)).all()
    op_of = {r.id: int(r.key.split(":")[1]) for r in rows}
    ops = {op.id: op for op in session.exec(select(Reorganisation).where(
        Reorganisation.id.in_(set(op_of.values())))).all()} if rows else {}
    return [(r, ops[op_of[r.id]]) for r in rows if op_of[r.id] in ops]


def sources_of(session: Session, op_ids: list[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    if op_ids:
        for s in session.exec(select(ReorgSource).where(ReorgSource.reorg_id.in_(op_ids))).all():
            out[s.reorg_id].append(s.agency_id)
    return out


def all_ops(session: Session) -> list[Reorganisation]:
    return list(session.exec(select(Reorganisation).order_by(Reorganisation.effective_on, Reorganisation.id)).all())


def successors(session: Session) -> dict[int, int]:
    """Agency -> successor set by an operation (the CSV sync must not undo them)."""
    out: dict[int, int] = {}
    ops = all_ops(session)
    srcs = sources_of(session, [o.id for o in ops])
    for op in ops:  # oldest first: a later operation wins
        for aid in srcs[op.id]:
            if op.into_id is not None:
                out[aid] = op.into_id
    return out


def waiting_agencies(session: Session) -> set[int]:
    """Agencies dissolved with nobody named to take their tasks over (yet)."""
    q = (select(ReorgSource.agency_id).join(Reorganisation, Reorganisation.id == ReorgSource.reorg_id)
         .join(Agency, Agency.id == ReorgSource.agency_id)
         .where(Reorganisation.kind == ReorgKind.DISSOLVE, Reorganisation.into_id.is_(None),
                Agency.successor_id.is_(None)))
    return set(session.exec(q).all())


def former_agencies(session: Session, assignment_ids: list[int]) -> dict[int, list[str]]:
    """Assignment -> the agencies it came from, oldest first."""
    if not assignment_ids:
        return {}
    q = (select(AssignmentMove.assignment_id, Agency.name)
         .join(Reorganisation, Reorganisation.id == AssignmentMove.reorg_id)
         .join(Agency, Agency.id == AssignmentMove.from_agency_id)
         .where(AssignmentMove.assignment_id.in_(assignment_ids))
         .order_by(Reorganisation.effective_on, AssignmentMove.id))
    out: dict[int, list[str]] = defaultdict(list)
    for aid, name in session.exec(q).all():
        if name not in out[aid]:
            out[aid].append(name)
    return dict(out)


def open_counts(session: Session) -> dict[int, int]:
    q = _open(select(Assignment.agency_id).join(Task, Task.id == Assignment.task_id))
    out: dict[int, int] = defaultdict(int)
    for aid in session.exec(q).all():
        out[aid] += 1
    return out


def contact_counts(session: Session) -> dict[int, int]:
    out: dict[int, int] = defaultdict(int)
    for aid in session.exec(select(Contact.agency_id).where(Contact.active == True)).all():  # noqa: E712
        if aid is not None:
            out[aid] += 1
    return out


def add_agency(session: Session, name: str, key: str) -> Agency:
    a = Agency(name=name, key=key)
    session.add(a)
    session.flush()
    return a
