"""`nhacviec import` on broken input: a Vietnamese message with file, row and column, exit 1,
never a traceback (issue 12, item 10)."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from bot.cli.app import app
from tests.service.test_import import REGISTRY, ROWS, write_plan

pytestmark = pytest.mark.store
runner = CliRunner()


@pytest.fixture
def env(engine, db_url, tmp_path, monkeypatch):
    """The CLI on the test database, with the small registry of test_import as agencies.csv."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("NHACVIEC_DATA_DIR", str(data))
    lines = ["name,kind,aliases,members,successor,note"]
    for r in REGISTRY:
        cells = [r.name, r.kind, "|".join(r.aliases), "|".join(r.members), r.successor, ""]
        lines.append(",".join(f'"{c}"' for c in cells))
    (data / "agencies.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    plans = tmp_path / "plans"
    plans.mkdir()
    return plans


def _refused(args: list[str], *expected: str) -> str:
    r = runner.invoke(app, ["import", *args])
    assert r.exit_code == 1, (r.exit_code, r.output, r.exception)
    assert isinstance(r.exception, SystemExit), repr(r.exception)  # a typer.Exit, not a crash
    assert "Traceback" not in r.output and "Không nhập" in r.output, r.output
    for text in expected:
        assert text in r.output, (text, r.output)
    assert json.loads(runner.invoke(app, ["tasks", "--json"]).stdout) == []
    return r.output


def test_tt_folding_to_the_same_code(env):
    rows = [r[:] for r in ROWS]
    rows[1][1], rows[2][1] = "3a", "3 a"
    _refused([str(write_plan(env, rows=rows))], "demo.csv:4 [TT]", "dòng 3")


def test_malformed_sidecar_yaml(env):
    path = write_plan(env)
    (env / "demo.yaml").write_text('key: DEMO\ntitle: "Kế hoạch\nyear: 2025: 1\n', encoding="utf-8")
    _refused([str(path)], "demo.yaml", "YAML")


def test_sidecar_yaml_that_is_a_list(env):
    path = write_plan(env)
    (env / "demo.yaml").write_text("- key: DEMO\n- year: 2025\n", encoding="utf-8")
    _refused([str(path)], "demo.yaml", "danh sách")


@pytest.mark.parametrize("year", ['"hai nghìn"', "1899", "20250", "[2025]", "true"])
def test_year_that_is_not_a_year(env, year):
    path = write_plan(env)
    (env / "demo.yaml").write_text(f"key: DEMO\ntitle: t\nyear: {year}\n", encoding="utf-8")
    _refused([str(path)], "demo.yaml [year]", "năm")


def test_issued_on_that_is_not_a_date(env):
    path = write_plan(env)
    (env / "demo.yaml").write_text("key: DEMO\ntitle: t\nyear: 2025\nissued_on: 31/02/2025\n", encoding="utf-8")
    _refused([str(path)], "demo.yaml [issued_on]")


def test_sidecar_yaml_not_utf8(env):
    path = write_plan(env)
    (env / "demo.yaml").write_bytes("key: DEMO\ntitle: Kế hoạch\n".encode("cp1258", errors="replace") + b"\xff\xfe")
    _refused([str(path)], "demo.yaml")
