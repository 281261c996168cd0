"""`nhacviec groups [--legacy]`: the group chats that receive reminders, and those registered the
old way that the upgrade converted or set aside (bot.service.groups)."""
from __future__ import annotations

import json

import typer

from bot.cli.app import app


@app.command("groups")
def groups_cmd(legacy: bool = typer.Option(False, "--legacy",
                                           help="Nhóm đăng ký theo cách cũ: nâng cấp đã chuyển đổi hay tạm dừng"),
               as_json: bool = typer.Option(False, "--json")) -> None:
    """Danh sách nhóm chat nhận nhắc việc của các cơ quan."""
    from bot.app import build_core
    from bot.service import groups
    from bot.store import session_scope

    core = build_core()
    zone = core.settings.zone
    with session_scope(core.engine) as s:
        found, old = groups.registered_groups(s, zone), groups.legacy_groups(s, zone)
    if as_json:
        rows = [v.as_dict() for v in old] if legacy else [g.as_dict() for g in found]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    typer.echo(groups.legacy_text(old) if legacy else groups.groups_text(found, old))
