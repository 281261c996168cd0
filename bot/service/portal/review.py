"""`/cho-xac-nhan`: the completions waiting for the secretariat and the extension requests
waiting for the lead, and the decisions on them taken on the web page.

A decision goes through the chat's own `review.decisions.decide` (the same role check, the
same one-row-per-submission insert, the same notices queued for the dispatcher), with "web" as
the channel: whichever of the chat and the page is first wins, the other is told who decided
and nothing is written. The lead and the secretariat see everything; a focal point sees its
own agency's rows, read-only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.clock import to_local
from bot.domain import Decision, Platform, Role
from bot.render import clean_input
from bot.service import texts
from bot.service.conversation.context import Refusal
from bot.service.portal.actions import Invalid, web_ctx
from bot.service.portal.auth import Forbidden, Viewer
from bot.service.review import decisions
from bot.service.review.files import human_size
from bot.store import Engine, review, session_scope
from schedules.calendar import WorkCalendar

DECIDER = {Decision.CONFIRMED: Role.SECRETARIAT, Decision.RETURNED: Role.SECRETARIAT,
           Decision.AGREED: Role.LEAD, Decision.REFUSED: Role.LEAD}


class Conflict(Invalid):
    """Someone decided first, in the chat or on the page (HTTP 409); nothing was written."""


@dataclass
class Waiting:
    submissions: list[dict] = field(default_factory=list)  # oldest first
    requests: list[dict] = field(default_factory=list)  # extension requests, oldest first
    may_confirm: bool = False  # the secretariat: "Xác nhận" / "Trả lại"
    may_extend: bool = False  # the lead: "Đồng ý" / "Không đồng ý"
    agency: str | None = None  # a focal point's own agency (read-only view)


def _scope(viewer: Viewer) -> int | None:
    """None: every agency (lead, secretariat); else the focal point's own agency id."""
    if viewer.is_manager:
        return None
    if viewer.agency_id is None:
        raise Forbidden("Tài khoản này không thuộc cơ quan nào.")
    return viewer.agency_id


def _who(contact) -> str:
    """Who reported: the name they gave, else their role and where (a web-only contact has no name)."""
    if contact is None:
        return ""
    if contact.display_name:
        return contact.display_name
    role = texts.ROLE[Role(contact.role)]
    if contact.platform == Platform.WEB:
        return texts.WHO_ON_WEB.format(role=role)
    return texts.WHO_ON_CHAT.format(role=role, channel=texts.CHANNEL_NAME.get(contact.platform, contact.platform),
                                    user_id=contact.user_id)


def _file(e, earlier: bool) -> dict:
    return {"id": e.id, "name": e.name, "size": human_size(e.size), "kind": e.kind, "earlier": earlier}


def waiting(engine: Engine, viewer: Viewer, cal: WorkCalendar, now: datetime) -> Waiting:
    own = _scope(viewer)
    tz, today = cal.tz, now.astimezone(cal.tz).date()
    with session_scope(engine) as s:
        subs = [r for r in review.pending_submissions(s) if own is None or r[1].agency_id == own]
        reqs = [r for r in review.pending_requests(s) if own is None or r[1].agency_id == own]
        files = review.evidence_by_assignment(s, [a.id for _, a, _, _ in subs]) if subs else {}
        people = review.contacts_by_id(s, {e.contact_id for *_, e in subs + reqs if e.contact_id})

    def base(t, a, g, e) -> dict:
        at = to_local(e.at, tz)
        return {"event_id": e.id, "code": t.code, "content": t.content, "agency": g.name,
                "who": _who(people.get(e.contact_id)), "at": at,
                "days": max(0, cal.working_days_between(at.date(), today))}

    out = Waiting(may_confirm=viewer.role == Role.SECRETARIAT and viewer.contact_id is not None,
                  may_extend=viewer.role == Role.LEAD and viewer.contact_id is not None,
                  agency=None if own is None else viewer.agency)
    for t, a, g, e in sorted(subs, key=lambda r: (r[3].at, r[0].code)):
        mine = files.get(a.id, [])  # this submission's files first, then those sent before it
        shown = [_file(f, False) for f in mine if f.event_id == e.id] + [_file(f, True) for f in mine
                                                                         if f.event_id != e.id]
        out.submissions.append({**base(t, a, g, e), "note": a.note, "files": shown})
    for t, a, g, e in sorted(reqs, key=lambda r: (r[3].at, r[0].code)):
        due = a.new_due or t.due
        out.requests.append({**base(t, a, g, e), "note": e.note, "requested": e.requested_due,
                             "due": texts.vn_date(due) if due else t.deadline_text})
    return out


def decide(engine: Engine, viewer: Viewer, event_id: int, decision: Decision, now: datetime,
           reason: str = "") -> str:
    """One decision through the chat's function; returns the confirmation to show."""
    role = DECIDER[decision]
    if viewer.contact_id is None or viewer.role != role:
        raise Forbidden(texts.REVIEW_LEAD_ONLY if role == Role.LEAD else texts.REVIEW_SECRETARIAT_ONLY)
    with session_scope(engine) as s:
        ctx = web_ctx(s, viewer, now)
        try:
            reply = decisions.decide(ctx, event_id, decision, clean_input(reason))
        except Refusal as exc:
            taken = review.decision_on(s, event_id) is not None
            raise (Conflict if taken else Invalid)(str(exc)) from None
        return reply.plain
