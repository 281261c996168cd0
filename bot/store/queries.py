"""Plain query functions with a keyword-only session: the reads every service shares."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session, select

from bot.store.models import Agency, Assignment, Plan, Task


@dataclass
class TaskView:
    """A task with its plan and assignments, loaded in a fixed number of queries."""

    task: Task
    plan: Plan
    lead: list[tuple[Assignment, Agency]] = field(default_factory=list)
    coordinating: list[Agency] = field(default_factory=list)
    lead_names: list[str] = field(default_factory=list)  # as the plan names them, groups unexpanded

    @property
    def status(self) -> str:
        """A task is done when every assignee is; delayed if any is; in progress if any started."""
        states = [a.status for a, _ in self.lead] or ["open"]
        if all(s == "done" for s in states):
            return "done"
        if all(s in ("done", "submitted") for s in states):
            return "submitted"  # reported done, waiting for the secretariat's confirmation
        if "delayed" in states:
            return "delayed"
        if any(s in ("in_progress", "done", "submitted") for s in states):
            return "in_progress"
        return "open"


def task_views(session: Session, *, plan_key: str | None = None, task_ids: list[int] | None = None) -> list[TaskView]:
    q = select(Task, Plan).join(Plan).where(Task.archived == False)  # noqa: E712
    if plan_key:
        q = q.where(Plan.key == plan_key)
    if task_ids is not None:
        q = q.where(Task.id.in_(task_ids))
    found = session.exec(q.order_by(Plan.key, Task.position, Task.id)).all()  # the id: equal positions, one order
    views = {t.id: TaskView(task=t, plan=p) for t, p in found}
    if not views:
        return []
    agencies = {a.id: a for a in session.exec(select(Agency)).all()}
    rows = session.exec(select(Assignment).where(Assignment.task_id.in_(list(views)))
                        .order_by(Assignment.task_id, Assignment.position)).all()
    seen: dict[int, list[str]] = defaultdict(list)
    for a in rows:
        v = views[a.task_id]
        agency = agencies[a.agency_id]
        if a.role == "lead":
            v.lead.append((a, agency))
            name = agencies[a.via_group_id].name if a.via_group_id else agency.name
            if name not in seen[a.task_id]:
                seen[a.task_id].append(name)
        elif a.role == "coordinating":
            v.coordinating.append(agency)
    for tid, names in seen.items():
        views[tid].lead_names = names
    return list(views.values())
