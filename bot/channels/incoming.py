"""Files people send, described by the adapters and fetched only when the service asks.

Why not download in the adapter: the adapter cannot know whether the sender is a registered
focal point allowed to attach a file to the task the caption names; a stranger's file must
never be fetched (nor cost us 20 MB of traffic). So the adapter puts a `FileSource` on the
Inbound and the service calls it after its checks (`bot.service.review.evidence`), from the
conversation's worker thread, outside any transaction. The download itself runs on the
channel's event loop, where the bot's HTTP client lives.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from telegram.error import TelegramError

from bot.service.ports import IncomingFile

log = logging.getLogger(__name__)
FETCH_TIMEOUT = 120.0  # seconds for one file of at most 20 MB (getFile and the download)
Download = Callable[[int], Awaitable[tuple[bytes | None, bool]]]


class LoopFile:
    """A `FileSource` whose download is a coroutine of the channel's loop."""

    def __init__(self, download: Download, loop: asyncio.AbstractEventLoop, platform: str) -> None:
        self.download, self.loop, self.platform = download, loop, platform

    def fetch(self, limit: int) -> tuple[bytes | None, bool]:
        future = asyncio.run_coroutine_threadsafe(self.download(limit), self.loop)
        try:
            return future.result(FETCH_TIMEOUT)
        except TimeoutError:
            future.cancel()
            log.warning("%s file not fetched: timed out", self.platform)
            return None, False


def telegram_files(bot, msg) -> tuple[IncomingFile, ...]:
    """The document or the largest photo of a Telegram message, as the platform describes it."""
    if msg is None:
        return ()
    if msg.document is not None:
        ref, name, size = msg.document.file_id, msg.document.file_name or "", msg.document.file_size or 0
    elif msg.photo:
        largest = msg.photo[-1]
        ref, name, size = largest.file_id, "", largest.file_size or 0
    else:
        return ()

    async def download(limit: int) -> tuple[bytes | None, bool]:
        """getFile, then the file from the bot's base_file_url; nothing read past `limit`."""
        try:
            file = await bot.get_file(ref)
            if (file.file_size or 0) > limit:
                return None, True
            data = bytes(await file.download_as_bytearray())
        except (TelegramError, OSError) as exc:
            log.warning("Telegram file not fetched: %s", type(exc).__name__)
            return None, False
        return (None, True) if len(data) > limit else (data, False)

    return (IncomingFile(name, size, source=LoopFile(download, asyncio.get_running_loop(), "Telegram")),)


def zalo_photo(api, url: str) -> tuple[IncomingFile, ...]:
    """A photo sent on Zalo: the URL on Zalo's file servers (no token in it), size unknown."""
    return (IncomingFile("", 0, source=LoopFile(lambda limit: api.download(url, limit), asyncio.get_running_loop(),
                                                "Zalo")),)
