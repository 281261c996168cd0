"""`nhacviec tasks`: the task list as the JSON contract other tools rely on."""
from __future__ import annotations

from datetime import date
from typing import Any

from bot.store import Session, reorg

from bot.agencies import Registry
from bot.clock import to_utc
from bot.service.review.evidence import as_json, lookup
from bot.store.queries import TaskView, task_views


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def task_dict(v: TaskView, former: dict[int, list[str]] | None = None, evidence: dict | None = None) -> dict[str, Any]:
    t = v.task
    return {
        "code": t.code, "plan": v.plan.key, "no": t.no, "group": t.group, "content": t.content,
        "lead_agencies": v.lead_names,
        "assignees": [ag.name for _, ag in v.lead],
        "coordinating_agencies": [ag.name for ag in v.coordinating],
        "coordinating_text": t.coordinating_text, "note": t.note,
        "deadline_text": t.deadline_text, "kind": t.kind, "due": _iso(t.due), "start": _iso(t.start),
        "recurrence": t.recurrence, "status": v.status,
        "assignments": [
            {"agency": ag.name, "status": a.status, "note": a.note, "new_due": _iso(a.new_due),
             "requested_due": _iso(a.requested_due),
             "updated_at": to_utc(a.updated_at).isoformat() if a.updated_at else None,
             "former_agencies": (former or {}).get(a.id, []),
             "evidence": as_json((evidence or {}).get(a.id, []))}
            for a, ag in v.lead
        ],
    }


def agency_ids(session: Session, agency: str) -> set[int]:
    """The agencies whose tasks "the tasks of `agency`" means: its members when it is a group, and
    its predecessors (their finished tasks under old names). LookupError if nobody is called so."""
    reg = Registry.load(session)
    wanted = {m.id for m in reg.expand(reg.resolve(agency))}
    return wanted | {p.id for m in list(wanted) for p in reg.predecessors(m)}


def task_dicts(session: Session, views: list[TaskView]) -> list[dict[str, Any]]:
    """`task_dict` of each view, with former agencies and evidence read in one query each."""
    ids = [a.id for v in views for a, _ in v.lead]
    former, files = reorg.former_agencies(session, ids), lookup(session, ids)
    return [task_dict(v, former, files) for v in views]


def list_tasks(session: Session, *, agency: str | None = None, status: str | None = None,
               due_before: date | None = None, plan: str | None = None) -> list[dict[str, Any]]:
    """Filtered task dicts. `agency` is matched like the importer matches it (aliases, tones)."""
    views = task_views(session, plan_key=plan)
    if agency:
        wanted = agency_ids(session, agency)
        views = [v for v in views if any(ag.id in wanted for _, ag in v.lead)]
    if status:
        views = [v for v in views if v.status == status]
    if due_before:
        views = [v for v in views if v.task.due and v.task.due < due_before]
    return task_dicts(session, views)
