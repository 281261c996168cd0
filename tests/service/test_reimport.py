"""Re-importing a plan loses nothing and moves no status silently (issue 12, item 7).

(a) a task moved to another agency after a reminder was sent used to fail with FOREIGN KEY
constraint failed (the reminder points at the assignment the importer deleted);
(b) a row inserted at the top renumbered TT and every status silently followed the number to
other content, and a header-only file archived the whole plan and reported success.
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from bot.plans import import_plans
from bot.service.tasks import list_tasks
from bot.store.models import Agency, Assignment, Reminder, StatusEvent, Task
from tests.service.test_import import HEADER, ROWS, session, write_plan  # noqa: F401  (fixture)
from tests.service.test_import_cli_errors import env  # noqa: F401  (fixture)

pytestmark = pytest.mark.store
T0 = datetime(2025, 6, 1, tzinfo=timezone.utc)


def _lead(session, code: str) -> Assignment:
    return session.exec(select(Assignment).join(Task).where(Task.code == code, Assignment.role == "lead")).one()


def _done(session, code: str) -> Assignment:
    a = _lead(session, code)
    session.add(StatusEvent(assignment_id=a.id, status="done", at=T0))
    a.status = "done"
    session.add(a)
    session.commit()
    return a


def _imported(session, tmp_path, rows=ROWS, **kw):
    result = import_plans(session, [write_plan(tmp_path, rows=rows)], **kw)
    assert result.ok, [str(i) for i in result.issues]
    session.commit()
    return result


def _status(session) -> dict[str, str]:
    return {r["code"]: (r["content"], r["status"]) for r in list_tasks(session)}


def test_moving_a_task_after_a_reminder_keeps_the_reminder_and_closes_the_share(session, tmp_path):  # noqa: F811
    _imported(session, tmp_path)
    old = _lead(session, "DEMO-1")
    session.add(Reminder(key=f"{old.id}:due:1", kind="due", assignment_id=old.id, slot_at=T0, claimed_at=T0, sent_at=T0))
    session.commit()
    moved = [r[:] for r in ROWS]
    moved[0][3] = "Sở Văn hóa, Thể thao và Du lịch"
    result = _imported(session, tmp_path, rows=moved)
    assert (result.updated, result.unchanged) == (1, 3)
    kept = session.get(Assignment, old.id)
    assert kept is not None and kept.role == "removed"  # closed: no reminders (dispatch reads role "lead")
    assert session.exec(select(Reminder).where(Reminder.assignment_id == old.id)).one().sent_at is not None
    agency = session.get(Agency, _lead(session, "DEMO-1").agency_id)
    assert agency.name == "Sở Văn hóa, Thể thao và Du lịch"
    row = next(r for r in list_tasks(session) if r["code"] == "DEMO-1")
    assert row["assignees"] == ["Sở Văn hóa, Thể thao và Du lịch"]
    moved[0][3] = ROWS[0][3]  # and back again: the closed share is reopened, not duplicated
    _imported(session, tmp_path, rows=moved)
    assert _lead(session, "DEMO-1").id == old.id


def test_a_row_inserted_at_the_top_is_refused_with_a_diff(session, tmp_path):  # noqa: F811
    _imported(session, tmp_path)
    _done(session, "DEMO-2")
    before = _status(session)
    shifted = [["Quý I", "1", "Việc mới chèn lên đầu", "Sở KH&CN", "Thường xuyên", "", ""]]
    shifted += [[r[0], str(int(r[1]) + 1), *r[2:]] for r in ROWS]
    result = import_plans(session, [write_plan(tmp_path, rows=shifted)])
    assert not result.ok
    msgs = [str(e) for e in result.errors]
    assert any("demo.csv:3" in m and "DEMO-2" in m and "Tổ chức ngày hội" in m and "Phát động phong trào" in m
               and "TT 3" in m and "--accept-changes" in m for m in msgs), msgs
    session.rollback()
    assert _status(session) == before
    accepted = import_plans(session, [write_plan(tmp_path, rows=shifted)], accept_changes=True)
    assert accepted.ok and accepted.created == 1
    assert any("DEMO-2" in str(w) for w in accepted.issues if w.level == "warning")


def test_small_corrections_to_a_task_with_history_pass(session, tmp_path):  # noqa: F811
    _imported(session, tmp_path)
    _done(session, "DEMO-2")
    fixed = [r[:] for r in ROWS]
    fixed[1][2] = "Tổ chức Ngày hội."  # case and punctuation
    fixed[0][2] = "Phát động phong trào thi đua sáng tạo rộng khắp"  # no history: any change is fine
    result = _imported(session, tmp_path, rows=fixed)
    assert result.updated == 2
    fixed[1][2] = "Tổ chứ ngày hôi"  # typos, still the same task
    assert _imported(session, tmp_path, rows=fixed).updated == 1
    assert _status(session)["DEMO-2"] == ("Tổ chứ ngày hôi", "done")


def test_a_header_only_file_archives_nothing(session, tmp_path):  # noqa: F811
    _imported(session, tmp_path)
    result = import_plans(session, [write_plan(tmp_path, rows=[])])
    msgs = [str(e) for e in result.errors]
    assert not result.ok and any("4" in m and "lưu trữ" in m and "--accept-changes" in m for m in msgs), msgs
    session.rollback()
    assert len(list_tasks(session)) == 4


def test_archiving_more_than_a_few_tasks_is_refused(session, tmp_path):  # noqa: F811
    many = [["Quý I", str(i), f"Nhiệm vụ số {i} về chuyển đổi số", "Sở KH&CN", "Thường xuyên", "", ""]
            for i in range(1, 41)]
    _imported(session, tmp_path, rows=many)
    assert _imported(session, tmp_path, rows=many[:-4]).archived == 4  # 4 of 40: a few
    result = import_plans(session, [write_plan(tmp_path, rows=many[:30])])
    assert not result.ok and any("6" in str(e) and "DEMO-31" in str(e) for e in result.errors), result.issues
    session.rollback()
    assert _imported(session, tmp_path, rows=many[:30], accept_changes=True).archived == 6


def test_archived_tasks_and_closed_shares_are_never_deleted(session, tmp_path):  # noqa: F811
    _imported(session, tmp_path)
    a = _done(session, "DEMO-4")
    assert _imported(session, tmp_path, rows=ROWS[:3]).archived == 1
    t4 = session.exec(select(Task).where(Task.code == "DEMO-4")).one()
    assert t4.archived and session.get(Assignment, a.id).role == "lead"
    assert [r["code"] for r in list_tasks(session)] == ["DEMO-1", "DEMO-2", "DEMO-3"]
    _imported(session, tmp_path)  # back in the file: back in the list, with its status
    assert _status(session)["DEMO-4"] == ("Chuyển đổi nền tảng", "done")


def test_cli_refuses_then_accepts_changes(env, tmp_path):  # noqa: F811
    runner = CliRunner()
    path = write_plan(env)
    assert runner.invoke(app_(), ["import", str(path)]).exit_code == 0
    write_plan(env, rows=[])
    r = runner.invoke(app_(), ["import", str(path)])
    assert r.exit_code == 1 and "--accept-changes" in r.output and "Traceback" not in r.output, r.output
    r = runner.invoke(app_(), ["import", "--accept-changes", str(path)])
    assert r.exit_code == 0 and "4 lưu trữ" in r.output, r.output


def app_():
    from bot.cli.app import app

    return app
