"""A note made only of invisible characters (zero-width spaces, joiners, BOMs) is no note: it is
refused like an empty one (`bot.text.is_blank`), never stored as if something was said."""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from bot.service.conversation.handler import Conversation
from bot.service.ports import Inbound, Sender
from bot.store.models import StatusEvent
from tests.conftest import TZ
from tests.service.helpers import add_contact, seed

NOW = datetime(2025, 6, 16, 9, 0, tzinfo=TZ)
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def test_a_note_of_zero_width_characters_is_not_stored(engine):
    seed(engine)
    add_contact(engine, "telegram", "100", "focal", "Sở Y tế", NOW)
    conv = Conversation(engine=engine, clock=lambda: NOW, tz=TZ)
    say = lambda text: conv.handle(Inbound(sender=Sender("telegram", "100", "100"), text=text))[0].plain  # noqa: E731
    asked = say(f"/ghichu DEMO-1 {INVISIBLE}")
    assert "Đã ghi nhận" not in asked
    bare = say(INVISIBLE)
    assert "Đã ghi nhận" not in bare
    with Session(engine) as s:
        assert s.exec(select(StatusEvent)).all() == []
