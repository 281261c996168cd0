"""`nhacviec run`: the bot (Telegram and/or Zalo, else a console chat) and its scheduler."""
from __future__ import annotations


import typer

from bot.cli.app import app


@app.command("run")
def run_cmd() -> None:
    """Chạy bot. Lần đầu tự nhập data/plans. Không có token: trò chuyện ngay trên máy."""
    import asyncio

    from bot.app import build_core, configure_logging, ensure_seeded

    configure_logging()
    core = build_core()
    seeded = ensure_seeded(core)
    if seeded is not None:
        for issue in seeded.issues:
            typer.echo(str(issue), err=True)
        if seeded.ok:
            typer.echo(f"Đã nhập kế hoạch mẫu: {', '.join(seeded.plans)} ({seeded.created} việc).")
    from bot.runner import serve

    try:
        asyncio.run(serve(core))
    except KeyboardInterrupt:
        pass
