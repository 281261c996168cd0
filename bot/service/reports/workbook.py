"""The Excel workbook: `Tổng hợp` (per agency), `Chi tiết` (task × lead agency), `Quá hạn`,
`Đã gia hạn` (extensions the lead agreed to; plans under review).

Write-only mode streams rows to the file, so 10,000 tasks take seconds and little memory.
Dates are real Excel dates (sortable, filterable), not text; every sheet has a bold, frozen
header row with an auto-filter, which is what the secretariat does by hand otherwise.

Every string is written as a text cell (inline string, data_type "s"): openpyxl would
otherwise turn a note or plan cell starting with "=" into a live formula (a reply like
`=HYPERLINK("http://…?leak="&D2, …)` leaks the sheet when the lead clicks) and "#N/A" into an
error value. Setting the type keeps the text exactly as written — no apostrophe added.
"""
from __future__ import annotations

from datetime import date, datetime
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from bot.service.texts import vn_date
from bot.service.reports.summary import (CATEGORIES, EXTENDED_LABEL, LABELS, LATE, ON_TIME, ONGOING_LABEL, OVERDUE,
                                        STATUS_LABELS, SUBMITTED_LABEL, Summary)

DATE_FMT, TIME_FMT, PCT_FMT = "DD/MM/YYYY", "DD/MM/YYYY HH:MM", "0.0%"
_BOLD = Font(bold=True)
_HEAD_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
_RETYPED = "=#"  # first characters openpyxl would read as a formula ("=…") or an error value ("#N/A")

SUMMARY_HEAD = [("STT", 6), ("Cơ quan", 45), *((LABELS[c], 14) for c in CATEGORIES),
                (ONGOING_LABEL, 14), ("Tổng số", 10), ("Tỷ lệ hoàn thành", 12)]
DETAIL_HEAD = [("Kế hoạch", 10), ("Mã", 11), ("TT", 6), ("Nội dung", 60), ("Cơ quan chủ trì", 35),
               ("Cơ quan phối hợp", 30), ("Thời gian hoàn thành", 18), ("Hạn", 12), ("Cơ quan thực hiện", 35),
               ("Trạng thái", 15), ("Phân loại", 22), ("Số ngày quá hạn", 10), ("Trả lời gần nhất", 17),
               ("Ghi chú", 40), ("Ngày dự kiến mới", 13), ("Ngày hoàn thành", 17), ("Minh chứng", 40)]
EXTENDED_HEAD = [("Kế hoạch", 10), ("Mã", 11), ("TT", 6), ("Nội dung", 60), ("Cơ quan thực hiện", 35),
                 ("Hạn theo kế hoạch", 13), ("Hạn được gia hạn", 13), ("Trạng thái", 15), ("Phân loại", 22)]
OVERDUE_HEAD = [("Kế hoạch", 10), ("Mã", 11), ("TT", 6), ("Nội dung", 60), ("Cơ quan thực hiện", 35),
                ("Hạn", 12), ("Số ngày quá hạn", 10), ("Trạng thái", 15), ("Ngày dự kiến mới", 13),
                ("Trả lời gần nhất", 17), ("Ghi chú", 40)]


def _local(dt: datetime | None) -> datetime | None:
    """Excel has no time zones: the local wall time, naive."""
    return dt.replace(tzinfo=None) if dt else None


class _Sheet:
    """A write-only sheet that knows how to style headers, dates and the filter range."""

    def __init__(self, wb: Workbook, title: str, head: list[tuple[str, int]]):
        self.ws, self.width, self.rows = wb.create_sheet(title), len(head), 1
        for i, (_, w) in enumerate(head, 1):
            self.ws.column_dimensions[get_column_letter(i)].width = w
        self.ws.freeze_panes = "A2"
        self.ws.append([self.cell(h, bold=True, align=_HEAD_ALIGN) for h, _ in head])

    def cell(self, value, *, fmt: str | None = None, bold: bool = False, align=None):
        c = WriteOnlyCell(self.ws, value=value)
        if isinstance(value, str):
            c.data_type = "s"  # text, whatever it starts with: never a formula or an error value
        if fmt:
            c.number_format = fmt
        if bold:
            c.font = _BOLD
        if align is not None:
            c.alignment = align
        return c

    def append(self, values: list, *, bold: bool = False) -> None:
        """Dates and times get their Excel format; `bold` marks total rows."""
        out = []
        for v in values:
            if isinstance(v, datetime):
                out.append(self.cell(v, fmt=TIME_FMT, bold=bold))
            elif isinstance(v, date):
                out.append(self.cell(v, fmt=DATE_FMT, bold=bold))
            elif isinstance(v, float):
                out.append(self.cell(v, fmt=PCT_FMT, bold=bold))
            elif v == "" or v is None:
                out.append(None)  # skipped by the writer: an empty string would still cost a cell
            elif bold or (isinstance(v, str) and v[0] in _RETYPED):
                out.append(self.cell(v, bold=bold))
            else:
                out.append(v)  # a bare str is typed "s" by openpyxl; a cell object per value costs ~35 %
        self.ws.append(out)
        self.rows += 1

    def filter(self, last_row: int | None = None) -> None:
        self.ws.auto_filter.ref = f"A1:{get_column_letter(self.width)}{max(last_row or self.rows, 1)}"


def _summary_sheet(wb: Workbook, s: Summary) -> None:
    sh = _Sheet(wb, "Tổng hợp", SUMMARY_HEAD)
    for i, f in enumerate(s.agencies, 1):
        sh.append([i, f.agency, *(f.counts[c] for c in CATEGORIES), f.ongoing, f.total,
                   f.rate if f.rate is not None else None])
    sh.filter()  # the agency rows only: sorting must not move the totals
    sums = [sum(f.counts[c] for f in s.agencies) for c in CATEGORIES]
    ongoing = sum(f.ongoing for f in s.agencies)
    done = sums[0] + sums[1]
    sh.append(["", "Cộng (lượt cơ quan được giao)", *sums, ongoing, sum(sums) + ongoing,
               done / sum(sums) if sum(sums) else None], bold=True)
    tdone = s.counts[ON_TIME] + s.counts[LATE]
    sh.append(["", "Toàn bộ (theo nhiệm vụ)", *(s.counts[c] for c in CATEGORIES), s.ongoing,
               s.dated + s.ongoing, tdone / s.dated if s.dated else None], bold=True)
    sh.append([])
    sh.append(["", f"{SUBMITTED_LABEL}: {s.submitted}"])
    sh.append(["", f"{EXTENDED_LABEL}: {len(s.extended)}"])
    sh.append(["", f"Số liệu tính đến hết ngày {vn_date(s.as_of)}. Một nhiệm vụ nhiều cơ quan chủ trì "
                   "được tính cho mỗi cơ quan; dòng “Toàn bộ” tính mỗi nhiệm vụ một lần. Việc “chờ xác nhận” "
                   "tính là chưa hoàn thành; mọi việc so với hạn của kế hoạch (kể cả việc đã gia hạn)."])


def _category(task, share) -> str:
    cat = share.category if share is not None else task.category
    return LABELS[cat] if cat else ONGOING_LABEL


def _detail_sheet(wb: Workbook, s: Summary) -> None:
    sh = _Sheet(wb, "Chi tiết", DETAIL_HEAD)
    for t in s.tasks:
        head = [t.plan, t.code, t.no, t.content, ", ".join(t.lead_names), ", ".join(t.coordinating),
                t.deadline_text, t.due]
        for a in t.assignments or [None]:
            if a is None:
                sh.append([*head, "", STATUS_LABELS["open"], _category(t, None), t.days_overdue or None])
                continue
            sh.append([*head, a.agency, STATUS_LABELS[a.status], _category(t, a), a.days_overdue or None,
                       _local(a.last_at), a.note, a.new_due, _local(a.done_at), a.evidence])
    sh.filter()


def _overdue_sheet(wb: Workbook, s: Summary) -> None:
    sh = _Sheet(wb, "Quá hạn", OVERDUE_HEAD)
    rows = [(t, a) for t in s.overdue for a in t.assignments if a.category == OVERDUE]
    rows.sort(key=lambda p: (-p[1].days_overdue, p[0].plan, p[0].code, p[1].agency))
    for t, a in rows:
        sh.append([t.plan, t.code, t.no, t.content, a.agency, t.due, a.days_overdue, STATUS_LABELS[a.status],
                   a.new_due, _local(a.last_at), a.note])
    sh.filter()


def _extended_sheet(wb: Workbook, s: Summary) -> None:
    sh = _Sheet(wb, EXTENDED_LABEL, EXTENDED_HEAD)
    for t, a in s.extended:
        sh.append([t.plan, t.code, t.no, t.content, a.agency, t.due, a.extended_to, STATUS_LABELS[a.status],
                   _category(t, a)])
    sh.filter()


def xlsx_bytes(summary: Summary) -> bytes:
    wb = Workbook(write_only=True)
    wb.properties.title = f"Tiến độ thực hiện kế hoạch đến ngày {vn_date(summary.as_of)}"
    _summary_sheet(wb, summary)
    _detail_sheet(wb, summary)
    _overdue_sheet(wb, summary)
    _extended_sheet(wb, summary)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsx(summary: Summary, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(xlsx_bytes(summary))
    return path
