"""Channel-neutral text → what a channel can show.

Services write plain text and mark emphasis with `bold()` (two control characters that no
user text contains after `clean_input`). A channel renders it as HTML (Telegram: everything
escaped, then the marks become <b>…</b>) or as plain text (Zalo, console). Cutting a reply
into messages is not done here but once, in `bot.service.parts`.
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


def join_entries(texts: list[str]) -> str:
    """The text of one message made of several entries."""
    return ENTRY_SEP.join(texts)
