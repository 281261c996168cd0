"""A focal point's updates from the web page: the chat's own status functions
(`conversation.actions.record`: the same ownership check, note and date bounds, the same
append-only history), with "web" recorded as the channel."""
from __future__ import annotations

from datetime import date, datetime

from bot.domain import Platform, Status
from bot.render import clean_input
from bot.service import texts
from bot.service.conversation.actions import own_assignment, record
from bot.service.conversation.context import Ctx, Refusal
from bot.service.portal.auth import Forbidden, Viewer
from bot.service.ports import Sender
from bot.store import Engine, Session, session_scope
from bot.store.models import Contact

ACTIONS = ("done", "delay", "note")


class Invalid(ValueError):
    """The form is wrong (no date for a delay, an empty note, a past date …): HTTP 400."""


class TooLarge(Invalid):
    """An upload (or one of its files) is bigger than allowed: HTTP 413; the message says the limit."""


def act(engine: Engine, viewer: Viewer, code: str, action: str, *, now: datetime, note: str = "",
        new_due: date | None = None) -> str:
    """Record one update; returns the confirmation (and warnings) to show."""
    note = clean_input(note)
    if action not in ACTIONS:
        raise Invalid("Thao tác không hợp lệ.")
    if viewer.contact_id is None or viewer.is_manager:
        raise Forbidden(texts.FOCAL_ONLY)
    if action == "delay" and new_due is None:
        raise Invalid("Báo chậm cần ngày dự kiến hoàn thành.")
    if action == "note" and not note.strip():
        raise Invalid("Ghi chú đang để trống.")
    with session_scope(engine) as s:
        ctx = web_ctx(s, viewer, now)
        try:
            own_assignment(ctx, code)
        except Refusal as exc:
            raise Forbidden(str(exc)) from None
        status = {"done": Status.DONE, "delay": Status.DELAYED, "note": None}[action]
        try:
            task, a, event = record(ctx, code, status, note=note, new_due=new_due if action == "delay" else None)
        except Refusal as exc:
            raise Invalid(str(exc)) from None
        said = texts.REPORTED_SUBMITTED if event.status == Status.SUBMITTED else texts.REPORTED[Status(event.status)]
        lines = [texts.RECORDED.format(code=task.code, status=said)]
        if event.requested_due:  # a plan under review: the lead is asked, the due date stays
            due = a.new_due or task.due
            lines.append(texts.EXTENSION_REQUESTED.format(code=task.code, date=texts.vn_date(event.requested_due),
                                                          due=texts.vn_date(due) if due else task.deadline_text))
        elif event.new_due:
            lines.append(texts.NEW_DUE.format(date=texts.vn_date(event.new_due)))
        return "\n".join(lines + ctx.warnings)


def web_ctx(session: Session, viewer: Viewer, now: datetime) -> Ctx:
    """The chat's context for someone acting on the web page: their own contact (the same
    checks as in the chat), "web" as the channel their changes are recorded with."""
    contact = session.get(Contact, viewer.contact_id) if viewer.contact_id is not None else None
    sender = Sender(platform=Platform.WEB, user_id=f"contact:{viewer.contact_id}", chat_id="",
                    display_name=contact.display_name if contact else "")
    return Ctx(session=session, sender=sender, contact=contact, now=now)
