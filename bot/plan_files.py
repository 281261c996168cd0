"""Reading plan files: CSV or XLSX, headers in Vietnamese or English, anywhere in the sheet.

Plan-level facts (key, title, number, year …) come from a sidecar `<name>.yaml` next to the
table; a table without one gets a key from its file name and its year from its deadlines.
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

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


@dataclass
class RawRow:
    line: int  # 1-based row number in the file, as Excel shows it
    cells: dict[str, str]


@dataclass
class PlanFile:
    path: Path
    meta: PlanMeta | None
    headers: dict[str, str] = field(default_factory=dict)  # column -> header as written
    rows: list[RawRow] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (line, column, message)


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


def _meta(path: Path, rows: list[RawRow]) -> PlanMeta:
    side = path.with_suffix(".yaml")
    data = yaml.safe_load(side.read_text(encoding="utf-8")) if side.exists() else {}
    key = str(data.get("key") or re.sub(r"[^A-Z0-9]", "", path.stem.upper())[:8] or "PLAN")
    year = data.get("year")
    if not year:
        years = Counter(int(y) for r in rows for y in re.findall(r"\b(20\d\d)\b", r.cells.get("deadline", "")))
        year = years.most_common(1)[0][0] if years else date.today().year
    issued = data.get("issued_on")
    return PlanMeta(key=key, title=nfc(str(data.get("title") or path.stem)), year=int(year),
                    number=str(data.get("number") or ""), issuer=nfc(str(data.get("issuer") or "")),
                    issued_on=issued if isinstance(issued, date) else None)


def read_plan_file(path: Path) -> PlanFile:
    """Parse one file into raw rows; structural problems become errors, nothing raises."""
    pf = PlanFile(path=path, meta=None)
    try:
        grid = _grid(path)
    except Exception as exc:  # unreadable file: report, don't crash the whole import
        pf.errors.append((0, "", f"Không đọc được tệp: {exc}"))
        return pf
    found = _find_header(grid)
    if found is None:
        need = ", ".join(f"'{HEADERS[c][0]}'" for c in REQUIRED)
        pf.errors.append((0, "", f"Không tìm thấy dòng tiêu đề (cần các cột {need})"))
        return pf
    head, cols = found
    pf.headers = {col: nfc(grid[head][j]) for j, col in cols.items()}
    for i, row in enumerate(grid[head + 1:], start=head + 2):
        cells = {col: nfc(row[j]) if j < len(row) else "" for j, col in cols.items()}
        if any(cells.values()):
            pf.rows.append(RawRow(line=i, cells=cells))
    pf.meta = _meta(path, pf.rows)
    return pf
