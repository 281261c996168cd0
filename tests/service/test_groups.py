"""A group chat as an agency's destination (issue 12, item 13): only through a group invite,
and in it only that agency's registered focal points answer."""
from __future__ import annotations

from dataclasses import replace

import pytest
from sqlmodel import Session, select

from bot.service.onboarding import OnboardingError, create_invite
from bot.service.ports import Inbound, Sender
from bot.store import session_scope
from bot.store.models import Contact, Invite
from tests.service.helpers import assignment
from tests.service.test_conversation import CAPS, events, world  # noqa: F401 (a fixture)

pytestmark = pytest.mark.store
GROUP = "-500"


def said(conv, user: str, text: str | None = None, *, button: str | None = None, chat: str | None = None):
    """`user` writes in `chat` (a group) or, without one, in a private chat with the bot."""
    sender = Sender("telegram", user, chat or user, f"User {user}", "group" if chat else "private")
    replies = conv.handle(Inbound(sender=sender, text=text, button=button, kind="button" if button else "text",
                                  caps=CAPS["telegram"]))
    return replies[0] if replies else None


def invite(engine, clock, agency="Sở Y tế", *, for_group: bool) -> str:
    with session_scope(engine) as s:
        return create_invite(s, agency, "focal", clock(), for_group=for_group).code


def contacts(engine) -> list[tuple[str, str, str, int | None]]:
    with Session(engine) as s:
        return [(c.user_id, c.chat_id, c.role, c.agency_id) for c in s.exec(select(Contact).order_by(Contact.id))]


def unused(engine) -> int:
    with Session(engine) as s:
        return len(s.exec(select(Invite).where(Invite.used_at.is_(None))).all())


def test_a_group_invite_in_a_group_registers_the_group_not_the_sender(world, engine):
    conv, clock = world
    before = contacts(engine)
    r = said(conv, "100", f"/start {invite(engine, clock, for_group=True)}", chat=GROUP)
    assert "nhóm này" in r.plain and "Sở Y tế" in r.plain
    after = contacts(engine)
    assert after[:len(before)] == before  # the sender (focal 100) still gets reminders privately
    [(user_id, chat_id, role, agency_id)] = after[len(before):]
    assert (user_id, chat_id, role) == (f"group:{GROUP}", GROUP, "focal")
    assert agency_id == assignment(engine, "DEMO-1", "Sở Y tế").agency_id


def test_a_group_invite_in_a_private_chat_is_refused(world, engine):
    conv, clock = world
    before, open_invites = contacts(engine), unused(engine) + 1
    r = said(conv, "555", f"/start {invite(engine, clock, for_group=True)}")
    assert "dành cho nhóm" in r.plain
    assert contacts(engine) == before and unused(engine) == open_invites


def test_a_personal_invite_in_a_group_is_refused(world, engine):
    conv, clock = world
    before, open_invites = contacts(engine), unused(engine) + 1
    r = said(conv, "555", f"/start {invite(engine, clock, for_group=False)}", chat=GROUP)
    assert "dành cho một người" in r.plain
    assert contacts(engine) == before and unused(engine) == open_invites


def test_a_group_invite_needs_a_focal_agency(world, engine):
    _, clock = world
    with session_scope(engine) as s, pytest.raises(OnboardingError, match="nhóm"):
        create_invite(s, None, "lead", clock(), for_group=True)


def test_in_a_registered_group_only_its_agencys_focal_points_answer(world, engine):
    conv, clock = world
    said(conv, "555", f"/start {invite(engine, clock, for_group=True)}", chat=GROUP)  # Sở Y tế's group
    assert "chưa đăng ký" not in (r := said(conv, "777", "/xong DEMO-1", chat=GROUP)).plain  # a stranger
    assert "chỉ đầu mối đã đăng ký của" in r.plain
    assert "chỉ đầu mối đã đăng ký của" in said(conv, "777", button="st:done:DEMO-1", chat=GROUP).plain
    assert said(conv, "777", "chào cả nhà", chat=GROUP) is None
    # 200 is Vũ Thư's focal point: DEMO-3 is theirs too, but not from Sở Y tế's group
    assert "chỉ đầu mối đã đăng ký của" in said(conv, "200", "/xong DEMO-3 xong", chat=GROUP).plain
    assert "chỉ đầu mối đã đăng ký của" in said(conv, "900", "/viec", chat=GROUP).plain  # the lead
    assert events(engine, "DEMO-1", "Sở Y tế") == []
    assert events(engine, "DEMO-3", "Ủy ban nhân dân huyện Vũ Thư") == []
    r = said(conv, "100", "/xong DEMO-1 đã gửi", chat=GROUP)  # Sở Y tế's own focal point
    assert "Đã ghi nhận" in r.plain
    assert assignment(engine, "DEMO-1", "Sở Y tế").status == "done"
    [e] = events(engine, "DEMO-1", "Sở Y tế")
    with Session(engine) as s:
        assert s.get(Contact, e.contact_id).user_id == "100"  # the person, not the group


def _with_web(conv):
    from functools import partial

    from bot.service.conversation.web_command import web_link

    return replace(conv, web_link=partial(web_link, base_url="https://nhacviec.example"))


def _logins(engine) -> int:
    from bot.store.models import WebLogin

    with Session(engine) as s:
        return len(s.exec(select(WebLogin)).all())


@pytest.mark.parametrize("chat", [GROUP, "-600"])  # a registered group, and a group nobody registered
def test_in_any_group_personal_and_all_agency_commands_are_answered_only_in_private(world, engine, chat):
    """Everyone in a group reads the answer: a sign-in link there would let any member sign in as the
    sender, and the lead's lists would show every agency to the group."""
    conv, clock = world
    conv = _with_web(conv)
    said(conv, "555", f"/start {invite(engine, clock, for_group=True)}", chat=GROUP)  # Sở Y tế's group
    for user, text in [("100", "/web"), ("900", "/web"), ("900", "/quahan"), ("900", "/viec"), ("900", "/tonghop"),
                       ("100", "/nghi 10/12/2026"), ("900", "/choxacnhan")]:
        r = said(conv, user, text, chat=chat)
        assert r is not None and "riêng với bot" in r.plain, (user, text, chat)
        assert "https://" not in r.plain
    assert _logins(engine) == 0
    assert "Đã ghi nhận" in said(conv, "100", "/xong DEMO-1 đã gửi", chat=chat).plain  # its own work: still there
    assert "https://nhacviec.example" in said(conv, "100", "/web").plain  # privately: the link
    assert _logins(engine) == 1
