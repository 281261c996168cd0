"""`nhacviec import` and `nhacviec tasks`."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer

from bot.cli.app import app


@app.command("import")
def import_cmd(
    paths: list[Path] = typer.Argument(..., help="Tệp CSV/XLSX hoặc thư mục kế hoạch"),
    accept_changes: bool = typer.Option(
        False, "--accept-changes",
        help="Chấp nhận thay đổi lớn: nội dung việc đã có báo cáo bị đổi, nhiều việc bị lưu trữ"),
) -> None:
    """Nhập kế hoạch (CSV, XLSX). Có lỗi thì không ghi gì và liệt kê từng lỗi."""
    from bot.app import build_core, import_files

    result = import_files(build_core(), paths, accept_changes=accept_changes)
    for issue in result.issues:
        typer.echo(str(issue), err=issue.level == "error")
    if not result.ok:
        typer.echo(f"Không nhập: {len(result.errors)} lỗi. Sửa tệp rồi nhập lại.", err=True)
        raise typer.Exit(1)
    typer.echo(f"Đã nhập {', '.join(result.plans)}: {result.created} việc mới, {result.updated} cập nhật, "
               f"{result.unchanged} không đổi, {result.archived} lưu trữ.")


@app.command("tasks")
def tasks_cmd(
    as_json: bool = typer.Option(False, "--json", help="In JSON (danh sách việc)"),
    agency: str | None = typer.Option(None, "--agency", help="Chỉ việc của cơ quan này"),
    status: str | None = typer.Option(None, "--status", help="open | in_progress | delayed | done"),
    due_before: str | None = typer.Option(None, "--due-before", help="Hạn trước ngày (YYYY-MM-DD)"),
    plan: str | None = typer.Option(None, "--plan", help="Mã kế hoạch, ví dụ TB25"),
) -> None:
    """Danh sách việc; lọc theo cơ quan, trạng thái, hạn."""
    from bot.app import build_core
    from bot.service.tasks import list_tasks
    from bot.store import session_scope

    try:
        before = date.fromisoformat(due_before) if due_before else None
    except ValueError:
        typer.echo(f"Ngày không hợp lệ: {due_before} (viết YYYY-MM-DD)", err=True)
        raise typer.Exit(2) from None
    with session_scope(build_core().engine) as s:
        try:
            rows = list_tasks(s, agency=agency, status=status, due_before=before, plan=plan)
        except LookupError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for r in rows:
        due = r["due"] or r["deadline_text"]
        typer.echo(f"{r['code']:<11} {due:<12} {r['status']:<11} {', '.join(r['lead_agencies'])[:40]:<40} {r['content'][:70]}")
    typer.echo(f"— {len(rows)} việc")
