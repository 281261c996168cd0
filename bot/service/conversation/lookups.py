"""Read-only answers: a focal point's tasks, what is overdue, one agency, one task's history."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlmodel import select

from bot.agencies import Registry
from bot.clock import to_local
from bot.render import bold
from bot.service.conversation.actions import STATUS_DONE_VI, Ctx, Refusal
from bot.service.ports import Entry, Reply
from bot.service.views import shorten, sort_key, task_entry
from bot.store.models import Agency, Assignment, Contact, StatusEvent, Task


def is_manager(ctx: Ctx) -> bool:
    return ctx.contact is not None and ctx.contact.role in ("lead", "secretariat")


def open_rows(ctx: Ctx, agency_ids: list[int] | None):
    q = (select(Task, Assignment, Agency).join(Assignment, Assignment.task_id == Task.id)
         .join(Agency, Agency.id == Assignment.agency_id)
         .where(Task.archived == False, Assignment.role == "lead", Assignment.status != "done"))  # noqa: E712
    if agency_ids is not None:
        q = q.where(Assignment.agency_id.in_(agency_ids))
    return ctx.session.exec(q).all()


def is_overdue(task: Task, today: date) -> bool:
    return task.kind == "date" and task.due is not None and task.due < today


def my_tasks(ctx: Ctx) -> Reply:
    if ctx.contact is None or ctx.contact.agency_id is None:
        raise Refusal("Lệnh này dành cho đầu mối của một cơ quan. Lãnh đạo và thư ký dùng /tonghop hoặc /quahan.")
    rows = sorted(open_rows(ctx, [ctx.contact.agency_id]), key=lambda r: sort_key(r[0], r[1]))
    if not rows:
        return Reply.text("Cơ quan bạn không còn việc nào chưa hoàn thành. 👏")
    head = Entry(f"{bold('Việc chưa hoàn thành')} ({len(rows)}), hạn gần nhất trước:")
    return Reply(entries=[head] + [task_entry(t, ctx.today, a, buttons=ctx.has_buttons) for t, a, _ in rows])


def overdue(ctx: Ctx) -> Reply:
    if is_manager(ctx):
        rows = [r for r in open_rows(ctx, None) if is_overdue(r[0], ctx.today)]
        if not rows:
            return Reply.text("Không có việc nào quá hạn.")
        by_agency: dict[str, list] = defaultdict(list)
        for t, a, ag in rows:
            by_agency[ag.name].append((t, a))
        entries = [Entry(f"{bold('Việc quá hạn')}: {len(rows)} lượt giao, {len(by_agency)} cơ quan")]
        for name, items in sorted(by_agency.items(), key=lambda kv: -len(kv[1])):
            items.sort(key=lambda ta: ta[0].due)
            lines = [f"{bold(name)} — {len(items)} việc"]
            lines += [f"• {t.code} ({(ctx.today - t.due).days} ngày): {shorten(t.content, 80)}" for t, _ in items]
            entries.append(Entry("\n".join(lines)))
        return Reply(entries=entries)
    if ctx.contact is None or ctx.contact.agency_id is None:
        raise Refusal("Bạn chưa đăng ký. Xin mã mời từ Sở KH&CN rồi gửi /start MÃ.")
    rows = sorted((r for r in open_rows(ctx, [ctx.contact.agency_id]) if is_overdue(r[0], ctx.today)),
                  key=lambda r: sort_key(r[0], r[1]))
    if not rows:
        return Reply.text("Cơ quan bạn không có việc quá hạn.")
    return Reply(entries=[Entry(f"{bold('Việc quá hạn')} ({len(rows)}):")]
                 + [task_entry(t, ctx.today, a, buttons=ctx.has_buttons) for t, a, _ in rows])


def agency_view(ctx: Ctx, name: str) -> Reply:
    if not is_manager(ctx):
        raise Refusal("Chỉ lãnh đạo Tiểu Ban và thư ký xem được việc của cơ quan khác.")
    if not name.strip():
        raise Refusal("Gõ tên cơ quan, ví dụ: /coquan Sở Y tế")
    reg = Registry.load(ctx.session)
    try:
        agency = reg.resolve(name)
    except LookupError as exc:
        raise Refusal(str(exc)) from None
    ids = [a.id for a in reg.expand(agency)]
    rows = ctx.session.exec(select(Task, Assignment, Agency).join(Assignment, Assignment.task_id == Task.id)
                            .join(Agency, Agency.id == Assignment.agency_id)
                            .where(Task.archived == False, Assignment.role == "lead",  # noqa: E712
                                   Assignment.agency_id.in_(ids))).all()
    rows = sorted(rows, key=lambda r: sort_key(r[0], r[1]))
    done = sum(1 for _, a, _ in rows if a.status == "done")
    head = Entry(f"{bold(agency.name)}: {len(rows)} việc, {done} đã hoàn thành, "
                 f"{sum(1 for t, a, _ in rows if a.status != 'done' and is_overdue(t, ctx.today))} quá hạn")
    multi = len(ids) > 1
    return Reply(entries=[head] + [task_entry(t, ctx.today, a, buttons=False, agency=ag.name if multi else None)
                                   for t, a, ag in rows])


def task_history(ctx: Ctx, code: str | None, tz) -> Reply:
    if not code:
        raise Refusal("Gõ mã việc, ví dụ: /nhiemvu TB25-11")
    task = ctx.session.exec(select(Task).where(Task.code == code)).first()
    if task is None:
        raise Refusal(f"Không có việc mã {code}.")
    rows = ctx.session.exec(select(Assignment, Agency).join(Agency, Agency.id == Assignment.agency_id).where(Assignment.task_id == task.id,
                                                                          Assignment.role == "lead")).all()
    mine = ctx.contact is not None and any(a.agency_id == ctx.contact.agency_id for a, _ in rows)
    if not (is_manager(ctx) or mine):
        raise Refusal("Bạn chỉ xem được lịch sử việc của cơ quan mình.")
    entries = [task_entry(task, ctx.today, buttons=False)]
    entries[0].text += f"\nThời gian hoàn thành: {task.deadline_text}"
    names = {a.id: ag.name for a, ag in rows}
    events = ctx.session.exec(select(StatusEvent, Contact).join(Contact, isouter=True)
                              .where(StatusEvent.assignment_id.in_(list(names))).order_by(StatusEvent.id)).all()
    for a, ag in rows:
        lines = [f"{bold(ag.name)}: {STATUS_DONE_VI[a.status]}"]
        for e, who in events:
            if e.assignment_id != a.id:
                continue
            when = to_local(e.at, tz).strftime("%d/%m/%Y %H:%M")
            what = "hoàn tác" if e.reverts_id else STATUS_DONE_VI[e.status]
            extra = (f", dự kiến {e.new_due.strftime('%d/%m/%Y')}" if e.new_due else "") + (f" — {e.note}" if e.note else "")
            lines.append(f"• {when} {what}{extra}" + (f" ({who.display_name})" if who and who.display_name else ""))
        entries.append(Entry("\n".join(lines)))
    return Reply(entries=entries)
