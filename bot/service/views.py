"""How a task looks in a message, the same on every channel: code, shortened content,
the due date in Vietnamese ("hạn 30/06/2025 — còn 10 ngày" / "quá hạn 12 ngày") and,
where the channel has them, the ✅ ⏳ 📝 buttons."""
from __future__ import annotations

from datetime import date, timedelta

from bot.domain import Action, Status
from bot.render import bold
from bot.service import texts
from bot.service.ports import Button, Entry
from bot.store.models import Assignment, Task

ENTRY_BUTTONS = (Action.DONE, Action.DELAY, Action.NOTE)


def due_phrase(task: Task, today: date, new_due: date | None = None) -> str:
    """'hạn 30/06/2025 — còn 10 ngày', 'hạn 30/06/2025 — quá hạn 12 ngày', or the ongoing form."""
    if task.kind == "date" and task.due:
        days = (task.due - today).days
        tail = (texts.DUE_LEFT.format(n=days) if days > 0 else
                texts.DUE_TODAY if days == 0 else texts.DUE_PAST.format(n=-days))
        text = texts.DUE_PHRASE.format(date=texts.vn_date(task.due), tail=tail)
        if new_due and new_due != task.due:
            text += texts.DUE_MOVED.format(date=texts.vn_date(new_due))
        return text
    if task.kind == "recurring":
        every = texts.RECURRENCE.get(task.recurrence or "", "")
        return texts.RECURRING_PHRASE.format(text=task.deadline_text, every=" " + every if every else "")
    return texts.EVENT_PHRASE.format(text=task.deadline_text)


def checkin_line(task: Task, asked: date, today: date) -> str:
    """What a check-in that fell on `asked` asks about: its week for a weekly task ("tuần này",
    Monday to Friday), else its month; one caught up after its period names the period."""
    if task.recurrence == "weekly":
        monday = asked - timedelta(days=asked.weekday())
        span = {"start": f"{monday:%d/%m}", "end": f"{monday + timedelta(days=4):%d/%m}"}
        this = monday == today - timedelta(days=today.weekday())
        return (texts.CHECKIN_THIS_WEEK if this else texts.CHECKIN_PAST_WEEK).format(**span)
    this = (asked.year, asked.month) == (today.year, today.month)
    return (texts.CHECKIN_THIS_MONTH if this else texts.CHECKIN_PAST_MONTH).format(month=f"{asked:%m/%Y}")


def task_buttons(code: str) -> list[Button]:
    return [Button(texts.BUTTON[a], f"st:{a}:{code}") for a in ENTRY_BUTTONS]


def task_entry(task: Task, today: date, assignment: Assignment | None = None, *,
               buttons: bool = True, agency: str | None = None, snooze: bool = False) -> Entry:
    """`snooze`: a reminder entry, which also gets "⏰ Nhắc lại sau" (`snz:<code>`)."""
    lines = [f"{bold(task.code)} · {texts.shorten(task.content)}",
             due_phrase(task, today, assignment.new_due if assignment else None)]
    if agency:
        lines.append(texts.AGENCY_LINE.format(name=agency))
    if assignment and assignment.status != Status.OPEN:
        state = texts.STATUS[Status(assignment.status)]
        note = f" — {texts.shorten(assignment.note, 200)}" if assignment.note else ""
        lines.append(texts.STATE_LINE.format(state=state) + note)
    extra = [Button(texts.SNOOZE_BUTTON, f"snz:{task.code}")] if buttons and snooze else []
    return Entry("\n".join(lines), task_buttons(task.code) + extra if buttons else [])


def sort_key(task: Task, assignment: Assignment | None = None):
    """Soonest first; ongoing tasks after dated ones."""
    due = (assignment.new_due if assignment and assignment.new_due else None) or task.due
    return (due is None, due or date.max, task.code)
