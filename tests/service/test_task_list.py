"""`/nhiem-vu`'s page, filtered and counted in SQL, is exactly `list_tasks` cut into pages: the
same rows in the same order for every filter, on tasks in every status — also the task statuses
that only a mix of lead shares gives (done + submitted → submitted, done + open → in progress …)."""
from __future__ import annotations

import itertools
from datetime import date

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from bot.agencies import Registry, sync_registry
from bot.domain import Role
from bot.service.portal.auth import NotFound, Viewer
from bot.service.portal.task_list import pager, task_page
from bot.service.tasks import list_tasks
from bot.store import session_scope
from bot.store.models import Task
from bot.store.status import record_status
from bot.store.task_list import Filters, _filtered
from tests.service.helpers import add_task
from tests.service.test_import import REGISTRY
from tests.service.test_summary import GROUP, KHCN, TP, VH, VT, at, build_plan, play_history, share

pytestmark = pytest.mark.store
LEAD = Viewer(contact_id=None, role=Role.LEAD)
# (TP's status, VT's status) of group-led tasks -> the task's status (TaskView.status)
MIXES = [("done", "submitted", "submitted"), ("submitted", "submitted", "submitted"), ("done", "open", "in_progress"),
         ("delayed", "done", "delayed"), ("submitted", "open", "in_progress"), ("open", "open", "open"),
         ("in_progress", "submitted", "in_progress"), ("done", "done", "done"), ("submitted", "delayed", "delayed")]


def mixed_world(s: Session) -> None:
    """test_summary's plan and history, group tasks in every mix, an archived task, a task nobody
    leads and a second plan whose rows come before and after DEMO's in the file."""
    build_plan(s)
    play_history(s)
    reg = Registry.load(s)
    plan_id = s.get(Task, 1).plan_id
    for i, (tp, vt, _) in enumerate(MIXES):
        code = f"DEMO-M{i}"
        add_task(s, reg, Task(plan_id=plan_id, no=f"M{i}", code=code, content=f"Việc nhóm {i}", lead_text=GROUP,
                              kind="date", due=date(2025, 6, 1 + i), position=20 + i))
        s.flush()
        for agency, status in ((TP, tp), (VT, vt)):
            if status != "open":
                record_status(s, share(s, code, agency), status=status, at=at(2025, 6, 2), channel="cli",
                              new_due=date(2025, 8, 1) if status == "delayed" else None)
    add_task(s, reg, Task(plan_id=plan_id, no="X", code="DEMO-X", content="Đã bỏ", lead_text=KHCN, kind="date",
                          due=date(2025, 5, 1), position=5, archived=True))
    s.add(Task(plan_id=plan_id, no="N", code="DEMO-N", content="Chưa có ai chủ trì", lead_text="", kind="event",
               position=7))
    build_plan(s, rows=[("2", "Việc sau", VH, "Quý III/2025", "date", date(2025, 9, 30)),
                        ("1", "Việc trước", KHCN, "Thường xuyên", "recurring", None)], key="AKH", title="Kế hoạch A")
    record_status(s, share(s, "AKH-2", VH), status="in_progress", at=at(2025, 6, 3), channel="cli")


@pytest.fixture
def world(engine):
    with session_scope(engine) as s:
        sync_registry(s, REGISTRY)
    with session_scope(engine) as s:
        mixed_world(s)
    return engine


def all_pages(engine, viewer=LEAD, per_page: int = 3, **filters) -> list[dict]:
    first = task_page(engine, viewer, 1, per_page=per_page, **filters)
    rows = list(first.rows)
    for n in range(2, first.pages + 1):
        p = task_page(engine, viewer, n, per_page=per_page, **filters)
        assert (p.page, p.pages, p.total) == (n, first.pages, first.total)
        assert len(p.rows) == (per_page if n < first.pages else first.total - per_page * (first.pages - 1))
        rows += p.rows
    assert len(rows) == first.total
    return rows


def test_the_mixes_have_the_statuses_the_filter_is_checked_on(world):
    with session_scope(world) as s:
        got = {t["code"]: t["status"] for t in list_tasks(s)}
    assert {got[f"DEMO-M{i}"] for i in range(len(MIXES))} == {"open", "in_progress", "delayed", "done", "submitted"}
    assert [got[f"DEMO-M{i}"] for i in range(len(MIXES))] == [want for _, _, want in MIXES]
    assert "DEMO-X" not in got and got["DEMO-N"] == "open"


STATUSES = [None, "open", "in_progress", "delayed", "done", "submitted"]
AGENCIES = [None, KHCN, VT, GROUP, "UBND thành phố Thái Bình", "Sở Thông tin và Truyền thông"]


@pytest.mark.parametrize("status,agency", list(itertools.product(STATUSES, AGENCIES)))
def test_every_page_of_every_filter_is_list_tasks(world, status, agency):
    for plan, due_before in [(None, None), ("DEMO", None), ("AKH", None), (None, date(2025, 6, 5)),
                             ("DEMO", date(2025, 6, 30))]:
        filters = dict(plan=plan, agency=agency, status=status, due_before=due_before)
        with session_scope(world) as s:
            expected = list_tasks(s, **filters)
        assert all_pages(world, **filters) == expected, filters


def test_the_order_is_the_plans_then_their_rows(world):
    codes = [t["code"] for t in all_pages(world, per_page=4)]
    assert codes[:2] == ["AKH-2", "AKH-1"]  # plan key order, then row order, whatever the numbers say
    assert codes.index("DEMO-1") < codes.index("DEMO-N") < codes.index("DEMO-M0")


def test_a_page_past_the_end_is_the_last_and_an_empty_list_has_one_page(world):
    last = task_page(world, LEAD, 999, per_page=5)
    assert last.page == last.pages and last.rows and last.total == len(all_pages(world))
    assert task_page(world, LEAD, -3, per_page=5).page == 1
    empty = task_page(world, LEAD, 4, per_page=5, plan="KHONGCO")
    assert (empty.rows, empty.total, empty.page, empty.pages) == ([], 0, 1, 1)


def test_a_focal_point_gets_its_own_agency_whatever_it_asks(world):
    focal = Viewer(contact_id=None, role=Role.FOCAL, agency=VT)
    with session_scope(world) as s:
        assert all_pages(world, focal, agency=KHCN) == list_tasks(s, agency=VT)


def test_an_unknown_agency_is_not_found(world):
    with pytest.raises(NotFound):
        task_page(world, LEAD, agency="Sở Không Có")


def test_the_pager_shows_the_ends_and_the_neighbours():
    assert pager(1, 1) == [1]
    assert pager(1, 3) == [1, 2, 3]
    assert pager(50, 100) == [1, None, 48, 49, 50, 51, 52, None, 100]
    assert pager(4, 100) == [1, 2, 3, 4, 5, 6, None, 100]  # one page between 1 and 3: shown, not "…"
    assert pager(100, 100) == [1, None, 98, 99, 100]


def test_a_page_loads_only_its_own_tasks(world):
    """The old page built all the task dicts to show 100; now only the page's tasks are read."""
    loaded = []
    listen = lambda target, context: loaded.append(target.code)  # noqa: E731
    event.listen(Task, "load", listen)
    try:
        p = task_page(world, LEAD, 2, per_page=3)
    finally:
        event.remove(Task, "load", listen)
    assert p.total > 10 and sorted(loaded) == sorted(t["code"] for t in p.rows) and len(loaded) == 3


def test_sqlite_answers_the_status_filter_per_task_not_per_status(world):
    """The query plan, not a timing: probing the shares by status alone (ix_assignment_status) made
    the filter take seconds at 10,000 tasks; the (task, role, status) index keeps it per task."""
    if world.dialect.name != "sqlite":
        pytest.skip("SQLite's query plan")
    for status in STATUSES[1:]:
        q = _filtered(select(Task.id), Filters(status=status))
        sql = str(q.compile(world, compile_kwargs={"literal_binds": True}))
        with world.connect() as conn:
            plan = " | ".join(r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
        assert "ix_assignment_status" not in plan and "ix_assignment_task_role_status" in plan, plan
