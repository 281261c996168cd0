"""What flows between channels and the conversation: channel-neutral, no telegram, no httpx."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sender:
    platform: str  # telegram | zalo | console
    user_id: str  # platform user id: the only identity we trust
    chat_id: str
    display_name: str = ""
    chat_type: str = "private"  # private | group

    @property
    def in_group(self) -> bool:
        return self.chat_type != "private"


@dataclass(frozen=True)
class Inbound:
    sender: Sender
    text: str | None = None
    button: str | None = None  # callback data of a pressed button ("st:done:TB25-11")
    kind: str = "text"  # text | button | photo | sticker | other
    reply_to_text: str | None = None  # the bot message this one replies to, if any


@dataclass(frozen=True)
class Button:
    label: str
    data: str


@dataclass
class Entry:
    """One unsplittable block of a reply, with the buttons that belong to it."""

    text: str
    buttons: list[Button] = field(default_factory=list)


@dataclass
class Attachment:
    filename: str
    data: bytes
    kind: str = "document"  # document | photo
    caption: str = ""


@dataclass
class Reply:
    entries: list[Entry] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)  # shown under the last message
    attachments: list[Attachment] = field(default_factory=list)
    chat_id: str | None = None  # None: answer in the chat the inbound came from

    @classmethod
    def text(cls, *blocks: str, buttons: list[Button] | None = None) -> Reply:
        return cls(entries=[Entry(b) for b in blocks], buttons=buttons or [])

    @property
    def plain(self) -> str:
        from bot.render import to_plain

        return "\n\n".join(to_plain(e.text) for e in self.entries)
