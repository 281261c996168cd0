"""Bringing a channel up without letting a flaky network take the whole bot down.

Why: `nhacviec run` serves Telegram, Zalo and the reminder scheduler in one process. Before
this module, one 502 or a dropped connection on Telegram's getMe/setMyCommands made `serve`
raise, so Zalo and the scheduler went down with it. Now each channel is started on its own:

* the first attempt runs inline, so a healthy channel is up before `serve` says what runs;
* a *temporary* failure (network error, time-out, 429, 5xx — the caller's `temporary`
  predicate says which) is logged and retried in a background task with a bounded backoff
  (1, 2, 4 … 60 s), while everything else runs; the channel joins once it is up;
* a *configuration* error (a wrong token: Telegram 401/404, Zalo 401 — the caller's `fatal`
  predicate) is logged once, clearly and without the token, and that channel stays off: no
  retry can fix a token, and the other channel and the scheduler have no reason to stop;
* any other error is a bug on our side; it is logged with its traceback, the channel stays
  off, the rest keeps running (retrying a bug every minute would only fill the log).

`sleep` is injected so tests never wait on real time.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

log = logging.getLogger("nhacviec")

Sleep = Callable[[float], Awaitable[Any]]


def backoff(first: float = 1.0, cap: float = 60.0) -> Iterator[float]:
    """1, 2, 4 … doubling up to `cap`, then `cap` for ever."""
    delay = first
    while True:
        yield min(delay, cap)
        delay = min(delay * 2, cap)


class Startup:
    """Starts channels for `serve`, keeping the retries of those that failed in the background.

    `up(name, start, on_up, ...)`: `start()` returns the running thing (an Application, a
    ZaloRuntime); `on_up(result)` registers it (into the scheduler's channel map and the list
    of things to stop). `start()` must leave nothing half-open when it raises: it is called
    again. `aclose()` cancels the retries still running (at shutdown)."""

    def __init__(self, *, sleep: Sleep = asyncio.sleep, first: float = 1.0, cap: float = 60.0) -> None:
        self.sleep = sleep
        self.first, self.cap = first, cap
        self.retrying: dict[str, asyncio.Task] = {}
        self.secrets: dict[str, str | None] = {}

    async def up(self, name: str, start: Callable[[], Awaitable[Any]], on_up: Callable[[Any], None], *,
                 temporary: Callable[[BaseException], bool], fatal: Callable[[BaseException], bool],
                 secret: str | None = None) -> bool:
        """True when the channel is up now; False when it is off for good or retrying.
        `secret` (the token) is blanked out of whatever error text is logged."""
        self.secrets[name] = secret
        outcome = await self._attempt(name, start, temporary, fatal, None)
        if outcome is _RETRY:
            self.retrying[name] = asyncio.create_task(self._keep_trying(name, start, on_up, temporary, fatal),
                                                      name=f"start-{name}")
            return False
        if outcome is _OFF:
            return False
        on_up(outcome)
        return True

    async def _keep_trying(self, name, start, on_up, temporary, fatal) -> None:
        for delay in backoff(self.first, self.cap):
            await self.sleep(delay)
            outcome = await self._attempt(name, start, temporary, fatal, delay)
            if outcome is _OFF:
                break
            if outcome is not _RETRY:
                on_up(outcome)
                log.info("%s: đã kết nối lại, đang chạy", name)
                break
        self.retrying.pop(name, None)

    async def _attempt(self, name, start, temporary, fatal, waited: float | None) -> Any:
        try:
            return await start()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if fatal(exc):  # the text may carry the token (PTB's InvalidToken does): never printed
                log.error("%s: token bị từ chối (%s) — kiểm tra cấu hình; kênh này tắt, phần còn lại vẫn chạy",
                          name, type(exc).__name__)
                return _OFF
            if temporary(exc):
                log.warning("%s: khởi động lỗi tạm thời (%s: %s); thử lại sau %s s", name, type(exc).__name__,
                            _safe(exc, self.secrets.get(name)), min(waited * 2, self.cap) if waited else self.first)
                return _RETRY
            log.exception("%s: khởi động lỗi; kênh này tắt, phần còn lại vẫn chạy", name)
            return _OFF

    async def aclose(self) -> None:
        tasks = list(self.retrying.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self.retrying.clear()


def _safe(exc: BaseException, secret: str | None) -> str:
    """The error's text, cut short, with the token (should a library quote it) blanked out."""
    text = str(exc)
    return (text.replace(secret, "***") if secret else text)[:200]


def telegram_fatal(exc: BaseException) -> bool:
    """401/404 on getMe: python-telegram-bot's InvalidToken (its text quotes the token)."""
    from telegram.error import InvalidToken

    return isinstance(exc, InvalidToken)


def telegram_temporary(exc: BaseException) -> bool:
    """PTB maps a dropped connection, a time-out and every 5xx to NetworkError (TimedOut is
    one); 429 is RetryAfter. Anything else (400, 409...) is not fixed by waiting."""
    from telegram.error import NetworkError, RetryAfter

    return isinstance(exc, (NetworkError, RetryAfter))


def zalo_fatal(exc: BaseException) -> bool:
    """`start_zalo` turns Zalo's 401 into this ValueError (it names the setting, not the token)."""
    from bot.channels.zalo_api import ZaloUnauthorized

    return isinstance(exc, (ValueError, ZaloUnauthorized))


def zalo_temporary(exc: BaseException) -> bool:
    from bot.channels.zalo_api import ZaloNetworkError, ZaloRetryAfter, ZaloServerError

    return isinstance(exc, (ZaloNetworkError, ZaloRetryAfter, ZaloServerError))


_RETRY = object()
_OFF = object()
