"""The figures the Tiểu Ban lead looks at: every task's state AS OF a date, from the history.

Why the history and not the assignments' current columns: a report "as of 31/5" must not
change because someone replied on 2/6, and "done on time" needs the time of the done event,
which only the history has. Everything is loaded in a fixed number of queries (tasks,
agencies, assignments, events — never one per row) and classified in Python, so a
10,000-task plan is summarised in well under a second. The report files reuse the same
`Summary`, so the chat text, the workbook, the chart and the DOCX can never disagree.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


from bot.agencies import Registry
from bot.clock import to_local
from bot.render import bold
from bot.service.texts import capitalise, shorten, vn_date, vn_num, vn_pct
from bot.service.texts import STATUS, WITH_FORMER
from bot.domain import AssignmentRole
from bot.service.review.evidence import names_with_numbers
from bot.store import Session, history, review
from bot.text import fold

ON_TIME, LATE, IN_TIME, OVERDUE = "done_on_time", "done_late", "in_progress_on_time", "in_progress_overdue"
CATEGORIES = (ON_TIME, LATE, IN_TIME, OVERDUE)
LABELS = {ON_TIME: "Hoàn thành đúng hạn", LATE: "Hoàn thành quá hạn",
          IN_TIME: "Đang thực hiện trong hạn", OVERDUE: "Đang thực hiện quá hạn"}
ONGOING_LABEL = "Thường xuyên/theo sự kiện"
SUBMITTED_LABEL = "Chờ xác nhận"  # reported done, not yet confirmed: counted as not done
EXTENDED_LABEL = "Đã gia hạn"  # extensions the lead agreed to (figures still judge the plan's date)
STATUS_LABELS = {k: capitalise(v) for k, v in STATUS.items()}  # as column values
SOON_DAYS = 14


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


@dataclass(slots=True)
class AgencyFigures:
    agency_id: int
    agency: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    ongoing: int = 0
    submitted: int = 0  # shares waiting for the secretariat's confirmation (counted as not done)

    @property
    def dated(self) -> int:
        return sum(self.counts.values())

    @property
    def total(self) -> int:
        return self.dated + self.ongoing

    @property
    def done(self) -> int:
        return self.counts[ON_TIME] + self.counts[LATE]

    @property
    def rate(self) -> float | None:
        """Share of dated tasks done (recurring ones are never "done"); None without any."""
        return self.done / self.dated if self.dated else None


@dataclass
class Summary:
    as_of: date
    tasks: list[TaskState]
    counts: dict[str, int]
    ongoing: int
    agencies: list[AgencyFigures]  # by name
    top_overdue: list[AgencyFigures]  # most overdue first, at most 5, none with zero
    due_soon: list[tuple[TaskState, date]]  # (task, the date that falls in the window)
    overdue: list[TaskState]  # oldest due first
    plan: str | None = None
    plan_title: str = ""
    agency: str | None = None
    submitted: int = 0  # tasks with a share waiting for confirmation
    extended: list[tuple[TaskState, AssignmentState]] = field(default_factory=list)  # "Đã gia hạn"

    @property
    def dated(self) -> int:
        return sum(self.counts.values())

    def percent(self, category: str) -> float:
        return 100 * self.counts[category] / self.dated if self.dated else 0.0


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


def summarize_states(tasks: list[TaskState], as_of: date, *, plan: str | None = None,
                     agency: str | None = None) -> Summary:
    """Pure: aggregate already-classified tasks (see `assignment_states`)."""
    counts = Counter(t.category for t in tasks if t.dated)
    figures: dict[int, AgencyFigures] = {}
    former: dict[int, list[str]] = {}
    for t in tasks:
        for a in t.assignments:
            fid, fname = a.figure_id or a.agency_id, a.figure or a.agency
            f = figures.setdefault(fid, AgencyFigures(fid, fname))
            if a.agency != fname and a.agency not in former.setdefault(fid, []):
                former[fid].append(a.agency)
            if a.category:
                f.counts[a.category] += 1
            else:
                f.ongoing += 1
            f.submitted += a.status == "submitted"
    for fid, olds in former.items():
        if olds:
            figures[fid].agency = WITH_FORMER.format(name=figures[fid].agency, former="; ".join(olds))
    agencies = sorted(figures.values(), key=lambda f: fold(f.agency))
    top = sorted((f for f in agencies if f.counts[OVERDUE]), key=lambda f: -f.counts[OVERDUE])[:5]
    end = as_of + timedelta(days=SOON_DAYS)
    soon = []
    for t in tasks:
        if t.dated and t.category in (IN_TIME, OVERDUE):
            dates = [d for d in [t.due, *(a.new_due for a in t.assignments if a.status != "done")]
                     if d and as_of <= d <= end]
            if dates:
                soon.append((t, min(dates)))
    soon.sort(key=lambda p: (p[1], p[0].code))
    overdue = sorted((t for t in tasks if t.category == OVERDUE), key=lambda t: (t.due, t.plan, t.code))
    titles = {t.plan_title for t in tasks}
    return Summary(as_of=as_of, tasks=tasks, counts={c: counts[c] for c in CATEGORIES},
                   ongoing=sum(1 for t in tasks if not t.dated), agencies=agencies, top_overdue=top,
                   due_soon=soon, overdue=overdue, plan=plan,
                   plan_title=titles.pop() if len(titles) == 1 else "", agency=agency,
                   submitted=sum(1 for t in tasks if any(a.status == "submitted" for a in t.assignments)),
                   extended=[(t, a) for t in tasks for a in t.assignments if a.extended_to])


def summarize(session: Session, as_of: date, tz: ZoneInfo, *, plan: str | None = None,
              agency: str | None = None) -> Summary:
    """Load and aggregate. `agency` is matched like `list_tasks` does (aliases, tones, groups
    expanded); an unknown agency or plan raises LookupError with a Vietnamese message."""
    if plan and not history.plan_exists(session, plan):
        raise LookupError(f"Không có kế hoạch “{plan}”")
    ids, label = None, None
    if agency:
        reg = Registry.load(session)
        target = reg.resolve(agency)
        ids, label = {m.id for m in reg.expand(target)}, target.name
        ids |= {p.id for m in list(ids) for p in reg.predecessors(m)}  # finished under an old name
    tasks = assignment_states(session, as_of, tz, plan=plan, agency_ids=ids)
    return summarize_states(tasks, as_of, plan=plan, agency=label)


# --- text -------------------------------------------------------------------------------

def scope_line(s: Summary) -> str:
    parts = [f"Kế hoạch {s.plan}" if s.plan else "", f"Cơ quan: {s.agency}" if s.agency else ""]
    return " · ".join(p for p in parts if p)


def category_lines(s: Summary) -> list[str]:
    return [f"{LABELS[c]}: {vn_num(s.counts[c])} ({vn_pct(s.percent(c))})" for c in CATEGORIES]


def submitted_line(s: Summary) -> str:
    return f"{SUBMITTED_LABEL}: {vn_num(s.submitted)}"


def extended_line(t: TaskState, a: AssignmentState) -> str:
    return f"• {t.code} {a.agency}: hạn {vn_date(t.due)} → {vn_date(a.extended_to)}"


def summary_text(summary: Summary, title: str = "Tình hình thực hiện kế hoạch", *, limit: int = 10) -> str:
    """One glance for the chat: figures, who is most behind, what falls due in two weeks."""
    s = summary
    lines = [bold(f"{title} đến ngày {vn_date(s.as_of)}")]
    if scope_line(s):
        lines.append(scope_line(s))
    lines += [f"{vn_num(s.dated)} nhiệm vụ có thời hạn", *category_lines(s), submitted_line(s),
              f"{vn_num(s.ongoing)} nhiệm vụ thường xuyên/theo sự kiện"]
    if s.extended:
        lines += ["", bold(f"{EXTENDED_LABEL}: {vn_num(len(s.extended))}")]
        lines += [extended_line(t, a) for t, a in s.extended[:limit]]
        if len(s.extended) > limit:
            lines.append(f"… và {vn_num(len(s.extended) - limit)} việc khác")
    lines += ["", bold("Cơ quan chậm nhiều nhất")]
    lines += [f"{i}. {f.agency}: {vn_num(f.counts[OVERDUE])} việc quá hạn" for i, f in enumerate(s.top_overdue, 1)]
    if not s.top_overdue:
        lines.append("Không có cơ quan nào có việc quá hạn.")
    lines += ["", bold(f"Đến hạn trong {SOON_DAYS} ngày tới")]
    for t, d in s.due_soon[:limit]:
        when = f"hạn {vn_date(d)}" if d == t.due else f"dự kiến {vn_date(d)} (hạn {vn_date(t.due)})"
        lines.append(f"• {t.code} {shorten(t.content, 60)} — {when}")
    if len(s.due_soon) > limit:
        lines.append(f"… và {vn_num(len(s.due_soon) - limit)} việc khác")
    if not s.due_soon:
        lines.append("Không có việc nào.")
    return "\n".join(lines)
