"""Evidence is fetched only from someone allowed to attach it (issue 13 follow-up, gap 1): a
file from a platform user who is not a registered focal point, or from a focal point for a task
not of their agency, is refused without a getFile or a download, and nothing is stored. Through
the real adapters over HTTP against FakeTelegram and FakeZalo."""
from __future__ import annotations

import hashlib

from sqlmodel import Session, select

from bot.store.models import Evidence
from tests.e2e.test_review_telegram import FOCAL, PDF, rcore, running, said  # noqa: F401 (fixture)
from tests.e2e.test_review_zalo import JPEG, invite, rbot, rworld, say  # noqa: F401 (fixtures)
from tests.e2e.test_zalo_bot import fake  # noqa: F401 (fixture)

STRANGER = 555


def stored(core) -> list[Evidence]:
    with Session(core.engine) as s:
        return list(s.exec(select(Evidence)).all())


def files_on_disk(core) -> list:
    root = core.settings.files_dir
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


async def test_telegram_files_from_strangers_and_other_agencies_are_never_fetched(telegram_server, rcore):  # noqa: F811
    async with running(telegram_server, rcore):
        telegram_server.push_document(STRANGER, PDF, "QĐ.pdf", caption="xong DEMO-1 đã ban hành")
        telegram_server.push_photo(STRANGER, caption="DEMO-1")
        answers = await telegram_server.wait_for(lambda r: r.chat_id == STRANGER, count=2)
        assert telegram_server.calls["getFile"] == 0 and telegram_server.downloads == []
        assert all("chưa đăng ký" in r.plain_text for r in answers)
        telegram_server.push_document(FOCAL, PDF, "QĐ.pdf", caption="xong DEMO-5 xong rồi")  # Sở Tài chính's task
        await telegram_server.wait_for(said(telegram_server, FOCAL, "không giao cho cơ quan của bạn"))
        telegram_server.push_document(FOCAL, PDF, "QĐ.pdf")  # no caption, nothing asked: which task?
        await telegram_server.wait_for(said(telegram_server, FOCAL, "minh chứng cho việc nào"))
        assert telegram_server.calls["getFile"] == 0 and telegram_server.downloads == []
        assert stored(rcore) == [] and files_on_disk(rcore) == []

        telegram_server.push_document(FOCAL, PDF, "QĐ.pdf", caption="xong DEMO-1 đã ban hành")  # allowed: fetched
        await telegram_server.wait_for(said(telegram_server, FOCAL, "Đã nhận minh chứng cho DEMO-1"))
    assert telegram_server.calls["getFile"] == 1 and len(telegram_server.downloads) == 1
    [ev] = stored(rcore)
    assert ev.sha256 == hashlib.sha256(PDF).hexdigest() and len(files_on_disk(rcore)) == 1


async def test_zalo_photos_from_strangers_and_other_agencies_are_never_fetched(rbot, fake, rworld):  # noqa: F811
    assert "Đăng ký thành công" in await say(fake, "z1", f"DANGKY {invite(rworld, 'focal', 'Sở KH&CN')}")
    before = len(fake.sent)
    fake.push_photo("x9", JPEG, caption="xong DEMO-1 đã xong")
    stranger = (await fake.wait_for(before + 1))[before].text
    before = len(fake.sent)
    fake.push_photo("z1", JPEG, caption="xong DEMO-6 đã tổ chức")  # Sở VH-TT-DL's task
    other = (await fake.wait_for(before + 1))[before].text
    assert fake.fetched == [] and stored(rworld) == [] and files_on_disk(rworld) == []
    assert "chưa đăng ký" in stranger and "không giao cho cơ quan của bạn" in other

    before = len(fake.sent)
    fake.push_photo("z1", JPEG, caption="xong DEMO-1 đã ban hành")  # allowed: fetched
    assert "Đã nhận minh chứng cho DEMO-1" in (await fake.wait_for(before + 1))[before].text
    assert len(fake.fetched) == 1 and len(stored(rworld)) == 1
