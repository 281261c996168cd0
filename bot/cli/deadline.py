"""`nhacviec deadline "Quý II/2025" "Thường xuyên" --year 2025`: how the bot reads completion times.

The secretariat runs it before importing a plan, to see each "Thời gian hoàn thành" the way the
reminders will use it (and to fix what it cannot read); `--json` is for scripts. Exit code 1 when
any text is unreadable. Needs nothing from the app: parsing is pure.
"""
from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

import typer

from bot.cli.app import app

if TYPE_CHECKING:
    from schedules.deadlines import Deadline

KIND_VI = {"date": "có hạn", "recurring": "định kỳ / thường xuyên", "event": "theo sự kiện"}
RECURRENCE_VI = {"weekly": "hằng tuần", "monthly": "hằng tháng", "quarterly": "hằng quý", "semiannual": "6 tháng một lần",
                 "yearly": "hằng năm", None: "không (việc thường xuyên)"}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _vn(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "—"


def as_dict(d: Deadline) -> dict[str, object]:
    return {"text": d.text, "kind": d.kind, "due": _iso(d.due), "start": _iso(d.start),
            "recurrence": d.recurrence, "warnings": list(d.warnings)}


def _lines(d: Deadline) -> list[str]:
    lines = [f'"{d.text}"', f"  Loại:       {KIND_VI[d.kind]} ({d.kind})", f"  Hạn:        {_vn(d.due)}",
             f"  Bắt đầu:    {_vn(d.start)}"]
    if d.kind == "recurring":
        lines.append(f"  Chu kỳ:     {RECURRENCE_VI.get(d.recurrence, d.recurrence)}")
    lines += [f"  Lưu ý:      {w}" for w in d.warnings]
    return lines


@app.command("deadline")
def deadline_cmd(
    texts: list[str] = typer.Argument(..., help='Các thời hạn, ví dụ "Quý II/2025" "Thường xuyên"'),
    year: int | None = typer.Option(None, "--year", help="Năm của kế hoạch, cho thời hạn không ghi năm"),
    as_json: bool = typer.Option(False, "--json", help="In dạng JSON"),
) -> None:
    """Cho biết bot hiểu mỗi thời hạn hoàn thành thế nào (loại, hạn, bắt đầu, chu kỳ, lưu ý)."""
    from schedules.deadlines import DeadlineError, parse_deadline

    results: list[dict[str, object]] = []
    failed = False
    for text in texts:
        try:
            d = parse_deadline(text, year)
        except DeadlineError as exc:
            failed = True
            results.append({"text": text, "error": str(exc)})
            if not as_json:
                typer.echo(f'"{text}"\n  Lỗi:        {exc}')
            continue
        results.append(as_dict(d))
        if not as_json:
            typer.echo("\n".join(_lines(d)))
    if as_json:
        typer.echo(json.dumps(results, ensure_ascii=False, indent=2))
    if failed:
        raise typer.Exit(code=1)
