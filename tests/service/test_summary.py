"""Summary as of a date: categories from the status history, per agency, text for the chat.

The plan is built directly (Plan/Task/Assignment rows), so these tests do not depend on the
deadline parser; `test_import_path` runs the same kind of plan through the importer.
"""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from bot.agencies import Registry, sync_registry
from bot.render import to_plain
from bot.store.status import record_status, undo_event
from bot.service.reports.states import assignment_states
from bot.service.reports.summary import IN_TIME, LATE, LABELS, ON_TIME, OVERDUE, summarize
from bot.service.reports.summary_text import summary_text
from bot.store import session_scope
from bot.store.models import Assignment, Plan, Task
from tests.service.helpers import add_task
from tests.service.test_import import REGISTRY, write_plan

pytestmark = pytest.mark.store
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
KHCN, VH = "Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch"
TP, VT, GROUP = "Ủy ban nhân dân thành phố Thái Bình", "Ủy ban nhân dân huyện Vũ Thư", "UBND huyện, thành phố"

# TT, content, lead, deadline as written, kind, due
ROWS = [
    ("1", "Ban hành kế hoạch chuyển đổi số năm 2025", KHCN, "Tháng 4/2025", "date", date(2025, 4, 30)),
    ("2", "Tổ chức hội thảo khoa học về di sản văn hóa", VH, "Trước 20/4/2025", "date", date(2025, 4, 20)),
    ("3", "Rà soát thủ tục hành chính cấp huyện", GROUP, "Quý II/2025", "date", date(2025, 6, 30)),
    ("4", "Xây dựng cơ sở dữ liệu khoa học và công nghệ", KHCN, "Tháng 5/2025", "date", date(2025, 5, 31)),
    ("5", "Số hóa hồ sơ di tích", VH, "Tháng 6/2025", "date", date(2025, 6, 30)),
    ("6", "Phát động phong trào thi đua", KHCN, "Thường xuyên", "recurring", None),
    ("7", "Triển khai nền tảng họp trực tuyến", VT, "Trước 15/6/2025", "date", date(2025, 6, 15)),
    ("8", "Báo cáo sơ kết 6 tháng", TP, "Trước 16/6/2025", "date", date(2025, 6, 16)),
    ("9", "Tổng kết phong trào văn nghệ quần chúng", VH, "Tháng 5/2025", "date", date(2025, 5, 31)),
]


def at(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=TZ)


def build_plan(session: Session, rows=ROWS, key: str = "DEMO", title: str = "Kế hoạch thử năm 2025") -> dict[str, Task]:
    """Plan/Task/Assignment rows as the importer would write them (groups expanded)."""
    reg = Registry.load(session)
    plan = Plan(key=key, title=title, year=2025)
    session.add(plan)
    session.flush()
    tasks = {}
    for pos, (no, content, lead, text, kind, due) in enumerate(rows):
        task = add_task(session, reg, Task(
            plan_id=plan.id, no=no, code=f"{key}-{no}", content=content, lead_text=lead,
            coordinating_text=VH if no == "1" else "", deadline_text=text, kind=kind, due=due,
            recurrence="monthly" if kind == "recurring" else None, position=pos))
        if no == "1":
            session.add(Assignment(task_id=task.id, agency_id=reg.match(VH).id, role="coordinating", position=9))
        tasks[task.code] = task
    session.flush()
    return tasks


def share(session: Session, code: str, agency: str) -> Assignment:
    return session.exec(select(Assignment).join(Task).where(Task.code == code, Assignment.role == "lead",
                                                            Assignment.agency_id == Registry.load(session).match(agency).id)).one()


def play_history(session: Session) -> None:
    """The story the assertions below rely on (times are local, Asia/Ho_Chi_Minh)."""
    rs = lambda code, agency, status, when, **kw: record_status(  # noqa: E731
        session, share(session, code, agency), status=status, at=when, channel="cli", **kw)
    rs("DEMO-1", KHCN, "done", at(2025, 4, 28))
    rs("DEMO-2", VH, "in_progress", at(2025, 4, 10))
    rs("DEMO-2", VH, "done", at(2025, 5, 5))
    rs("DEMO-3", VT, "in_progress", at(2025, 6, 1), note="Đang tổng hợp")
    rs("DEMO-3", TP, "done", at(2025, 6, 10))
    rs("DEMO-3", VT, "done", at(2025, 7, 10))
    rs("DEMO-4", KHCN, "delayed", at(2025, 5, 25), note="Chờ kinh phí", new_due=date(2025, 6, 20))
    slip = rs("DEMO-5", VH, "done", at(2025, 6, 5))
    undo_event(session, slip, at=at(2025, 6, 6), contact_id=None, channel="cli")
    rs("DEMO-7", VT, "done", at(2025, 6, 17, 8))
    rs("DEMO-8", TP, "done", at(2025, 6, 16, 23, 30))  # late evening local = 16:30 UTC: still the 16th
    rs("DEMO-9", VH, "done", at(2025, 5, 30))
    mistake = rs("DEMO-9", VH, "delayed", at(2025, 6, 2), note="Nhầm", new_due=date(2025, 6, 10))
    undo_event(session, mistake, at=at(2025, 6, 8), contact_id=None, channel="cli")


@pytest.fixture
def session(engine):
    with session_scope(engine) as s:
        sync_registry(s, REGISTRY)
        build_plan(s)
        play_history(s)
    with Session(engine, expire_on_commit=False) as s:
        yield s


def cats(summary) -> tuple[int, int, int, int]:
    return tuple(summary.counts[c] for c in (ON_TIME, LATE, IN_TIME, OVERDUE))


def by_code(summary) -> dict:
    return {t.code: t for t in summary.tasks}


@pytest.mark.parametrize("as_of, expected", [
    (date(2025, 6, 5), (2, 1, 3, 2)),   # DEMO-5 done that day (undone on the 6th); DEMO-9 slipped
    (date(2025, 6, 16), (3, 1, 2, 2)),  # the undos count; DEMO-8 done 23:30 local on its due day
    (date(2025, 7, 15), (3, 3, 0, 2)),  # DEMO-3 and DEMO-7 finished late
    (date(2025, 3, 1), (0, 0, 8, 0)),   # before any reply
])
def test_category_counts_as_of(session, as_of, expected):
    s = summarize(session, as_of, TZ)
    assert cats(s) == expected
    assert s.dated == 8 and s.ongoing == 1


def test_task_details_as_of_mid_june(session):
    s = summarize(session, date(2025, 6, 16), TZ)
    t = by_code(s)
    assert (t["DEMO-1"].category, t["DEMO-2"].category, t["DEMO-2"].days_overdue) == (ON_TIME, LATE, 15)
    assert t["DEMO-4"].category == OVERDUE and t["DEMO-4"].days_overdue == 16
    assert t["DEMO-4"].new_due == date(2025, 6, 20) and t["DEMO-4"].status == "delayed"
    assert t["DEMO-7"].category == OVERDUE and t["DEMO-7"].days_overdue == 1  # done on the 17th: not yet
    assert t["DEMO-9"].category == ON_TIME and t["DEMO-9"].done_at.date() == date(2025, 5, 30)  # undo restores
    assert t["DEMO-5"].category == IN_TIME and t["DEMO-5"].status == "open"
    assert t["DEMO-6"].category is None and t["DEMO-6"].kind == "recurring"
    assert t["DEMO-3"].lead_names == [GROUP] and [a.agency for a in t["DEMO-3"].assignments] == [TP, VT]
    assert t["DEMO-1"].coordinating == [VH]
    assert [x.code for x in s.overdue] == ["DEMO-4", "DEMO-7"]
    assert s.overdue[0].assignments[0].note == "Chờ kinh phí"
    assert [(x.code, d) for x, d in s.due_soon] == [
        ("DEMO-4", date(2025, 6, 20)), ("DEMO-3", date(2025, 6, 30)), ("DEMO-5", date(2025, 6, 30))]
    late = summarize(session, date(2025, 7, 15), TZ)
    assert by_code(late)["DEMO-3"].days_overdue == 10 and by_code(late)["DEMO-7"].days_overdue == 2


def test_per_agency_rows_and_top_overdue(session):
    s = summarize(session, date(2025, 6, 16), TZ)
    rows = {f.agency: f for f in s.agencies}
    assert [f.agency for f in s.agencies] == [KHCN, VH, VT, TP]  # by folded name
    assert tuple(rows[KHCN].counts.values()) == (1, 0, 0, 1) and rows[KHCN].ongoing == 1
    assert (rows[KHCN].total, rows[KHCN].rate) == (3, 0.5)
    assert tuple(rows[VH].counts.values()) == (1, 1, 1, 0)
    assert tuple(rows[TP].counts.values()) == (2, 0, 0, 0) and rows[TP].rate == 1.0
    assert tuple(rows[VT].counts.values()) == (0, 0, 1, 1)
    assert [f.agency for f in s.top_overdue] == [KHCN, VT]


def test_agency_and_plan_filters(session):
    group = summarize(session, date(2025, 6, 16), TZ, agency="ubnd huyen, thanh pho")
    assert sorted(by_code(group)) == ["DEMO-3", "DEMO-7", "DEMO-8"] and cats(group) == (1, 0, 1, 1)
    vt = summarize(session, date(2025, 6, 16), TZ, agency="UBND huyện Vũ Thư")
    assert vt.agency == VT and cats(vt) == (0, 0, 1, 1)
    tp = summarize(session, date(2025, 6, 16), TZ, agency=TP)
    assert cats(tp) == (2, 0, 0, 0)  # its share of DEMO-3 is done: for the agency that is done
    build_plan(session, [("1", "Việc cũ", KHCN, "Tháng 1/2025", "date", date(2025, 1, 31))], key="OLD")
    session.flush()
    assert cats(summarize(session, date(2025, 6, 16), TZ)) == (3, 1, 2, 3)
    assert cats(summarize(session, date(2025, 6, 16), TZ, plan="DEMO")) == (3, 1, 2, 2)
    with pytest.raises(LookupError, match="Không có cơ quan"):
        summarize(session, date(2025, 6, 16), TZ, agency="Sở Ngoại vụ")
    with pytest.raises(LookupError, match="Không có kế hoạch"):
        summarize(session, date(2025, 6, 16), TZ, plan="NOPE")


def test_summary_text(session):
    text = summary_text(summarize(session, date(2025, 6, 16), TZ), title="Báo cáo nhanh")
    plain = to_plain(text)
    assert text.startswith("\x02Báo cáo nhanh đến ngày 16/06/2025\x03")
    for line in ("8 nhiệm vụ có thời hạn", "Hoàn thành đúng hạn: 3 (37,5%)", "Hoàn thành quá hạn: 1 (12,5%)",
                 "Đang thực hiện trong hạn: 2 (25,0%)", "Đang thực hiện quá hạn: 2 (25,0%)",
                 "1 nhiệm vụ thường xuyên/theo sự kiện", "Cơ quan chậm nhiều nhất",
                 f"1. {KHCN}: 1 việc quá hạn", f"2. {VT}: 1 việc quá hạn", "Đến hạn trong 14 ngày tới",
                 "• DEMO-4 Xây dựng cơ sở dữ liệu khoa học và công nghệ — dự kiến 20/06/2025 (hạn 31/05/2025)",
                 "• DEMO-3 Rà soát thủ tục hành chính cấp huyện — hạn 30/06/2025"):
        assert line in plain.splitlines(), (line, plain)
    assert set(LABELS.values()) <= {ln.split(":")[0] for ln in plain.splitlines()}
    empty = to_plain(summary_text(summarize(session, date(2025, 3, 1), TZ, plan="DEMO")))
    assert "Kế hoạch DEMO" in empty and "Không có cơ quan nào có việc quá hạn." in empty


def test_fixed_number_of_queries(session, engine):
    from sqlalchemy import event

    seen: list[str] = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assignment_states(session, date(2025, 6, 16), TZ)
        first = len(seen)
        build_plan(session, ROWS, key="MORE")
        session.flush()
        seen.clear()
        assignment_states(session, date(2025, 6, 16), TZ)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(seen) == first <= 6  # tasks, agencies, assignments, events; extensions and evidence (issue 13)


def test_import_path(engine, tmp_path):
    """Same categories through the real importer and deadline parser."""
    from bot.plans import import_plans
    from bot.service.tasks import list_tasks

    rows = [["Quý II", "1", "Việc tháng 5", "Sở KH&CN", "Tháng 5/2025", "", ""],
            ["Quý II", "2", "Việc quý II", "UBND huyện, thành phố", "Quý II/2025", "", ""],
            ["Quý II", "3", "Việc trước 20/4", "Sở Văn hóa, Thể thao và Du lịch", "Trước 20/4/2025", "", ""],
            ["Quý II", "4", "Việc thường xuyên", "Sở KH&CN", "Thường xuyên", "", ""]]
    with session_scope(engine) as s:
        sync_registry(s, REGISTRY)
        assert import_plans(s, [write_plan(tmp_path, rows=rows)]).ok
        record_status(s, share(s, "DEMO-3", VH), status="done", at=at(2025, 4, 19))
        record_status(s, share(s, "DEMO-1", KHCN), status="done", at=at(2025, 6, 2))
    with Session(engine) as s:
        assert {r["code"]: r["due"] for r in list_tasks(s)}["DEMO-2"] == "2025-06-30"
        assert cats(summarize(s, date(2025, 6, 16), TZ)) == (1, 1, 1, 0)
        assert summarize(s, date(2025, 6, 16), TZ).ongoing == 1
