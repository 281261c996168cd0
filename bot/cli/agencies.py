"""`nhacviec agencies list | merge | rename | dissolve`: the registry and its reorganisations."""
from __future__ import annotations

import json
import re
from datetime import date

import typer

from bot.cli.app import app

agencies_app = typer.Typer(help="Danh mục cơ quan và việc sắp xếp (sáp nhập, đổi tên, giải thể).", no_args_is_help=True)
app.add_typer(agencies_app, name="agencies")

_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def read_date(text: str) -> date:
    m = _DMY.match(text)
    try:
        return date(int(m[3]), int(m[2]), int(m[1])) if m else date.fromisoformat(text.strip())
    except ValueError:
        raise typer.BadParameter(f"Ngày không hợp lệ: {text} (ví dụ 01/07/2025 hoặc 2025-07-01)") from None


def _run(build, *, dry_run: bool, as_json: bool, note: str) -> None:
    from bot.app import build_core
    from bot.service import reorg
    from bot.service.texts import vn_date
    from bot.store import session_scope

    core = build_core()
    today = core.clock().date()
    try:
        with session_scope(core.engine) as s:
            plan = build(s, today)
            if not dry_run:
                reorg.apply(s, plan, core.clock(), note)
            out = plan.to_dict()
    except reorg.ReorgError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(dict(out, dry_run=dry_run), ensure_ascii=False, indent=1))
        return
    if out["noop"]:
        typer.echo("Không có gì thay đổi: việc sắp xếp này đã được thực hiện.")
        return
    head = "Sẽ thực hiện (chạy thử, chưa ghi gì)" if dry_run else "Đã thực hiện"
    into = out["into"] or "chưa có cơ quan tiếp nhận"
    typer.echo(f"{head}: từ ngày {vn_date(plan.on)}, {', '.join(out['from'])} → {into}"
               + (" (tạo mới)" if out["create"] else ""))
    typer.echo(f"• {len(out['tasks'])} việc chưa xong chuyển sang {into}: "
               + (", ".join(f"{t['code']} ({t['from']})" for t in out["tasks"]) or "không có"))
    typer.echo(f"• {len(out['contacts'])} đầu mối " + ("chuyển sang " + into if plan.into else "được báo")
               + (": " + ", ".join(c["name"] or str(c["id"]) for c in out["contacts"]) if out["contacts"] else ""))
    typer.echo(f"• {out['finished_kept']} việc đã xong giữ nguyên tên cơ quan cũ")


@agencies_app.command("merge")
def merge_cmd(olds: list[str] = typer.Argument(..., help="Cơ quan bị sáp nhập"),
              into: str = typer.Option(..., "--into", help="Cơ quan tiếp nhận (tạo mới nếu chưa có)"),
              on: str = typer.Option(..., "--on", help="Ngày hiệu lực, ví dụ 01/07/2025"),
              note: str = typer.Option("", "--note", help="Căn cứ: số, ngày văn bản"),
              dry_run: bool = typer.Option(False, "--dry-run"), as_json: bool = typer.Option(False, "--json")) -> None:
    """Sáp nhập OLD … vào NEW từ một ngày: việc chưa xong và đầu mối chuyển sang NEW."""
    from bot.service import reorg

    day = read_date(on)
    _run(lambda s, today: reorg.plan_merge(s, olds, into, day, today), dry_run=dry_run, as_json=as_json, note=note)


@agencies_app.command("rename")
def rename_cmd(old: str = typer.Argument(...), new: str = typer.Argument(...),
               on: str = typer.Option(..., "--on"), note: str = typer.Option("", "--note"),
               dry_run: bool = typer.Option(False, "--dry-run"), as_json: bool = typer.Option(False, "--json")) -> None:
    """Đổi tên OLD thành NEW từ một ngày."""
    from bot.domain import ReorgKind
    from bot.service import reorg

    day = read_date(on)
    _run(lambda s, today: reorg.plan_merge(s, [old], new, day, today, kind=ReorgKind.RENAME),
         dry_run=dry_run, as_json=as_json, note=note)


@agencies_app.command("dissolve")
def dissolve_cmd(group: str = typer.Argument(..., help="Nhóm cơ quan bị giải thể (ví dụ UBND huyện, thành phố)"),
                 on: str = typer.Option(..., "--on"),
                 into: str | None = typer.Option(None, "--into", help="Cơ quan hoặc nhóm tiếp nhận (nếu đã có)"),
                 note: str = typer.Option("", "--note"),
                 dry_run: bool = typer.Option(False, "--dry-run"), as_json: bool = typer.Option(False, "--json")) -> None:
    """Giải thể một nhóm: việc chưa xong của các thành viên chuyển cho --into, hoặc chờ cơ quan tiếp nhận."""
    from bot.service import reorg

    day = read_date(on)
    _run(lambda s, today: reorg.plan_dissolve(s, group, day, today, into), dry_run=dry_run, as_json=as_json,
         note=note)


@agencies_app.command("list")
def list_cmd(as_json: bool = typer.Option(False, "--json")) -> None:
    """Danh mục: tên, bí danh, thành viên nhóm, cơ quan kế nhiệm, số đầu mối và việc chưa xong."""
    from bot.app import build_core
    from bot.service import reorg
    from bot.service.texts import vn_date
    from bot.store import session_scope

    core = build_core()
    with session_scope(core.engine) as s:
        rows = reorg.agency_list(s)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for r in rows:
        extra = []
        if r["successor"]:
            extra.append(f"→ {r['successor']}" + (f" từ {vn_date(date.fromisoformat(r['since']))}" if r["since"] else ""))
        if r["waiting"]:
            extra.append("giải thể, chưa có cơ quan tiếp nhận")
        if r["members"]:
            extra.append(f"{len(r['members'])} thành viên")
        typer.echo(f"{r['name']}{' [nhóm]' if r['group'] else ''} · {r['contacts']} đầu mối · {r['open_tasks']} việc "
                   f"chưa xong{' · ' + '; '.join(extra) if extra else ''}")
        if r["aliases"]:
            typer.echo(f"    bí danh: {' | '.join(r['aliases'])}")
    typer.echo(f"— {len(rows)} cơ quan")
