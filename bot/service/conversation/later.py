""""Remind me later": `NHACLAI <mã> [số ngày]` and the ⏰ button (`snz:<code>[:<days>]`).

No reminder of that task to that agency for N working days (default 1, at most 5; at most 3
while overdue; never past the due date of a task not yet due, so the due-day reminder still
comes). Recorded in the `snooze` table (shown in the task's history); the lead's overdue
lists and escalations are unaffected. A finished task or another agency's is refused."""
from __future__ import annotations

from bot.domain import Status
from bot.render import bold
from bot.service import texts
from bot.service.conversation.actions import clear_prompt, own_assignment
from bot.service.conversation.context import Ctx, Refusal
from bot.service.ports import Reply
from bot.store import availability
from schedules.calendar import WorkCalendar

DEFAULT, MOST, MOST_OVERDUE = 1, 5, 3


def do_snooze(ctx: Ctx, code: str, days: str, calendar: WorkCalendar | None) -> Reply:
    cal = calendar or WorkCalendar(tz=ctx.now.tzinfo)
    task, a = own_assignment(ctx, code)
    if a.status == Status.DONE and task.kind != "recurring":
        raise Refusal(texts.SNOOZE_DONE.format(code=task.code))
    words = days.split()
    if words and not words[0].isdigit():
        raise Refusal(texts.SNOOZE_DAYS.format(code=task.code))
    asked = int(words[0]) if words else DEFAULT
    if asked < 1:
        raise Refusal(texts.SNOOZE_DAYS.format(code=task.code))
    due = (a.new_due or task.due) if task.kind == "date" else None
    legal = cal.add_working_days(due, 0) if due else None
    overdue = legal is not None and ctx.today > legal
    most = MOST_OVERDUE if overdue else MOST
    n, notes = min(asked, most), []
    if asked > most:
        notes.append(texts.SNOOZE_CAPPED.format(max=most, why=texts.SNOOZE_CAPPED_OVERDUE if overdue else ""))
    resume = cal.add_working_days(ctx.today, n)
    if legal is not None and not overdue and resume > legal:
        n = cal.working_days_between(ctx.today, legal)
        if n <= 0:
            raise Refusal(texts.SNOOZE_DUE_TODAY.format(code=task.code))
        resume = legal
        notes.append(texts.SNOOZE_CAPPED_DUE)
    availability.add_snooze(ctx.session, a.id, ctx.contact.id, n, resume, ctx.now)
    clear_prompt(ctx)
    head = texts.SNOOZED.format(code=bold(task.code), date=texts.vn_date(resume), n=n)
    return Reply.text("\n".join([head, *notes]))
