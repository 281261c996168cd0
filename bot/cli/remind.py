"""`nhacviec remind`: one dispatch pass, then exit (cron, catching up, checking who gets what).

`--dry-run` opens no channel and needs no token. Otherwise the real channels are built from
the settings: Telegram (`ExtBot` + the channel's tuned `AIORateLimiter`) and Zalo when its
token is set. Tokens are never printed, and httpx's request log (URLs carry the token) is quiet.
"""
from __future__ import annotations

import json
import logging
from contextlib import AsyncExitStack
from datetime import datetime

import typer

from bot.cli.app import app

log = logging.getLogger("nhacviec")
KIND_VI = {"digest": "nhắc việc", "escalation": "báo cáo lãnh đạo", "monthly": "cập nhật tháng",
           "orphan": "cơ quan chưa có đầu mối", "blocked": "báo đầu mối chặn bot",
           "fault": "báo lỗi dữ liệu"}


async def open_channels(settings, stack: AsyncExitStack) -> dict:
    """The channels whose tokens are set; closed by `stack`."""
    channels: dict = {}
    if settings.telegram_bot_token:
        from bot.channels.telegram import TelegramChannel, sending_bot

        bot = sending_bot(settings.telegram_bot_token.get_secret_value(), settings.telegram_base_url)
        await stack.enter_async_context(bot)
        channels["telegram"] = TelegramChannel(bot)
    if settings.zalo_bot_token:
        from bot.channels.zalo import ZaloChannel
        from bot.channels.zalo_api import ZaloBotAPI

        api = ZaloBotAPI(settings.zalo_bot_token.get_secret_value(), settings.zalo_base_url)
        stack.push_async_callback(api.aclose)
        channels["zalo"] = ZaloChannel(api, settings.zalo_send_rate)
    return channels


def parse_now(text: str | None, zone) -> datetime | None:
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise typer.BadParameter(f"Không hiểu thời điểm {text!r}: viết dạng 2025-06-30T09:00") from None
    return when if when.tzinfo else when.replace(tzinfo=zone)


async def remind(core, now: datetime | None, dry_run: bool):
    from bot.app import channel_caps
    from bot.service.reminders.dispatch import tick

    async with AsyncExitStack() as stack:
        channels = {} if dry_run else await open_channels(core.settings, stack)
        if not dry_run and not channels:
            log.warning("Chưa đặt TELEGRAM_BOT_TOKEN hay ZALO_BOT_TOKEN: không gửi được tin nào.")
        caps = channel_caps() if dry_run else None
        return await tick(core, channels, now or core.clock(), dry_run=dry_run, caps=caps)


def _line(rec: dict) -> str:
    who = rec.get("name") or f"{rec['platform']}:{rec['chat_id']}"
    where = f" — {rec['agency']}" if rec.get("agency") else ""
    codes = rec.get("codes") or []
    shown = ", ".join(codes[:8]) + (" …" if len(codes) > 8 else "")
    return f"  {who}{where} [{rec['platform']} {rec['chat_id']}] {KIND_VI.get(rec['kind'], rec['kind'])}" + (
        f": {len(codes)} việc ({shown})" if codes else "")


@app.command("remind")
def remind_cmd(
    now: str | None = typer.Option(None, "--now", help="Thời điểm giả định, ISO 8601 (mặc định: bây giờ)"),
    dry_run: bool = typer.Option(False, "--dry-run", help="Chỉ liệt kê ai sẽ nhận gì; không gửi, không ghi"),
    as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON"),
) -> None:
    """Chạy một lượt nhắc việc rồi thoát (cho cron, hoặc gửi bù)."""
    import asyncio

    from bot.app import build_core, configure_logging

    configure_logging(logging.WARNING if as_json else logging.INFO)
    core = build_core()
    report = asyncio.run(remind(core, parse_now(now, core.settings.zone), dry_run))
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    from bot.service.texts import vn_time_date

    when = vn_time_date(report.now.astimezone(core.settings.zone))
    if dry_run:
        typer.echo(f"Lượt nhắc lúc {when} (chạy thử, không gửi): {len(report.would_send)} tin.")
        for rec in report.would_send:
            typer.echo(_line(rec))
        return
    typer.echo(f"Lượt nhắc lúc {when}: đã gửi {report.messages} tin, giữ lại {len(report.deferred)} tin để gửi lại, "
               f"{len(report.failed)} tin bị từ chối, {len(report.blocked)} đầu mối đã chặn bot.")
    for rec in report.sent:
        typer.echo(_line(rec))
    for rec in report.deferred + report.failed:
        typer.echo(_line(rec) + f" — lỗi: {rec.get('error', '')}")
    if report.no_channel:
        typer.echo(f"{len(report.no_channel)} người nhận dùng kênh chưa bật: để lượt sau.")
