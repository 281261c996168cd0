"""How a task looks in a message, the same on every channel: code, shortened content,
the due date in Vietnamese ("hạn 30/06/2025 — còn 10 ngày" / "quá hạn 12 ngày") and,
where the channel has them, the ✅ ⏳ 📝 buttons."""
from __future__ import annotations

from datetime import date

from bot.render import bold
from bot.service.ports import Button, Entry
from bot.store.models import Assignment, Task

STATUS_VI = {"open": "chưa báo cáo", "in_progress": "đang thực hiện", "delayed": "xin lùi hạn", "done": "đã hoàn thành"}
RECURRENCE_VI = {"monthly": "hằng tháng", "quarterly": "hằng quý", "semiannual": "6 tháng", "yearly": "hằng năm"}


def shorten(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def fmt_date(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def due_phrase(task: Task, today: date, new_due: date | None = None) -> str:
    """'hạn 30/06/2025 — còn 10 ngày', 'hạn 30/06/2025 — quá hạn 12 ngày', or the ongoing form."""
    if task.kind == "date" and task.due:
        days = (task.due - today).days
        tail = f"còn {days} ngày" if days > 0 else ("đến hạn hôm nay" if days == 0 else f"quá hạn {-days} ngày")
        text = f"hạn {fmt_date(task.due)} — {tail}"
        if new_due and new_due != task.due:
            text += f" (dự kiến mới {fmt_date(new_due)})"
        return text
    if task.kind == "recurring":
        every = RECURRENCE_VI.get(task.recurrence or "", "")
        return f"{task.deadline_text} — báo cáo định kỳ{' ' + every if every else ''}"
    return f"{task.deadline_text} — khi có sự kiện"


def task_buttons(code: str) -> list[Button]:
    return [Button("✅ Xong", f"st:done:{code}"), Button("⏳ Chậm", f"st:delay:{code}"),
            Button("📝 Ghi chú", f"st:note:{code}")]


def task_entry(task: Task, today: date, assignment: Assignment | None = None, *,
               buttons: bool = True, agency: str | None = None) -> Entry:
    lines = [f"{bold(task.code)} · {shorten(task.content)}",
             due_phrase(task, today, assignment.new_due if assignment else None)]
    if agency:
        lines.append(f"Cơ quan: {agency}")
    if assignment and assignment.status != "open":
        state = STATUS_VI.get(assignment.status, assignment.status)
        lines.append(f"Trạng thái: {state}" + (f" — {shorten(assignment.note, 200)}" if assignment.note else ""))
    return Entry("\n".join(lines), task_buttons(task.code) if buttons else [])


def sort_key(task: Task, assignment: Assignment | None = None):
    """Soonest first; ongoing tasks after dated ones."""
    due = (assignment.new_due if assignment and assignment.new_due else None) or task.due
    return (due is None, due or date.max, task.code)
