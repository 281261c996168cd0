"""Sending on Zalo: a rate limiter with an injectable clock, and the shelf that serves charts
by URL (Zalo's sendPhoto takes a URL, our charts are bytes)."""
from __future__ import annotations

import asyncio
import secrets
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable


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
