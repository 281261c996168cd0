"""Status actions of a focal point: done, delayed, in progress, note, undo.

Every action checks that the sender is a registered focal point of an agency the task is
assigned to (directly or through a group); anyone else is refused and nothing is written.
Every recorded change is confirmed with what was stored and can be undone for 10 minutes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, delete, select

from bot.clock import to_utc
from bot.render import bold
from bot.service.ports import Button, Reply, Sender
from bot.store.status import record_status, undo_event
from bot.service.views import fmt_date
from bot.store.models import Assignment, Contact, Prompt, StatusEvent, Task

UNDO_WINDOW = timedelta(minutes=10)
PROMPT_TTL = timedelta(hours=2)
MAX_NOTE = 1000
STATUS_DONE_VI = {"done": "hoàn thành", "delayed": "chậm, xin lùi hạn", "in_progress": "đang thực hiện",
                  "open": "chưa báo cáo"}


@dataclass
class Ctx:
    """Everything one inbound message is handled with."""

    session: Session
    sender: Sender
    contact: Contact | None
    now: datetime  # aware, configured time zone
    has_buttons: bool = True

    @property
    def today(self) -> date:
        return self.now.date()


class Refusal(Exception):
    """A polite no: the message is shown, nothing is written."""


def own_assignment(ctx: Ctx, code: str) -> tuple[Task, Assignment]:
    task = ctx.session.exec(select(Task).where(Task.code == code, Task.archived == False)).first()  # noqa: E712
    if task is None:
        raise Refusal(f"Không có việc mã {code}. Gõ /viec để xem việc của cơ quan bạn.")
    c = ctx.contact
    if c is None or c.role != "focal" or c.agency_id is None:
        raise Refusal("Chỉ đầu mối của cơ quan được giao mới cập nhật được việc này.")
    a = ctx.session.exec(select(Assignment).where(Assignment.task_id == task.id, Assignment.agency_id == c.agency_id,
                                                  Assignment.role == "lead")).first()
    if a is None:
        raise Refusal(f"Việc {code} không giao cho cơ quan của bạn, nên bạn không cập nhật được. "
                      "Nếu có nhầm lẫn, xin liên hệ Sở KH&CN.")
    return task, a


def set_prompt(ctx: Ctx, action: str, *, codes: list[str] = (), draft_text: str = "") -> None:
    clear_prompt(ctx)
    ctx.session.add(Prompt(contact_id=ctx.contact.id, action=action, codes=",".join(codes), draft_text=draft_text,
                           expires_at=to_utc(ctx.now + PROMPT_TTL)))
    ctx.session.flush()


def clear_prompt(ctx: Ctx) -> None:
    if ctx.contact is not None:
        ctx.session.exec(delete(Prompt).where(Prompt.contact_id == ctx.contact.id))


def current_prompt(ctx: Ctx) -> Prompt | None:
    if ctx.contact is None:
        return None
    p = ctx.session.get(Prompt, ctx.contact.id)
    return p if p and p.expires_at >= to_utc(ctx.now) else None


def _check_note(note: str) -> str:
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise Refusal(f"Ghi chú dài {len(note)} ký tự, tối đa {MAX_NOTE}. Xin rút gọn rồi gửi lại.")
    return note


def _confirm(ctx: Ctx, task: Task, a: Assignment, event: StatusEvent, extra: str = "") -> Reply:
    lines = [f"Đã ghi nhận {bold(task.code)}: {STATUS_DONE_VI[event.status]}."]
    if event.new_due:
        lines.append(f"Ngày dự kiến mới: {fmt_date(event.new_due)}")
    if event.note:
        lines.append(f"Ghi chú: {event.note}")
    lines.append("Có thể hoàn tác trong 10 phút" + (" (nút ↩️)." if ctx.has_buttons else ": gõ HOANTAC."))
    if extra:
        lines.append(extra)
    buttons = [Button("↩️ Hoàn tác", f"undo:{event.id}")]
    return Reply.text("\n".join(lines), buttons=buttons)


def _confirm_or_ask(ctx: Ctx, task: Task, a: Assignment, event: StatusEvent, *, answered: bool,
                    action: str, question: str) -> Reply:
    """Confirm what was stored; if the optional part (note, reason) is missing, ask for it."""
    if answered:
        clear_prompt(ctx)
        return _confirm(ctx, task, a, event)
    set_prompt(ctx, action, codes=[task.code])
    reply = _confirm(ctx, task, a, event, question)
    reply.buttons.append(Button("Bỏ qua", "skip"))
    return reply


def record(ctx: Ctx, code: str, status: str, *, note: str = "", new_due: date | None = None) -> tuple[Task, Assignment, StatusEvent]:
    task, a = own_assignment(ctx, code)
    note = _check_note(note)
    if new_due is not None and new_due <= ctx.today:
        raise Refusal(f"Ngày dự kiến mới ({fmt_date(new_due)}) phải sau hôm nay. Xin gửi lại ngày khác.")
    status = a.status if status == "note" else status
    event = record_status(ctx.session, a, status=status, at=ctx.now, note=note, new_due=new_due,
                          contact_id=ctx.contact.id, channel=ctx.sender.platform)
    return task, a, event


def do_done(ctx: Ctx, code: str, note: str = "") -> Reply:
    task, a, event = record(ctx, code, "done", note=note)
    return _confirm_or_ask(ctx, task, a, event, answered=bool(note), action="done_note",
                           question="Muốn thêm ghi chú (số văn bản, kết quả…)? Trả lời tin này, hoặc bỏ qua.")


def do_progress(ctx: Ctx, code: str, note: str = "") -> Reply:
    task, a, event = record(ctx, code, "in_progress", note=note)
    clear_prompt(ctx)
    return _confirm(ctx, task, a, event)


def do_note(ctx: Ctx, code: str, note: str) -> Reply:
    if not note.strip():
        own_assignment(ctx, code)
        set_prompt(ctx, "note", codes=[code])
        return Reply.text(f"Nhập ghi chú cho {bold(code)} (một tin nhắn, tối đa {MAX_NOTE} ký tự).")
    task, a, event = record(ctx, code, "note", note=note)
    clear_prompt(ctx)
    return _confirm(ctx, task, a, event)


def do_delay(ctx: Ctx, code: str, new_due: date | None, reason: str) -> Reply:
    """⏳: needs a new expected date and a reason, in one reply or two."""
    task, a = own_assignment(ctx, code)
    reason = _check_note(reason)
    if new_due is None:
        set_prompt(ctx, "delay", codes=[code], draft_text=reason)
        return Reply.text(f"{bold(code)} chậm: đến ngày nào thì xong? "
                          "Ví dụ: “15/7”, “cuối tháng 8”" + ("" if reason else ", kèm lý do nếu có") + ".")
    task, a, event = record(ctx, code, "delayed", note=reason, new_due=new_due)
    return _confirm_or_ask(ctx, task, a, event, answered=bool(reason), action="delay_reason",
                           question="Lý do chậm là gì? Trả lời tin này, hoặc bỏ qua.")


def do_undo(ctx: Ctx, event_id: int | None) -> Reply:
    if ctx.contact is None:
        raise Refusal("Bạn chưa đăng ký nên không có gì để hoàn tác.")
    q = select(StatusEvent).where(StatusEvent.contact_id == ctx.contact.id, StatusEvent.reverts_id == None)  # noqa: E711
    if event_id is not None:
        q = q.where(StatusEvent.id == event_id)
    event = ctx.session.exec(q.order_by(StatusEvent.id.desc())).first()
    if event is None:
        raise Refusal("Không có cập nhật nào của bạn để hoàn tác.")
    if to_utc(ctx.now) - event.at > UNDO_WINDOW:
        raise Refusal("Đã quá 10 phút nên không hoàn tác được. Hãy gửi cập nhật mới (ví dụ /cham hoặc /ghichu).")
    latest = ctx.session.exec(select(StatusEvent).where(StatusEvent.assignment_id == event.assignment_id)
                              .order_by(StatusEvent.id.desc())).first()
    if latest.id != event.id:
        raise Refusal("Việc này đã có cập nhật mới hơn (hoặc đã hoàn tác), nên không hoàn tác được.")
    a = ctx.session.get(Assignment, event.assignment_id)
    task = ctx.session.get(Task, a.task_id)
    back = undo_event(ctx.session, event, at=ctx.now, contact_id=ctx.contact.id, channel=ctx.sender.platform)
    clear_prompt(ctx)
    return Reply.text(f"Đã hoàn tác. {bold(task.code)} trở lại: {STATUS_DONE_VI[back.status]}"
                      + (f" (dự kiến {fmt_date(back.new_due)})" if back.new_due else "") + ".")
