"""The service's ports: what flows between a channel adapter and the service, and what an
adapter must provide. Owned here and implemented by `bot.channels.*`, so the service never
imports a channel, telegram or httpx (the arrows run one way)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from bot.domain import Platform


@dataclass(frozen=True)
class Capabilities:
    """What a channel can show, declared by each adapter as a class attribute (as Apprise's
    plugins declare `body_maxlen`); the service cuts and words its replies from it."""

    max_len: int  # characters per message
    has_buttons: bool
    html: bool
    send_rate: float  # messages per second the platform tolerates overall
    max_buttons: int = 0  # buttons per message (Telegram: 100)
    documents: bool = False  # can upload a file (xlsx, docx)
    photos: bool = False  # can send a picture given as bytes (the chart)
    photo_urls: bool = False  # can send a picture given as a public URL
    chat_gap: float = 1.0  # seconds between two messages of one pass to one chat (Telegram: ~1 a second)


PLAIN = Capabilities(max_len=4000, has_buttons=False, html=False, send_rate=10.0)


@dataclass(frozen=True)
class Sender:
    platform: Platform
    user_id: str  # platform user id: the only identity we trust
    chat_id: str
    display_name: str = ""
    chat_type: str = "private"  # private | group

    @property
    def in_group(self) -> bool:
        return self.chat_type != "private"


class FileSource(Protocol):
    """Where a file someone sent can be fetched from: the adapter's handle on the platform's
    file API (Telegram getFile, Zalo's photo URL). The adapter only describes the file; the
    service fetches it, and only once the sender may attach it to the task it names (a
    stranger's file is never downloaded). Called from the conversation's worker thread, outside
    any database transaction."""

    def fetch(self, limit: int) -> tuple[bytes | None, bool]:
        """(data, False); (None, True) if larger than `limit` bytes (reading stops there);
        (None, False) if the platform failed."""
        ...


@dataclass(frozen=True)
class IncomingFile:
    """A document or photo someone sent: described by the adapter, fetched by the service."""

    name: str  # as sent ("" for a photo)
    size: int  # bytes, as the platform declared or as downloaded (0: not declared)
    data: bytes | None = None  # None: not fetched (yet, or over the limit, or the platform failed)
    too_big: bool = False
    source: FileSource | None = field(default=None, compare=False, repr=False)  # where `data` comes from

    @property
    def pending(self) -> bool:
        """Not fetched yet, and can be."""
        return self.data is None and self.source is not None and not self.too_big

    def fetched(self, limit: int) -> IncomingFile:
        """This file with its bytes (or marked too big, or left unfetched on failure)."""
        if not self.pending:
            return self
        data, too_big = self.source.fetch(limit)
        size = len(data) if data is not None else self.size
        return IncomingFile(self.name, size, data, too_big=too_big or size > limit)


@dataclass(frozen=True)
class Inbound:
    sender: Sender
    text: str | None = None  # the text, or a file's caption
    button: str | None = None  # callback data of a pressed button ("st:done:TB25-11")
    kind: str = "text"  # text | button | photo | document | sticker | other
    reply_to_text: str | None = None  # the bot message this one replies to, if any
    caps: Capabilities = PLAIN  # what the channel it came from can show
    files: tuple[IncomingFile, ...] = ()  # evidence sent with it (photo, document)
    update_id: str | None = None  # its row in the inbox, marked handled with its effects


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
    url: str | None = None  # a photo already public at this address


@dataclass
class Reply:
    entries: list[Entry] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)  # shown under the last message
    attachments: list[Attachment] = field(default_factory=list)
    chat_id: str | None = None  # None: answer in the chat the inbound came from
    edit_id: str | None = None  # replace this earlier message where the platform can (Telegram), else send

    @classmethod
    def text(cls, *blocks: str, buttons: list[Button] | None = None) -> Reply:
        return cls(entries=[Entry(b) for b in blocks], buttons=buttons or [])

    @property
    def plain(self) -> str:
        from bot.render import to_plain

        return "\n\n".join(to_plain(e.text) for e in self.entries)


class DeliveryError(Exception):
    """A message could not be delivered (permanent unless a subclass says otherwise)."""


class DeliveryBlocked(DeliveryError):
    """The user blocked the bot or left: mark the contact inactive, tell the secretariat."""


class DeliveryRetry(DeliveryError):
    """Temporary (429, 5xx, timeout, network): try again later; never drop the slot."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PartTooBig(DeliveryError):
    """A part handed to `Channel.send` does not fit one platform message: a bug in the
    cutting (`bot.service.parts`), never cut again by the adapter."""


class Inbox(Protocol):
    """Where a channel stores each incoming update before acknowledging it to the platform
    (implemented by `bot.service.inbox.StoredInbox`, passed in by the composition root)."""

    def store(self, platform: str, items: list[tuple[str, str, str]]) -> set[str]:
        """(update_id, chat_id, payload JSON) rows; returns the ids not seen before."""
        ...

    def pending(self, platform: str) -> list[tuple[str, str]]:
        """(update_id, payload) of stored updates never handled, oldest first."""
        ...

    def done(self, platform: str, update_id: str) -> None:
        """Mark handled (a no-op if the conversation already did, with its effects)."""
        ...


class Channel(Protocol):
    platform: ClassVar[Platform]
    caps: Capabilities

    async def send(self, chat_id: str, part: Reply) -> list[str]:
        """Send one part as ONE platform message (plus its attachments); return the message
        ids. Raises PartTooBig if it does not fit, other DeliveryError subclasses on failure."""
        ...
