"""The secretariat's monthly report (DOCX): overall figures, a table by agency, the overdue
tasks with each agency's last explanation, and what falls due next month.

Long lists are capped (`limit`) and say how many were left out, pointing to the Excel file:
a Word table of 10,000 rows is unreadable and python-docx builds it slowly, while the
workbook already carries every row.
"""
from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from bot.service.texts import vn_date, vn_num, vn_pct
from bot.service.reports.states import TaskState
from bot.service.reports.summary import (CATEGORIES, IN_TIME, LABELS, LATE, ON_TIME, ONGOING_LABEL, OVERDUE, STATUS_LABELS,
                                         Summary)
from bot.service.reports.summary_text import category_lines, scope_line

LIMIT = 100
FONT = "Times New Roman"


def month_after(d: date) -> tuple[date, date]:
    first = (d.replace(day=1) + timedelta(days=32)).replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last


def report_title(s: Summary) -> str:
    """BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH … THÁNG M/YYYY (the plan's own title when there is one)."""
    what = s.plan_title.strip().upper() if s.plan_title else "CÁC KẾ HOẠCH CỦA TIỂU BAN"
    if not what.startswith("KẾ HOẠCH"):
        what = f"KẾ HOẠCH {what}" if s.plan_title else what
    return f"BÁO CÁO TIẾN ĐỘ THỰC HIỆN {what} THÁNG {s.as_of.month}/{s.as_of.year}"


def _heading(doc, text: str, size: int = 13, center: bool = False) -> None:
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold, run.font.size = True, Pt(size)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _table(doc, head: list[str], rows: list[list], widths: list[float]) -> None:
    """One header row in bold, then plain rows (cells filled through `row.cells`, O(columns))."""
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for cell, text, w in zip(table.rows[0].cells, head, widths):
        cell.width = Cm(w)
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
    for values in rows:
        for cell, v, w in zip(table.add_row().cells, values, widths):
            cell.width = Cm(w)
            cell.text = "" if v is None else str(v)


def _more(doc, shown: int, total: int, what: str) -> None:
    if total > shown:
        doc.add_paragraph(f"… và {vn_num(total - shown)} {what} khác (xem đầy đủ trong tệp Excel kèm theo).")


def _agency_table(doc, s: Summary, limit: int) -> None:
    rows = [[i, f.agency, *(vn_num(f.counts[c]) for c in CATEGORIES), vn_num(f.ongoing), vn_num(f.total),
             vn_pct(100 * f.rate) if f.rate is not None else "—"] for i, f in enumerate(s.agencies[:limit], 1)]
    rows.append(["", "Toàn bộ (theo nhiệm vụ)", *(vn_num(s.counts[c]) for c in CATEGORIES), vn_num(s.ongoing),
                 vn_num(s.dated + s.ongoing),
                 vn_pct(100 * (s.counts[ON_TIME] + s.counts[LATE]) / s.dated) if s.dated else "—"])
    _table(doc, ["STT", "Cơ quan", *(LABELS[c] for c in CATEGORIES), ONGOING_LABEL, "Tổng số", "Tỷ lệ hoàn thành"],
           rows, [1.0, 6.5, 2.2, 2.2, 2.2, 2.2, 2.4, 1.6, 2.0])
    _more(doc, min(limit, len(s.agencies)), len(s.agencies), "cơ quan")


def _explanations(t: TaskState) -> str:
    parts = []
    for a in t.assignments:
        if a.category != OVERDUE:
            continue
        bits = [STATUS_LABELS[a.status]]
        if a.new_due:
            bits.append(f"dự kiến {vn_date(a.new_due)}")
        bits.append(f"“{a.note}”" if a.note else "chưa có giải trình")
        parts.append(f"{a.agency}: {', '.join(bits)}")
    return "\n".join(parts)


def _overdue_table(doc, s: Summary, limit: int) -> None:
    rows = [[i, t.code, t.content, vn_date(t.due), vn_num(t.days_overdue), _explanations(t)]
            for i, t in enumerate(s.overdue[:limit], 1)]
    if len(s.overdue) > limit:
        doc.add_paragraph(f"Dưới đây là {limit} nhiệm vụ quá hạn lâu nhất.")
    if rows:
        _table(doc, ["STT", "Mã", "Nội dung", "Hạn", "Số ngày quá hạn", "Cơ quan — giải trình gần nhất"], rows,
               [1.0, 2.0, 9.0, 2.3, 1.8, 9.0])
    else:
        doc.add_paragraph("Không có nhiệm vụ quá hạn.")
    _more(doc, min(limit, len(s.overdue)), len(s.overdue), "nhiệm vụ quá hạn")


def due_next_month(s: Summary) -> list[tuple[TaskState, date]]:
    """Unfinished dated tasks whose due date (or an agency's new expected date) is next month."""
    first, last = month_after(s.as_of)
    out = []
    for t in s.tasks:
        if t.dated and t.category in (IN_TIME, OVERDUE):
            dates = [d for d in [t.due, *(a.new_due for a in t.assignments if a.status != "done")]
                     if d and first <= d <= last]
            if dates:
                out.append((t, min(dates)))
    return sorted(out, key=lambda p: (p[1], p[0].plan, p[0].code))


def _next_month_table(doc, s: Summary, limit: int) -> None:
    items = due_next_month(s)
    rows = [[i, t.code, t.content, ", ".join(t.lead_names), vn_date(d) if d == t.due else f"dự kiến {vn_date(d)}"]
            for i, (t, d) in enumerate(items[:limit], 1)]
    if rows:
        _table(doc, ["STT", "Mã", "Nội dung", "Cơ quan chủ trì", "Hạn"], rows, [1.0, 2.0, 12.0, 7.0, 3.0])
    else:
        doc.add_paragraph("Không có nhiệm vụ đến hạn.")
    _more(doc, min(limit, len(items)), len(items), "nhiệm vụ")


def docx_bytes(summary: Summary, *, limit: int = LIMIT) -> bytes:
    s = summary
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE  # the agency table has nine columns
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(12)
    doc.core_properties.title = report_title(s)
    _heading(doc, report_title(s), 14, center=True)
    sub = doc.add_paragraph(f"Số liệu tính đến hết ngày {vn_date(s.as_of)}"
                            + (f" ({scope_line(s)})" if scope_line(s) else ""))
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _heading(doc, "I. KẾT QUẢ CHUNG")
    doc.add_paragraph(f"Tổng số {vn_num(s.dated)} nhiệm vụ có thời hạn, trong đó:")
    for line in category_lines(s):
        doc.add_paragraph(line, style="List Bullet")
    doc.add_paragraph(f"Ngoài ra có {vn_num(s.ongoing)} nhiệm vụ thường xuyên/theo sự kiện đang triển khai.")
    _heading(doc, "II. KẾT QUẢ THEO CƠ QUAN")
    doc.add_paragraph("Nhiệm vụ có nhiều cơ quan chủ trì được tính cho mỗi cơ quan; "
                      "tỷ lệ hoàn thành tính trên các nhiệm vụ có thời hạn.")
    _agency_table(doc, s, limit)
    _heading(doc, f"III. NHIỆM VỤ QUÁ HẠN ({vn_num(len(s.overdue))})")
    _overdue_table(doc, s, limit)
    first, _ = month_after(s.as_of)
    _heading(doc, f"IV. NHIỆM VỤ ĐẾN HẠN THÁNG {first.month}/{first.year}")
    _next_month_table(doc, s, limit)
    buf = BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_docx(summary: Summary, path: Path, *, limit: int = LIMIT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(docx_bytes(summary, limit=limit))
    return path
