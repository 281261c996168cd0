"""Issue 13 in the service: unreviewed submissions reach the secretariat's digest after 3
working days (once), documents are recognised by their content, document numbers are read."""
from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pytest
from sqlmodel import select

from bot.app import Core
from bot.clock import fixed_clock
from bot.service.conversation.handler import Conversation
from bot.service.ports import Inbound, Sender
from bot.service.reminders.dispatch import tick
from bot.service.review.files import FileStore, clean_name, sniff
from bot.service.review.numbers import document_numbers
from bot.store import session_scope
from bot.store.models import Plan
from tests.conftest import TZ
from tests.service.helpers import add_contact, seed
from tests.service.test_dispatch_support import Clock as TickClock, Recorder

MONDAY = datetime(2025, 6, 16, 9, 0, tzinfo=TZ)


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("data,kind", [
    (b"%PDF-1.7 ...", "pdf"), (b"\xff\xd8\xff\xe1rest", "jpg"), (b"\x89PNG\r\n\x1a\nrest", "png"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"), "doc"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le"), "xls"),
    (_zip({"[Content_Types].xml": b"...wordprocessingml.document.main+xml..."}), "docx"),
    (_zip({"[Content_Types].xml": b"...spreadsheetml.sheet.main+xml..."}), "xlsx"),
    (_zip({"mimetype": b"application/vnd.oasis.opendocument.text"}), "odt"),
    (_zip({"evil.sh": b"rm -rf /"}), None), (b"MZ\x90\x00", None), (b"GIF89a", None),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1nothing", None), (b"", None),
])
def test_type_by_content(data, kind):
    assert sniff(data, "any.pdf") == kind


def test_names_are_made_harmless_and_files_stored_by_hash(tmp_path):
    assert clean_name("../../etc/passwd", "pdf", "a" * 64) == "passwd.pdf"
    assert clean_name("QĐ 12.PDF", "pdf", "a" * 64) == "QĐ 12.PDF"
    assert clean_name("", "jpg", "ab" * 32) == "anh-abababab.jpg"
    store = FileStore(tmp_path)
    stored = store.put(b"%PDF-1", "pdf")
    assert store.get(stored.sha256) == b"%PDF-1" and store.put(b"%PDF-1", "pdf") == stored
    assert oct(store.path(stored.sha256).stat().st_mode & 0o777) == "0o600"
    with pytest.raises(ValueError):
        store.path("../x")


def test_document_numbers():
    assert document_numbers("đã ban hành QĐ 123/QĐ-UBND và 45/2025/NĐ-CP, xem 123/QĐ-UBND") == \
        ["123/QĐ-UBND", "45/2025/NĐ-CP"]
    assert document_numbers("dự kiến 15/7") == []


async def test_unreviewed_for_three_working_days_goes_to_the_secretariat_once(core, engine, tmp_path):
    seed(engine)
    with session_scope(engine) as s:
        plan = s.exec(select(Plan)).one()
        plan.review = True
    add_contact(engine, "telegram", "100", "focal", "Sở Y tế", MONDAY)
    add_contact(engine, "telegram", "800", "secretariat", None, MONDAY)
    conv = Conversation(engine=engine, clock=lambda: MONDAY, tz=TZ, files=FileStore(tmp_path))
    [r] = conv.handle(Inbound(sender=Sender("telegram", "100", "100"), text="/xong DEMO-1 đã xong"))
    assert "chờ thư ký" in r.plain
    clock = TickClock(MONDAY)
    rcore = Core(settings=core.settings, engine=engine, clock=fixed_clock(MONDAY))
    channel = Recorder(clock)
    await tick(rcore, {"telegram": channel}, MONDAY)
    assert any("chờ xác nhận" in m.text for m in channel.to("800"))
    for day, expected in ((18, 0), (19, 1), (20, 0)):  # Wed: 2 working days; Thu: 3; Fri: already told
        before = len(channel.to("800"))
        await tick(rcore, {"telegram": channel}, datetime(2025, 6, day, 9, 0, tzinfo=TZ))
        late = [m for m in channel.to("800")[before:] if "chưa được xác nhận" in m.text]
        assert len(late) == expected, day
    assert "DEMO-1" in late_text(channel)


def late_text(channel) -> str:
    return "\n".join(m.text for m in channel.to("800") if "chưa được xác nhận" in m.text)


def test_the_sidecar_review_switch(tmp_path):
    from bot.plan_files import read_plan_file
    from tests.service.test_import import write_plan

    path = write_plan(tmp_path)
    assert read_plan_file(path).meta.review is False  # the default: plans behave as before
    path.with_suffix(".yaml").write_text("key: DEMO\ntitle: T\nyear: 2025\nreview: true\n", encoding="utf-8")
    assert read_plan_file(path).meta.review is True
    path.with_suffix(".yaml").write_text("key: DEMO\ntitle: T\nyear: 2025\nreview: có\n", encoding="utf-8")
    pf = read_plan_file(path)
    assert [p.column for p in pf.errors] == ["review"] and "true/false" in pf.errors[0].message
