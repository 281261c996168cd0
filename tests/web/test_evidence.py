"""Evidence on the web page over HTTP: a focal point's upload through the chat's evidence checks
(type by content, 20 MB, stored by SHA-256), and the download only the lead, the secretariat and
the submitting agency's focal points get, as an attachment that is never sniffed."""
from __future__ import annotations

import hashlib
import re
from urllib.parse import unquote

import pytest
from sqlmodel import Session, select

from bot.service.review.files import MAX_BYTES
from bot.store.models import Evidence
from tests.web.test_review import HEALTH, HOME, PDF, attach, done, rcore  # noqa: F401 (fixture)


def evidence_ids(b, code: str) -> list[int]:
    return [int(i) for i in re.findall(r'href="/minh-chung/(\d+)"', b.get(f"/nhiem-vu/{code}").text)]


@pytest.fixture
def uploaded(rcore, as_role):  # noqa: F811
    health = as_role("focal", HEALTH)
    done(health, "TB25-16", "đã ban hành")
    r = attach(health, "TB25-16", name="Quyết định số 12.pdf", caption="QĐ 12/QĐ-SYT")
    assert r.status_code == 303
    assert "Đã nhận minh chứng cho TB25-16: Quyết định số 12.pdf" in unquote(r.headers["location"])
    [eid] = evidence_ids(health, "TB25-16")
    return health, eid


def test_an_upload_is_stored_by_hash_and_listed_on_the_task(uploaded, rcore, as_role):  # noqa: F811
    health, eid = uploaded
    sha = hashlib.sha256(PDF).hexdigest()
    assert (rcore.settings.files_dir / sha[:2] / sha).read_bytes() == PDF
    with Session(rcore.engine) as s:
        e = s.get(Evidence, eid)
        assert (e.name, e.kind, e.sha256, e.caption) == ("Quyết định số 12.pdf", "pdf", sha, "QĐ 12/QĐ-SYT")
        assert e.event_id is not None  # goes with the submission the secretariat reviews
    page = health.get("/nhiem-vu/TB25-16").text
    assert "Quyết định số 12.pdf" in page and "QĐ 12/QĐ-SYT" in page
    assert 'action="/nhiem-vu/TB25-16/minh-chung"' in page
    assert 'action="/nhiem-vu/TB25-16/minh-chung"' not in as_role("secretariat").get("/nhiem-vu/TB25-16").text
    assert evidence_ids(as_role("focal", HOME), "TB25-8") == []


@pytest.mark.parametrize("role,agency", [("secretariat", None), ("lead", None), ("focal", HEALTH)])
def test_who_may_download(uploaded, as_role, role, agency):
    _, eid = uploaded
    r = as_role(role, agency).get(f"/minh-chung/{eid}")
    assert r.status_code == 200 and r.content == PDF
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["x-content-type-options"] == "nosniff"
    cd = r.headers["content-disposition"]
    assert cd.startswith("attachment;")
    assert "filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%20s%E1%BB%91%2012.pdf" in cd
    assert 'filename="Quyet dinh so 12.pdf"' in cd


def test_download_refusals(uploaded, as_role, rcore):  # noqa: F811
    _, eid = uploaded
    other = as_role("focal", HOME)
    r = other.get(f"/minh-chung/{eid}")
    assert r.status_code == 403 and "cơ quan mình" in r.text and PDF not in r.content
    assert other.get(f"/nhiem-vu/TB25-16").status_code == 403  # nor the task page that lists it
    sec = as_role("secretariat")
    assert sec.get("/minh-chung/999999").status_code == 404
    for path in ("/minh-chung/..%2F..%2Fetc%2Fpasswd", "/minh-chung/%2E%2E", "/minh-chung/" + "a" * 64,
                 "/minh-chung/1;rm", "/minh-chung/-1"):
        r = sec.get(path)
        assert r.status_code in (404, 422) and b"root:" not in r.content, path
    sha = hashlib.sha256(PDF).hexdigest()
    (rcore.settings.files_dir / sha[:2] / sha).unlink()
    gone = sec.get(f"/minh-chung/{eid}")
    assert gone.status_code == 404 and "không còn trong kho lưu trữ" in gone.text


def test_upload_refusals(rcore, as_role):  # noqa: F811
    health = as_role("focal", HEALTH)
    exe = attach(health, "TB25-16", data=b"MZ\x90\x00 not evidence", name="QĐ.pdf")
    assert exe.status_code == 400 and "không phải" in exe.text and "QĐ.pdf" in exe.text
    mine = attach(health, "TB25-8")
    assert mine.status_code == 403 and "không giao cho cơ quan của bạn" in mine.text
    assert attach(health, "NOPE-1").status_code == 404
    for role in ("secretariat", "lead"):
        r = attach(as_role(role), "TB25-16")
        assert r.status_code == 403 and "Chỉ đầu mối" in r.text
    no_csrf = attach(health, "TB25-16", csrf=False)
    assert no_csrf.status_code == 403 and "CSRF" in no_csrf.text
    none = health.post("/nhiem-vu/TB25-16/minh-chung", {"caption": "x"}, files=[("file", ("", b"", "x/y"))])
    assert none.status_code == 400 and "Chọn ít nhất một tệp" in none.text
    many = health.post("/nhiem-vu/TB25-16/minh-chung", files=[("file", (f"{i}.pdf", PDF, "x/y")) for i in range(6)])
    assert many.status_code == 400 and "tối đa 5 tệp" in many.text
    with Session(rcore.engine) as s:
        assert s.exec(select(Evidence)).all() == []
    assert not rcore.settings.files_dir.exists() or not any(rcore.settings.files_dir.rglob("*"))


def test_too_big(rcore, as_role):  # noqa: F811
    health = as_role("focal", HEALTH)
    just_over = attach(health, "TB25-16", data=b"%PDF" + b"0" * (MAX_BYTES - 3), name="lon.pdf")
    assert just_over.status_code == 413 and "lon.pdf lớn hơn 20 MB" in just_over.text
    far_over = attach(health, "TB25-16", data=b"%PDF" + b"0" * (MAX_BYTES + 512 * 1024), name="lon.pdf")
    assert far_over.status_code == 413 and "lớn hơn 20 MB" in far_over.text
    # a small body without Content-Length is read (up to the cap, tests/web/test_uploads.py)
    chunked = health.client.post("/nhiem-vu/TB25-16/minh-chung", content=iter([b"--x--\r\n"]),
                                 headers={"content-type": "multipart/form-data; boundary=x"})
    assert chunked.status_code == 403 and "CSRF" in chunked.text
    with Session(rcore.engine) as s:
        assert s.exec(select(Evidence)).all() == []
