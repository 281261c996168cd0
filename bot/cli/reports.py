"""`nhacviec summary` and `nhacviec report`: the lead's figures, on screen and as files."""
from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import NoReturn

import typer

from bot.cli.app import app


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(2)


def _as_of_now(text: str | None, core) -> date:
    """`--now` is an ISO 8601 instant (a bare date or a naive time means local time)."""
    zone = core.settings.zone
    if text is None:
        return core.clock().astimezone(zone).date()
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        _fail(f"Thời điểm không hợp lệ: {text} (viết theo ISO 8601, ví dụ 2025-06-16T09:00)")
    return (when if when.tzinfo else when.replace(tzinfo=zone)).astimezone(zone).date()


@app.command("summary")
def summary_cmd(
    now: str | None = typer.Option(None, "--now", help="Tính đến thời điểm này (ISO 8601), mặc định là bây giờ"),
    agency: str | None = typer.Option(None, "--agency", help="Chỉ các việc do cơ quan (hoặc nhóm) này chủ trì"),
    plan: str | None = typer.Option(None, "--plan", help="Mã kế hoạch, ví dụ TB25"),
    as_json: bool = typer.Option(False, "--json", help="In JSON (bốn nhóm, theo cơ quan, sắp đến hạn)"),
) -> None:
    """Tình hình thực hiện: bốn nhóm đúng hạn/quá hạn, cơ quan chậm nhất, việc sắp đến hạn."""
    from bot.app import build_core
    from bot.render import to_plain
    from bot.service.reports.summary import summarize
    from bot.service.reports.summary_text import summary_text
    from bot.service.reports.summary_json import summary_dict
    from bot.store import session_scope

    core = build_core()
    as_of = _as_of_now(now, core)
    with session_scope(core.engine) as s:
        try:
            summary = summarize(s, as_of, core.settings.zone, plan=plan, agency=agency)
        except LookupError as exc:
            _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(summary_dict(summary), ensure_ascii=False, indent=1))
        return
    typer.echo(to_plain(summary_text(summary)))


@app.command("report")
def report_cmd(
    as_of: str | None = typer.Option(None, "--as-of", help="Số liệu đến hết ngày (YYYY-MM-DD), mặc định hôm nay"),
    plan: str | None = typer.Option(None, "--plan", help="Mã kế hoạch, ví dụ TB25"),
    xlsx: Path | None = typer.Option(None, "--xlsx", help="Ghi bảng tính Excel vào tệp này"),
    docx: Path | None = typer.Option(None, "--docx", help="Ghi báo cáo tháng (Word) vào tệp này"),
    png: Path | None = typer.Option(None, "--png", help="Ghi biểu đồ (PNG) vào tệp này"),
) -> None:
    """Xuất báo cáo: Excel, biểu đồ, báo cáo tháng. Không chỉ tệp nào thì ghi cả ba vào ./out/."""
    from bot.app import build_core
    from bot.service.reports.files import default_paths, write_reports
    from bot.service.texts import vn_date
    from bot.store import session_scope

    core = build_core()
    if as_of is None:
        day = core.clock().astimezone(core.settings.zone).date()
    else:
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            _fail(f"Ngày không hợp lệ: {as_of} (viết YYYY-MM-DD)")
    wanted = {k: v for k, v in {"xlsx": xlsx, "png": png, "docx": docx}.items() if v is not None}
    paths = wanted or default_paths(Path("out"), day, plan)
    with session_scope(core.engine) as s:
        try:
            summary, written = write_reports(s, day, core.settings.zone, paths, plan=plan)
        except LookupError as exc:
            _fail(str(exc))
    typer.echo(f"Số liệu đến hết ngày {vn_date(day)}: {summary.dated} nhiệm vụ có thời hạn, "
               f"{len(summary.overdue)} quá hạn.")
    for path in written:
        typer.echo(f"Đã ghi {path}")
