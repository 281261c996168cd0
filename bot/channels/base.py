"""What every channel adapter provides, and the delivery errors the dispatcher understands.

Adapters translate their library's errors into these, so the dispatcher never imports
telegram or httpx."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.service.ports import Reply


@dataclass(frozen=True)
class Capabilities:
    max_len: int  # characters per message
    has_buttons: bool
    html: bool
    send_rate: float  # messages per second the platform tolerates overall


# What each platform can show: the one table the adapters, the digest and the conversation read.
PLATFORM_CAPS = {
    "telegram": Capabilities(max_len=4096, has_buttons=True, html=True, send_rate=30.0),
    "zalo": Capabilities(max_len=2000, has_buttons=False, html=False, send_rate=10.0),
    "console": Capabilities(max_len=4000, has_buttons=False, html=False, send_rate=1000.0),
}
FALLBACK_CAPS = Capabilities(max_len=4000, has_buttons=False, html=False, send_rate=10.0)


def caps_of(platform: str) -> Capabilities:
    return PLATFORM_CAPS.get(platform, FALLBACK_CAPS)


class DeliveryError(Exception):
    """A message could not be delivered now."""


class DeliveryBlocked(DeliveryError):
    """The user blocked the bot or left: mark the contact inactive, tell the secretariat."""


class DeliveryRetry(DeliveryError):
    """Temporary (429, 5xx, timeout, network): try again later; never drop the slot."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Channel(Protocol):
    platform: str
    caps: Capabilities

    async def send(self, chat_id: str, reply: Reply) -> list[str]:
        """Render and send; return the platform message ids. Raises DeliveryError subclasses."""
        ...
