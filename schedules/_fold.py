"""Folding: Vietnamese text -> a lower-case ASCII string of the same length, for the patterns.

Folding is length-preserving: every character of the NFC text becomes exactly one character
(lower-case, diacritics stripped, đ→d, any dash → "-", any space → " "), so a span found in
the folded string is the same span in the NFC text. Warnings and reply residues can therefore
quote the words as written. Old and new tone placement ("Hoá"/"Hóa", "Quý"/"Qúy") and text
typed without diacritics fold to the same string. Split from `_deadline_grammar`: the completion
times, the replies and their dates all read folded text.
"""
from __future__ import annotations

import re
import unicodedata

_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")


def _fold_char(ch: str) -> str:
    """One character -> exactly one matching character (see the module docstring)."""
    if ch in _DASHES:
        return "-"
    if ch.isspace():
        return " "
    digit = unicodedata.decimal(ch, None)
    if digit is not None:
        return str(digit)
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if unicodedata.category(c) != "Mn")
    if not base:
        return " "  # a stray combining mark
    base = base.lower().replace("đ", "d")
    if len(base) == 1:
        return base
    low = ch.lower()
    return low if len(low) == 1 else "?"


class _FoldTable(dict):
    """`str.translate` table filled on first use of each character (a C-speed lookup after)."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _fold_char(chr(code))
        return value


_TABLE = _FoldTable()
# The same table as a list for the code points most text uses (ASCII, Latin, the Vietnamese block
# U+1EA0–U+1EF9): `str.translate` indexes a list about twice as fast as it looks up a dict. A code
# point past its end is left as it is, and the text is then folded again with the full table.
_LIST_TABLE = [_fold_char(chr(code)) for code in range(0x2000)]
# digits typed as the letter o inside a number ("2O25", "O6/2025")
_O_DIGITS = re.compile(r"\b(?=[0-9o]*[0-9])[0-9o]{2,4}\b", re.ASCII)
# such a number has an o next to a digit: a literal-first search (~0.1 µs) that spares the
# substitution above, which calls back for every number in the text, on nearly every text
_O_NEAR_DIGIT = re.compile(r"o(?:(?<=\do)|(?=\d))", re.ASCII)


def strip_marks(text: str) -> str:
    """The text without any diacritic (đ kept: only its absence of marks matters to callers)."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def fold(text: str) -> tuple[str, str]:
    """(NFC text, folded text of the same length)."""
    nfc = unicodedata.normalize("NFC", text)
    folded = nfc.translate(_LIST_TABLE)
    if not folded.isascii():  # a dash or space past the list, or a letter that folds to non-ASCII
        folded = nfc.translate(_TABLE)
    if "o" in folded and _O_NEAR_DIGIT.search(folded):
        folded = _O_DIGITS.sub(lambda m: m.group().replace("o", "0"), folded)
    if "qui" in folded:  # "Quí": the old spelling of "Quý", same length
        folded = _QUI.sub("quy", folded)
    return nfc, folded


_QUI = re.compile(r"\bqui\b", re.ASCII)
_NUMBER_WORD = r"(?:khong|mot|hai|ba|bon|tu|nam|lam|sau|bay|tam|chin|muoi|muoi|linh|le|tram|nghin|ngan|va)"
# legal drafting repeats numbers in words: "ngày 06 (sáu) tháng 06 (sáu) năm 2025"
NUMBER_IN_WORDS = re.compile(rf"\(\s*{_NUMBER_WORD}(?:\s+{_NUMBER_WORD})*\s*\)", re.ASCII)


def blank_number_words(folded: str) -> str:
    """The folded text with "(sáu)"-style number words blanked (same length, so spans still map)."""
    if "(" not in folded:
        return folded
    return NUMBER_IN_WORDS.sub(lambda m: " " * len(m.group()), folded)
