"""After a merge, re-importing the plan (which still names OLD) changes nothing: the open share
is NEW's already, the finished one stays with OLD, no open share is invented for NEW, and the
registry sync from agencies.csv keeps the successor set by the operation."""
from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, select

from bot.agencies import sync_registry
from bot.plans import import_plans
from bot.service import reorg
from bot.store import session_scope
from bot.store.models import Agency, Assignment, Task
from bot.store.status import record_status
from tests.conftest import TZ
from tests.service.test_import import HEADER, REGISTRY, write_plan

VH = "Sở Văn hóa, Thể thao và Du lịch"
ROWS = [["Quý II", "1", "Việc một", VH, "Tháng 6/2025", "", ""],
        ["Quý II", "2", "Việc hai", VH, "Tháng 9/2025", "", ""]]
NOW = datetime(2025, 7, 2, 9, 0, tzinfo=TZ)


def shares(engine) -> dict[str, list[tuple[str, str, str]]]:
    with Session(engine) as s:
        rows = s.exec(select(Task.code, Agency.name, Assignment.role, Assignment.status).select_from(Task).join(Assignment)
                      .join(Agency, Agency.id == Assignment.agency_id).order_by(Task.code, Assignment.id)).all()
    out: dict[str, list] = {}
    for code, name, role, status in rows:
        out.setdefault(code, []).append((name, str(role), str(status)))
    return out


def test_reimport_and_registry_sync_after_a_merge(engine, tmp_path):
    with session_scope(engine) as s:
        sync_registry(s, REGISTRY)
    path = write_plan(tmp_path, rows=ROWS, header=HEADER)
    with session_scope(engine) as s:
        assert import_plans(s, [path]).ok
    with session_scope(engine) as s:
        a = s.exec(select(Assignment).join(Task).where(Task.code.like("%-1"))).one()
        record_status(s, a, status="done", at=NOW)
    with session_scope(engine) as s:
        reorg.apply(s, reorg.plan_merge(s, [VH], "Sở Văn hóa và Thể thao", date(2025, 7, 1), NOW.date()), NOW)
    before = shares(engine)
    with session_scope(engine) as s:
        sync_registry(s, REGISTRY)  # agencies.csv says nothing about the merge: it is kept
    with session_scope(engine) as s:
        assert import_plans(s, [path]).ok
    assert shares(engine) == before
    [one, two] = sorted(before)
    assert before[one] == [(VH, "lead", "done")] and before[two] == [("Sở Văn hóa và Thể thao", "lead", "open")]
