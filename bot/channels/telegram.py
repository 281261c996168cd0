"""Telegram adapter (python-telegram-bot): Update → Inbound → conversation → Reply → Bot API.

Translation only: no business logic here. A part (cut by `bot.service.parts`) is rendered as
ONE HTML message (everything escaped) with its entries' ✅ ⏳ 📝 buttons under it.
"""
from __future__ import annotations

import asyncio
import logging
import warnings
from collections import deque
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import replace
from urllib.parse import urlsplit

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import (AIORateLimiter, Application, ApplicationBuilder, BaseUpdateProcessor, CallbackQueryHandler,
                          ContextTypes, ExtBot, MessageHandler, filters)
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from bot.channels.incoming import telegram_files
from bot.domain import Platform
from bot.render import join_entries, to_html, visible_len
from bot.service.parts import deliver
from bot.service.ports import (Capabilities, DeliveryBlocked, DeliveryError, DeliveryRetry, Inbound, Inbox,
                               PartTooBig, Reply, Sender)
from bot.service.texts import MENU

log = logging.getLogger(__name__)
IN_FLIGHT = 8  # updates handled at once (bench/replies.py); one chat's still one at a time, in order


SEND_RATE = 29.0  # messages/s overall; Telegram allows 30 (tuned in bench/dispatch.py)
BACKGROUND: ContextVar[bool] = ContextVar("nhacviec_background_send", default=False)


MAX_INLINE_WAIT = 20.0  # seconds of a 429 the limiter waits out itself; a longer one is raised


class _WaitTooLong(Exception):
    """Carries a RetryAfter past AIORateLimiter's retry loop, which would sleep it out."""

    def __init__(self, error: RetryAfter) -> None:
        super().__init__(str(error))
        self.error = error


class PriorityRateLimiter(AIORateLimiter):
    """AIORateLimiter (group limits, 429 waits and retries) whose overall pacing is one send
    every 1/`rate` s on a fixed schedule (no burst: a bucket of 30 puts more than 30 in one
    second and draws 429s) and serves waiting replies before waiting reminders.

    Replies and reminder passes share one bot and so one budget. A pass keeps up to
    `CONCURRENCY` sends waiting; in plain FIFO a reply would queue behind them, and with a
    pass paced below the limit the budget would be wasted when nobody writes. Here a pass uses
    the whole budget while the chat is quiet, and a reply takes the next free turn. Sends made
    under `BACKGROUND` (the dispatcher's channel) are the low-priority ones.

    A 429 asking for more than `max_wait` seconds is raised at once instead of slept through
    (AIORateLimiter would sleep it, holding every request): a reminder pass that slept 400 s
    outlived its claims' 5-minute lease, another pass sent the slot, then it sent it again."""

    def __init__(self, rate: float = SEND_RATE, max_retries: int = 3, max_wait: float = MAX_INLINE_WAIT) -> None:
        super().__init__(overall_max_rate=0, overall_time_period=0, max_retries=max_retries)
        self.max_wait = max_wait
        self.rate = rate
        self._interval = 1.0 / rate
        self._next = 0.0
        self._waiting: tuple[deque, deque] = (deque(), deque())  # replies, background
        self._pump: asyncio.Task | None = None

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        async def bounded(*a, **kw):  # a long 429 is not waited out here: see `max_wait`
            try:
                return await callback(*a, **kw)
            except RetryAfter as exc:
                if _seconds(exc) > self.max_wait:
                    raise _WaitTooLong(exc) from None
                raise

        try:
            if data.get("chat_id") is None or data.get("allow_paid_broadcast"):
                return await super().process_request(bounded, args, kwargs, endpoint, data, rate_limit_args)
            background = BACKGROUND.get()

            async def paced(*a, **kw):  # called by AIORateLimiter after its group limit and 429 pause
                await self._turn(background)
                return await bounded(*a, **kw)

            return await super().process_request(paced, args, kwargs, endpoint, data, rate_limit_args)
        except _WaitTooLong as exc:
            raise exc.error from None

    async def _turn(self, background: bool) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        if not (self._waiting[0] or self._waiting[1]) and now >= self._next:
            self._next = now + self._interval
            return
        fut = loop.create_future()
        self._waiting[int(background)].append(fut)
        if self._pump is None or self._pump.done():
            self._pump = loop.create_task(self._serve())
        await fut

    async def _serve(self) -> None:
        loop = asyncio.get_running_loop()
        while self._waiting[0] or self._waiting[1]:
            delay = self._next - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            queue = self._waiting[0] or self._waiting[1]
            if not queue:
                continue
            fut = queue.popleft()
            if fut.done():  # its sender was cancelled
                continue
            fut.set_result(None)
            self._next = max(self._next + self._interval, loop.time())  # on schedule: no drift


def rate_limiter(max_retries: int = 3, rate: float = SEND_RATE) -> PriorityRateLimiter:
    """The shipped limiter: `rate` messages/s, one at a time, replies first (bench/dispatch.py,
    bench/replies.py)."""
    return PriorityRateLimiter(rate, max_retries=max_retries)


class ChatOrderedProcessor(BaseUpdateProcessor):
    """python-telegram-bot update processor: up to `in_flight` updates handled at once, while
    the updates of one chat are handled strictly one after another, in the order received
    ("chậm X" then the date it asks for must not overtake each other).

    Each update joins its chat's chain synchronously, in the order the Application hands them
    over, and waits for its predecessor before it takes one of the `in_flight` slots, so a busy
    chat never holds slots while it waits on itself. Updates without a chat are only bounded.
    PTB's own semaphore (around `do_process_update`) is set far above `in_flight` so that it
    never makes an update wait (and reorder) before joining its chain; `max_pending` still
    bounds how many updates can be inside the processor at once.
    """

    def __init__(self, in_flight: int = IN_FLIGHT, max_pending: int = 4096) -> None:
        super().__init__(max(max_pending, in_flight))
        self.in_flight = in_flight
        self._slots = asyncio.Semaphore(in_flight)
        self._tails: dict[object, asyncio.Future] = {}

    @staticmethod
    def chat_of(update: object) -> object:
        chat = update.effective_chat if isinstance(update, Update) else None
        return chat.id if chat is not None else None

    async def do_process_update(self, update: object, coroutine) -> None:
        key = self.chat_of(update)
        prev = self._tails.get(key) if key is not None else None
        done = asyncio.get_running_loop().create_future()
        if key is not None:
            self._tails[key] = done
        started = False
        try:
            if prev is not None:
                await asyncio.shield(prev)
            async with self._slots:
                started = True
                await coroutine
        finally:
            if not started:
                coroutine.close()  # cancelled while waiting: never run, never "not awaited"
            done.set_result(None)
            if key is not None and self._tails.get(key) is done:
                del self._tails[key]

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


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
            raise DeliveryRetry("Telegram 429", _seconds(exc)) from None
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


def _seconds(exc: RetryAfter) -> float:
    """RetryAfter.retry_after is int seconds or a timedelta depending on PTB_TIMEDELTA; either works."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)


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
