"""Reading plan files: CSV or XLSX, headers in Vietnamese or English, anywhere in the sheet.

Plan-level facts (key, title, number, year …) come from a sidecar `<name>.yaml` next to the
table; a table without one gets a key from its file name and its year from its deadlines.
Nothing here raises on bad input: every problem becomes a `Problem` naming the file (the
table or its sidecar), the row or key, in Vietnamese, for the importer to list.
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

import yaml

from bot.plan_codes import key_problem
from bot.text import fold, nfc

PLAN_SUFFIXES = (".csv", ".xlsx")

# Column -> folded header texts that name it (Vietnamese first, English second).
HEADERS: dict[str, tuple[str, ...]] = {
    "no": ("tt", "stt", "so tt", "so thu tu", "no", "#", "number"),
    "content": ("noi dung cong viec", "noi dung", "nhiem vu", "ten nhiem vu", "content", "task"),
    "lead": ("co quan thuc hien", "co quan chu tri", "don vi chu tri", "don vi thuc hien",
             "lead", "lead agency", "lead agencies", "agency"),
    "deadline": ("thoi gian hoan thanh", "thoi han hoan thanh", "thoi han", "thoi gian",
                 "deadline", "due", "completion time"),
    "coordinating": ("co quan phoi hop", "don vi phoi hop", "coordinating", "coordinating agencies"),
    "note": ("ghi chu", "note", "notes"),
    "group": ("nhom", "group", "section"),
}
REQUIRED = ("no", "content", "lead", "deadline")
_HEADER_OF = {h: col for col, names in HEADERS.items() for h in names}


@dataclass(frozen=True)
class PlanMeta:
    key: str
    title: str
    year: int
    number: str = ""
    issued_on: date | None = None
    issuer: str = ""
    review: bool = False  # completions confirmed by the secretariat, extensions approved by the lead


@dataclass
class RawRow:
    line: int  # 1-based row number in the file, as Excel shows it
    cells: dict[str, str]


class Problem(NamedTuple):
    line: int  # 0: the file (or sidecar) as a whole
    column: str  # header as written, or the sidecar key
    message: str
    file: str = ""  # "" means the table itself; else e.g. the sidecar "demo.yaml"


@dataclass
class PlanFile:
    path: Path
    meta: PlanMeta | None
    headers: dict[str, str] = field(default_factory=dict)  # column -> header as written
    rows: list[RawRow] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)


def plan_paths(paths: list[Path]) -> list[Path]:
    """Files as given; a folder means every plan table in it, in name order."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(q for q in p.iterdir() if q.suffix.lower() in PLAN_SUFFIXES and not q.name.startswith("~$")))
        else:
            out.append(p)
    return out


def _grid(path: Path) -> list[list[str]]:
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            return [["" if v is None else str(v) for v in row] for row in wb.worksheets[0].iter_rows(values_only=True)]
        finally:
            wb.close()
    text = path.read_text(encoding="utf-8-sig")
    # Excel writes "," or ";" (by locale) or tabs: take the delimiter under which a header shows up.
    grids = [list(csv.reader(io.StringIO(text, newline=""), delimiter=d)) for d in (",", ";", "\t")]
    return max(grids, key=lambda g: len(_find_header(g)[1]) if _find_header(g) else -1)


def _find_header(grid: list[list[str]]) -> tuple[int, dict[int, str]] | None:
    for i, row in enumerate(grid[:30]):
        cols = {j: _HEADER_OF[fold(c)] for j, c in enumerate(row) if fold(c) in _HEADER_OF}
        if set(REQUIRED) <= set(cols.values()):
            return i, cols
    return None


def _sidecar(side: Path, errors: list[Problem]) -> dict:
    """The sidecar's mapping; {} (and a Problem) when it is missing, unreadable or not a mapping."""
    if not side.exists():
        return {}
    try:
        data = yaml.safe_load(side.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        errors.append(Problem(0, "", "Tệp không phải UTF-8: lưu lại với mã hóa UTF-8", side.name))
        return {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" ở cột {mark.column + 1}" if mark else ""
        errors.append(Problem(mark.line + 1 if mark else 0, "", f"Tệp YAML sai cú pháp{where} "
                              f"({getattr(exc, 'problem', None) or exc}): kiểm tra dấu “:” và dấu ngoặc kép",
                              side.name))
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        errors.append(Problem(0, "", "Tệp mô tả kế hoạch phải gồm các dòng “tên: giá trị” (key, title, year …), "
                              f"không phải {'danh sách' if isinstance(data, list) else 'một giá trị đơn'}", side.name))
        return {}
    return data


def _year(value: object, side: str, errors: list[Problem]) -> int | None:
    """A plan year between 2000 and 2099, as a number or digits; anything else is a Problem."""
    text = str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    if text.isdigit() and 2000 <= int(text) <= 2099:
        return int(text)
    errors.append(Problem(0, "year", f"“{value}” không phải năm kế hoạch: viết bằng số, ví dụ year: 2025", side))
    return None


def _meta(path: Path, rows: list[RawRow], errors: list[Problem]) -> PlanMeta:
    side = path.with_suffix(".yaml")
    data = _sidecar(side, errors)
    key = str(data.get("key") or re.sub(r"[^A-Z0-9]", "", path.stem.upper())[:8] or "PLAN")
    if (problem := key_problem(key)) and data.get("key"):
        errors.append(Problem(0, "key", problem, side.name))
    elif problem and not errors:  # guessed from the file name: say where to set it
        errors.append(Problem(0, "key", f"{problem}. Đặt key trong tệp {side.name} cạnh bảng kế hoạch"))
    year = _year(data["year"], side.name, errors) if data.get("year") is not None else None
    if not year:
        years = Counter(int(y) for r in rows for y in re.findall(r"\b(20\d\d)\b", r.cells.get("deadline", "")))
        year = years.most_common(1)[0][0] if years else date.today().year
    issued = data.get("issued_on")
    if issued is not None and not isinstance(issued, date):
        errors.append(Problem(0, "issued_on", f"“{issued}” không phải ngày: viết YYYY-MM-DD, ví dụ 2025-04-15", side.name))
    review = data.get("review", False)
    if review is None:
        review = False
    if not isinstance(review, bool):
        errors.append(Problem(0, "review", f"“{review}” không phải true/false: viết review: true hoặc review: false",
                              side.name))
        review = False
    return PlanMeta(key=key, title=nfc(str(data.get("title") or path.stem)), year=year,
                    number=str(data.get("number") or ""), issuer=nfc(str(data.get("issuer") or "")),
                    issued_on=issued if isinstance(issued, date) else None, review=review)


def read_plan_file(path: Path) -> PlanFile:
    """Parse one file into raw rows; structural problems become errors, nothing raises."""
    pf = PlanFile(path=path, meta=None)
    try:
        grid = _grid(path)
    except Exception as exc:  # unreadable file: report, don't crash the whole import
        pf.errors.append(Problem(0, "", f"Không đọc được tệp: {exc}"))
        return pf
    found = _find_header(grid)
    if found is None:
        need = ", ".join(f"'{HEADERS[c][0]}'" for c in REQUIRED)
        pf.errors.append(Problem(0, "", f"Không tìm thấy dòng tiêu đề (cần các cột {need})"))
        return pf
    head, cols = found
    pf.headers = {col: nfc(grid[head][j]) for j, col in cols.items()}
    for i, row in enumerate(grid[head + 1:], start=head + 2):
        cells = {col: nfc(row[j]) if j < len(row) else "" for j, col in cols.items()}
        if any(cells.values()):
            pf.rows.append(RawRow(line=i, cells=cells))
    pf.meta = _meta(path, pf.rows, pf.errors)
    return pf
