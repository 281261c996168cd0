"""Zalo secretaries and the evidence files (issue 13 follow-up, gap 3). The Zalo Bot API sends
text (sendMessage) and photos given as a public URL (sendPhoto); it uploads nothing and has no
documents. So where a notice's files cannot go, the secretary gets one link of their own, made
when the message is sent: it signs in once and opens the task's page.
FakeZalo over HTTP, the real adapter and dispatcher; the link is followed on the real web app."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from bot.app import Core
from bot.service.reminders.dispatch import tick
from bot.web.app import create_app
from bot.web.auth import RateLimiter
from tests.e2e.test_review_zalo import JPEG, invite, mine, rbot, rworld, say  # noqa: F401 (fixtures)
from tests.e2e.test_zalo_bot import fake  # noqa: F401 (fixture)

PUBLIC = "https://nhacviec.example.vn"
LOGIN = re.compile(re.escape(PUBLIC) + r"/login/[A-Za-z0-9_-]+\S*")


@pytest.fixture
def web_core(rworld) -> Core:  # noqa: F811
    """The same bot with its web page served at a public address."""
    settings = rworld.settings.model_copy(update={"web_listen": "127.0.0.1:8080", "public_url": PUBLIC})
    return Core(settings=settings, engine=rworld.engine, clock=rworld.clock)


def signs_in(core: Core, login: str, page: str) -> str:
    """Follow the link as a browser would: signed in, then on `page` (a path)."""
    client = TestClient(create_app(core, login_limiter=RateLimiter(limit=1000)), base_url=PUBLIC,
                        follow_redirects=False)
    r = client.get(login)
    assert r.status_code == 303 and r.headers["location"] == page
    shown = client.get(r.headers["location"])
    assert shown.status_code == 200
    assert client.get(login).status_code == 410  # used once
    return shown.text


async def test_zalo_secretary_gets_a_sign_in_link_to_the_files(rbot, fake, rworld, web_core):  # noqa: F811
    for user, role, agency in (("z1", "focal", "Sở KH&CN"), ("s1", "secretariat", None)):
        assert "Đăng ký thành công" in await say(fake, user, f"DANGKY {invite(rworld, role, agency)}")
    channels = {"zalo": rbot.channel}
    assert not rbot.channel.caps.documents and not rbot.channel.caps.photos  # long polling: nothing to host a photo

    before = len(fake.sent)
    fake.push_photo("z1", JPEG, caption="xong DEMO-1 đã ban hành kế hoạch 12/KH-SKHCN")
    assert "Đã nhận minh chứng cho DEMO-1" in (await fake.wait_for(before + 1))[before].text
    mark = len(fake.sent)
    await tick(web_core, channels, rworld.clock())
    [notice] = [t for t in await mine(fake, "s1", mark) if "chờ xác nhận" in t]
    page = "/nhiem-vu/DEMO-1"
    assert "xem trên trang web" in notice and "gõ WEB" in notice
    [login] = LOGIN.findall(notice)  # one link, no separate page address
    assert login.endswith("?next=/nhiem-vu/DEMO-1") and notice.count(PUBLIC) == 1
    assert "DEMO-1" in signs_in(web_core, login, page)

    before = len(fake.sent)  # a file added after the notice: the follow-up carries a fresh link
    fake.push_photo("z1", JPEG[:-1] + b"\x12", caption="DEMO-1 ảnh lễ ký")
    assert "Đã nhận minh chứng cho DEMO-1" in (await fake.wait_for(before + 1))[before].text
    mark = len(fake.sent)
    await tick(web_core, channels, rworld.clock().replace(minute=5))
    [more] = [t for t in await mine(fake, "s1", mark) if "Bổ sung minh chứng" in t]
    assert "DEMO-1 — Sở Khoa học và Công nghệ" in more and "xem trên trang web" in more
    [again] = LOGIN.findall(more)
    assert more.count(PUBLIC) == 1
    assert again != login and "DEMO-1" in signs_in(web_core, again, page)
    assert [m for m in fake.sent if m.method == "sendPhoto"] == []  # no evidence URL handed to Zalo
