"""`nhacviec run`: every enabled channel and the reminder scheduler in one event loop.

Telegram when TELEGRAM_BOT_TOKEN is set (long polling, or a webhook when WEBHOOK_URL is
set), Zalo when ZALO_BOT_TOKEN is set, both side by side; with neither, the console chat.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import signal

from bot.app import Core, build_conversation
from bot.domain import Platform
from bot.service.onboarding import become
from bot.store import session_scope

log = logging.getLogger("nhacviec")


async def serve(core: Core, *, stdin=None, stdout=None, stop: asyncio.Event | None = None) -> None:
    """Run until SIGINT/SIGTERM (or `stop` is set); the console chat ends at end of input."""
    settings = core.settings
    conv = build_conversation(core)
    channels: dict = {}
    stoppers: list = []
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)

    scheduler = None
    try:
        if settings.telegram_bot_token:
            from bot.channels.telegram import build_application, start_application

            app = build_application(settings.telegram_bot_token.get_secret_value(), settings.telegram_base_url, conv.handle)
            # no secret configured: a fresh one per run, so the webhook never accepts strangers
            secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else secrets.token_urlsafe(32)
            await start_application(app, webhook_url=settings.webhook_url, listen=settings.webhook_listen,
                                    port=settings.webhook_port, secret_token=secret)
            from bot.channels.telegram import TelegramChannel

            channels["telegram"] = TelegramChannel(app.bot, background=True)  # passes yield to replies
            stoppers.append(app)
            log.info("Telegram: đang chạy (%s)", "webhook" if settings.webhook_url else "long polling")

        if settings.zalo_bot_token:
            from bot.channels.zalo import start_zalo

            zalo = await start_zalo(core, conv.handle)
            channels["zalo"] = zalo.channel
            stoppers.append(zalo)
            log.info("Zalo: đang chạy")

        if channels:
            from bot.scheduler import build_scheduler

            scheduler = build_scheduler(core, channels)
            scheduler.start()

        if channels:
            await stop.wait()
        else:
            from bot.channels.console import run_console

            from bot.service import texts

            def switch(who: str) -> str:
                try:
                    with session_scope(core.engine) as s:
                        return become(s, Platform.CONSOLE, "local", who, core.clock())
                except ValueError as exc:
                    return texts.CONSOLE_UNCHANGED.format(error=exc)

            await run_console(conv.handle, switch, stdin=stdin, out=stdout)
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)
        for s in reversed(stoppers):
            if hasattr(s, "updater"):
                from bot.channels.telegram import stop_application

                await stop_application(s)
            else:
                await s.stop()
