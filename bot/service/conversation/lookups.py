"""Read-only answers: a focal point's tasks, what is overdue, one agency, one task's history."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from bot.agencies import Registry
from bot.clock import to_local
from bot.domain import Status
from bot.render import bold
from bot.service import texts
from bot.service.conversation.context import Ctx, Refusal
from bot.service.ports import Entry, Reply
from bot.service.views import sort_key, task_entry
from bot.store import tasks
from bot.store.models import Task


def is_overdue(task: Task, today: date) -> bool:
    return task.kind == "date" and task.due is not None and task.due < today


def my_tasks(ctx: Ctx) -> Reply:
    if ctx.contact is None or ctx.contact.agency_id is None:
        raise Refusal(texts.FOCAL_COMMAND_ONLY)
    rows = sorted(tasks.open_rows(ctx.session, [ctx.contact.agency_id]), key=lambda r: sort_key(r[0], r[1]))
    if not rows:
        return Reply.text(texts.NOTHING_OPEN)
    head = Entry(bold(texts.OPEN_HEAD) + texts.OPEN_HEAD_TAIL.format(n=len(rows)))
    return Reply(entries=[head] + [task_entry(t, ctx.today, a, buttons=ctx.has_buttons) for t, a, _ in rows])


def overdue(ctx: Ctx) -> Reply:
    if ctx.is_manager:
        rows = [r for r in tasks.open_rows(ctx.session, None) if is_overdue(r[0], ctx.today)]
        if not rows:
            return Reply.text(texts.NOTHING_OVERDUE)
        by_agency: dict[str, list] = defaultdict(list)
        for t, a, ag in rows:
            by_agency[ag.name].append((t, a))
        entries = [Entry(bold(texts.OVERDUE_HEAD) + texts.OVERDUE_ALL.format(n=len(rows), agencies=len(by_agency)))]
        for name, items in sorted(by_agency.items(), key=lambda kv: -len(kv[1])):
            items.sort(key=lambda ta: ta[0].due)
            lines = [texts.OVERDUE_AGENCY.format(name=bold(name), n=len(items))]
            lines += [texts.OVERDUE_LINE.format(code=t.code, days=(ctx.today - t.due).days,
                                                content=texts.shorten(t.content, 80)) for t, _ in items]
            entries.append(Entry("\n".join(lines)))
        return Reply(entries=entries)
    if ctx.contact is None or ctx.contact.agency_id is None:
        raise Refusal(texts.UNREGISTERED_SHORT)
    rows = sorted((r for r in tasks.open_rows(ctx.session, [ctx.contact.agency_id]) if is_overdue(r[0], ctx.today)),
                  key=lambda r: sort_key(r[0], r[1]))
    if not rows:
        return Reply.text(texts.NOTHING_OVERDUE_MINE)
    return Reply(entries=[Entry(f"{bold(texts.OVERDUE_HEAD)} ({len(rows)}):")]
                 + [task_entry(t, ctx.today, a, buttons=ctx.has_buttons) for t, a, _ in rows])


def agency_view(ctx: Ctx, name: str) -> Reply:
    if not ctx.is_manager:
        raise Refusal(texts.MANAGERS_ONLY_AGENCY)
    if not name.strip():
        raise Refusal(texts.AGENCY_NAME_NEEDED)
    reg = Registry.load(ctx.session)
    try:
        agency = reg.resolve(name)
    except LookupError as exc:
        raise Refusal(str(exc)) from None
    ids = [a.id for a in reg.expand(agency)]
    rows = sorted(tasks.agency_rows(ctx.session, ids), key=lambda r: sort_key(r[0], r[1]))
    done = sum(1 for _, a, _ in rows if a.status == Status.DONE)
    late = sum(1 for t, a, _ in rows if a.status != Status.DONE and is_overdue(t, ctx.today))
    head = Entry(texts.AGENCY_HEAD.format(name=bold(agency.name), n=len(rows), done=done, overdue=late))
    multi = len(ids) > 1
    return Reply(entries=[head] + [task_entry(t, ctx.today, a, buttons=False, agency=ag.name if multi else None)
                                   for t, a, ag in rows])


def task_history(ctx: Ctx, code: str | None, tz) -> Reply:
    if not code:
        raise Refusal(texts.TASK_CODE_NEEDED)
    task = tasks.task_by_code(ctx.session, code, live_only=False)
    if task is None:
        raise Refusal(texts.NO_TASK.format(code=code))
    rows = tasks.lead_assignments(ctx.session, task.id)
    mine = ctx.contact is not None and any(a.agency_id == ctx.contact.agency_id for a, _ in rows)
    if not (ctx.is_manager or mine):
        raise Refusal(texts.OWN_HISTORY_ONLY)
    entries = [task_entry(task, ctx.today, buttons=False)]
    entries[0].text += "\n" + texts.COMPLETION_TIME.format(text=task.deadline_text)
    events = tasks.history(ctx.session, [a.id for a, _ in rows])
    for a, ag in rows:
        lines = [f"{bold(ag.name)}: {texts.STATUS[Status(a.status)]}"]
        for e, who in events:
            if e.assignment_id != a.id:
                continue
            what = texts.HISTORY_UNDO if e.reverts_id else texts.STATUS[Status(e.status)]
            extra = (texts.HISTORY_DUE.format(date=texts.vn_date(e.new_due)) if e.new_due else "") \
                + (f" — {e.note}" if e.note else "")
            lines.append(f"• {texts.vn_datetime(to_local(e.at, tz))} {what}{extra}"
                         + (f" ({who.display_name})" if who and who.display_name else ""))
        entries.append(Entry("\n".join(lines)))
    return Reply(entries=entries)
