"""`nhacviec db upgrade | current | history`: the schema revision of the database (Alembic).

Every other command already upgrades the database first (build_core → create_schema), so these are
for looking before a deploy and for upgrading explicitly. They build a bare engine from Settings rather
than going through build_core, so `current` reports the database as found, not after an upgrade.
"""
from __future__ import annotations

import typer

from bot.cli.app import app

db_app = typer.Typer(help="Phiên bản lược đồ cơ sở dữ liệu (Alembic).", no_args_is_help=True)
app.add_typer(db_app, name="db")


def _engine():
    from bot.config import Settings
    from bot.store import make_engine

    return make_engine(Settings().database_url)


def _migrate():
    from bot.store import migrate

    return migrate


def _label(revision: str | None) -> str:
    return revision or "chưa có"


@db_app.command("upgrade")
def upgrade_cmd(revision: str = typer.Argument("head", help="Phiên bản đích; mặc định là mới nhất")) -> None:
    """Nâng cơ sở dữ liệu lên phiên bản mới nhất (cơ sở dữ liệu cũ chưa có phiên bản được nhận trước)."""
    migrate = _migrate()
    engine = _engine()
    try:
        before = migrate.current(engine)
        migrate.upgrade(engine, revision)
        after = migrate.current(engine)
    finally:
        engine.dispose()
    if before == after:
        typer.echo(f"Cơ sở dữ liệu đã ở phiên bản {_label(after)}, không cần nâng cấp.")
    else:
        typer.echo(f"Đã nâng cấp cơ sở dữ liệu: {_label(before)} → {_label(after)}.")


@db_app.command("current")
def current_cmd() -> None:
    """Phiên bản hiện tại của cơ sở dữ liệu (không thay đổi gì)."""
    migrate = _migrate()
    engine = _engine()
    try:
        revision = migrate.current(engine)
        has_tables = migrate.has_tables(engine)
    finally:
        engine.dispose()
    head = migrate.head()
    if revision == head:
        typer.echo(f"Phiên bản cơ sở dữ liệu: {revision} (mới nhất).")
    elif revision is not None:
        typer.echo(f"Phiên bản cơ sở dữ liệu: {revision}; mới nhất là {head}: chạy `nhacviec db upgrade`.")
    elif has_tables:
        typer.echo(f"Cơ sở dữ liệu tạo từ trước khi có phiên bản; mới nhất là {head}: chạy `nhacviec db upgrade`.")
    else:
        typer.echo(f"Cơ sở dữ liệu còn trống; mới nhất là {head}: chạy `nhacviec db upgrade`.")


@db_app.command("history")
def history_cmd() -> None:
    """Các phiên bản lược đồ, cũ trước mới sau."""
    migrate = _migrate()
    head = migrate.head()
    for step in migrate.history():
        mark = "  (mới nhất)" if step.revision == head else ""
        typer.echo(f"{step.revision}  {step.message}{mark}")
