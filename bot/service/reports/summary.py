"""The figures the Tiểu Ban lead looks at: the tasks' states as of a date (`states.py`, replayed
from the history) aggregated into counts per category and per agency, the most overdue agencies,
what falls due soon and the extensions granted.

A 10,000-task plan is summarised in well under a second. The report files reuse the same
`Summary`, so the chat text (`summary_text.py`), the workbook, the chart and the DOCX can never
disagree.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot.agencies import Registry
from bot.service.reports.states import (CATEGORIES, IN_TIME, LATE, ON_TIME, OVERDUE, AssignmentState, TaskState,
                                        assignment_states)
from bot.service.texts import STATUS, WITH_FORMER, capitalise
from bot.store import Session, history
from bot.text import fold

LABELS = {ON_TIME: "Hoàn thành đúng hạn", LATE: "Hoàn thành quá hạn",
          IN_TIME: "Đang thực hiện trong hạn", OVERDUE: "Đang thực hiện quá hạn"}
ONGOING_LABEL = "Thường xuyên/theo sự kiện"
SUBMITTED_LABEL = "Chờ xác nhận"  # reported done, not yet confirmed: counted as not done
EXTENDED_LABEL = "Đã gia hạn"  # extensions the lead agreed to (figures still judge the plan's date)
STATUS_LABELS = {k: capitalise(v) for k, v in STATUS.items()}  # as column values
SOON_DAYS = 14


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
