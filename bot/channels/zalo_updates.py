"""What Zalo sends the bot: an update (a getUpdates result or a webhook body) parsed into a
ZaloInbound, and the check of the webhook's secret header. Pure: no I/O.

Why apart from the transport (`zalo_api`): both receiving paths use it — the long poll after
an HTTP call, the webhook server (`zalo_runtime`) on a body Zalo POSTed — and it is where the
platform's shape drifts (ids as numbers, dates in seconds, missing fields) are absorbed.
"""
from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

SECRET_HEADER = "X-Bot-Api-Secret-Token"
_EVENTS = {
    "message.text.received": "text",
    "message.image.received": "image",
    "message.sticker.received": "sticker",
    "message.unsupported.received": "unsupported",
}


@dataclass(frozen=True)
class ZaloInbound:
    """One incoming message, channel-neutral enough for the conversation layer."""

    event: str  # "text" | "image" | "sticker" | "unsupported"
    user_id: str
    chat_id: str
    display_name: str
    text: str | None
    message_id: str
    sent_at: datetime  # aware UTC
    is_bot: bool
    chat_type: str = "PRIVATE"  # "PRIVATE" | "GROUP" (upper-cased as sent; guessed when absent)
    photo_url: str | None = None  # "image" events: the photo, as a URL on Zalo's file servers


def _id(value: Any) -> str | None:
    """Ids are strings on Zalo; tolerate numbers so a shape drift does not drop messages."""
    usable = isinstance(value, (str, int)) and not isinstance(value, bool)
    return (str(value) or None) if usable else None


def _timestamp(value: Any) -> datetime:
    """Zalo dates are epoch milliseconds; seconds are accepted, a missing date means now."""
    try:
        number = float(value)
        if number < 1e11:  # ~1973 in ms, ~5138 in s: a value this small is in seconds
            number *= 1000
        return datetime.fromtimestamp(number / 1000, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return datetime.now(UTC)


def parse_update(body: Any) -> ZaloInbound | None:
    """Turn a getUpdates result or webhook body (wrapped `{ok, result}` or bare) into a message.

    Returns None, never raises, for anything that is not a message update, so a malformed
    webhook POST cannot crash the receiver. Unknown `message.*` event names map to
    "unsupported" so the bot can still answer "I only read text".
    """
    if not isinstance(body, dict):
        return None
    if "message" not in body and isinstance(body.get("result"), dict):
        body = body["result"]
    message, event_name = body.get("message"), body.get("event_name")
    if not isinstance(message, dict) or not isinstance(event_name, str):
        return None
    event = _EVENTS.get(event_name)
    if event is None:
        if not event_name.startswith("message."):
            return None
        event = "unsupported"
    chat = message.get("chat") if isinstance(message.get("chat"), dict) else {}
    sender = message.get("from") if isinstance(message.get("from"), dict) else {}
    chat_id, message_id = _id(chat.get("id")), _id(message.get("message_id"))
    user_id = _id(sender.get("id")) or chat_id
    if chat_id is None or message_id is None or user_id is None:
        return None
    text = message.get("text")
    if not isinstance(text, str) and event == "image":
        text = message.get("caption")
    name = sender.get("display_name") or sender.get("name") or ""
    chat_type = chat.get("chat_type")
    if not isinstance(chat_type, str) or not chat_type:  # absent: a 1:1 chat has the user's id
        chat_type = "PRIVATE" if chat_id == user_id else "GROUP"
    photo = message.get("photo") if event == "image" else None
    photo_url = photo if isinstance(photo, str) and photo.startswith(("https://", "http://")) else None
    return ZaloInbound(
        event=event, user_id=user_id, chat_id=chat_id, photo_url=photo_url,
        display_name=name if isinstance(name, str) else str(name),
        text=text if isinstance(text, str) and event != "unsupported" else None,
        message_id=message_id, sent_at=_timestamp(message.get("date")),
        is_bot=sender.get("is_bot") is True, chat_type=chat_type.upper(),
    )


def verify_webhook_secret(header_value: str | None, expected: str) -> bool:
    """Constant-time check of the X-Bot-Api-Secret-Token header; an empty secret never matches."""
    if not header_value or not expected:
        return False
    return hmac.compare_digest(header_value.encode("utf-8"), expected.encode("utf-8"))
