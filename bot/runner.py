"""`nhacviec run`: every enabled channel and the reminder scheduler in one event loop.

Telegram when TELEGRAM_BOT_TOKEN is set (long polling, or a webhook when WEBHOOK_URL is
set), Zalo when ZALO_BOT_TOKEN is set, both side by side; with neither, the console chat —
with the scheduler too, the console being the channel of its one contact, so a newcomer sees
the reminders (the point of the bot) arrive as they would on Zalo. Once started, it prints
what runs and where (`running_lines`).
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import signal
import sys
from pathlib import Path

from bot.app import Core, build_conversation
from bot.channels.startup import Sleep, Startup, telegram_fatal, telegram_temporary, zalo_fatal, zalo_temporary
from bot.domain import Platform
from bot.service.inbox import StoredInbox
from bot.service.onboarding import become
from bot.store import session_scope

log = logging.getLogger("nhacviec")


async def _up_telegram(settings, conv, inbox, startup: Startup, channels: dict, stoppers: list, joined) -> None:
    from bot.channels.telegram import TelegramChannel, build_application, start_application

    token = settings.telegram_bot_token.get_secret_value()
    app = build_application(token, settings.telegram_base_url, conv.handle, base_file_url=settings.file_url, inbox=inbox)
    # no secret configured: a fresh one per run, so the webhook never accepts strangers
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else secrets.token_urlsafe(32)

    async def start():
        await start_application(app, webhook_url=settings.webhook_url, listen=settings.webhook_listen,
                                port=settings.webhook_port, secret_token=secret)
        return app

    def on_up(app) -> None:
        channels["telegram"] = TelegramChannel(app.bot, background=True)  # passes yield to replies
        stoppers.append(app)
        log.info("Telegram: đang chạy (%s)", "webhook" if settings.webhook_url else "long polling")
        joined()

    await startup.up("Telegram", start, on_up, temporary=telegram_temporary, fatal=telegram_fatal, secret=token)


async def _up_zalo(core: Core, conv, inbox, startup: Startup, channels: dict, stoppers: list, joined) -> None:
    from bot.channels.zalo import start_zalo

    def on_up(zalo) -> None:
        channels["zalo"] = zalo.channel
        stoppers.append(zalo)
        log.info("Zalo: đang chạy")
        joined()

    await startup.up("Zalo", lambda: start_zalo(core, conv.handle, inbox=inbox), on_up, temporary=zalo_temporary,
                     fatal=zalo_fatal, secret=core.settings.zalo_bot_token.get_secret_value())


def where_is_the_database(core: Core) -> str:
    """The SQLite file as a full path, or the server URL without its password."""
    url = core.engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return f"{Path(url.database).resolve()} (SQLite)"
    return url.render_as_string(hide_password=True)


def running_lines(core: Core, channels: dict, extra: tuple[str, ...] = ()) -> list[str]:
    """What `make run` runs and where, printed once at start. `extra` is the hook for what is
    served besides the chats (the web page will pass its address here)."""
    from bot.service import texts

    names = [texts.CHANNEL_NAME.get(str(p), str(p)) for p in channels]
    console = list(channels) == ["console"]
    return [texts.RUNNING_HEAD, texts.RUNNING_DATABASE.format(where=where_is_the_database(core)),
            texts.RUNNING_CHANNELS.format(names=", ".join(names)),
            texts.RUNNING_REMINDERS.format(every=max(1, int(core.settings.tick_seconds))), *extra,
            texts.RUNNING_STOP_CONSOLE if console else texts.RUNNING_STOP]


async def serve(core: Core, *, stdin=None, stdout=None, stop: asyncio.Event | None = None,
                sleep: Sleep = asyncio.sleep) -> None:
    """Run until SIGINT/SIGTERM (or `stop` is set); the console chat ends at end of input.

    Each configured channel is started on its own (`bot.channels.startup`): a network error or
    5xx while one starts is retried in the background (backoff 1, 2, 4 … 60 s, waited with
    `sleep`) while the other channel and the scheduler run; the channel joins once up. A wrong
    token is logged (without the token) and leaves only that channel off."""
    settings = core.settings
    out = stdout or sys.stdout
    lock = asyncio.Lock()  # one reminder pass at a time: the scheduler's and /nhacngay's
    conv = build_conversation(core)
    inbox = StoredInbox(core.engine, core.clock)  # updates stored before they are acknowledged
    channels: dict = {}
    stoppers: list = []
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)

    scheduler = None
    web_task = None
    web_stop = asyncio.Event()
    startup = Startup(sleep=sleep)

    catch_ups: list[asyncio.Task] = []

    def joined() -> None:
        """A channel that came up late gets the reminders a pass left it (`no_channel`) now,
        not one tick later: a pass of its own, after the one in flight if any (the lock orders
        them; asking APScheduler to run the job now is skipped while an instance is running)."""
        if scheduler is not None:
            from bot.scheduler import dispatch

            catch_ups.append(asyncio.create_task(dispatch(core, channels, lock)))

    try:
        if settings.telegram_bot_token:
            await _up_telegram(settings, conv, inbox, startup, channels, stoppers, joined)
        if settings.zalo_bot_token:
            await _up_zalo(core, conv, inbox, startup, channels, stoppers, joined)

        console = None
        if not (settings.telegram_bot_token or settings.zalo_bot_token):  # not "none came up": one may be retrying
            from bot.channels.console import PROMPT, ConsoleChannel

            console = ConsoleChannel(out, prompt=PROMPT if stdin is None and sys.stdin.isatty() else "")
            channels["console"] = console
            # the pass's own log lines would land in the middle of the chat
            logging.getLogger("bot.service.reminders.dispatch").setLevel(logging.WARNING)

        from bot.scheduler import build_scheduler

        scheduler = build_scheduler(core, channels, lock)
        scheduler.start()
        extra: tuple[str, ...] = ()
        if settings.web_address:
            from bot.service import texts
            from bot.web.app import serve_web

            web_task = asyncio.create_task(serve_web(core, web_stop))
            await asyncio.sleep(0)  # let it bind before saying where it is
            extra = (texts.RUNNING_WEB.format(url=settings.base_url),)
        out.write("\n".join(running_lines(core, channels, extra)) + "\n\n")
        out.flush()

        if console is None:
            await stop.wait()
        else:
            await _console(core, conv, console, channels, lock, stdin, stop)
    finally:
        await startup.aclose()  # a channel still retrying is not started after this
        if web_task is not None:
            web_stop.set()
            await asyncio.gather(web_task, return_exceptions=True)
        for t in catch_ups:
            t.cancel()
        if scheduler is not None:
            scheduler.shutdown(wait=False)  # cancels a pass in flight; it hands its claims back
            async with lock:  # ... and has unwound once the lock is free
                pass
        for s in reversed(stoppers):
            if hasattr(s, "updater"):
                from bot.channels.telegram import stop_application

                await stop_application(s)
            else:
                await s.stop()


async def _console(core: Core, conv, channel, channels: dict, lock: asyncio.Lock, stdin,
                   stop: asyncio.Event) -> None:
    """The console chat until end of input or Ctrl-C, with `/la` and `/nhacngay` wired in."""
    from bot.channels.console import run_console
    from bot.service import texts
    from bot.service.reminders.on_demand import remind_now

    def switch(who: str) -> str:
        try:
            with session_scope(core.engine) as s:
                return become(s, Platform.CONSOLE, "local", who, core.clock())
        except ValueError as exc:
            return texts.CONSOLE_UNCHANGED.format(error=exc)

    chat = asyncio.create_task(run_console(conv.handle, switch, stdin=stdin, channel=channel,
                                           remind_now=lambda: remind_now(core, channels, core.clock(), lock)))
    stopped = asyncio.create_task(stop.wait())
    await asyncio.wait({chat, stopped}, return_when=asyncio.FIRST_COMPLETED)
    for t in (chat, stopped):
        t.cancel()
    await asyncio.gather(chat, stopped, return_exceptions=True)
    if chat.done() and not chat.cancelled() and chat.exception():
        raise chat.exception()
