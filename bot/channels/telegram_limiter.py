"""Pacing Telegram sends: one bot's budget (~30 messages/s) shared by replies and reminder
passes, replies first; a long 429 raised instead of slept through. See `PriorityRateLimiter`."""
from __future__ import annotations

import asyncio
import warnings
from collections import deque
from contextvars import ContextVar

from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter
from telegram.warnings import PTBDeprecationWarning

SEND_RATE = 29.0  # messages/s overall; Telegram allows 30 (tuned in bench/dispatch.py)
BACKGROUND: ContextVar[bool] = ContextVar("nhacviec_background_send", default=False)  # reminder passes
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
                if retry_seconds(exc) > self.max_wait:
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


def retry_seconds(exc: RetryAfter) -> float:
    """RetryAfter.retry_after is int seconds or a timedelta depending on PTB_TIMEDELTA; either works."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)
