"""Channel-neutral text → what a channel can show.

Services write plain text and mark emphasis with `bold()` (two control characters that no
user text contains after `clean_input`). A channel renders it as HTML (Telegram: everything
escaped, then the marks become <b>…</b>) or as plain text (Zalo, console), and splits long
messages under its limit between entries, never inside one.
"""
from __future__ import annotations

import html
import re

_B, _E = "\x02", "\x03"
_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ENTRY_SEP = "\n\n"


def bold(text: str) -> str:
    return f"{_B}{text}{_E}"


def clean_input(text: str) -> str:
    """User text with control characters removed (so it can never forge our marks)."""
    return _CTRL.sub("", text)


def to_html(text: str) -> str:
    return html.escape(clean_marks_balanced(text), quote=False).replace(_B, "<b>").replace(_E, "</b>")


def to_plain(text: str) -> str:
    return text.replace(_B, "").replace(_E, "")


def clean_marks_balanced(text: str) -> str:
    """A block cut in the middle of a bold span must still be valid HTML: close/open as needed."""
    depth, out = 0, []
    for ch in text:
        if ch == _B:
            if depth:
                continue
            depth = 1
        elif ch == _E:
            if not depth:
                continue
            depth = 0
        out.append(ch)
    if depth:
        out.append(_E)
    return "".join(out)


def visible_len(text: str) -> int:
    return len(to_plain(text))


def split_entries(entries: list[str], limit: int, sep: str = ENTRY_SEP) -> list[str]:
    """Pack entries into messages of at most `limit` visible characters, never splitting an
    entry unless a single entry is itself longer than the limit (then it is cut on lines)."""
    return [text for text, _ in pack_entries(entries, limit, sep)]


def pack_entries(entries: list[str], limit: int, sep: str = ENTRY_SEP) -> list[tuple[str, list[int]]]:
    """Like `split_entries`, also telling which entries each message holds (for their buttons)."""
    messages: list[tuple[str, list[int]]] = []
    current, held = "", []
    for i, entry in enumerate(entries):
        for piece in _cut(entry, limit):
            candidate = f"{current}{sep}{piece}" if current else piece
            if visible_len(candidate) <= limit:
                current = candidate
            else:
                messages.append((current, held))
                current, held = piece, []
            if i not in held:
                held.append(i)
    if current:
        messages.append((current, held))
    return messages


def _cut(entry: str, limit: int) -> list[str]:
    if visible_len(entry) <= limit:
        return [entry]
    pieces, current = [], ""
    for line in entry.split("\n"):
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
    return pieces
