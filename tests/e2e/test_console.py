"""`make run` without tokens: the real conversation in a console chat, on the real plans."""
from __future__ import annotations

import io

import pytest

from bot.app import ensure_seeded
from bot.runner import serve

pytestmark = pytest.mark.store


async def test_console_chat_on_the_seeded_plans(core):
    seeded = ensure_seeded(core)
    assert seeded is not None and seeded.ok, [str(i) for i in seeded.issues if i.level == "error"]
    assert ensure_seeded(core) is None  # only on first start
    stdin = io.StringIO("/huongdan\n/la Sở Y tế\n/viec\n/la khong co co quan nay\n")
    out = io.StringIO()
    await serve(core, stdin=stdin, stdout=out)
    text = out.getvalue()
    assert "Bạn đang là thư ký (Sở KH&CN)" in text
    assert "Lệnh cho lãnh đạo và thư ký" in text
    assert "Bạn đang là đầu mối của Sở Y tế" in text
    assert "Việc chưa hoàn thành" in text and "TB25-" in text and "quá hạn" in text
    assert "(không đổi)" in text
