"""Sending on Zalo: the Channel (a Reply's part → plain-text messages and photo URLs), its rate
limiter with an injectable clock, and the shelf that serves charts by URL. Why the choices:
- plain text: Zalo renders no markup, so bold marks are stripped; a part (cut by
  `bot.service.parts` under 2000 characters, between entries) is one Zalo message;
- attachments: Zalo's sendPhoto takes a URL and there is no document upload, while our charts
  and workbooks are bytes. In webhook mode the bot already has a public address, so it serves
  a chart for a day under an unguessable path next to the webhook (`FileShelf`, served by
  `zalo_runtime`) and sends that URL (its caps then say `photos`); otherwise the service puts
  a one-line note in their place;
- a 429 with a short wait is retried here (the server did nothing, so no duplicate); any other
  temporary failure surfaces as DeliveryRetry at once, because after a 5xx or a timeout we
  cannot know whether Zalo delivered, and the dispatcher owns retries of whole slots;
- a reply cut into several messages that fails half-way raises after the first ones went out;
  retrying the whole reply repeats them (rare: 429s, the common failure, are absorbed here).
"""
from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import ClassVar

from bot.channels.zalo_api import (MAX_TEXT, ZaloBotAPI, ZaloError, ZaloForbidden, ZaloNetworkError, ZaloRetryAfter,
                                   ZaloServerError, ZaloUnauthorized)
from bot.domain import Platform
from bot.render import join_entries, to_plain, visible_len
from bot.service.ports import Capabilities, DeliveryBlocked, DeliveryError, DeliveryRetry, PartTooBig, Reply

log = logging.getLogger(__name__)


class SendLimiter:
    """Spaces sends at most `rate` per second across the channel; clock and sleep injectable."""

    def __init__(self, rate: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self._clock, self._sleep = clock, sleep
        self._next = float("-inf")
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self._lock:  # FIFO: callers are served in arrival order
            wait = self._next - self._clock()
            if wait > 0:
                await self._sleep(wait)
            self._next = max(self._clock(), self._next) + self.interval


class FileShelf:
    """Charts served for Zalo's sendPhoto (which takes a URL): in memory, unguessable names,
    kept for `ttl` seconds, at most `size` files."""

    def __init__(self, base_url: str, *, ttl: float = 86400.0, size: int = 64,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.base_url, self.ttl, self.size, self._clock = base_url.rstrip("/"), ttl, size, clock
        self._files: OrderedDict[str, tuple[float, bytes, str]] = OrderedDict()

    def put(self, data: bytes, filename: str) -> str:
        name = secrets.token_urlsafe(24) + ("." + filename.rsplit(".", 1)[-1] if "." in filename else "")
        self._files[name] = (self._clock() + self.ttl, data, filename)
        while len(self._files) > self.size:
            self._files.popitem(last=False)
        return f"{self.base_url}/{name}"

    def get(self, name: str) -> bytes | None:
        hit = self._files.get(name)
        if hit is None or hit[0] < self._clock():
            self._files.pop(name, None)
            return None
        return hit[1]


def render(part: Reply, caps: Capabilities) -> str:
    """One part → one plain-text message (buttons dropped: Zalo's text commands stand in)."""
    text = to_plain(join_entries([e.text for e in part.entries]))
    if visible_len(text) > caps.max_len:
        raise PartTooBig(f"Zalo part of {len(text)} characters")
    return text


class ZaloChannel:
    """The Channel the dispatcher and the conversation runtime send through."""

    platform: ClassVar[Platform] = Platform.ZALO
    caps: Capabilities = Capabilities(max_len=MAX_TEXT, has_buttons=False, html=False, send_rate=10.0,
                                      photo_urls=True)

    def __init__(self, api: ZaloBotAPI, send_rate: float, *, max_retries: int = 2,
                 max_inline_wait: float = 5.0, default_wait: float = 1.0,
                 limiter: SendLimiter | None = None) -> None:
        self.api = api
        self.caps = replace(ZaloChannel.caps, send_rate=send_rate)
        self.limiter = limiter or SendLimiter(send_rate)
        self.max_retries, self.max_inline_wait, self.default_wait = max_retries, max_inline_wait, default_wait
        self.shelf: FileShelf | None = None

    def host_photos(self, shelf: FileShelf) -> None:
        """Webhook mode: charts can be served under an unguessable URL and sent as photos."""
        self.shelf = shelf
        self.caps = replace(self.caps, photos=True)

    async def send(self, chat_id: str, part: Reply) -> list[str]:
        """One part: its text as one message, then its photos by URL; the Zalo message ids."""
        ids: list[str] = []
        text = render(part, self.caps)
        if text.strip():
            ids.append(await self._call(self.api.send_message, chat_id, text))
        for att in part.attachments:
            url = att.url or (self.shelf.put(att.data, att.filename) if self.shelf is not None else None)
            if att.kind == "photo" and url:
                ids.append(await self._call(self.api.send_photo, chat_id, url, att.caption[:MAX_TEXT] or None))
        return ids

    async def _call(self, method, *args) -> str:
        """One API call under the rate limit, with Zalo errors mapped to Delivery* errors."""
        for attempt in range(self.max_retries + 1):
            await self.limiter.acquire()
            error: DeliveryError | None = None
            try:
                result = await method(*args)
                return str(result.get("message_id", "")) if isinstance(result, dict) else ""
            except ZaloRetryAfter as exc:
                wait = exc.retry_after if exc.retry_after is not None else self.default_wait
                if attempt < self.max_retries and wait <= self.max_inline_wait:
                    log.info("Zalo 429, retrying in %.2fs", wait)
                    await asyncio.sleep(wait)
                    continue
                error = DeliveryRetry(f"Zalo 429: {exc.description}", wait)
            except (ZaloServerError, ZaloNetworkError) as exc:
                error = DeliveryRetry(f"Zalo temporary failure: {exc}")
            except ZaloUnauthorized as exc:  # our token, not the message: keep the slot
                log.error("Zalo rejected the bot token (%s): check ZALO_BOT_TOKEN", exc)
                error = DeliveryRetry(f"Zalo 401: {exc.description}")
            except ZaloForbidden as exc:
                error = DeliveryBlocked(f"Zalo 403: {exc.description}")
            except (ZaloError, ValueError) as exc:  # 400 and our own argument checks
                error = DeliveryError(f"Zalo rejected the message: {exc}")
            raise error  # outside `except`: no transport error chained
        raise AssertionError("unreachable")
