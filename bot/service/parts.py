"""The one place a reply is cut into platform messages ("parts").

Why only here: the dispatcher marks a part sent when the platform accepted it. If an adapter
cut a part again, "marked sent" would no longer mean "delivered". So the service cuts, from
the channel's declared `Capabilities`, and an adapter sends each part as exactly one message
or raises `PartTooBig`. Entries are never split unless one alone is longer than a message
(then it is cut on lines); buttons are counted per message against the platform's limit;
attachments the channel cannot carry become a line of text saying where to get them.
"""
from __future__ import annotations

from collections.abc import Sequence

from bot.render import ENTRY_SEP, visible_len
from bot.service import texts
from bot.service.ports import Attachment, Capabilities, Channel, Entry, Reply

MARGIN = 64  # Telegram counts UTF-16 units after parsing entities; keep clear of the limit


def limit_of(caps: Capabilities) -> int:
    return max(200, caps.max_len - MARGIN)


def pack(entries: Sequence[Entry], caps: Capabilities, *, trailing_buttons: int = 0) -> list[list[Entry]]:
    """Entries grouped into messages that each fit `caps` (text length and button count).
    `trailing_buttons` are added to the last message and counted against its limit."""
    limit, max_buttons = limit_of(caps), caps.max_buttons if caps.has_buttons else 0
    pieces = [p for e in entries for p in _cut(e, limit)]
    out: list[list[Entry]] = []
    size = buttons = 0
    for e in pieces:
        n, b = visible_len(e.text), len(e.buttons) if max_buttons else 0
        if not out or size + len(ENTRY_SEP) + n > limit or (b and buttons + b > max_buttons):
            out.append([])
            size, buttons = -len(ENTRY_SEP), 0
        out[-1].append(e)
        size += len(ENTRY_SEP) + n
        buttons += b
    if out and trailing_buttons and max_buttons and buttons + trailing_buttons > max_buttons:
        out.append([])
    return out


def split(reply: Reply, caps: Capabilities) -> list[Reply]:
    """`reply` as parts, each one platform message; attachments ride on the last part."""
    entries = list(reply.entries) + [Entry(n) for n in _attachment_notes(reply, caps)]
    groups = pack(entries, caps, trailing_buttons=len(reply.buttons)) or [[]]
    parts = [Reply(entries=g, chat_id=reply.chat_id) for g in groups]
    parts[-1].buttons = list(reply.buttons) if caps.has_buttons else []
    parts[-1].attachments = [a for a in reply.attachments if _carried(a, caps)]
    return [p for p in parts if p.entries or p.attachments or p.buttons]


async def deliver(channel: Channel, chat_id: str, reply: Reply) -> list[str]:
    """Send a conversation reply through `channel`, part by part."""
    ids: list[str] = []
    for part in split(reply, channel.caps):
        ids += await channel.send(reply.chat_id or chat_id, part)
    return ids


def _carried(a: Attachment, caps: Capabilities) -> bool:
    if a.kind == "photo":
        return caps.photos or (caps.photo_urls and a.url is not None)
    return caps.documents


def _attachment_notes(reply: Reply, caps: Capabilities) -> list[str]:
    notes = []
    for a in reply.attachments:
        if not _carried(a, caps):
            note = texts.CHART_NOT_SENT if a.kind == "photo" else texts.FILE_NOT_SENT
            notes.append(note.format(name=a.caption or a.filename))
    return notes


def _cut(entry: Entry, limit: int) -> list[Entry]:
    """An entry longer than a message, cut on lines (its buttons stay with the last piece)."""
    if visible_len(entry.text) <= limit:
        return [entry]
    pieces, current = [], ""
    for line in entry.text.split("\n"):
        while visible_len(line) > limit:
            pieces.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if visible_len(candidate) <= limit:
            current = candidate
        else:
            pieces.append(current)
            current = line
    if current:
        pieces.append(current)
    return [Entry(p) for p in pieces[:-1]] + [Entry(pieces[-1], entry.buttons)]
