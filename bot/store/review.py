"""Review and evidence in the store (issue 13): evidence rows, the one decision per submission
or extension request, the notices queued for the dispatcher, and the reads behind them.

Notices (to the secretariat, the lead, the focal point) are queued as *released claims* in the
`Reminder` table in the same transaction as the change they report, the way "contact blocked"
notices are: the next dispatch pass sends them through the exactly-once machinery, so a crash
or a restart loses none and none is sent twice. Keys (unique in `Reminder.key`):
  review:a<assignment>:e<submission event>:c<contact>   a submission, to each secretary
  extreq:a<assignment>:e<request event>:c<contact>      an extension request, to each lead
  decided:e<event>:c<contact>                           the decision, to the others who were asked
  told:e<event>:c<contact>                              the decision, to the agency's focal points
  rvlate:a<assignment>:e<event>:c<contact>              unreviewed for 3 working days (not queued:
                                                         computed by the pass, see reminders/owed.py)
  more:a<assignment>:e<submission>:v<ids>:c<contact>    evidence added (ids "12.13") after the
                                                         submission's notice went to that secretary
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from bot.clock import to_utc
from bot.domain import AssignmentRole, Decision, Platform, Role, Status
from bot.store.claims import DEAD
from bot.store.models import (Agency, Assignment, Contact, Evidence, Plan, Reminder, ReviewDecision, ReviewMessage,
                              StatusEvent, Task)

QUEUED_KINDS = ("review", "extreq", "decided", "told", "more")
_EVENT = re.compile(r":e(\d+)(?::|$)")
_BATCH = re.compile(r":v(\d+(?:\.\d+)*):")
OBSOLETE = "obsolete: decided"  # last_error of a follow-up dropped because the submission was decided


def _insert(session: Session):
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def event_of_key(key: str) -> int | None:
    m = _EVENT.search(key)
    return int(m.group(1)) if m else None


def batch_of_key(key: str) -> set[int]:
    """The evidence ids a `more:` key stands for."""
    m = _BATCH.search(key)
    return {int(i) for i in m.group(1).split(".")} if m else set()


# -- plans and people --------------------------------------------------------------------

def plan_reviews(session: Session, task: Task) -> bool:
    plan = session.get(Plan, task.plan_id)
    return bool(plan and plan.review)


def active_contacts(session: Session, role: Role, agency_id: int | None = None) -> list[Contact]:
    """The people a notice goes to. A web-only contact (`nhacviec web-link`) has no chat: a notice
    queued for it could never be sent and would be read again by every pass."""
    q = select(Contact).where(Contact.role == role, Contact.active == True,  # noqa: E712
                              Contact.platform != Platform.WEB)
    if agency_id is not None:
        q = q.where(Contact.agency_id == agency_id)
    return list(session.exec(q.order_by(Contact.id)).all())


# -- notices -----------------------------------------------------------------------------

def queue(session: Session, rows: list[tuple[str, str, int | None, int]], at: datetime) -> None:
    """Queue notices as released claims: (key, kind, assignment id, contact id). A key already
    queued is left as it is."""
    if not rows:
        return
    at = to_utc(at)
    values = [dict(key=k, kind=kind, assignment_id=aid, contact_id=cid, slot_at=at, claimed_at=at, claimed_by="",
                   attempts=0, last_error="") for k, kind, aid, cid in rows]
    R = Reminder.__table__
    session.execute(_insert(session)(R).values(values).on_conflict_do_nothing(index_elements=["key"]))


def queue_followups(session: Session, assignment_id: int, event_id: int, evidence_ids: list[int],
                    at: datetime) -> None:
    """Evidence added to a pending submission: one `more:` notice to each secretary whose
    notice of it was sent or is being sent (claimed by a pass). Where it is not, the notice
    still to come shows every file (the dispatcher reads them after claiming it). The notice
    rows are locked (PostgreSQL) so that a pass claiming one waits for this transaction."""
    prefix = f"review:a{assignment_id}:e{event_id}:c"
    rows = session.exec(select(Reminder.contact_id, Reminder.sent_at, Reminder.claimed_by)
                        .where(Reminder.key.startswith(prefix)).order_by(Reminder.key).with_for_update()).all()
    batch = ".".join(str(i) for i in sorted(evidence_ids))
    queue(session, [(f"more:a{assignment_id}:e{event_id}:v{batch}:c{cid}", "more", assignment_id, cid)
                    for cid, sent_at, by in rows if sent_at is not None or by not in ("", DEAD)], at)


def drop_followups(session: Session, event_id: int) -> None:
    """A decided submission: its unsent `more:` notices are no longer sent."""
    session.execute(update(Reminder).where(Reminder.key.like(f"more:a%:e{event_id}:v%"), Reminder.sent_at.is_(None),
                                           Reminder.claimed_by != DEAD)
                    .values(claimed_by=DEAD, last_error=OBSOLETE))


@dataclass
class Notice:
    """A queued notice with what its message shows."""

    reminder: Reminder
    task: Task
    assignment: Assignment
    agency: Agency
    event: StatusEvent  # the submission or the extension request
    evidence: list[Evidence] = field(default_factory=list)
    decision: ReviewDecision | None = None
    decider: Contact | None = None
    message: ReviewMessage | None = None  # "decided": this contact's copy of the original notice
    web_link: object = None  # set at send time where the files cannot go through the channel (review.outgoing)


def pending_notices(session: Session) -> list[Notice]:
    """Unsent, not dead, queued review notices with their context (a fixed number of queries)."""
    reminders = list(session.exec(select(Reminder).where(
        Reminder.kind.in_(QUEUED_KINDS), Reminder.sent_at.is_(None), Reminder.claimed_by != DEAD)).all())
    ids = {e for r in reminders if (e := event_of_key(r.key)) is not None}
    if not ids:
        return []
    rows = session.exec(select(StatusEvent, Assignment, Task, Agency)
                        .join(Assignment, Assignment.id == StatusEvent.assignment_id)
                        .join(Task, Task.id == Assignment.task_id).join(Agency, Agency.id == Assignment.agency_id)
                        .where(StatusEvent.id.in_(ids))).all()
    by_event = {e.id: (e, a, t, g) for e, a, t, g in rows}
    evidence = evidence_by_event(session, list(ids))
    decisions = {d.event_id: d for d in session.exec(select(ReviewDecision).where(ReviewDecision.event_id.in_(ids)))}
    deciders = {c.id: c for c in session.exec(select(Contact).where(
        Contact.id.in_([d.contact_id for d in decisions.values() if d.contact_id])))}
    messages = {(m.event_id, m.contact_id): m for m in session.exec(
        select(ReviewMessage).where(ReviewMessage.event_id.in_(ids)))}
    out = []
    for r in reminders:
        e = event_of_key(r.key)
        if e not in by_event:
            continue
        ev, a, t, g = by_event[e]
        d = decisions.get(e)
        files = evidence.get(e, [])
        if r.kind == "more":
            batch = batch_of_key(r.key)
            files = [f for f in files if f.id in batch]
        out.append(Notice(r, t, a, g, ev, files, d, deciders.get(d.contact_id) if d else None,
                          messages.get((e, r.contact_id))))
    return out


def save_message(session: Session, key: str, event_id: int, contact_id: int, chat_id: str, message_id: str) -> None:
    session.execute(_insert(session)(ReviewMessage.__table__).values(
        key=key, event_id=event_id, contact_id=contact_id, chat_id=chat_id, message_id=message_id)
        .on_conflict_do_nothing(index_elements=["key"]))


# -- evidence ----------------------------------------------------------------------------

def add_evidence(session: Session, evidence: Evidence) -> Evidence:
    session.add(evidence)
    session.flush()
    return evidence


def evidence_by_event(session: Session, event_ids: list[int]) -> dict[int, list[Evidence]]:
    """Evidence sent with these events, or attached to their assignment while they were the latest."""
    out: dict[int, list[Evidence]] = {}
    for ev in session.exec(select(Evidence).where(Evidence.event_id.in_(event_ids)).order_by(Evidence.id)):
        out.setdefault(ev.event_id, []).append(ev)
    return out


def evidence_by_assignment(session: Session, assignment_ids: list[int] | None = None) -> dict[int, list[Evidence]]:
    q = select(Evidence).order_by(Evidence.id)
    if assignment_ids is not None:
        q = q.where(Evidence.assignment_id.in_(assignment_ids))
    out: dict[int, list[Evidence]] = {}
    for ev in session.exec(q):
        out.setdefault(ev.assignment_id, []).append(ev)
    return out


# -- submissions, requests and decisions -------------------------------------------------

def submission_event(session: Session, assignment: Assignment) -> StatusEvent | None:
    """The event that made the assignment "submitted" (the start of its current run), if it is."""
    if assignment.status != Status.SUBMITTED:
        return None
    events = session.exec(select(StatusEvent).where(StatusEvent.assignment_id == assignment.id)
                          .order_by(StatusEvent.id.desc())).all()
    first = None
    for e in events:
        if e.status != Status.SUBMITTED:
            break
        first = e
    return first


def request_event(session: Session, assignment: Assignment) -> StatusEvent | None:
    """The extension request waiting for the lead, if there is one."""
    if assignment.requested_due is None or assignment.status != Status.DELAYED:
        return None
    return session.exec(select(StatusEvent).where(StatusEvent.assignment_id == assignment.id,
                                                  StatusEvent.requested_due.is_not(None))
                        .order_by(StatusEvent.id.desc())).first()


def decide(session: Session, *, event_id: int, assignment_id: int, decision: Decision, at: datetime,
           contact_id: int | None, channel: str, reason: str = "", new_due: date | None = None) -> bool:
    """Insert THE decision on an event; False if there already is one (someone else was first).
    `INSERT … ON CONFLICT DO NOTHING` on the unique event id: PostgreSQL makes a concurrent
    second insert wait for the first to commit and then do nothing; SQLite has one writer."""
    R = ReviewDecision.__table__
    stmt = (_insert(session)(R).values(event_id=event_id, assignment_id=assignment_id, decision=decision.value,
                                       reason=reason, new_due=new_due, contact_id=contact_id, channel=channel,
                                       at=to_utc(at))
            .on_conflict_do_nothing(index_elements=["event_id"]).returning(R.c.id))
    return session.execute(stmt).first() is not None


def decision_on(session: Session, event_id: int) -> tuple[ReviewDecision, Contact | None] | None:
    row = session.exec(select(ReviewDecision, Contact).join(Contact, isouter=True)
                       .where(ReviewDecision.event_id == event_id)).first()
    return tuple(row) if row else None


def clear_request(session: Session, assignment: Assignment) -> None:
    """A refused extension: no request pending any more (the status and due stay as they were)."""
    assignment.requested_due = None
    session.add(assignment)
    session.flush()


def pending_submissions(session: Session) -> list[tuple[Task, Assignment, Agency, StatusEvent]]:
    """Every live lead assignment waiting for confirmation, with its submission event."""
    rows = session.exec(select(Task, Assignment, Agency).join(Assignment, Assignment.task_id == Task.id)
                        .join(Agency, Agency.id == Assignment.agency_id)
                        .where(Task.archived == False, Assignment.role == AssignmentRole.LEAD,  # noqa: E712
                               Assignment.status == Status.SUBMITTED)).all()
    if not rows:
        return []
    events = session.exec(select(StatusEvent).where(StatusEvent.assignment_id.in_([a.id for _, a, _ in rows]))
                          .order_by(StatusEvent.assignment_id, StatusEvent.id.desc())).all()
    start: dict[int, StatusEvent] = {}
    broken: set[int] = set()
    for e in events:  # newest first per assignment: the run of "submitted" back to its start
        if e.assignment_id in broken:
            continue
        if e.status == Status.SUBMITTED:
            start[e.assignment_id] = e
        else:
            broken.add(e.assignment_id)
    return [(t, a, g, start[a.id]) for t, a, g in rows if a.id in start]


def pending_requests(session: Session) -> list[tuple[Task, Assignment, Agency, StatusEvent]]:
    """Every live lead assignment whose extension request waits for the lead, with the request
    (the same event `request_event` finds, for all of them in two queries)."""
    rows = session.exec(select(Task, Assignment, Agency).join(Assignment, Assignment.task_id == Task.id)
                        .join(Agency, Agency.id == Assignment.agency_id)
                        .where(Task.archived == False, Assignment.role == AssignmentRole.LEAD,  # noqa: E712
                               Assignment.status == Status.DELAYED, Assignment.requested_due.is_not(None))).all()
    if not rows:
        return []
    latest: dict[int, StatusEvent] = {}
    for e in session.exec(select(StatusEvent).where(StatusEvent.assignment_id.in_([a.id for _, a, _ in rows]),
                                                    StatusEvent.requested_due.is_not(None))
                          .order_by(StatusEvent.id.desc())):
        latest.setdefault(e.assignment_id, e)
    return [(t, a, g, latest[a.id]) for t, a, g in rows if a.id in latest]


def contacts_by_id(session: Session, ids: set[int]) -> dict[int, Contact]:
    if not ids:
        return {}
    return {c.id: c for c in session.exec(select(Contact).where(Contact.id.in_(ids)))}


def evidence_item(session: Session, evidence_id: int) -> tuple[Evidence, Assignment] | None:
    """One evidence file with the assignment it belongs to (whose agency may download it)."""
    row = session.exec(select(Evidence, Assignment).join(Assignment, Assignment.id == Evidence.assignment_id)
                       .where(Evidence.id == evidence_id)).first()
    return tuple(row) if row else None


def agreed_extensions(session: Session) -> list[tuple[int, date, datetime]]:
    """(assignment id, granted date, when) of every agreed extension."""
    return list(session.exec(select(ReviewDecision.assignment_id, ReviewDecision.new_due, ReviewDecision.at)
                             .where(ReviewDecision.decision == Decision.AGREED)
                             .order_by(ReviewDecision.at)).all())
