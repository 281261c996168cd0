"""The size cap of every upload route (`bot.web.uploads`): the plan upload (`/ke-hoach/xem-truoc`,
5 MB) and the evidence upload (`/nhiem-vu/<code>/minh-chung`, 20 MB). Too big is 413 with a
Vietnamese message whether the body declares its length or comes chunked; a body exactly at the
cap goes through; a body over it is read no further than the cap (driven at the ASGI level to
count the bytes the app pulled) and nothing is stored."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlmodel import Session, select

from bot.service.portal import plans
from bot.service.review.files import MAX_BYTES
from bot.store.models import Evidence
from bot.web import pages_plans, pages_review
from bot.web.auth import COOKIE
from tests.web.test_pages import GOOD
from tests.web.test_review import HEALTH, PDF, done, rcore  # noqa: F401 (fixture)

BOUNDARY = "nhacviec-upload-test"
CHUNK = 64 * 1024


def _part(name: str, value: bytes, filename: str | None = None) -> bytes:
    disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
    kind = "Content-Type: application/octet-stream\r\n" if filename else ""
    return f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n{kind}\r\n".encode() + value + b"\r\n"


def multipart(csrf: str, file: bytes, filename: str, *, size: int | None = None) -> bytes:
    """A form with the CSRF token and one file; with `size`, padded to exactly that many bytes
    (with a second file part the routes ignore: a plain field over 1 MB is refused)."""
    head, end = _part("csrf", csrf.encode()) + _part("file", file, filename), f"--{BOUNDARY}--\r\n".encode()
    if size is None:
        return head + end
    pad = size - len(head) - len(end) - len(_part("pad", b"", "pad.bin"))
    assert pad >= 0
    body = head + _part("pad", b"x" * pad, "pad.bin") + end
    assert len(body) == size
    return body


@dataclass
class Route:
    path: str
    cap: int
    file_limit: int
    too_big: str  # what a too-big body says
    file: bytes  # a file the route takes
    filename: str


PLAN = Route("/ke-hoach/xem-truoc", pages_plans.UPLOAD_CAP, plans.MAX_UPLOAD, "Tệp lớn hơn 5 MB.",
             GOOD.encode(), "demo.csv")
EVIDENCE = Route("/nhiem-vu/TB25-16/minh-chung", pages_review.UPLOAD_CAP, MAX_BYTES,
                 "Tệp gửi lên lớn hơn 20 MB (mỗi lần gửi tối đa 20 MB). Xin gửi tệp nhỏ hơn.", PDF, "QĐ 12.pdf")


@pytest.fixture(params=["plan", "evidence"])
def route(request, rcore, as_role):  # noqa: F811
    """(route, a browser signed in as who may upload there)."""
    if request.param == "plan":
        return PLAN, as_role("secretariat")
    health = as_role("focal", HEALTH)
    done(health, "TB25-16", "đã ban hành")
    return EVIDENCE, health


def send(b, path: str, body: bytes, *, chunked: bool):
    """POST the body with its Content-Length, or chunked (no Content-Length at all)."""
    content = (body[i:i + CHUNK] for i in range(0, len(body), CHUNK)) if chunked else body
    return b.client.post(path, content=content, headers={"content-type": f"multipart/form-data; boundary={BOUNDARY}"})


def nothing_stored(core, app) -> bool:
    with Session(core.engine) as s:
        no_evidence = s.exec(select(Evidence)).all() == []
    files = core.settings.files_dir
    return (no_evidence and not (files.exists() and any(files.rglob("*")))
            and not any(app.state.upload_dir.rglob("*")) and app.state.uploads == {})


def accepted(route: Route, r) -> bool:
    if route is PLAN:
        return r.status_code == 200 and "Xem trước: demo.csv" in r.text
    return r.status_code == 303 and r.headers["location"].startswith("/nhiem-vu/TB25-16?ok=")


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_body_over_the_cap_is_413(route, chunked, rcore, app):  # noqa: F811
    route, b = route
    for size in (route.cap + 1, route.cap + 3 * CHUNK):
        r = send(b, route.path, multipart(b.csrf, route.file, route.filename, size=size), chunked=chunked)
        assert r.status_code == 413, (size, r.text[:300])
        assert route.too_big in r.text and "Không thực hiện được" in r.text
    assert nothing_stored(rcore, app)


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_body_at_the_cap_goes_through(route, chunked):
    route, b = route
    r = send(b, route.path, multipart(b.csrf, route.file, route.filename, size=route.cap), chunked=chunked)
    assert accepted(route, r), (r.status_code, r.text[:300])


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_one_byte_over_the_file_limit_is_413_and_the_largest_file_goes_through(route, chunked, rcore, app):  # noqa: F811
    route, b = route
    largest = route.file + b" " * (route.file_limit - len(route.file))
    r = send(b, route.path, multipart(b.csrf, largest + b" ", route.filename), chunked=chunked)
    too_big = route.too_big if route is PLAN else "Tệp QĐ 12.pdf lớn hơn 20 MB nên bot không nhận."
    assert r.status_code == 413 and too_big in r.text, (r.status_code, r.text[:300])
    assert nothing_stored(rcore, app)
    r = send(b, route.path, multipart(b.csrf, largest, route.filename), chunked=chunked)
    if route is PLAN:  # read and previewed (its last "row" is 5 MB of spaces: refused row by row, not for size)
        assert r.status_code == 422 and "Xem trước: demo.csv" in r.text and "field limit" in r.text
    else:
        assert accepted(route, r), (r.status_code, r.text[:300])


def test_other_refusals_keep_their_messages(route):
    route, b = route
    r = send(b, route.path, multipart("wrong", route.file, route.filename), chunked=True)
    assert r.status_code == 403 and "CSRF" in r.text
    r = send(b, route.path, multipart(b.csrf, b"MZ\x90\x00", "x.exe"), chunked=True)
    assert r.status_code == 400
    assert ("Chỉ nhận tệp .csv hoặc .xlsx." if route is PLAN else "không phải") in r.text


async def drive(app, path: str, session: str, chunks, declared: int | None) -> tuple[int, int]:
    """Call the app as the server would, body in 64 KB events; (status, bytes the app pulled)."""
    pulled, status, events = 0, 0, iter(chunks)
    headers = [(b"host", b"127.0.0.1:8080"), (b"cookie", f"{COOKIE}={session}".encode()),
               (b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode())]
    if declared is not None:
        headers.append((b"content-length", str(declared).encode()))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "", "headers": headers,
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8080)}

    async def receive():
        nonlocal pulled
        chunk = next(events, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send_(message):
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send_)
    return status, pulled


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
async def test_an_endless_body_is_read_no_further_than_the_cap(route, app, declared):
    route, b = route
    head = multipart(b.csrf, route.file, route.filename)[:-len(f"--{BOUNDARY}--\r\n")]
    head += f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"more\"; filename=\"x.csv\"\r\n\r\n".encode()
    endless = (head if i == 0 else b"y" * CHUNK for i in range(10 ** 6))  # 64 GB, were it all read
    status, pulled = await drive(app, route.path, b.client.cookies.get(COOKIE), endless,
                                 route.cap * 10 if declared else None)
    assert status == 413
    assert pulled == 0 if declared else route.cap < pulled <= route.cap + CHUNK
