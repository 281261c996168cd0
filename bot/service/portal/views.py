"""What each web page shows, read in one transaction, with the viewer's scope applied: the
lead and the secretariat see everything, a focal point only its own agency."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from bot.agencies import Registry
from bot.clock import to_local
from bot.domain import Status
from bot.service import texts
from bot.service.portal.auth import Forbidden, NotFound, Viewer
from bot.service.portal.figures import Figures, scope_agency
from bot.service.reports.summary import CATEGORIES, LABELS, Summary
from bot.service.reports.summary_json import summary_dict
from bot.service.tasks import list_tasks
from bot.store import Engine, Session, session_scope, tasks, web
from bot.store.models import Agency

STATUS_LABELS = {str(k): v for k, v in texts.STATUS.items()}
CATEGORY_LABELS = dict(LABELS)


def summary_json(figures: Figures, viewer: Viewer, today: date, tz: ZoneInfo) -> dict[str, Any]:
    return summary_dict(figures.summary(viewer, today, tz))


def tasks_json(engine: Engine, viewer: Viewer, **filters) -> list[dict[str, Any]]:
    """The same list as `nhacviec tasks --json` (a focal point: its agency's tasks only)."""
    own = scope_agency(viewer)
    if own:
        filters["agency"] = own
    with session_scope(engine) as s:
        try:
            return list_tasks(s, **filters)
        except LookupError as exc:
            raise NotFound(str(exc)) from None


def _reply_rows(rows, tz: ZoneInfo) -> list[dict]:
    return [{"at": to_local(e.at, tz), "code": code, "agency": agency,
             "what": texts.HISTORY_UNDO if e.reverts_id else texts.STATUS[Status(e.status)],
             "new_due": e.new_due, "note": e.note, "channel": e.channel,
             "who": (who.display_name if who else "")} for e, code, agency, who in rows]


@dataclass
class Overview:
    data: dict[str, Any]
    summary: Summary
    replies: list[dict] = field(default_factory=list)


def overview(figures: Figures, viewer: Viewer, today: date, tz: ZoneInfo) -> Overview:
    """The figures come from the cache (rebuilt when the data or the day changed); the last
    replies are read each time (one small query)."""
    summary = figures.summary(viewer, today, tz)
    with session_scope(figures.engine) as s:
        replies = web.recent_replies(s, None if viewer.is_manager else [viewer.agency_id], 8)
        return Overview(summary_dict(summary), summary, _reply_rows(replies, tz))


def agencies_table(figures: Figures, viewer: Viewer, today: date, tz: ZoneInfo, sort: str = "agency") -> list[dict]:
    summary = figures.summary(viewer, today, tz)
    rows = [{"id": f.agency_id, "agency": f.agency, **f.counts, "dated_total": f.dated, "undated_total": f.ongoing}
            for f in summary.agencies]
    if sort in CATEGORIES or sort in ("dated_total", "undated_total"):
        rows.sort(key=lambda r: (-r[sort], r["agency"]))
    return rows


def _check_agency(viewer: Viewer, agency_id: int) -> None:
    if not viewer.is_manager and viewer.agency_id != agency_id:
        raise Forbidden("Bạn chỉ xem được cơ quan của mình.")


def agency_detail(engine: Engine, viewer: Viewer, agency_id: int, today: date, tz: ZoneInfo) -> dict:
    _check_agency(viewer, agency_id)
    with session_scope(engine) as s:
        agency = s.get(Agency, agency_id)
        if agency is None:
            raise NotFound(f"Không có cơ quan số {agency_id}.")
        reg = Registry.load(s)
        ids = [a.id for a in reg.expand(agency)]
        rows = sorted(tasks.agency_rows(s, ids), key=lambda r: (r[0].due or date.max, r[0].code))
        contacts = [(c, ag) for c, ag in web_contacts(s) if c.agency_id in ids]
        replies = _reply_rows(web.recent_replies(s, ids, 10), tz)
    task_rows = [{"code": t.code, "content": t.content, "due": t.due, "deadline_text": t.deadline_text,
                  "status": STATUS_LABELS[str(a.status)], "new_due": a.new_due, "agency": ag.name,
                  "overdue": a.status != Status.DONE and t.kind == "date" and t.due is not None and t.due < today}
                 for t, a, ag in rows]
    return {"agency": agency, "tasks": task_rows, "contacts": [contact_row(c, ag, tz) for c, ag in contacts],
            "replies": replies}


def web_contacts(s: Session):
    from bot.service.onboarding import list_contacts

    return list_contacts(s)


def contact_row(c, agency, tz: ZoneInfo) -> dict:
    return {"id": c.id, "platform": str(c.platform), "user_id": c.user_id, "name": c.display_name,
            "role": texts.ROLE[c.role], "agency": agency.name if agency else "", "active": c.active,
            "since": to_local(c.created_at, tz)}


def task_detail(engine: Engine, viewer: Viewer, code: str, today: date, tz: ZoneInfo) -> dict:
    with session_scope(engine) as s:
        task = tasks.task_by_code(s, code, live_only=False)
        if task is None:
            raise NotFound(texts.NO_TASK.format(code=code))
        shares = tasks.lead_assignments(s, task.id)
        mine = [a for a, _ in shares if viewer.agency_id is not None and a.agency_id == viewer.agency_id]
        if not (viewer.is_manager or mine):
            raise Forbidden(texts.OWN_HISTORY_ONLY)
        events = tasks.history(s, [a.id for a, _ in shares])
        names = {a.id: ag.name for a, ag in shares}
    history = [{"at": to_local(e.at, tz), "agency": names.get(e.assignment_id, ""),
                "what": texts.HISTORY_UNDO if e.reverts_id else texts.STATUS[Status(e.status)],
                "new_due": e.new_due, "note": e.note, "channel": e.channel,
                "who": who.display_name if who else ""} for e, who in events]
    return {"task": task, "shares": [{"agency": ag.name, "status": STATUS_LABELS[str(a.status)], "note": a.note,
                                      "new_due": a.new_due} for a, ag in shares],
            "history": history, "can_act": bool(mine) and not viewer.is_manager and not task.archived,
            "overdue": task.kind == "date" and task.due is not None and task.due < today}


def overdue(figures: Figures, viewer: Viewer, today: date, tz: ZoneInfo) -> list[dict]:
    summary = figures.summary(viewer, today, tz)
    return [{"code": t.code, "content": t.content, "due": t.due, "days": t.days_overdue,
             "agencies": [a.agency for a in t.assignments if a.status != "done"], "new_due": t.new_due}
            for t in summary.overdue]


def plan_keys(engine: Engine) -> list[str]:
    with session_scope(engine) as s:
        return [p.key for p in web.plans(s)]


def agency_choices(engine: Engine) -> list[tuple[int, str]]:
    with session_scope(engine) as s:
        reg = Registry.load(s)
        return sorted(((a.id, a.name) for a in reg.agencies.values() if a.successor_id is None),
                      key=lambda p: p[1])
