"""One snapshot of the database for a pass, and the policy's slots for each open assignment,
planned a chunk at a time.

Why chunks: at 100k open assignments `due_slots` for every one is about a second of CPU. The
dispatcher runs each chunk as a step of its own (reminders/steps.py), so the event loop that
answers the chat gets its turn between chunks; `load` plans everything at once for callers
that do not care.

Each assignment is planned on its own: one stored row the policy cannot handle (a bug, a
hand-edited row) becomes a `Fault` reported to the secretariat, never an exception that
stops every other reminder of the pass.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from bot.clock import to_utc
from bot.service.reminders.availability import Extras, load_extras
from bot.service.reminders.deliveries import Due, Fault
from bot.store import Session, review
from bot.store.snapshot import AgencyRow as Agency
from bot.store.snapshot import ContactRow as Contact
from bot.store.snapshot import PendingRow as Reminder
from bot.store.snapshot import read_snapshot
from schedules.calendar import WorkCalendar
from schedules.deadlines import Deadline
from schedules.policy import Rules, Slot, StatusPoint, due_slots

log = logging.getLogger(__name__)
PLAN_CHUNK = 500  # assignments planned per step: a few milliseconds of CPU


@dataclass
class Snapshot:
    dues: list[Due]
    contacts: dict[int, Contact]
    agencies: dict[int, Agency]
    pending_blocked: list[Reminder]
    extras: Extras = field(default_factory=Extras)
    notices: list[review.Notice] = field(default_factory=list)  # queued review notices, unsent
    submissions: list = field(default_factory=list)  # (task, assignment, agency, event) waiting for review
    faults: list[Fault] = field(default_factory=list)


def focal_points(contacts: dict[int, Contact]) -> dict[int, list[Contact]]:
    """Active focal points by agency."""
    out: dict[int, list[Contact]] = defaultdict(list)
    for c in contacts.values():
        if c.active and c.role == "focal" and c.agency_id is not None:
            out[c.agency_id].append(c)
    return out


def fault_of(due: Due, exc: BaseException) -> Fault:
    """Log a task that cannot be handled (by its code, which the secretariat knows) as a Fault."""
    error = f"{type(exc).__name__}: {exc}"[:200]
    log.error("dispatch: task %s (assignment %s) skipped: %s", due.task.code, due.assignment.id, error)
    return Fault(Due(due.assignment, due.task, due.agency, []), error)


class Planner:
    """Reads the snapshot (a fixed number of queries, whatever the size of the plan), then plans
    its open assignments `plan(n)` at a time, in the order read; `snap` fills up as it goes.

    `due_slots` is pure, so within one pass its answer is shared by every assignment with the
    same deadline, history and days away (a task given to 50 agencies nobody has answered yet
    is asked once): the same slots as calling it per assignment."""

    def __init__(self, session: Session, cal: WorkCalendar, now: datetime, rules: Rules) -> None:
        self.cal, self.now, self.rules = cal, now, rules
        self.rows, events, contacts, agencies, pending = read_snapshot(session)
        extras = load_extras(session, now.astimezone(cal.tz).date(), contacts)
        self.paused = {g: extras.all_away_days(people) for g, people in focal_points(contacts).items()}
        self.history: dict[int, list[StatusPoint]] = defaultdict(list)
        for aid, status, at, new_due in events:
            self.history[aid].append(StatusPoint(status, to_utc(at), new_due))
        self.snap = Snapshot([], contacts, agencies, pending, extras, review.pending_notices(session),
                             review.pending_submissions(session), [])
        self.done = 0
        self._deadlines: dict[int, Deadline] = {}
        self._answers: dict[tuple, list[Slot]] = {}

    def plan(self, n: int = PLAN_CHUNK) -> int:
        """Plan the next `n` assignments; how many are left. The last call lets go of what only
        planning needed (the rows, the memo), so a pass holds no more than the snapshot."""
        cal, tz, extras, agencies = self.cal, self.cal.tz, self.snap.extras, self.snap.agencies
        dues, faults = self.snap.dues, self.snap.faults
        for a, t in self.rows[self.done:self.done + n]:
            last = extras.answers.get(a.id)
            last = (last[0], last[1], to_utc(last[2]).astimezone(tz)) if last else None
            try:
                deadline = self._deadlines.get(t.id)
                if deadline is None:
                    deadline = self._deadlines[t.id] = Deadline(kind=t.kind, due=t.due, start=t.start,
                                                                recurrence=t.recurrence)
                points = tuple(self.history.get(a.id, ()))
                away = self.paused.get(a.agency_id, frozenset())
                key = (t.id, points, away)
                slots = self._answers.get(key)
                if slots is None:
                    slots = self._answers[key] = due_slots(deadline, points, cal, self.now, self.rules, away)
            except Exception as exc:  # one bad row must not stop every other reminder
                faults.append(fault_of(Due(a, t, agencies[a.agency_id], [], last), exc))
                continue
            dues.append(Due(a, t, agencies[a.agency_id], slots, last))  # slots shared, never mutated
        self.done = min(len(self.rows), self.done + n)
        left = len(self.rows) - self.done
        if not left:
            self.rows, self.history, self._deadlines, self._answers = [], defaultdict(list), {}, {}
            self.done = 0
        return left


def load(session: Session, cal: WorkCalendar, now: datetime, rules: Rules) -> Snapshot:
    """The snapshot with every open assignment planned, in one go."""
    planner = Planner(session, cal, now, rules)
    planner.plan(len(planner.rows))
    return planner.snap
