"""Sending on Telegram: a Reply's part as ONE HTML message (everything escaped) with its entries'
✅ ⏳ 📝 buttons under it, and its files; platform errors mapped to the Delivery* errors the
dispatcher understands. `sending_bot` is the bot for sending outside an Application."""
from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.channels.telegram_limiter import BACKGROUND, rate_limiter, retry_seconds
from bot.domain import Platform
from bot.render import join_entries, to_html, visible_len
from bot.service.ports import Capabilities, DeliveryBlocked, DeliveryError, DeliveryRetry, PartTooBig, Reply

log = logging.getLogger(__name__)


def render(part: Reply, caps: Capabilities) -> tuple[str, InlineKeyboardMarkup | None]:
    """One part → (HTML text, keyboard): each entry's buttons on a row, the reply's last."""
    text = join_entries([e.text for e in part.entries])
    rows = [e.buttons for e in part.entries if e.buttons] + ([part.buttons] if part.buttons else [])
    count = sum(len(r) for r in rows)
    if visible_len(text) > caps.max_len or count > caps.max_buttons:
        raise PartTooBig(f"Telegram part of {visible_len(text)} characters and {count} buttons")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.data) for b in r]
                                   for r in rows]) if rows else None
    return to_html(text), markup


class TelegramChannel:
    """The Channel the dispatcher and the conversation runtime send through (over one PTB bot)."""

    platform = Platform.TELEGRAM
    caps = Capabilities(max_len=4096, has_buttons=True, html=True, send_rate=30.0, max_buttons=100,
                        documents=True, photos=True)

    def __init__(self, bot, *, background: bool = False) -> None:
        self.bot = bot
        self.background = background  # reminder passes: their sends yield to replies

    async def send(self, chat_id: str, part: Reply) -> list[str]:
        token = BACKGROUND.set(self.background)
        try:
            return await self._send(chat_id, part)
        finally:
            BACKGROUND.reset(token)

    async def _send(self, chat_id: str, part: Reply) -> list[str]:
        ids: list[str] = []
        try:
            edited = await self._edit(chat_id, part) if part.edit_id else None
            if edited is not None:
                ids.append(edited)
            elif part.entries or part.buttons:
                text, markup = render(part, self.caps)
                msg = await self.bot.send_message(chat_id=chat_id, text=text, parse_mode=ParseMode.HTML,
                                                  reply_markup=markup, disable_web_page_preview=True)
                ids.append(str(msg.message_id))
            for att in part.attachments:
                send = self.bot.send_photo if att.kind == "photo" else self.bot.send_document
                key = "photo" if att.kind == "photo" else "document"
                msg = await send(chat_id=chat_id, caption=att.caption or None,
                                 **{key: InputFile(att.data, filename=att.filename)})
                ids.append(str(msg.message_id))
        except Forbidden as exc:
            raise DeliveryBlocked(f"Telegram 403: {exc.message}") from None
        except RetryAfter as exc:
            raise DeliveryRetry("Telegram 429", retry_seconds(exc)) from None
        except (TimedOut, NetworkError) as exc:
            if isinstance(exc, BadRequest):
                raise DeliveryError(f"Telegram 400: {exc.message}") from None
            raise DeliveryRetry(f"Telegram network error: {type(exc).__name__}") from None
        return ids

    async def _edit(self, chat_id: str, part: Reply) -> str | None:
        """Replace an earlier message (its buttons go with it); None if Telegram cannot (too old,
        deleted): the caller sends a new one instead."""
        text, markup = render(part, self.caps)
        try:
            await self.bot.edit_message_text(chat_id=chat_id, message_id=int(part.edit_id), text=text,
                                             parse_mode=ParseMode.HTML, reply_markup=markup,
                                             disable_web_page_preview=True)
        except BadRequest as exc:
            log.info("Telegram edit refused (%s); sending a new message", exc.message)
            return None
        return str(part.edit_id)


def sending_bot(token: str, base_url: str, *, max_retries: int = 2, read_timeout: float = 10.0,
                base_file_url: str | None = None, limiter=None) -> ExtBot:
    """A python-telegram-bot `ExtBot` for sending reminders outside an Application (`nhacviec
    remind`, the benchmark), paced by `rate_limiter()`: ~29 messages/s, Telegram allows 30.

    `max_retries`: 429s that AIORateLimiter itself waits out (pausing every request, as Telegram
    asks); the dispatcher's own retry covers the rest."""
    request = HTTPXRequest(connection_pool_size=64, read_timeout=read_timeout, pool_timeout=30.0)
    extra = {"base_file_url": base_file_url} if base_file_url else {}
    return ExtBot(token, base_url=base_url, request=request,
                  rate_limiter=limiter or rate_limiter(max_retries=max_retries), **extra)
