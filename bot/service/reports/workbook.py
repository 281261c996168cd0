"""The Excel workbook: `Tổng hợp` (per agency), `Chi tiết` (task × lead agency), `Quá hạn`,
`Đã gia hạn` (extensions the lead agreed to; plans under review).

Written with XlsxWriter (0.6× openpyxl's write-only time at 10,000 tasks, bench/report.py);
openpyxl stays for reading plans. Dates are real Excel dates (sortable, filterable), not text;
every sheet has a bold, frozen header row with an auto-filter, which is what the secretariat
does by hand otherwise.

Every text goes in as a string cell (`write_string`), never through XlsxWriter's guessing
`write()`: a note typed in chat as "=HYPERLINK(…)", "+84…", "-5" or "@…" stays the text it was
and is never stored as a formula (CSV/formula injection).
"""
from __future__ import annotations

from datetime import date, datetime
from io import BytesIO
from pathlib import Path

import xlsxwriter

from bot.service.texts import vn_date
from bot.service.reports.summary import (CATEGORIES, EXTENDED_LABEL, LABELS, LATE, ON_TIME, ONGOING_LABEL, OVERDUE,
                                        STATUS_LABELS, SUBMITTED_LABEL, Summary)

DATE_FMT, TIME_FMT, PCT_FMT = "DD/MM/YYYY", "DD/MM/YYYY HH:MM", "0.0%"

SUMMARY_HEAD = [("STT", 6), ("Cơ quan", 45), *((LABELS[c], 14) for c in CATEGORIES),
                (ONGOING_LABEL, 14), ("Tổng số", 10), ("Tỷ lệ hoàn thành", 12)]
DETAIL_HEAD = [("Kế hoạch", 10), ("Mã", 11), ("TT", 6), ("Nội dung", 60), ("Cơ quan chủ trì", 35),
               ("Cơ quan phối hợp", 30), ("Thời gian hoàn thành", 18), ("Hạn", 12), ("Cơ quan thực hiện", 35),
               ("Trạng thái", 15), ("Phân loại", 22), ("Số ngày quá hạn", 10), ("Trả lời gần nhất", 17),
               ("Ghi chú", 40), ("Ngày dự kiến mới", 13), ("Ngày hoàn thành", 17), ("Minh chứng", 40)]
OVERDUE_HEAD = [("Kế hoạch", 10), ("Mã", 11), ("TT", 6), ("Nội dung", 60), ("Cơ quan thực hiện", 35),
                ("Hạn", 12), ("Số ngày quá hạn", 10), ("Trạng thái", 15), ("Ngày dự kiến mới", 13),
                ("Trả lời gần nhất", 17), ("Ghi chú", 40)]
EXTENDED_HEAD = [("Kế hoạch", 10), ("Mã", 11), ("TT", 6), ("Nội dung", 60), ("Cơ quan thực hiện", 35),
                 ("Hạn theo kế hoạch", 13), ("Hạn được gia hạn", 13), ("Trạng thái", 15), ("Phân loại", 22)]


def _local(dt: datetime | None) -> datetime | None:
    """Excel has no time zones: the local wall time, naive."""
    return dt.replace(tzinfo=None) if dt else None


class _Formats:
    """The workbook's cell formats, plain and bold (total rows)."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.head = wb.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center"})
        self.plain = {False: None, True: wb.add_format({"bold": True})}
        self.date = {b: wb.add_format({"num_format": DATE_FMT, "bold": b}) for b in (False, True)}
        self.time = {b: wb.add_format({"num_format": TIME_FMT, "bold": b}) for b in (False, True)}
        self.pct = {b: wb.add_format({"num_format": PCT_FMT, "bold": b}) for b in (False, True)}


class _Sheet:
    """A sheet written row by row that styles headers, dates and the filter range."""

    def __init__(self, wb: xlsxwriter.Workbook, fmt: _Formats, title: str, head: list[tuple[str, int]]):
        self.ws, self.fmt, self.width, self.rows = wb.add_worksheet(title), fmt, len(head), 1
        for i, (h, w) in enumerate(head):
            self.ws.set_column(i, i, w)
            self.ws.write_string(0, i, h, fmt.head)
        self.ws.freeze_panes(1, 0)

    def append(self, values: list, *, bold: bool = False) -> None:
        """Dates and times get their Excel format; `bold` marks total rows; text is text."""
        ws, f, r = self.ws, self.fmt, self.rows
        for c, v in enumerate(values):
            if v is None or v == "":
                continue  # no cell at all
            if isinstance(v, datetime):
                ws.write_datetime(r, c, v, f.time[bold])
            elif isinstance(v, date):
                ws.write_datetime(r, c, v, f.date[bold])
            elif isinstance(v, float):
                ws.write_number(r, c, v, f.pct[bold])
            elif isinstance(v, int) and not isinstance(v, bool):
                ws.write_number(r, c, v, f.plain[bold])
            else:
                ws.write_string(r, c, str(v), f.plain[bold])
        self.rows += 1

    def filter(self, last_row: int | None = None) -> None:
        self.ws.autofilter(0, 0, max(last_row or self.rows, 1) - 1, self.width - 1)


def _summary_sheet(wb: xlsxwriter.Workbook, fmt: _Formats, s: Summary) -> None:
    sh = _Sheet(wb, fmt, "Tổng hợp", SUMMARY_HEAD)
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
    sh.append(["", f"{SUBMITTED_LABEL}: {s.submitted}"])
    sh.append(["", f"{EXTENDED_LABEL}: {len(s.extended)}"])
    sh.append([])
    sh.append(["", f"Số liệu tính đến hết ngày {vn_date(s.as_of)}. Một nhiệm vụ nhiều cơ quan chủ trì "
                   "được tính cho mỗi cơ quan; dòng “Toàn bộ” tính mỗi nhiệm vụ một lần. Việc “chờ xác nhận” "
                   "tính là chưa hoàn thành; mọi việc so với hạn của kế hoạch (kể cả việc đã gia hạn)."])


def _category(task, share) -> str:
    cat = share.category if share is not None else task.category
    return LABELS[cat] if cat else ONGOING_LABEL


def _detail_sheet(wb: xlsxwriter.Workbook, fmt: _Formats, s: Summary) -> None:
    sh = _Sheet(wb, fmt, "Chi tiết", DETAIL_HEAD)
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


def _overdue_sheet(wb: xlsxwriter.Workbook, fmt: _Formats, s: Summary) -> None:
    sh = _Sheet(wb, fmt, "Quá hạn", OVERDUE_HEAD)
    rows = [(t, a) for t in s.overdue for a in t.assignments if a.category == OVERDUE]
    rows.sort(key=lambda p: (-p[1].days_overdue, p[0].plan, p[0].code, p[1].agency))
    for t, a in rows:
        sh.append([t.plan, t.code, t.no, t.content, a.agency, t.due, a.days_overdue, STATUS_LABELS[a.status],
                   a.new_due, _local(a.last_at), a.note])
    sh.filter()


def _extended_sheet(wb: xlsxwriter.Workbook, fmt: _Formats, s: Summary) -> None:
    sh = _Sheet(wb, fmt, EXTENDED_LABEL, EXTENDED_HEAD)
    for t, a in s.extended:
        sh.append([t.plan, t.code, t.no, t.content, a.agency, t.due, a.extended_to, STATUS_LABELS[a.status],
                   _category(t, a)])
    sh.filter()


def xlsx_bytes(summary: Summary) -> bytes:
    buf = BytesIO()
    # write_string is used for every text; these options also keep `write()` from guessing
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
    wb.set_properties({"title": f"Tiến độ thực hiện kế hoạch đến ngày {vn_date(summary.as_of)}"})
    fmt = _Formats(wb)
    _summary_sheet(wb, fmt, summary)
    _detail_sheet(wb, fmt, summary)
    _overdue_sheet(wb, fmt, summary)
    _extended_sheet(wb, fmt, summary)
    wb.close()
    return buf.getvalue()


def write_xlsx(summary: Summary, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(xlsx_bytes(summary))
    return path
