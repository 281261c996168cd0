"""Telegram adapter (python-telegram-bot): Update → Inbound → conversation → Reply → Bot API.

Translation only: no business logic here. This module wires the Application (receiving, by long
polling or webhook) and translates updates; the rest of the adapter is beside it:
`telegram_outbox` sends (rendering, error mapping), `telegram_limiter` paces the sends,
`telegram_order` keeps each chat's updates in order, `telegram_inbox` stores them first.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.constants import ChatType
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot.channels.incoming import telegram_files
from bot.channels.telegram_limiter import rate_limiter
from bot.channels.telegram_order import IN_FLIGHT, ChatOrderedProcessor
from bot.channels.telegram_outbox import TelegramChannel, render, sending_bot  # noqa: F401 (imported from here)
from bot.domain import Platform
from bot.service.parts import deliver
from bot.service.ports import DeliveryError, Inbound, Inbox, Reply, Sender
from bot.service.texts import MENU

log = logging.getLogger(__name__)


def addressed_elsewhere(text: str | None, username: str | None) -> bool:
    """`/xong@otherbot …` is for another bot in the group: not ours to answer. Our own username
    comes from getMe (PTB's `bot.username`, known after `initialize`)."""
    if not text or not text.startswith("/") or not username:
        return False
    head = text.split(maxsplit=1)[0]
    return "@" in head and head.split("@", 1)[1].casefold() != username.casefold()


def inbound_from(update: Update) -> Inbound | None:
    """Translate a Telegram update into the conversation's Inbound (None: nothing to answer)."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None or user.is_bot:
        return None
    chat_type = "private" if chat.type == ChatType.PRIVATE else "group"
    sender = Sender(Platform.TELEGRAM, str(user.id), str(chat.id), user.full_name or "", chat_type)
    caps = TelegramChannel.caps
    if update.callback_query is not None:
        return Inbound(sender=sender, button=update.callback_query.data or "", kind="button", caps=caps)
    msg = update.effective_message
    if msg is None:
        return None
    reply_to = msg.reply_to_message.text if msg.reply_to_message and msg.reply_to_message.text else None
    if msg.text is not None:
        return Inbound(sender=sender, text=msg.text, reply_to_text=reply_to, caps=caps)
    kind = "photo" if msg.photo else "document" if msg.document else "sticker" if msg.sticker else "other"
    return Inbound(sender=sender, kind=kind, caps=caps, text=msg.caption, reply_to_text=reply_to)


def build_application(token: str, base_url: str, handle: Callable[[Inbound], list[Reply]], *,
                      base_file_url: str | None = None, rate_limit: bool = True,
                      in_flight: int = IN_FLIGHT, inbox: Inbox | None = None) -> Application:
    """The python-telegram-bot Application wired to the conversation (a sync callable run in a
    thread): `in_flight` updates at once, each chat's in order (`ChatOrderedProcessor`); with an
    `inbox`, every update is stored before it is acknowledged (`telegram_inbox`)."""
    builder = ApplicationBuilder().token(token).base_url(base_url)
    builder = builder.concurrent_updates(ChatOrderedProcessor(in_flight))
    if inbox is not None:
        from bot.channels.telegram_inbox import StoringQueue

        builder = builder.update_queue(StoringQueue(inbox))
    if base_file_url:
        builder = builder.base_file_url(base_file_url)
    if rate_limit:
        builder = builder.rate_limiter(rate_limiter(max_retries=3))

    app = builder.build()
    channel = TelegramChannel(app.bot)

    async def on_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.callback_query is not None:
            await update.callback_query.answer()
        inbound = inbound_from(update)
        if inbound is None or addressed_elsewhere(inbound.text, context.bot.username):
            return
        if inbox is not None:
            inbound = replace(inbound, update_id=str(update.update_id))
        if inbound.kind in ("photo", "document"):
            inbound = replace(inbound, files=telegram_files(app.bot, update.effective_message))
        for reply in await asyncio.to_thread(handle, inbound):
            try:
                await deliver(channel, inbound.sender.chat_id, reply)
            except DeliveryError as exc:
                log.warning("reply not delivered: %s", exc)

    app.add_handler(CallbackQueryHandler(on_update))
    app.add_handler(MessageHandler(filters.ALL & ~filters.UpdateType.EDITED, on_update))
    if inbox is not None:
        from bot.channels.telegram_inbox import add_done_marker

        add_done_marker(app, inbox)
    app.bot_data["channel"] = channel
    return app


async def start_application(app: Application, *, webhook_url: str | None = None, listen: str = "127.0.0.1",
                            port: int = 8443, secret_token: str | None = None, poll_timeout: int = 30,
                            poll_interval: float = 0.0) -> None:
    """Initialise, publish the command menu, and receive updates (long polling or webhook).

    On failure everything opened so far is closed again before the error goes up, so the
    caller (`bot.channels.startup.Startup`) can simply call this again to retry."""
    try:
        await _start(app, webhook_url, listen, port, secret_token, poll_timeout, poll_interval)
    except BaseException:
        await stop_application(app)
        await app.bot.shutdown()  # a failed getMe leaves the bot's HTTP clients open
        raise


async def _start(app: Application, webhook_url, listen, port, secret_token, poll_timeout, poll_interval) -> None:
    await app.initialize()
    await app.bot.set_my_commands([BotCommand(c, d) for c, d in MENU])
    if hasattr(app.update_queue, "replay"):  # what a crash left in the inbox goes first
        await app.update_queue.replay(app.bot)
    await app.start()
    if webhook_url:
        # serve on the URL's own path (a reverse proxy forwards it unchanged)
        await app.updater.start_webhook(listen=listen, port=port, url_path=urlsplit(webhook_url).path.lstrip("/"),
                                        webhook_url=webhook_url, secret_token=secret_token)
    else:
        await app.updater.start_polling(poll_interval=poll_interval, timeout=poll_timeout, drop_pending_updates=False)


async def stop_application(app: Application) -> None:
    if app.updater and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    await app.shutdown()
