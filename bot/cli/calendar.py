"""`nhacviec calendar 2026`: the year's days off and worked weekend days, as the bot counts them.

The secretariat runs it after editing `data/calendar.yaml` each year to check the swap days
came out right; `--json` is for scripts.
"""
from __future__ import annotations

import json
from pathlib import Path

import typer

from bot.cli.app import app


def _row(note) -> dict[str, str]:
    from schedules.calendar import WEEKDAYS_VI

    return {
        "date": note.day.isoformat(),
        "weekday": WEEKDAYS_VI[note.day.weekday()],
        "reason": note.reason,
    }


@app.command("calendar")
def calendar_cmd(
    year: int = typer.Argument(..., min=1, max=9999, help="Năm, ví dụ 2026"),
    as_json: bool = typer.Option(False, "--json", help="In dạng JSON"),
    file: Path | None = typer.Option(None, "--file", help="Tệp lịch (mặc định: data/calendar.yaml)"),
) -> None:
    """In các ngày nghỉ (ngoài thứ Bảy, Chủ nhật) và các ngày làm bù của một năm."""
    from bot.calendar_file import CalendarFileError, load_calendar
    from bot.config import Settings  # built here, never at import

    settings = Settings()
    path = file or settings.data_dir / "calendar.yaml"
    hours = (settings.work_morning, settings.work_afternoon)
    try:
        cal = load_calendar(path, settings.tz, hours)
    except CalendarFileError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(code=1) from exc
    notes = cal.days_off(year)
    off = [_row(n) for n in notes if not n.worked]
    work = [_row(n) for n in notes if n.worked]
    if as_json:
        typer.echo(json.dumps({"year": year, "off": off, "work": work}, ensure_ascii=False, indent=2))
        return
    typer.echo(f"Ngày nghỉ năm {year} (ngoài thứ Bảy, Chủ nhật): {len(off)} ngày")
    for r in off:
        typer.echo(f"  {_vn(r['date'])}  {r['weekday']:<9} {r['reason']}")
    typer.echo(f"Ngày làm bù (thứ Bảy, Chủ nhật vẫn làm việc): {len(work)} ngày")
    for r in work:
        typer.echo(f"  {_vn(r['date'])}  {r['weekday']:<9} {r['reason']}")
    if not work:
        typer.echo("  (không có)")


def _vn(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"
