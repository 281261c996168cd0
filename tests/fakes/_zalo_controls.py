"""FakeZalo's test controls: what users send, faults and delays to inject, waiting for the
bot, and webhook deliveries. Mixed into `FakeZalo` (tests/fakes/zalo_server.py), whose state
they drive; kept apart so the server file holds the HTTP side only."""
from __future__ import annotations

import asyncio
import time
import uuid
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .zalo_server import Sent

SECRET_HEADER = "X-Bot-Api-Secret-Token"


def now_ms() -> int:
    return int(time.time() * 1000)


class ControlsMixin:
    """push_* (what users send), fail_next/delay_next, wait_for/wait_until, deliver (webhook)."""

    def push_raw(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue any update body for getUpdates; no validation, for odd shapes."""
        self._updates.append(update)
        self._arrived.set()
        return update

    def make_update(self, event: str, user_id: str, display_name: str = "Người dùng",
                    **fields: Any) -> dict[str, Any]:
        """A platform-shaped update: string ids, millisecond date, private chat."""
        message = {"from": {"id": str(user_id), "display_name": display_name, "is_bot": False},
                   "chat": {"id": str(user_id), "chat_type": "PRIVATE"},
                   "message_id": uuid.uuid4().hex, "date": now_ms(), **fields}
        return {"event_name": f"message.{event}.received", "message": message}

    def push_text(self, user_id: str, text: str, display_name: str = "Người dùng") -> dict:
        return self.push_raw(self.make_update("text", user_id, display_name, text=text))

    def push_image(self, user_id: str, photo_url: str = "https://example.invalid/a.jpg",
                   caption: str | None = None) -> dict:
        extra = {"photo": photo_url, **({"caption": caption} if caption else {})}
        return self.push_raw(self.make_update("image", user_id, **extra))

    def push_photo(self, user_id: str, data: bytes, caption: str | None = None) -> dict:
        """A user sends a photo: Zalo gives the bot a URL on its file server (served here)."""
        name = f"{uuid.uuid4().hex}.jpg"
        self.files[name] = data
        return self.push_image(user_id, f"http://127.0.0.1:{self.port}/files/{name}", caption)

    def push_sticker(self, user_id: str, sticker: str = "sticker-1") -> dict:
        return self.push_raw(self.make_update("sticker", user_id, sticker=sticker))

    def push_unsupported(self, user_id: str) -> dict:
        return self.push_raw(self.make_update("unsupported", user_id))

    def fail_next(self, method: str, status: int, count: int = 1,
                  retry_after: float | None = None) -> None:
        """The next `count` calls to `method` answer `status` (429, 500, 403...), doing nothing."""
        self._faults.setdefault(method, deque()).extend([(status, retry_after)] * count)

    def delay_next(self, method: str, seconds: float, count: int = 1) -> None:
        """The next `count` calls to `method` wait `seconds` before being handled (a client that
        gives up, or dies, meanwhile cancels the call: it is not handled)."""
        self._delays.setdefault(method, deque()).extend([seconds] * count)

    def clear_faults(self) -> None:
        """Forget the faults and delays not yet used."""
        self._faults.clear()
        self._delays.clear()

    @property
    def queued(self) -> int:
        """Updates waiting for a getUpdates."""
        return len(self._updates)

    def called(self, method: str) -> int:
        return sum(1 for m, _ in self.calls if m == method)

    async def wait_until(self, condition: Callable[[], Any], timeout: float = 5) -> Any:
        """Wait (woken by each request and each send, no polling) until `condition()` holds."""
        try:
            async with self._changed:
                await asyncio.wait_for(self._changed.wait_for(lambda: bool(condition())), timeout)
        except TimeoutError:
            raise AssertionError(f"FakeZalo.wait_until timed out; calls: {[m for m, _ in self.calls]!r}, "
                                 f"sent: {self.sent!r}") from None
        return condition()

    async def wait_for(self, predicate_or_count: int | Callable[[list[Sent]], bool],
                       timeout: float = 5) -> list[Sent]:
        """Wait (woken by each send, no polling) until `len(sent) >= n` or `predicate(sent)`."""
        if isinstance(predicate_or_count, int):
            n = predicate_or_count
            predicate: Callable[[list[Sent]], bool] = lambda sent: len(sent) >= n
        else:
            predicate = predicate_or_count
        try:
            async with self._changed:
                await asyncio.wait_for(self._changed.wait_for(lambda: predicate(self.sent)),
                                       timeout)
        except TimeoutError:
            raise AssertionError(f"FakeZalo.wait_for timed out; sent: {self.sent!r}") from None
        return list(self.sent)

    async def deliver(self, update_or_text: dict[str, Any] | str, secret: str | None = None,
                      wrapped: bool = False, *, send_secret: bool = True,
                      user_id: str = "u-webhook") -> int:
        """POST an update to the registered webhook like the platform; returns the HTTP status.

        `secret` overrides the stored one; `send_secret=False` omits the header entirely.
        """
        if self.webhook_url is None or self._session is None:
            raise RuntimeError("no webhook registered (call setWebhook first)")
        update = (self.make_update("text", user_id, text=update_or_text)
                  if isinstance(update_or_text, str) else update_or_text)
        body = {"ok": True, "result": update} if wrapped else update
        headers = {}
        if send_secret:
            headers[SECRET_HEADER] = secret if secret is not None else self.webhook_secret or ""
        async with self._session.post(self.webhook_url, json=body, headers=headers) as resp:
            await resp.read()
            return resp.status
