"""Importer and registry on a small synthetic plan: idempotent, all or nothing, readable errors."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import Session, select

from bot.agencies import AgencyRow, Registry, sync_registry
from bot.plans import import_plans
from bot.service.tasks import list_tasks
from bot.store import session_scope
from bot.store.models import Assignment, StatusEvent, Task

pytestmark = pytest.mark.store

REGISTRY = [
    AgencyRow("Sở Khoa học và Công nghệ", aliases=("Sở KH&CN",)),
    AgencyRow("Sở Văn hóa, Thể thao và Du lịch"),
    AgencyRow("Ủy ban nhân dân thành phố Thái Bình", aliases=("UBND thành phố Thái Bình",)),
    AgencyRow("Ủy ban nhân dân huyện Vũ Thư", aliases=("UBND huyện Vũ Thư",)),
    AgencyRow("Sở Thông tin và Truyền thông", successor="Sở Khoa học và Công nghệ"),
    AgencyRow("UBND huyện, thành phố", kind="group",
              members=("Ủy ban nhân dân thành phố Thái Bình", "Ủy ban nhân dân huyện Vũ Thư")),
    AgencyRow("Đơn vị liên quan", kind="group", aliases=("các đơn vị có liên quan",)),
]
HEADER = ["Nhóm", "TT", "Nội dung công việc", "Cơ quan thực hiện", "Thời gian hoàn thành", "Cơ quan phối hợp", "Ghi chú"]
ROWS = [
    ["Quý I", "1", "Phát động phong trào", "Sở KH&CN", "Thường xuyên", "UBND huyện, thành phố", ""],
    ["Quý I", "2", "Tổ chức ngày hội", "Sở Văn hoá, Thể thao và Du lịch", "Thường xuyên", "các đơn vị có liên quan", ""],
    ["Quý II", "3", "Rà soát thủ tục", "UBND huyện, thành phố", "Thường xuyên", "", "ghi chú"],
    ["Quý II", "4", "Chuyển đổi nền tảng", "Sở Thông tin và Truyền thông", "Thường xuyên", "", ""],
]


def write_plan(folder: Path, rows=ROWS, name="demo", header=HEADER, year=2025, preamble=()) -> Path:
    path = folder / f"{name}.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        for line in preamble:
            w.writerow(line)
        w.writerow(header)
        w.writerows(rows)
    (folder / f"{name}.yaml").write_text(f"key: DEMO\ntitle: Kế hoạch thử\nyear: {year}\n", encoding="utf-8")
    return path


@pytest.fixture
def session(engine):
    with session_scope(engine) as s:
        sync_registry(s, REGISTRY)
    with Session(engine, expire_on_commit=False) as s:
        yield s


def test_tone_placement_case_and_spacing_match(session):
    reg = Registry.load(session)
    for text in ("Sở Văn hoá,  Thể thao và Du lịch", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "so van hoa the thao va du lich"):
        assert reg.match(text).name == "Sở Văn hóa, Thể thao và Du lịch"
    assert reg.match("Uỷ ban nhân dân huyện Vũ Thư").name == "Ủy ban nhân dân huyện Vũ Thư"
    assert reg.match("Sở Thông tin và Truyền thông").name == "Sở Khoa học và Công nghệ"  # successor
    assert reg.match("Sở Ngoại vụ") is None


def test_split_cell_with_commas_inside_group_names(session):
    reg = Registry.load(session)
    found, unknown = reg.split("Sở KH&CN, UBND huyện, thành phố và các đơn vị có liên quan")
    assert [a.name for a in found] == ["Sở Khoa học và Công nghệ", "UBND huyện, thành phố", "Đơn vị liên quan"]
    assert unknown == []
    found, unknown = reg.split("Sở KH&CN; Sở Ngoại vụ")
    assert [a.name for a in found] == ["Sở Khoa học và Công nghệ"] and unknown == ["so ngoai vu"]


def test_import_groups_expand_and_json_contract(session, tmp_path):
    result = import_plans(session, [write_plan(tmp_path)])
    assert result.ok, result.issues
    assert (result.created, result.updated) == (4, 0)
    rows = {r["code"]: r for r in list_tasks(session)}
    assert list(rows) == ["DEMO-1", "DEMO-2", "DEMO-3", "DEMO-4"]
    t3 = rows["DEMO-3"]
    assert t3["lead_agencies"] == ["UBND huyện, thành phố"]
    assert t3["assignees"] == ["Ủy ban nhân dân thành phố Thái Bình", "Ủy ban nhân dân huyện Vũ Thư"]
    assert rows["DEMO-4"]["lead_agencies"] == ["Sở Khoa học và Công nghệ"]
    assert rows["DEMO-1"]["coordinating_agencies"] == ["UBND huyện, thành phố"]
    keys = {"code", "plan", "no", "content", "lead_agencies", "assignees", "coordinating_agencies",
            "deadline_text", "kind", "due", "start", "recurrence", "status", "assignments"}
    assert keys <= set(t3)
    assert t3["status"] == "open" and t3["plan"] == "DEMO" and t3["no"] == "3"
    assert [a["agency"] for a in t3["assignments"]] == t3["assignees"]
    assert set(t3["assignments"][0]) == {"agency", "status", "note", "new_due", "updated_at", "requested_due", "evidence",
                                                 "former_agencies"}
    assert t3["assignments"][0]["evidence"] == [] and t3["assignments"][0]["requested_due"] is None
    json.dumps(list(rows.values()), ensure_ascii=False)
    by_agency = list_tasks(session, agency="ubnd huyen vu thu")
    assert [r["code"] for r in by_agency] == ["DEMO-3"]


def test_reimport_is_idempotent_and_keeps_history(session, tmp_path):
    path = write_plan(tmp_path)
    assert import_plans(session, [path]).ok
    session.commit()
    a = session.exec(select(Assignment).join(Task).where(Task.code == "DEMO-1", Assignment.role == "lead")).one()
    from datetime import datetime, timezone
    session.add(StatusEvent(assignment_id=a.id, status="done", at=datetime(2025, 6, 1, tzinfo=timezone.utc)))
    a.status = "done"
    session.add(a)
    session.commit()
    again = import_plans(session, [path])
    assert (again.created, again.updated, again.unchanged, again.archived) == (0, 0, 4, 0)
    edited = [r[:] for r in ROWS[:3]]
    edited[0][2] = "Phát động phong trào thi đua"
    again = import_plans(session, [write_plan(tmp_path, rows=edited)])
    assert (again.created, again.updated, again.unchanged, again.archived) == (0, 1, 2, 1)
    session.commit()
    t1 = session.exec(select(Task).where(Task.code == "DEMO-1")).one()
    assert t1.content == "Phát động phong trào thi đua"
    assert session.exec(select(StatusEvent).where(StatusEvent.assignment_id == a.id)).one().status == "done"
    assert [r["code"] for r in list_tasks(session)] == ["DEMO-1", "DEMO-2", "DEMO-3"]


def test_errors_write_nothing_and_name_row_and_column(session, tmp_path):
    bad = [r[:] for r in ROWS]
    bad[1][3] = "Sở Văn hóa Thể thao Du lịh"  # typo
    bad[2][2] = ""  # empty content
    bad.append(["Quý II", "4", "Trùng số", "Sở KH&CN", "Thường xuyên", "", ""])
    result = import_plans(session, [write_plan(tmp_path, rows=bad)])
    assert not result.ok
    msgs = [str(e) for e in result.errors]
    assert any("demo.csv:3 [Cơ quan thực hiện]" in m and "Sở Văn hóa, Thể thao và Du lịch" in m for m in msgs), msgs
    assert any("demo.csv:4 [Nội dung công việc]" in m and "trống" in m for m in msgs), msgs
    assert any("demo.csv:6 [TT]" in m and "trùng" in m for m in msgs), msgs
    session.rollback()
    assert session.exec(select(Task)).all() == []


def test_header_row_not_first_english_headers_and_xlsx(session, tmp_path):
    header = ["No", "Content", "Lead agency", "Deadline", "Coordinating agencies", "Notes"]
    rows = [[r[1], r[2], r[3], r[4], r[5], r[6]] for r in ROWS]
    wb = Workbook()
    ws = wb.active
    ws.append(["KẾ HOẠCH THỬ"])
    ws.append([])
    ws.append(header)
    for r in rows:
        ws.append(r)
    path = tmp_path / "demo.xlsx"
    wb.save(path)
    (tmp_path / "demo.yaml").write_text("key: DEMO\ntitle: t\nyear: 2025\n", encoding="utf-8")
    result = import_plans(session, [path])
    assert result.ok, result.issues
    assert result.created == 4
    csv_path = write_plan(tmp_path / "", name="demo2", header=[h.upper() for h in HEADER], preamble=[["Phụ lục"], []])
    (tmp_path / "demo2.yaml").write_text("key: DEMO2\ntitle: t\nyear: 2025\n", encoding="utf-8")
    assert import_plans(session, [csv_path]).created == 4


def test_missing_header_is_a_readable_error(session, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    result = import_plans(session, [path])
    assert not result.ok and "tiêu đề" in str(result.errors[0])


def test_unreadable_deadline_is_an_error_and_a_contradiction_only_a_warning(session, tmp_path):
    rows = [r[:] for r in ROWS]
    rows[0][4] = "sớm nhất có thể"
    rows[1][4] = "Năm 2027 (2025-2026)"
    result = import_plans(session, [write_plan(tmp_path, rows=rows)])
    errors = [str(e) for e in result.errors]
    assert len(errors) == 1 and "demo.csv:2 [Thời gian hoàn thành]" in errors[0] and "Tháng 6/2025" in errors[0]
    warnings = [str(i) for i in result.issues if i.level == "warning"]
    assert any("demo.csv:3" in w and "2025-2026" in w for w in warnings), warnings
    rows[0][4] = "Tháng 6/2025"
    result = import_plans(session, [write_plan(tmp_path, rows=rows)])
    assert result.ok and result.created == 4
    t2 = next(t for t in list_tasks(session) if t["code"] == "DEMO-2")
    assert (t2["kind"], t2["due"], t2["start"]) == ("date", "2027-12-31", "2025-01-01")
