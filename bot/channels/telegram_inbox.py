"""Telegram updates through the inbox (`bot.service.ports.Inbox`): stored before Telegram is
told it may forget them, marked handled with their effects, replayed after a crash.

Why a queue: python-telegram-bot hands every update to `Application.update_queue` with
`await update_queue.put(update)` — the long-polling Updater for each update of a batch *before*
it advances the getUpdates offset (the offset is the acknowledgement), the webhook handler
*before* it answers 200. A queue whose `put` stores first therefore stores every update before
it is acknowledged, on both paths, without replacing PTB's polling or webhook server. If the
store fails, `put` raises: the Updater does not advance the offset (the batch comes again) and
the webhook answers 500 (Telegram retries). A redelivered id is not queued twice.
"""
from __future__ import annotations

import asyncio
import json
import logging

from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

from bot.domain import Platform
from bot.service.ports import Inbox

log = logging.getLogger(__name__)
PLATFORM = Platform.TELEGRAM


def chat_of(update: Update) -> str:
    chat = update.effective_chat
    return str(chat.id) if chat is not None else ""


class StoringQueue(asyncio.Queue):
    """`Application.update_queue` that stores each Update in the inbox before queueing it."""

    def __init__(self, inbox: Inbox) -> None:
        super().__init__()
        self.inbox = inbox

    async def put(self, item) -> None:
        if isinstance(item, Update):
            row = (str(item.update_id), chat_of(item), item.to_json())
            new = await asyncio.to_thread(self.inbox.store, PLATFORM, [row])
            if not new:
                log.info("Telegram: update %s seen before; not handled again", item.update_id)
                return
        await super().put(item)

    async def replay(self, bot) -> int:
        """Queue what a crash left unhandled, in the order it arrived (each chat's order kept
        by the ordered processor); before polling starts, so it goes first."""
        rows = await asyncio.to_thread(self.inbox.pending, PLATFORM)
        for _, payload in rows:
            update = Update.de_json(json.loads(payload), bot)
            if update is not None:
                await super().put(update)
        if rows:
            log.warning("Telegram: %d update(s) received before a crash are handled now", len(rows))
        return len(rows)


def add_done_marker(app: Application, inbox: Inbox) -> None:
    """Mark every update handled once all handlers ran (group 1 runs after group 0), also those
    no handler answers; a no-op for those the conversation marked with their effects."""

    async def done(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await asyncio.to_thread(inbox.done, PLATFORM, str(update.update_id))

    app.add_handler(TypeHandler(Update, done), group=1)
