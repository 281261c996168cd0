"""Vietnamese text helpers shared by the importer, the agency registry and the conversation.

`fold` is the one matching key: NFC/NFD, case, spacing, old vs new tone placement
("hoá"/"hóa", "uỷ"/"ủy") and typed-without-diacritics all fold to the same ASCII string.
"""
from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9a-z&]+")


def nfc(text: str) -> str:
    """NFC with whitespace collapsed: what we store for any human-written text."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def strip_marks(text: str) -> str:
    """Remove every diacritic (tones and vowel shapes), keeping case; đ becomes d."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return bare.replace("đ", "d").replace("Đ", "D")


def fold(text: str) -> str:
    """Matching key: lower-case ASCII words separated by single spaces ('&' kept)."""
    return _NON_WORD.sub(" ", strip_marks(text).casefold()).strip()


def is_blank(text: str | None) -> bool:
    """True when nothing visible is left: whitespace and format characters only.

    Phones paste zero-width spaces/joiners (U+200B–U+200D), word joiners (U+2060) and BOMs
    (U+FEFF); `str.strip()` keeps them, so a note of only those would be stored as if said.
    Format characters (Unicode category Cf, which covers all of these, soft hyphens and
    direction marks) are invisible on their own, so they count as blank too."""
    return not text or all(c.isspace() or unicodedata.category(c) == "Cf" for c in text)
