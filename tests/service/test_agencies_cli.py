"""`nhacviec agencies merge|rename|dissolve|list` and `contacts --agency` on a real database."""
from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.cli.app import app
from bot.store.models import Agency, Assignment, Reminder, Task
from tests.conftest import TZ
from tests.service.helpers import add_contact, seed

pytestmark = pytest.mark.store
runner = CliRunner()
NOW = datetime(2025, 6, 16, 9, 0, tzinfo=TZ)


@pytest.fixture
def env(engine, db_url, monkeypatch):
    seed(engine)
    monkeypatch.setenv("DATABASE_URL", db_url)
    return engine


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_merge_dry_run_then_run_then_again(env):
    add_contact(env, "telegram", "100", "focal", "Sở Y tế", NOW)
    dry = invoke("agencies", "merge", "so y te", "--into", "Sở Y tế và Dân số", "--on", "01/07/2025", "--dry-run",
                 "--json")
    assert dry.exit_code == 0, dry.output
    data = json.loads(dry.stdout)
    assert data["create"] and data["dry_run"] and sorted(t["code"] for t in data["tasks"]) == ["DEMO-1", "DEMO-2", "DEMO-4"]
    with Session(env) as s:
        assert s.exec(select(Agency).where(Agency.name == "Sở Y tế và Dân số")).first() is None
        assert s.exec(select(Reminder)).all() == []
    run = invoke("agencies", "merge", "Sở Y tế", "--into", "Sở Y tế và Dân số", "--on", "2025-07-01",
                 "--note", "ví dụ kiểm thử")
    assert run.exit_code == 0 and "Đã thực hiện" in run.stdout and "3 việc chưa xong" in run.stdout
    again = invoke("agencies", "merge", "Sở Y tế", "--into", "Sở Y tế và Dân số", "--on", "2025-07-01")
    assert again.exit_code == 0 and "Không có gì thay đổi" in again.stdout
    with Session(env) as s:
        new = s.exec(select(Agency).where(Agency.name == "Sở Y tế và Dân số")).one()
        assert {a.agency_id for a in s.exec(select(Assignment).join(Task).where(Task.code == "DEMO-1"))} == {new.id}
        assert [r.key.split(":")[0] for r in s.exec(select(Reminder))] == ["reorg"]
    listed = json.loads(invoke("agencies", "list", "--json").stdout)
    old = next(r for r in listed if r["name"] == "Sở Y tế")
    new = next(r for r in listed if r["name"] == "Sở Y tế và Dân số")
    assert (old["successor"], old["since"], old["open_tasks"]) == ("Sở Y tế và Dân số", "2025-07-01", 0)
    assert (new["contacts"], new["open_tasks"]) == (1, 3)
    people = invoke("contacts", "--agency", "Sở Y tế và Dân số")
    assert "telegram:100" in people.stdout and "— 1 người dùng" in people.stdout


def test_refusals_say_why_and_write_nothing(env):
    bad = runner.invoke(app, ["agencies", "merge", "Sở Y te x", "--into", "Sở Tài chính", "--on", "01/07/2025"])
    assert bad.exit_code == 2 and "có phải: Sở Y tế" in bad.output
    group = runner.invoke(app, ["agencies", "dissolve", "Sở Y tế", "--on", "01/07/2025"])
    assert group.exit_code == 2 and "không phải là một nhóm" in group.output
    rename = runner.invoke(app, ["agencies", "rename", "Sở Y tế", "Sở Tài chính", "--on", "01/07/2025"])
    assert rename.exit_code == 2 and "dùng nhacviec agencies merge" in rename.output
    with Session(env) as s:
        assert all(a.successor_id is None for a in s.exec(select(Agency)))


def test_dissolve_dry_run_lists_the_members_tasks(env):
    out = invoke("agencies", "dissolve", "UBND huyện, thành phố", "--on", "01/07/2025", "--dry-run", "--json")
    data = json.loads(out.stdout)
    assert data["into"] is None and sorted(data["from"]) == ["Ủy ban nhân dân huyện Kiến Xương",
                                                              "Ủy ban nhân dân huyện Vũ Thư"]
    assert [t["code"] for t in data["tasks"]] == ["DEMO-3", "DEMO-3"]
