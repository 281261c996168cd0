"""`nhacviec deadline`: plain lines, JSON, exit code 1 on an unreadable text."""
from __future__ import annotations

import json

from typer.testing import CliRunner

import bot.cli.deadline  # noqa: F401 — registers the command even if the package import is partial
from bot.cli.app import app

runner = CliRunner()


def _run(*args: str):
    # With a single registered command Typer runs it without its name; with several it needs it.
    name = ["deadline"] if len(app.registered_commands) + len(app.registered_groups) > 1 else []
    return runner.invoke(app, [*name, *args])


def test_plain_lines():
    result = _run("Quý II/2025", "Thường xuyên", "Tháng 11 của năm trước", "--year", "2025")
    assert result.exit_code == 0, result.output
    out = result.output
    assert '"Quý II/2025"' in out and "30/06/2025" in out and "có hạn (date)" in out
    assert "không (việc thường xuyên)" in out and "hằng năm" in out and "30/11/2025" in out


def test_warnings_are_printed():
    result = _run("Năm 2027 (2025-2026)")
    assert result.exit_code == 0
    assert "Lưu ý" in result.output and "2025-2026" in result.output and "01/01/2025" in result.output


def test_json():
    result = _run("Quý II/2025", "2026-2027", "Hằng quý", "Khi có hướng dẫn của Bộ", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0] == {"text": "Quý II/2025", "kind": "date", "due": "2025-06-30", "start": None,
                       "recurrence": None, "warnings": []}
    assert (rows[1]["start"], rows[1]["due"]) == ("2026-01-01", "2027-12-31")
    assert (rows[2]["kind"], rows[2]["recurrence"], rows[2]["due"]) == ("recurring", "quarterly", None)
    assert rows[3]["kind"] == "event"


def test_unreadable_text_fails_with_exit_code_1():
    result = _run("Tháng 6/2025", "abc", "--json")
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert rows[0]["due"] == "2025-06-30"
    assert set(rows[1]) == {"text", "error"} and rows[1]["text"] == "abc" and "Tháng 6/2025" in rows[1]["error"]
    plain = _run("Tháng 13/2025")
    assert plain.exit_code == 1 and "Lỗi" in plain.output and "không có tháng 13" in plain.output


def test_year_is_needed_for_a_month_without_one():
    assert _run("Tháng 6").exit_code == 1
    with_year = _run("Tháng 6", "--year", "2026", "--json")
    assert json.loads(with_year.stdout)[0]["due"] == "2026-06-30"


def test_every_cadence_is_named_in_vietnamese():
    """"Hằng tuần" printed "Chu kỳ: weekly"; every cadence the chat names, the command names too."""
    from bot.cli.deadline import RECURRENCE_VI
    from bot.service.texts import RECURRENCE

    result = _run("Hằng tuần")
    assert result.exit_code == 0, result.output
    assert "Chu kỳ:     hằng tuần" in result.output and "weekly" not in result.output
    assert set(RECURRENCE) <= set(RECURRENCE_VI)
