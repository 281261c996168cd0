"""Issue 13 end to end on Zalo: FakeZalo over HTTP, the real Zalo adapter and dispatcher, a plan
imported with `review: true` in its sidecar. A photo is fetched from the URL Zalo gives and kept
as evidence; decisions are text commands (XACNHAN, TRALAI, GIAHAN)."""
from __future__ import annotations

import hashlib

import pytest
from sqlmodel import Session, select

from bot.agencies import sync_registry
from bot.app import Core, build_conversation
from bot.channels.zalo import start_zalo
from bot.plans import import_plans
from bot.service.onboarding import create_invite
from bot.service.reminders.dispatch import tick
from bot.service.reports.summary import summarize
from bot.service.reports.summary_json import summary_dict
from bot.store import session_scope
from bot.store.models import Evidence, Plan
from tests.e2e.test_zalo_bot import KHCN, ROWS, fake, state, zalo_core  # noqa: F401 (fixture)
from tests.service.test_import import HEADER, REGISTRY, write_plan

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x11" * 200


@pytest.fixture
def rworld(core, tmp_path) -> Core:
    with session_scope(core.engine) as s:
        sync_registry(s, REGISTRY)
    path = write_plan(tmp_path, rows=ROWS, header=HEADER)
    path.with_suffix(".yaml").write_text("key: DEMO\ntitle: Kế hoạch thử\nyear: 2025\nreview: true\n", encoding="utf-8")
    with session_scope(core.engine) as s:
        assert import_plans(s, [path]).ok
        assert s.exec(select(Plan)).one().review is True
    settings = core.settings.model_copy(update={"files_dir": tmp_path / "files"})
    return Core(settings=settings, engine=core.engine, clock=core.clock)


@pytest.fixture
async def rbot(rworld, fake):  # noqa: F811
    runtime = await start_zalo(zalo_core(rworld, fake), build_conversation(rworld).handle,
                               poll_timeout=0.3, backoff=(0.01, 0.05))
    yield runtime
    await runtime.stop()


async def say(fake, user: str, text: str) -> str:  # noqa: F811
    before = len(fake.sent)
    fake.push_text(user, text, display_name=f"Anh {user}")
    return (await fake.wait_for(before + 1))[before].text


def invite(core: Core, role: str, agency: str | None = None) -> str:
    with session_scope(core.engine) as s:
        return create_invite(s, agency, role, core.clock()).code


async def mine(fake, user: str, since: int) -> list[str]:
    return [m.text for m in fake.sent[since:] if m.chat_id == user]


def figures(core: Core) -> dict:
    with Session(core.engine) as s:
        return summary_dict(summarize(s, core.clock().date(), core.settings.zone))


async def test_photo_evidence_confirm_return_and_extension_by_text_commands(rbot, fake, rworld):  # noqa: F811
    for user, role, agency in (("z1", "focal", "Sở KH&CN"), ("s1", "secretariat", None), ("l1", "lead", None)):
        assert "Đăng ký thành công" in await say(fake, user, f"DANGKY {invite(rworld, role, agency)}")
    channels = {"zalo": rbot.channel}

    before = len(fake.sent)
    fake.push_photo("z1", JPEG, caption="xong DEMO-1 đã ban hành kế hoạch 12/KH-SKHCN")
    reply = (await fake.wait_for(before + 1))[before].text
    assert "Đã nhận minh chứng cho DEMO-1" in reply and "chờ thư ký" in reply
    a, _ = state(rworld, "DEMO-1")
    assert a.status == "submitted"
    with Session(rworld.engine) as s:
        [ev] = s.exec(select(Evidence)).all()
    assert (ev.kind, ev.sha256) == ("jpg", hashlib.sha256(JPEG).hexdigest()) and ev.name.endswith(".jpg")
    assert figures(rworld)["submitted"] == 1

    mark = len(fake.sent)
    await tick(rworld, channels, rworld.clock())
    [notice] = [t for t in await mine(fake, "s1", mark) if "chờ xác nhận" in t]
    assert "XACNHAN DEMO-1" in notice and "TRALAI DEMO-1" in notice and "không gửi được qua kênh này" in notice
    assert "Đã xác nhận hoàn thành DEMO-1" in await say(fake, "s1", "xacnhan DEMO-1")
    assert "không có báo cáo nào đang chờ" in await say(fake, "s1", "XACNHAN DEMO-1")  # decided: nothing waits
    assert state(rworld, "DEMO-1")[0].status == "done"
    f = figures(rworld)
    assert (f["submitted"], f["done_on_time"]) == (0, 1)

    assert "chờ thư ký" in await say(fake, "z1", "XONG DEMO-4 xong")
    assert "Xin ghi lý do" in await say(fake, "s1", f"TRALAI DEMO-4 {KHCN}")
    assert "Chỉ thư ký" in await say(fake, "l1", "TRALAI DEMO-4 thiếu biên bản")
    assert "Đã trả lại DEMO-4" in await say(fake, "s1", "TRALAI DEMO-4 Sở KH&CN thiếu biên bản nghiệm thu")
    a, _ = state(rworld, "DEMO-4")
    assert (a.status, a.note) == ("in_progress", "Trả lại: thiếu biên bản nghiệm thu")

    answer = await say(fake, "z1", "CHAM DEMO-2 30/11 thiếu kinh phí")
    assert "Đề nghị gia hạn DEMO-2 đến 30/11/2025" in answer and "hạn vẫn là 30/09/2025" in answer
    mark = told_from = len(fake.sent)
    await tick(rworld, channels, rworld.clock().replace(minute=5))  # the lead's request, z1's decisions so far
    [req] = [t for t in await mine(fake, "l1", mark) if "Đề nghị gia hạn" in t]
    assert "GIAHAN DEMO-2" in req and "DONGY" in req
    assert "DONGY hoặc KHONG" in await say(fake, "l1", "GIAHAN DEMO-2 có lẽ")
    assert "Đã không đồng ý gia hạn DEMO-2" in await say(fake, "l1", "GIAHAN DEMO-2 Sở KH&CN KHONG")
    assert "không có báo cáo nào đang chờ" in await say(fake, "l1", "GIAHAN DEMO-2 DONGY")
    a, _ = state(rworld, "DEMO-2")
    assert (a.status, a.new_due, a.requested_due) == ("delayed", None, None)

    mark = len(fake.sent)
    await tick(rworld, channels, rworld.clock().replace(minute=10))
    told = "\n".join(await mine(fake, "z1", told_from))
    assert "xác nhận hoàn thành DEMO-1" in told
    assert "trả lại báo cáo hoàn thành DEMO-4" in told and "Lý do: thiếu biên bản nghiệm thu" in told
    assert "không đồng ý gia hạn DEMO-2" in told
    again = len(fake.sent)
    await tick(rworld, channels, rworld.clock().replace(minute=15))
    assert [t for t in await mine(fake, "z1", again) if "Sở KH&CN" in t or "Lãnh đạo" in t] == []
