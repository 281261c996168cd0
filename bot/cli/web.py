"""`nhacviec web-link` and `nhacviec api-token`: the web page's way in for the operator."""
from __future__ import annotations

import json

import typer

from bot.cli.app import app

api_token = typer.Typer(help="Khóa truy cập /api/* (Authorization: Bearer …)", no_args_is_help=True)
app.add_typer(api_token, name="api-token")


def _fail(exc: Exception) -> None:
    typer.echo(str(exc), err=True)
    raise typer.Exit(2) from None


@app.command("web-link")
def web_link_cmd(
    role: str = typer.Option(..., "--role", help="secretariat | lead | focal"),
    agency: str | None = typer.Option(None, "--agency", help="Cơ quan (bắt buộc với focal)"),
    to: str = typer.Option("/", "--to", help="Trang mở sau khi đăng nhập, ví dụ /nhiem-vu/TB25-16"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Đường dẫn đăng nhập trang web, dùng một lần trong 15 phút (cho người chưa có tài khoản chat)."""
    from bot.app import build_core
    from bot.service import texts
    from bot.service.onboarding import OnboardingError
    from bot.service.portal.auth import operator_link, safe_target

    if safe_target(to) != to:  # said, not silently replaced by the overview
        _fail(ValueError(texts.WEB_LINK_BAD_TARGET.format(to=to)))
    core = build_core()
    try:
        link = operator_link(core.engine, role, agency, core.clock(), core.settings.base_url, to)
    except OnboardingError as exc:
        _fail(exc)
    if as_json:
        typer.echo(json.dumps({"url": link.url, "expires_at": link.expires_at.isoformat()}, ensure_ascii=False))
        return
    typer.echo(link.url)
    from bot.service.texts import vn_time_date

    typer.echo(f"Dùng một lần, hết hạn lúc {vn_time_date(link.expires_at)}.")


@api_token.command("create")
def api_token_create(name: str = typer.Option(..., "--name", help="Tên khóa, ví dụ bao-cao-tinh")) -> None:
    """Tạo khóa mới; khóa chỉ in ra một lần (lưu dạng băm)."""
    from bot.app import build_core
    from bot.service.onboarding import OnboardingError
    from bot.service.portal.auth import create_api_token

    core = build_core()
    try:
        token = create_api_token(core.engine, name, core.clock())
    except OnboardingError as exc:
        _fail(exc)
    typer.echo(token)


@api_token.command("revoke")
def api_token_revoke(name: str = typer.Argument(..., help="Tên khóa")) -> None:
    """Thu hồi một khóa."""
    from bot.app import build_core
    from bot.service.onboarding import OnboardingError
    from bot.service.portal.auth import revoke_api_token

    core = build_core()
    try:
        revoke_api_token(core.engine, name, core.clock())
    except OnboardingError as exc:
        _fail(exc)
    typer.echo(f"Đã thu hồi khóa “{name}”.")


@api_token.command("list")
def api_token_list() -> None:
    """Các khóa (tên, ngày tạo, đã thu hồi chưa); không in khóa."""
    from bot.app import build_core
    from bot.service.portal.auth import list_api_tokens

    typer.echo(json.dumps(list_api_tokens(build_core().engine), ensure_ascii=False, indent=1))
