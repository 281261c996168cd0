"""Every task's state AS OF a date, replayed from the status history, and classified.

Why the history and not the assignments' current columns: a report "as of 31/5" must not
change because someone replied on 2/6, and "done on time" needs the time of the done event,
which only the history has. Everything is loaded in a fixed number of queries (tasks,
agencies, assignments, events — never one per row) and classified in Python. `summary.py`
aggregates these states into the figures; this module only says where each task stands.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.clock import to_local
from bot.domain import AssignmentRole
from bot.service.review.evidence import names_with_numbers
from bot.store import Session, history, review

ON_TIME, LATE, IN_TIME, OVERDUE = "done_on_time", "done_late", "in_progress_on_time", "in_progress_overdue"
CATEGORIES = (ON_TIME, LATE, IN_TIME, OVERDUE)


@dataclass(slots=True)
class AssignmentState:
    """One lead agency's share of a task as of the date (times are local, in the plan's zone)."""

    id: int
    agency_id: int
    agency: str
    status: str = "open"
    note: str = ""
    new_due: date | None = None
    last_at: datetime | None = None  # the last reply up to the date
    done_at: datetime | None = None
    category: str | None = None  # one of CATEGORIES; None for recurring/event tasks
    days_overdue: int = 0
    figure_id: int = 0  # whose figures it counts in: the live agency (a merged agency's successor)
    figure: str = ""
    submitted_at: datetime | None = None  # reported done, waiting for confirmation (plans under review)
    extended_to: date | None = None  # the latest extension the lead agreed to, up to the date
    evidence: str = ""  # "Minh chứng": file names and document numbers


@dataclass(slots=True)
class TaskState:
    id: int
    code: str
    no: str
    content: str
    plan: str
    plan_title: str
    kind: str | None
    due: date | None
    deadline_text: str
    lead_names: list[str] = field(default_factory=list)  # as the plan names them (groups unexpanded)
    coordinating: list[str] = field(default_factory=list)
    assignments: list[AssignmentState] = field(default_factory=list)
    category: str | None = None
    done_at: datetime | None = None  # the last assignee's done time, when all are done
    days_overdue: int = 0

    @property
    def dated(self) -> bool:
        return self.kind == "date" and self.due is not None

    @property
    def status(self) -> str:
        """The same rule as `TaskView.status`, applied to the state as of the date."""
        states = [a.status for a in self.assignments] or ["open"]
        if all(s == "done" for s in states):
            return "done"
        if all(s in ("done", "submitted") for s in states):
            return "submitted"
        if "delayed" in states:
            return "delayed"
        return "in_progress" if any(s in ("in_progress", "done", "submitted") for s in states) else "open"

    @property
    def new_due(self) -> date | None:
        """The latest expected date any unfinished assignee has asked for."""
        dates = [a.new_due for a in self.assignments if a.new_due and a.status != "done"]
        return max(dates) if dates else None



def assignment_states(session: Session, as_of: date, tz: ZoneInfo, *, plan: str | None = None,
                      agency_ids: set[int] | None = None) -> list[TaskState]:
    """Tasks (plan order) with their lead assignments' state at the end of `as_of`, classified.

    With `agency_ids`, only tasks led by one of them, and only their shares count: a task is
    then "done" when those agencies are done, which is what a per-agency summary means."""
    tasks = {r[0]: TaskState(*r) for r in history.task_rows(session, plan)}
    agencies = history.agency_successors(session)
    names = {i: n for i, (n, _) in agencies.items()}

    def live(agency_id: int) -> int:  # `Registry.current` on the one read (merged agencies count under NEW)
        seen = {agency_id}
        while (nxt := agencies[agency_id][1]) is not None and nxt not in seen:
            seen.add(nxt)
            agency_id = nxt
        return agency_id
    by_id: dict[int, AssignmentState] = {}
    for aid, task_id, agency_id, role, via in history.assignment_rows(session, plan):
        task = tasks.get(task_id)  # None only if a task was added between the two reads
        if task is None:
            continue
        if role == AssignmentRole.COORDINATING:
            task.coordinating.append(names[agency_id])
            continue
        shown = names[via] if via else names[agency_id]
        if shown not in task.lead_names:
            task.lead_names.append(shown)
        if agency_ids is None or agency_id in agency_ids:
            now_id = live(agency_id)
            by_id[aid] = AssignmentState(aid, agency_id, names[agency_id], figure_id=now_id, figure=names[now_id])
            task.assignments.append(by_id[aid])
    end = datetime.combine(as_of + timedelta(days=1), time(0), tzinfo=tz)
    _replay(history.event_rows(session, plan, agency_ids), by_id, tz, end)
    for aid, granted, at in review.agreed_extensions(session):
        if aid in by_id and to_local(at, tz) < end:
            by_id[aid].extended_to = granted
    files = review.evidence_by_assignment(session, None)
    for aid, items in files.items():
        if aid in by_id:
            by_id[aid].evidence = names_with_numbers([e for e in items if to_local(e.added_at, tz) < end])
    out = [t for t in tasks.values() if agency_ids is None or t.assignments]
    for t in out:
        _classify(t, as_of)
    return out


def _replay(events, by_id: dict[int, AssignmentState], tz: ZoneInfo, end: datetime) -> None:
    """Walk each assignment's history in time order; the last event before `end` wins.
    A confirmed submission (plans under review) is done as of the day it was submitted.

    The cut-off is applied here, on local times, rather than in SQL, so it does not depend
    on how the column type binds and returns instants (it changed from naive to aware UTC).
    Mirrors `record_status`: the note changes only on events that carry one (or on an undo).
    The done time is when the current run of "done" started; an undo that restores "done"
    restores the original done time, so undoing a slip does not make a task late."""
    before: dict[int, datetime | None] = {}  # event id -> done_at just before it
    for eid, aid, status, note, new_due, at, reverts_id in events:
        s = by_id.get(aid)
        if s is None:
            continue
        at = to_local(at, tz)
        if at >= end:
            continue
        before[eid] = s.done_at
        if status == "submitted":  # reported done; the day it counts from if it is confirmed
            if s.status != "submitted":
                s.submitted_at = at
            s.done_at = None
        elif status != "done":
            s.done_at = s.submitted_at = None
        elif s.status != "done":
            restored = before.get(reverts_id) if reverts_id else None
            s.done_at = restored or (s.submitted_at if s.status == "submitted" else None) or at
        s.status, s.new_due, s.last_at = status, new_due, at
        if note or reverts_id:
            s.note = note


def _classify(t: TaskState, as_of: date) -> None:
    if not t.dated:
        return
    for a in t.assignments:
        a.category, a.days_overdue = _category(a.done_at, t.due, as_of)
    done = t.assignments and all(a.status == "done" for a in t.assignments)
    t.done_at = max(a.done_at for a in t.assignments) if done else None
    t.category, t.days_overdue = _category(t.done_at, t.due, as_of)


def _category(done_at: datetime | None, due: date, as_of: date) -> tuple[str, int]:
    if done_at is not None:
        late = (done_at.date() - due).days
        return (LATE, late) if late > 0 else (ON_TIME, 0)
    late = (as_of - due).days
    return (OVERDUE, late) if late > 0 else (IN_TIME, 0)
