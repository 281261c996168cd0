"""Status actions of a focal point: done, delayed, in progress, note, undo.

Every action checks that the sender is a registered focal point of an agency the task is
assigned to (directly or through a group); anyone else is refused and nothing is written.
Every recorded change is confirmed with what was stored and can be undone for 10 minutes.
"""
from __future__ import annotations

from datetime import date, timedelta

from bot.clock import to_utc
from bot.domain import Action, Expect, Role, Status
from bot.render import bold
from bot.service import texts
from bot.service.conversation.context import Ctx, Refusal
from bot.service.conversation.prompts import MAX_NOTE, clear_prompt, set_prompt
from bot.service.ports import Button, Reply
from bot.store import review, tasks
from bot.store.models import Assignment, Plan, StatusEvent, Task
from bot.text import is_blank
from schedules.deadlines import check_new_due
from schedules.replies import names_now
from bot.store.status import last_own_event, latest_event, record_status, undo_event

UNDO_WINDOW = timedelta(minutes=10)


def own_assignment(ctx: Ctx, code: str) -> tuple[Task, Assignment]:
    task = tasks.task_by_code(ctx.session, code)
    if task is None:
        raise Refusal(texts.NO_SUCH_TASK.format(code=code))
    c = ctx.contact
    if c is None or c.role != Role.FOCAL or c.agency_id is None:
        raise Refusal(texts.FOCAL_ONLY)
    a = tasks.lead_assignment(ctx.session, task.id, c.agency_id)
    if a is None:
        raise Refusal(texts.NOT_YOURS.format(code=code))
    return task, a


def _check_note(note: str) -> str:
    note = "" if is_blank(note) else note.strip()  # zero-width characters alone are no note
    if len(note) > MAX_NOTE:
        raise Refusal(texts.NOTE_TOO_LONG.format(n=len(note), max=MAX_NOTE))
    return note


def _confirm(ctx: Ctx, task: Task, event: StatusEvent, extra: str = "") -> Reply:
    said = texts.REPORTED_SUBMITTED if event.status == Status.SUBMITTED else texts.REPORTED[Status(event.status)]
    lines = [texts.RECORDED.format(code=bold(task.code), status=said)]
    if event.requested_due:
        due = task.due if event.new_due is None else event.new_due
        lines.append(texts.EXTENSION_REQUESTED.format(code=bold(task.code), date=texts.vn_date(event.requested_due),
                                                      due=texts.vn_date(due) if due else task.deadline_text))
    elif event.new_due:
        lines.append(texts.NEW_DUE.format(date=texts.vn_date(event.new_due)))
    if event.note:
        lines.append(texts.NOTE_LINE.format(note=event.note))
    lines.append(texts.UNDO_HINT_BUTTON if ctx.has_buttons else texts.UNDO_HINT_TEXT)
    lines += ctx.warnings
    if extra:
        lines.append(extra)
    return Reply.text("\n".join(lines), buttons=[Button(texts.BUTTON[Action.UNDO], f"undo:{event.id}")])


def _confirm_or_ask(ctx: Ctx, task: Task, event: StatusEvent, *, answered: bool, expect: Expect,
                    question: str) -> Reply:
    """Confirm what was stored; if the optional part (note, reason) is missing, ask for it."""
    if answered:
        clear_prompt(ctx)
        return _confirm(ctx, task, event)
    set_prompt(ctx, expect, codes=[task.code])
    reply = _confirm(ctx, task, event, question)
    reply.buttons.append(Button(texts.BUTTON[Action.SKIP], Action.SKIP))
    return reply


def record(ctx: Ctx, code: str, status: Status | None, *, note: str = "",
           new_due: date | None = None) -> tuple[Task, Assignment, StatusEvent]:
    """Append one status event (`status` None: a note, the status unchanged). A new date is
    bounded where it enters: not passed, not absurd (31/12/9999 would stop every reminder).

    In a plan under review (issue 13) a done becomes "submitted" (the secretariat is asked)
    and a delay with a date becomes a request (the lead is asked; the schedule stays)."""
    task, a = own_assignment(ctx, code)
    reviewed = review.plan_reviews(ctx.session, task)
    note = _check_note(note)
    if new_due is not None:
        check = check_new_due(new_due, ctx.today, plan_end(ctx, task))
        if not check.ok:
            raise Refusal(check.message)
        if check.message:
            ctx.warnings.append(check.message)
    from bot.service.review import decisions  # late: decisions builds on this module

    before = a.status
    requested = None
    if reviewed and status == Status.DONE and before != Status.DONE:
        status = Status.SUBMITTED
    if reviewed and status == Status.DELAYED and new_due is not None:
        new_due, requested = None, new_due
    event = record_status(ctx.session, a, status=status, at=ctx.now, note=note, new_due=new_due,
                          contact_id=ctx.contact.id, channel=ctx.sender.platform, requested_due=requested,
                          keep_due=reviewed)
    if status == Status.SUBMITTED and before != Status.SUBMITTED:
        decisions.submitted(ctx, a, event)
    if requested is not None:
        decisions.requested(ctx, a, event)
    return task, a, event


def plan_end(ctx: Ctx, task: Task) -> date:
    """The end of the plan's period: its year's end, or the task's own due date if later."""
    plan = ctx.session.get(Plan, task.plan_id)
    end = date(plan.year, 12, 31) if plan else date.max
    return max(end, task.due) if task.due else end


def do_done(ctx: Ctx, code: str, note: str = "") -> Reply:
    task, _, event = record(ctx, code, Status.DONE, note=note)
    reply = _confirm_or_ask(ctx, task, event, answered=bool(note), expect=Expect.NOTE_AFTER_DONE,
                            question=texts.ASK_DONE_NOTE + "\n" + texts.ASK_EVIDENCE)
    if note:
        reply.entries[-1].text += "\n" + texts.ASK_EVIDENCE
    return reply


def do_progress(ctx: Ctx, code: str, note: str = "") -> Reply:
    task, _, event = record(ctx, code, Status.IN_PROGRESS, note=note)
    clear_prompt(ctx)
    return _confirm(ctx, task, event)


def do_note(ctx: Ctx, code: str, note: str) -> Reply:
    if is_blank(note):
        own_assignment(ctx, code)
        set_prompt(ctx, Expect.NOTE, codes=[code])
        return Reply.text(texts.ASK_NOTE.format(code=bold(code), max=MAX_NOTE))
    task, _, event = record(ctx, code, None, note=note)
    clear_prompt(ctx)
    return _confirm(ctx, task, event)


def do_delay(ctx: Ctx, code: str, new_due: date | None, reason: str) -> Reply:
    """⏳: needs a new expected date and a reason, in one reply or two."""
    own_assignment(ctx, code)
    reason = _check_note(reason)
    if new_due is None:
        set_prompt(ctx, Expect.DATE, codes=[code], draft_text=reason)
        question = texts.ASK_DELAY_DATE.format(code=bold(code), reason="" if reason else texts.ASK_DELAY_DATE_REASON)
        if not names_now(reason):
            return Reply.text(question)
        # "chậm, hôm nay mới gửi được": a late piece of work that may well be done now; one tap
        # (which keeps the reason as the note) or one command says so
        if ctx.has_buttons:
            done = texts.BUTTON[Action.DONE]
            return Reply.text(question + "\n" + texts.ASK_DELAY_DATE_NOW_BUTTON.format(done=done),
                              buttons=[Button(done, f"fx:{Action.DONE}:{code}")])
        return Reply.text(question + "\n" + texts.ASK_DELAY_DATE_NOW_TEXT.format(code=code))
    task, _, event = record(ctx, code, Status.DELAYED, note=reason, new_due=new_due)
    return _confirm_or_ask(ctx, task, event, answered=bool(reason), expect=Expect.REASON_AFTER_DELAY,
                           question=texts.ASK_DELAY_REASON)


def do_status(ctx: Ctx, action: Action, code: str, note: str, new_due: date | None = None) -> Reply:
    """The one dispatch from a status action to its handler."""
    if action == Action.DONE:
        return do_done(ctx, code, note)
    if action == Action.PROGRESS:
        return do_progress(ctx, code, note)
    if action == Action.NOTE:
        return do_note(ctx, code, note)
    if action == Action.DELAY:
        return do_delay(ctx, code, new_due, note)
    raise ValueError(f"not a status action: {action!r}")


def do_undo(ctx: Ctx, event_id: int | None) -> Reply:
    if ctx.contact is None:
        raise Refusal(texts.NOTHING_TO_UNDO_UNREGISTERED)
    event = last_own_event(ctx.session, ctx.contact.id, event_id)
    if event is None:
        raise Refusal(texts.NOTHING_TO_UNDO)
    if to_utc(ctx.now) - event.at > UNDO_WINDOW:
        raise Refusal(texts.UNDO_TOO_LATE)
    if latest_event(ctx.session, event.assignment_id).id != event.id:
        raise Refusal(texts.UNDO_NOT_LATEST)
    if ctx.is_manager:  # a manager's events are review decisions: final (the row says who decided)
        raise Refusal(texts.UNDO_DECIDED)
    a = ctx.session.get(Assignment, event.assignment_id)
    task = ctx.session.get(Task, a.task_id)
    back = undo_event(ctx.session, event, at=ctx.now, contact_id=ctx.contact.id, channel=ctx.sender.platform)
    clear_prompt(ctx)
    due = texts.UNDONE_DUE.format(date=texts.vn_date(back.new_due)) if back.new_due else ""
    return Reply.text(texts.UNDONE.format(code=bold(task.code), status=texts.STATUS[Status(back.status)], due=due))
