"""End-to-end tests of the Zalo Bot API client against FakeZalo over real HTTP.

Why over HTTP: timeouts, status codes, envelopes, long polls and webhook headers are where
the transport breaks, and where the token could leak into an exception or a log line.
"""
from __future__ import annotations

import asyncio
import logging
import socket
import traceback
from datetime import UTC, datetime

import httpx
import pytest
from aiohttp import web

from bot.channels.zalo_api import (
    SECRET_HEADER, ZaloBadRequest, ZaloBotAPI, ZaloError, ZaloForbidden, ZaloInbound,
    ZaloNetworkError, ZaloRetryAfter, ZaloServerError, ZaloUnauthorized, parse_update,
    quiet_http_client_logs, verify_webhook_secret,
)
from tests.fakes.zalo_server import FakeZalo

TOKEN = "zalo-secret-token-123"
WEBHOOK_SECRET = "hook-secret-456"


@pytest.fixture
async def fake():
    async with FakeZalo(TOKEN) as server:
        yield server


@pytest.fixture
async def api(fake):
    async with ZaloBotAPI(TOKEN, fake.base_url, timeout=2.0) as client:
        yield client


def assert_no_token(exc: BaseException, token: str = TOKEN) -> None:
    """The token must not be in the message, repr, chained errors or a printed traceback."""
    printed = "".join(traceback.format_exception(exc))
    for text in (str(exc), repr(exc), printed):
        assert token not in text
    assert exc.__cause__ is None and exc.__context__ is None


async def test_get_me(api):
    me = await api.get_me()
    assert me["account_name"] == "bot.nhacviec"
    assert TOKEN not in repr(api)


async def test_idle_long_poll_is_none_not_error(api, fake):
    assert await api.get_updates(timeout=0.2) is None
    fake.idle_status = 200  # the same 408 envelope inside an HTTP 200
    assert await api.get_updates(timeout=0.1) is None
    assert fake.calls[0] == ("getUpdates", {"timeout": 0.2})


async def test_long_poll_wakes_on_new_update(api, fake):
    poll = asyncio.create_task(api.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    fake.push_text("u1", "xin chào")
    inbound = await asyncio.wait_for(poll, 1)
    assert inbound is not None and inbound.text == "xin chào"


async def test_text_update_parsed(api, fake):
    update = fake.push_text("u-7", "Báo cáo tuần", display_name="Chị Lan")
    inbound = await api.get_updates(timeout=1)
    msg = update["message"]
    assert inbound == ZaloInbound(
        event="text", user_id="u-7", chat_id="u-7", display_name="Chị Lan",
        text="Báo cáo tuần",
        message_id=msg["message_id"], is_bot=False,
        sent_at=datetime.fromtimestamp(msg["date"] / 1000, tz=UTC))
    assert inbound.sent_at.tzinfo is UTC


async def test_image_sticker_unsupported_parsed(api, fake):
    fake.push_image("u1", caption="ảnh biên bản")
    fake.push_sticker("u1")
    fake.push_unsupported("u1")
    got = [await api.get_updates(timeout=1) for _ in range(3)]
    assert [(m.event, m.text) for m in got] == [
        ("image", "ảnh biên bản"), ("sticker", None), ("unsupported", None)]


async def test_repeated_update_is_deduplicated(api, fake):
    fake.repeat_updates = True
    first = fake.push_text("u1", "một")
    assert (await api.get_updates(timeout=1)).message_id == first["message"]["message_id"]
    assert await api.get_updates(timeout=1) is None  # the platform re-delivered it
    fake.push_text("u1", "hai")
    assert (await api.get_updates(timeout=1)).text == "hai"
    fake.push_raw(first)  # a late re-delivery is still recognised
    assert await api.get_updates(timeout=0.1) is None


async def test_dedup_memory_is_bounded(fake):
    async with ZaloBotAPI(TOKEN, fake.base_url, dedup_size=2) as api:
        updates = [fake.push_text("u1", str(i)) for i in range(3)]
        for _ in updates:
            assert await api.get_updates(timeout=1) is not None
        fake.push_raw(updates[0])  # forgotten: only the last two ids are kept
        assert (await api.get_updates(timeout=1)).text == "0"


async def test_send_message_limits(api, fake):
    result = await api.send_message("u1", "Hạn nộp báo cáo: 17:00")
    assert "message_id" in result
    await api.send_message("u1", "x" * 2000)
    for bad in ("", "x" * 2001):
        with pytest.raises(ValueError):
            await api.send_message("u1", bad)
    sent = await fake.wait_for(2)
    assert [s.text for s in sent] == ["Hạn nộp báo cáo: 17:00", "x" * 2000]
    assert [m for m, _ in fake.calls].count("sendMessage") == 2  # rejects never left the client


async def test_send_photo_and_chat_action(api, fake):
    await api.send_chat_action("u1", "typing")
    await api.send_photo("u1", "https://example.invalid/chart.png", caption="Tiến độ")
    (sent,) = await fake.wait_for(lambda s: any(x.method == "sendPhoto" for x in s))
    assert (sent.photo, sent.caption) == ("https://example.invalid/chart.png", "Tiến độ")
    assert fake.actions == [("u1", "typing")]
    with pytest.raises(ValueError):
        await api.send_chat_action("u1", "dancing")


@pytest.mark.parametrize(("status", "retry_after", "exc_type"), [
    (429, 7, ZaloRetryAfter), (429, None, ZaloRetryAfter),
    (500, None, ZaloServerError), (403, None, ZaloForbidden),
])
async def test_http_errors_map_to_exceptions(api, fake, status, retry_after, exc_type):
    fake.fail_next("sendMessage", status, retry_after=retry_after)
    with pytest.raises(exc_type) as info:
        await api.send_message("u1", "nhắc việc")
    assert info.value.error_code == status
    assert info.value.description
    if exc_type is ZaloRetryAfter:
        assert info.value.retry_after == retry_after
    assert_no_token(info.value)
    assert fake.sent == []
    await api.send_message("u1", "nhắc việc")  # the fault was one-shot
    assert len(fake.sent) == 1


async def test_bad_request_from_server(api, fake):
    with pytest.raises(ZaloBadRequest) as info:
        await api._call("sendMessage", {"chat_id": "u1", "text": "x" * 2001})
    assert info.value.error_code == 400


async def test_server_text_echoing_the_url_is_scrubbed(api):
    with pytest.raises(ZaloError) as info:
        await api._call("noSuchMethod")
    assert info.value.error_code == 404
    assert "/bot***/noSuchMethod" in info.value.description
    assert_no_token(info.value)


async def test_timeout_is_network_error_without_token(fake):
    fake.delay_next("sendMessage", 0.5)
    async with ZaloBotAPI(TOKEN, fake.base_url, timeout=0.1) as api:
        with pytest.raises(ZaloNetworkError) as info:
            await api.send_message("u1", "chậm")
    assert_no_token(info.value)
    assert "sendMessage" in str(info.value)


async def test_connection_refused_is_network_error_without_token():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with ZaloBotAPI(TOKEN, f"http://127.0.0.1:{port}/bot", timeout=1) as api:
        with pytest.raises(ZaloNetworkError) as info:
            await api.get_me()
    assert_no_token(info.value)


async def test_wrong_token_is_unauthorized_without_token(fake):
    wrong = "zalo-wrong-token-999"
    async with ZaloBotAPI(wrong, fake.base_url) as api:
        with pytest.raises(ZaloUnauthorized) as info:
            await api.get_me()
    assert info.value.error_code == 401
    assert_no_token(info.value, wrong)
    assert_no_token(info.value, TOKEN)


async def test_no_token_in_logs(api, fake, caplog):
    caplog.set_level(logging.DEBUG)
    quiet_http_client_logs()  # what the app does at start-up
    fake.fail_next("getMe", 500)
    with pytest.raises(ZaloServerError):
        await api.get_me()
    await api.get_updates(timeout=0.1)
    await api.send_message("u1", "ok")
    assert TOKEN not in caplog.text
    assert any(r.name == "bot.channels.zalo_api" for r in caplog.records)


async def test_shared_client_is_not_closed(fake):
    async with httpx.AsyncClient() as shared:
        async with ZaloBotAPI(TOKEN, fake.base_url, client=shared) as api:
            await api.get_me()
        assert not shared.is_closed


@pytest.fixture
async def receiver():
    """A tiny webhook endpoint as the app would run it: check the secret, then parse."""
    received: list[ZaloInbound | None] = []

    async def hook(request: web.Request) -> web.Response:
        if not verify_webhook_secret(request.headers.get(SECRET_HEADER), WEBHOOK_SECRET):
            return web.Response(status=403)
        received.append(parse_update(await request.json()))
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post("/zalo/hook", hook)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    await web.SockSite(runner, sock).start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/zalo/hook", received
    await runner.cleanup()


async def test_webhook_mode(api, fake, receiver):
    url, received = receiver
    await api.set_webhook(url, WEBHOOK_SECRET)
    assert (await api.get_webhook_info())["url"] == url
    with pytest.raises(ZaloError) as info:  # polling and webhook are exclusive
        await api.get_updates(timeout=0.1)
    assert info.value.error_code == 409

    assert await fake.deliver("bare body") == 200
    assert await fake.deliver("wrapped body", wrapped=True) == 200
    assert [(m.event, m.text, m.user_id) for m in received] == [
        ("text", "bare body", "u-webhook"), ("text", "wrapped body", "u-webhook")]

    assert await fake.deliver("forged", secret="not-the-secret") == 403
    assert await fake.deliver("forged", send_secret=False) == 403
    assert len(received) == 2

    await api.delete_webhook()
    assert (await api.get_webhook_info())["url"] == ""
    assert await api.get_updates(timeout=0.1) is None


@pytest.mark.parametrize("body", [
    None, "text", [], {}, {"ok": True, "result": None}, {"ok": True, "result": []},
    {"event_name": "message.text.received"}, {"event_name": "user.follow", "message": {}},
    {"event_name": "message.text.received", "message": {"chat": "x", "from": 1}},
    {"event_name": "message.text.received", "message": {"chat": {"id": "c"}}},
])
def test_parse_update_unknown_shapes_are_none(body):
    assert parse_update(body) is None


def test_parse_update_tolerates_drift():
    body = {"event_name": "message.location.received",
            "message": {"chat": {"id": 12}, "message_id": 34, "date": "1750316131602"}}
    inbound = parse_update(body)
    assert (inbound.event, inbound.chat_id, inbound.user_id, inbound.text) == (
        "unsupported", "12", "12", None)
    assert inbound.sent_at == datetime.fromtimestamp(1750316131.602, tz=UTC)


def test_verify_webhook_secret():
    assert verify_webhook_secret("s3cret", "s3cret")
    assert not verify_webhook_secret("s3cre", "s3cret")
    assert not verify_webhook_secret(None, "s3cret")
    assert not verify_webhook_secret("", "")  # an unset secret must not open the door
