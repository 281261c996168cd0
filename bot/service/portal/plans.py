"""Importing a plan from the web page: a preview (how every completion time was read, each
row's errors and warnings, computed by the real importer inside a transaction that is rolled
back), then the import itself, all or nothing, as `nhacviec import` does it."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.plan_files import HEADERS, read_plan_file
from bot.plans import ImportIssue, ImportResult, import_plans
from bot.service import texts
from bot.store import Engine, session_scope, web
from schedules.deadlines import DeadlineError, parse_deadline

MAX_UPLOAD = 5 * 1024 * 1024
SUFFIXES = (".csv", ".xlsx")
KINDS = {"date": "có thời hạn", "recurring": "định kỳ", "event": "theo sự kiện"}


class _Rollback(Exception):
    pass


@dataclass
class PreviewRow:
    line: int
    no: str
    content: str
    lead: str
    deadline_text: str
    read_as: str
    issues: list[ImportIssue] = field(default_factory=list)


@dataclass
class Preview:
    file: str
    plan_key: str | None
    rows: list[PreviewRow]
    general: list[ImportIssue]  # issues of the file as a whole (line 0) or of another file
    result: ImportResult

    @property
    def ok(self) -> bool:
        return self.result.ok


def write_sidecar(engine: Engine, folder: Path, table: Path, plan_key: str) -> None:
    """Re-importing an existing plan from the page: its key, title and year as stored."""
    with session_scope(engine) as s:
        plan = web.plan_by_key(s, plan_key)
        if plan is None:
            raise LookupError(f"Không có kế hoạch “{plan_key}”")
        data = {"key": plan.key, "title": plan.title, "year": plan.year, "number": plan.number,
                "issuer": plan.issuer}
        if plan.issued_on:
            data["issued_on"] = plan.issued_on
    (folder / table.with_suffix(".yaml").name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _read_as(text: str, year: int | None) -> str:
    if not text.strip() or year is None:
        return ""
    try:
        d = parse_deadline(text, year)
    except DeadlineError:
        return ""
    if d.kind == "date" and d.due:
        start = f"từ {texts.vn_date(d.start)} " if d.start else ""
        return f"{start}hạn {texts.vn_date(d.due)}"
    if d.kind == "recurring":
        return f"định kỳ {texts.RECURRENCE.get(d.recurrence, d.recurrence or '')}".strip()
    return KINDS.get(d.kind, d.kind or "")


def preview(engine: Engine, path: Path, *, accept_changes: bool = False) -> Preview:
    pf = read_plan_file(path)
    result = ImportResult()
    try:
        with session_scope(engine) as s:
            result = import_plans(s, [path], accept_changes=accept_changes)
            raise _Rollback  # a preview writes nothing
    except _Rollback:
        pass
    year = pf.meta.year if pf.meta else None
    by_line: dict[int, list[ImportIssue]] = {}
    general = []
    for issue in result.issues:
        if issue.line and issue.file in (path.name, ""):
            by_line.setdefault(issue.line, []).append(issue)
        else:
            general.append(issue)
    rows = [PreviewRow(r.line, r.cells.get("no", ""), r.cells.get("content", ""), r.cells.get("lead", ""),
                       r.cells.get("deadline", ""), _read_as(r.cells.get("deadline", ""), year),
                       by_line.pop(r.line, [])) for r in pf.rows]
    general += [i for issues in by_line.values() for i in issues]
    return Preview(path.name, pf.meta.key if pf.meta else None, rows, general, result)


def template_csv() -> bytes:
    """An empty plan with the document's own headers and one example row (UTF-8 with BOM, so
    Excel opens it with its accents)."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["Nhóm", "TT", "Nội dung công việc", "Cơ quan chủ trì", "Thời gian hoàn thành", "Cơ quan phối hợp",
                "Ghi chú"])
    w.writerow(["Quý II", "1", "Ban hành quy chế phối hợp", "Sở Khoa học và Công nghệ", "Quý II/2025",
                "Sở Nội vụ", ""])
    assert {"no", "content", "lead", "deadline"} <= set(HEADERS)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
