"""The summary as the chat shows it (`/tonghop`, `nhacviec summary`): the figures, who is most
behind, what falls due soon. The monthly report reuses its scope and category lines."""
from __future__ import annotations

from bot.render import bold
from bot.service.reports.states import AssignmentState, TaskState
from bot.service.reports.summary import CATEGORIES, EXTENDED_LABEL, LABELS, OVERDUE, SOON_DAYS, SUBMITTED_LABEL, Summary
from bot.service.texts import shorten, vn_date, vn_num, vn_pct


def scope_line(s: Summary) -> str:
    parts = [f"Kế hoạch {s.plan}" if s.plan else "", f"Cơ quan: {s.agency}" if s.agency else ""]
    return " · ".join(p for p in parts if p)


def category_lines(s: Summary) -> list[str]:
    return [f"{LABELS[c]}: {vn_num(s.counts[c])} ({vn_pct(s.percent(c))})" for c in CATEGORIES]


def submitted_line(s: Summary) -> str:
    return f"{SUBMITTED_LABEL}: {vn_num(s.submitted)}"


def extended_line(t: TaskState, a: AssignmentState) -> str:
    return f"• {t.code} {a.agency}: hạn {vn_date(t.due)} → {vn_date(a.extended_to)}"


def summary_text(summary: Summary, title: str = "Tình hình thực hiện kế hoạch", *, limit: int = 10) -> str:
    """One glance for the chat: figures, who is most behind, what falls due in two weeks."""
    s = summary
    lines = [bold(f"{title} đến ngày {vn_date(s.as_of)}")]
    if scope_line(s):
        lines.append(scope_line(s))
    lines += [f"{vn_num(s.dated)} nhiệm vụ có thời hạn", *category_lines(s), submitted_line(s),
              f"{vn_num(s.ongoing)} nhiệm vụ thường xuyên/theo sự kiện"]
    if s.extended:
        lines += ["", bold(f"{EXTENDED_LABEL}: {vn_num(len(s.extended))}")]
        lines += [extended_line(t, a) for t, a in s.extended[:limit]]
        if len(s.extended) > limit:
            lines.append(f"… và {vn_num(len(s.extended) - limit)} việc khác")
    lines += ["", bold("Cơ quan chậm nhiều nhất")]
    lines += [f"{i}. {f.agency}: {vn_num(f.counts[OVERDUE])} việc quá hạn" for i, f in enumerate(s.top_overdue, 1)]
    if not s.top_overdue:
        lines.append("Không có cơ quan nào có việc quá hạn.")
    lines += ["", bold(f"Đến hạn trong {SOON_DAYS} ngày tới")]
    for t, d in s.due_soon[:limit]:
        when = f"hạn {vn_date(d)}" if d == t.due else f"dự kiến {vn_date(d)} (hạn {vn_date(t.due)})"
        lines.append(f"• {t.code} {shorten(t.content, 60)} — {when}")
    if len(s.due_soon) > limit:
        lines.append(f"… và {vn_num(len(s.due_soon) - limit)} việc khác")
    if not s.due_soon:
        lines.append("Không có việc nào.")
    return "\n".join(lines)
