"""`nhacviec invite`, `nhacviec contacts`, `nhacviec revoke`: the secretariat's onboarding."""
from __future__ import annotations

import json

import typer

from bot.cli.app import app


def telegram_link(username: str | None, code: str, group: bool = False) -> str:
    from bot.service import texts

    return texts.telegram_link(username, code, group)


def bot_username(settings) -> str | None:
    """Ask Telegram (getMe) for the bot's username, for the deep link; None if unreachable."""
    if settings.telegram_bot_token is None:
        return None
    import asyncio

    from telegram import Bot
    from telegram.error import TelegramError
    from telegram.request import HTTPXRequest

    async def ask() -> str:
        bot = Bot(settings.telegram_bot_token.get_secret_value(), base_url=settings.telegram_base_url,
                  request=HTTPXRequest(connect_timeout=5, read_timeout=5))
        async with bot:
            return bot.username

    try:
        return asyncio.run(ask())
    except (TelegramError, OSError):
        typer.echo("(Không hỏi được tên bot từ Telegram; đường dẫn dùng <tên_bot>.)", err=True)
        return None


def zalo_hint(code: str) -> str:
    from bot.service import texts

    return texts.ZALO_HINT.format(code=code)


@app.command("invite")
def invite_cmd(
    agency: str | None = typer.Argument(None, help="Cơ quan (tên hoặc tên viết tắt); bỏ trống cho lead/secretariat"),
    role: str = typer.Option("focal", "--role", help="focal | lead | secretariat"),
    as_json: bool = typer.Option(False, "--json"),
    group: bool = typer.Option(False, "--group", help="Mã cho một nhóm chat của cơ quan (gửi /start MÃ trong nhóm)"),
    username: str | None = typer.Option(None, "--bot-username", envvar="TELEGRAM_BOT_USERNAME",
                                            help="Tên bot Telegram (không có @) để tạo đường dẫn"),
) -> None:
    """Tạo mã mời dùng một lần (7 ngày) cho đầu mối, lãnh đạo hoặc thư ký."""
    from bot.app import build_core
    from bot.service.onboarding import OnboardingError, create_invite
    from bot.service.texts import INVITE_FOR_GROUP
    from bot.service.texts import ROLE as ROLE_VI
    from bot.service.texts import vn_datetime
    from bot.store import session_scope

    core = build_core()
    try:
        with session_scope(core.engine) as s:
            inv = create_invite(s, agency, role, core.clock(), for_group=group)
    except OnboardingError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    link = telegram_link(username or bot_username(core.settings), inv.code, inv.for_group)
    if as_json:
        typer.echo(json.dumps({"code": inv.code, "agency": inv.agency, "role": inv.role,
                               "expires_at": inv.expires_at.isoformat(), "for_group": inv.for_group, "telegram_link": link,
                               "zalo_hint": zalo_hint(inv.code)}, ensure_ascii=False))
        return
    where = f", {INVITE_FOR_GROUP}" if inv.for_group else ""
    typer.echo(f"Mã mời: {inv.code}  ({ROLE_VI[inv.role]}{' — ' + inv.agency if inv.agency else ''}{where})")
    typer.echo(f"Hết hạn: {vn_datetime(inv.expires_at)}")
    typer.echo(f"Telegram: {link}")
    typer.echo(zalo_hint(inv.code))


@app.command("contacts")
def contacts_cmd(as_json: bool = typer.Option(False, "--json"),
                 agency: str | None = typer.Option(None, "--agency", help="Chỉ người của một cơ quan")) -> None:
    """Danh sách người dùng đã đăng ký (đầu mối, lãnh đạo, thư ký)."""
    from bot.agencies import Registry, UnknownAgency
    from bot.app import build_core
    from bot.clock import to_local
    from bot.service.onboarding import list_contacts
    from bot.service.texts import ROLE as ROLE_VI
    from bot.store import session_scope

    core = build_core()
    with session_scope(core.engine) as s:
        rows = list_contacts(s)
        if agency:
            try:
                target = Registry.load(s).resolve(agency)
            except UnknownAgency as exc:
                typer.echo(str(exc), err=True)
                raise typer.Exit(2) from None
            rows = [(c, a) for c, a in rows if a is not None and a.id == target.id]
    data = [{"id": c.id, "platform": c.platform, "user_id": c.user_id, "display_name": c.display_name,
             "agency": a.name if a else None, "role": c.role, "active": c.active,
             "since": to_local(c.created_at, core.settings.zone).isoformat()} for c, a in rows]
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    for d in data:
        flag = "" if d["active"] else " (đã thu hồi)"
        typer.echo(f"{d['id']:>4} {d['platform']}:{d['user_id']:<14} {ROLE_VI[d['role']]:<18} "
                   f"{d['agency'] or '—'} · {d['display_name']}{flag}")
    typer.echo(f"— {len(data)} người dùng")


@app.command("revoke")
def revoke_cmd(ref: str = typer.Argument(..., help="Số thứ tự (cột đầu của `contacts`) hoặc platform:user_id")) -> None:
    """Thu hồi quyền của một người dùng (không xóa lịch sử)."""
    from bot.app import build_core
    from bot.service.onboarding import OnboardingError, revoke
    from bot.store import session_scope

    core = build_core()
    try:
        with session_scope(core.engine) as s:
            c = revoke(s, ref)
    except OnboardingError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    typer.echo(f"Đã thu hồi {c.platform}:{c.user_id}.")
