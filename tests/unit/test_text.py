"""`text.is_blank`: a note made only of invisible characters is no note (issue 12, item 13)."""
from __future__ import annotations

import pytest

from bot.text import is_blank


@pytest.mark.parametrize("text", [
    "", " ", "\t\n", "\u200b", "\u200c\u200d", "\ufeff", "\u2060", " \u200b \u00a0\u3000\ufeff\n",
    "\u200b" * 50, "\u00ad\u200e\u200f",
])
def test_invisible_only_is_blank(text):
    assert is_blank(text)


@pytest.mark.parametrize("text", ["x", "\u200bĐã xong\u200b", "0", ".", "✅", "\u200d👍", "ạ"])
def test_anything_visible_is_not_blank(text):
    assert not is_blank(text)


def test_none_is_blank():
    assert is_blank(None)
