"""`nhacviec import` and `nhacviec tasks` as a secretariat runs them."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from bot.cli.app import app
from tests.conftest import DATA

pytestmark = pytest.mark.store
runner = CliRunner()


@pytest.fixture
def env(engine, db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    return engine


def test_import_then_tasks_json_table_and_filters(env, tmp_path):
    r = runner.invoke(app, ["import", str(DATA / "plans")])
    assert r.exit_code == 0 and "183 việc mới" in r.output, r.output
    r = runner.invoke(app, ["import", str(DATA / "plans")])
    assert "183 không đổi" in r.output
    everything = json.loads(runner.invoke(app, ["tasks", "--json"]).stdout)
    assert len(everything) == 183
    mine = json.loads(runner.invoke(app, ["tasks", "--json", "--agency", "so y te"]).stdout)
    assert mine and all("Sở Y tế" in t["assignees"] for t in mine)
    early = json.loads(runner.invoke(app, ["tasks", "--json", "--due-before", "2025-05-01"]).stdout)
    assert early and all(t["due"] < "2025-05-01" for t in early)
    assert {t["status"] for t in json.loads(runner.invoke(app, ["tasks", "--json", "--status", "open"]).stdout)} == {"open"}
    table = runner.invoke(app, ["tasks", "--agency", "Sở Y tế"]).output
    assert "TB25-" in table and f"— {len(mine)} việc" in table
    r = runner.invoke(app, ["tasks", "--due-before", "30/6"])
    assert r.exit_code == 2 and "YYYY-MM-DD" in r.output
    r = runner.invoke(app, ["tasks", "--agency", "Sở Y tê xyz"])
    assert r.exit_code == 2 and "Không có cơ quan" in r.output


def test_import_with_errors_exits_non_zero_and_writes_nothing(env, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("TT,Nội dung công việc,Cơ quan thực hiện,Thời gian hoàn thành\n1,Việc,Sở Không Tồn Tại,Tháng 6/2025\n",
                   encoding="utf-8")
    r = runner.invoke(app, ["import", str(bad)])
    assert r.exit_code == 1 and "bad.csv:2 [Cơ quan thực hiện]" in r.output and "Không nhập" in r.output
    assert json.loads(runner.invoke(app, ["tasks", "--json"]).stdout) == []
