"""More of FakeTelegram: raw envelopes, long-poll semantics, user updates, webhooks, limits."""

from __future__ import annotations

import asyncio
import json
import re
import signal
import sys
from pathlib import Path

import httpx
import pytest
from aiohttp import web
from telegram import Bot
from telegram.error import BadRequest, Conflict, RetryAfter

from tests.e2e.conftest import TELEGRAM_TOKEN
from tests.fakes._tg_faults import FloodControl
from tests.fakes._tg_text import EntityParseError, parse_html
from tests.fakes.telegram_server import FakeTelegram

USER = 1001
ROOT = Path(__file__).resolve().parents[2]


async def test_raw_envelopes_match_the_bot_api(telegram_server):
    api = f"{telegram_server.base_url}{TELEGRAM_TOKEN}"
    async with httpx.AsyncClient() as http:
        me = await http.get(f"{api}/GETME")  # method names are case-insensitive
        assert me.status_code == 200 and me.json()["result"]["username"] == "nhacviec_test_bot"
        bad = await http.post(f"{api}/sendMessage", json={"chat_id": 5, "text": "<b>x",
                                                          "parse_mode": "HTML"})
        assert (bad.status_code, bad.json()) == (400, {
            "ok": False, "error_code": 400, "description": "Bad Request: can't parse entities: "
            "Can't find end tag corresponding to start tag \"b\""})
        sent = await http.get(f"{api}/sendMessage", params={"chat_id": "5", "text": "qua URL"})
        assert sent.json()["result"]["text"] == "qua URL"
        missing = await http.post(f"{api}/sendCarrierPigeon")
        assert (missing.status_code, missing.json()["description"]) == (404, "Not Found")
        # a real method the fake lacks fails loudly instead of looking like a bad token
        unimplemented = await http.post(f"{api}/pinChatMessage")
        assert unimplemented.status_code == 501
        assert "FakeTelegram has no pinChatMessage" in unimplemented.json()["description"]
        wrong = await http.post(f"{telegram_server.base_url}1:nope/getMe")
        assert (wrong.status_code, wrong.json()) == (401, {"ok": False, "error_code": 401,
                                                           "description": "Unauthorized"})
        telegram_server.fail_next("sendmessage", 429, retry_after=7)
        flood = await http.post(f"{api}/sendMessage", data={"chat_id": "5", "text": "x"})
        assert flood.json() == {"ok": False, "error_code": 429, "description":
                                "Too Many Requests: retry after 7",
                                "parameters": {"retry_after": 7}}


@pytest.mark.parametrize(("html", "text", "entities"), [
    ('<pre><code class="language-python">x = 1</code></pre>', "x = 1",
     [{"offset": 0, "length": 5, "type": "pre", "language": "python"}]),
    ("<blockquote expandable>dài</blockquote>", "dài",
     [{"offset": 0, "length": 3, "type": "expandable_blockquote"}]),
    ('<a href="https://x.vn/?a=1&b=2">link</a>', "link",  # & inside an attribute is fine
     [{"offset": 0, "length": 4, "type": "text_link", "url": "https://x.vn/?a=1&b=2"}]),
    ("&#128512; <B>x</B>", "😀 x", [{"offset": 3, "length": 1, "type": "bold"}]),
    ("&amp &lt; &#60 &#x3C;", "& < < <", []),
    ('<span class="tg-spoiler">s</span>', "s", [{"offset": 0, "length": 1, "type": "spoiler"}]),
])
def test_html_entities_like_tdlib(html, text, entities):
    assert parse_html(html) == (text, entities)


@pytest.mark.parametrize(("html", "error"), [
    ("<b", "Unclosed start tag at byte offset 0"),
    ("<a href=x/>y</a>", "Unexpected end of name token at byte offset 8"),
    ('<a ="x">y</a>', 'Empty attribute name in the tag "a" at byte offset 0'),
    ("<b>x</b", "Unclosed end tag at byte offset 4"),
    ("&#xD800;", "Text contains invalid Unicode characters after decoding HTML entities"),
])
def test_html_errors_like_tdlib(html, error):
    with pytest.raises(EntityParseError, match=re.escape(error)):
        parse_html(html)


async def test_long_poll_waits_wakes_confirms_and_conflicts(telegram_server, telegram_bot):
    waiting = asyncio.create_task(telegram_bot.get_updates(timeout=5))
    await telegram_server.wait_for_calls("getUpdates")
    update_id = telegram_server.push_text(USER, "dậy đi")
    [update] = await asyncio.wait_for(waiting, 1)  # woken by the push, not by the timeout
    assert (update.update_id, update.message.text) == (update_id, "dậy đi")
    assert await telegram_bot.get_updates(offset=update_id + 1) == ()
    assert telegram_server.updates == []

    # a second bot instance polling the same token ends the first one's long poll
    first = asyncio.create_task(telegram_bot.get_updates(timeout=5))
    await telegram_server.wait_for_calls("getUpdates", 3)
    async with Bot(TELEGRAM_TOKEN, base_url=telegram_server.base_url) as other_instance:
        second = asyncio.create_task(other_instance.get_updates(timeout=5))
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await first
        telegram_server.push_text(USER, "một")
        assert [u.message.text for u in await second] == ["một"]
    assert await telegram_bot.get_updates(offset=-1, timeout=1) != ()

    await telegram_bot.set_webhook("https://example.invalid/hook")
    with pytest.raises(Conflict, match="webhook is active"):
        await telegram_bot.get_updates()


async def test_user_updates_parse_in_ptb(telegram_server, telegram_bot):
    telegram_server.push_text(7, "/viec@nhacviec_test_bot tuần này @someone_else", chat_id=-4001,
                              chat_type="group", chat_title="Ban chỉ đạo", first_name="Lan")
    telegram_server.push_photo(USER, caption="ảnh hiện trường")
    telegram_server.push_sticker(USER)
    telegram_server.push_document(USER, b"PK\x03\x04 fake xlsx", "ke_hoach.xlsx")
    telegram_server.push_update({"my_chat_member": {
        "chat": {"id": USER, "type": "private", "first_name": "A"}, "date": 0,
        "from": {"id": USER, "is_bot": False, "first_name": "A"},
        "old_chat_member": {"status": "member", "user": telegram_server.bot_user},
        "new_chat_member": {"status": "kicked", "user": telegram_server.bot_user,
                            "until_date": 0}}})
    group, photo, sticker, document, member = await telegram_bot.get_updates()
    message = group.message
    assert (message.chat.id, message.chat.type, message.chat.title) == (-4001, "group",
                                                                        "Ban chỉ đạo")
    assert message.from_user.first_name == "Lan"
    assert [(e.type, e.offset, e.length) for e in message.entities] == [
        ("bot_command", 0, 23), ("mention", 33, 13)]
    assert message.parse_entities(["bot_command"]).popitem()[1] == "/viec@nhacviec_test_bot"
    assert photo.message.caption == "ảnh hiện trường" and photo.message.photo[-1].width == 120
    picture = await (await photo.message.photo[-1].get_file()).download_as_bytearray()
    assert bytes(picture).startswith(b"\x89PNG")
    assert sticker.message.sticker.emoji == "👍"
    assert document.message.document.mime_type.endswith("spreadsheetml.sheet")
    assert member.my_chat_member.new_chat_member.status == "kicked"
    assert (await telegram_bot.get_chat(-4001)).title == "Ban chỉ đạo"
    # allowed_updates filters what the bot receives; the rest is dropped, like Telegram
    telegram_server.push_text(USER, "bỏ qua")
    assert await telegram_bot.get_updates(offset=member.update_id + 1,
                                          allowed_updates=["callback_query"]) == ()
    assert telegram_server.updates == []


async def test_webhook_delivery_with_secret_and_errors(telegram_server, telegram_bot):
    received: list[tuple[str | None, dict]] = []
    answer = {"status": 200}
    got = asyncio.Event()

    async def hook(request: web.Request) -> web.Response:
        received.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"),
                         await request.json()))
        got.set()
        return web.Response(status=answer["status"])

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        await telegram_bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
        update_id = telegram_server.push_text(USER, "qua webhook")
        await asyncio.wait_for(got.wait(), 5)
        assert received == [("s3cret", {"update_id": update_id, **received[0][1]})]
        assert received[0][1]["message"]["text"] == "qua webhook"
        await telegram_server.wait_until(lambda: not telegram_server.updates)
        answer["status"] = 500
        telegram_server.push_text(USER, "lỗi")
        await telegram_server.wait_until(lambda: telegram_server.webhook.get("last_error_date"))
        info = await telegram_bot.get_webhook_info()
        assert info.pending_update_count == 1 and "500" in info.last_error_message
        await telegram_bot.delete_webhook(drop_pending_updates=True)
        assert (await telegram_bot.get_webhook_info()).url == ""
    finally:
        await runner.cleanup()


async def test_flood_limits_per_chat_group_and_overall():
    now = [100.0]
    flood = FloodControl(clock=lambda: now[0])
    async with FakeTelegram(TELEGRAM_TOKEN, enforce_limits=True, flood=flood) as server:
        async with Bot(TELEGRAM_TOKEN, base_url=server.base_url) as bot:
            for _ in range(3):  # a short burst in one private chat passes...
                await bot.send_message(USER, "x")
            with pytest.raises(RetryAfter):  # ...the 4th in the same second does not
                await bot.send_message(USER, "x")
            now[0] += 1.0
            await bot.send_message(USER, "one per second again")
            now[0] += 1.0
            for _ in range(20):
                await bot.send_message(-4001, "x")
            with pytest.raises(RetryAfter, match="Retry in 60"):
                await bot.send_message(-4001, "21st in a minute")
            now[0] += 60.0
            for chat in range(30):
                await bot.send_message(3000 + chat, "x")
            with pytest.raises(RetryAfter, match="Retry in 1 "):
                await bot.send_message(4000, "31st in a second")
            assert server.count_429 == 3 and len(server.sent) == 3 + 1 + 20 + 30


async def test_lenient_html_known_chats_and_replies():
    async with FakeTelegram(strict_ampersand=False, known_chats_only=True) as server:
        async with Bot(server.token, base_url=server.base_url) as bot:
            with pytest.raises(BadRequest, match="Chat not found"):
                await bot.send_message(USER, "chưa từng nhắn")
            server.push_text(USER, "xin chào")
            sent = await bot.send_message(USER, "Tom & Jerry <i>ok</i>", parse_mode="HTML")
            assert sent.text == "Tom & Jerry ok"  # Telegram keeps a bare & literally
            with pytest.raises(BadRequest, match="Message to be replied not found"):
                await bot.send_message(USER, "x", reply_to_message_id=999)
            await bot.send_message(USER, "x", reply_to_message_id=999,
                                   allow_sending_without_reply=True)
            assert (await bot.get_chat(USER)).first_name == f"User {USER}"


async def test_standalone_entry_point():
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.fakes.telegram_server", "--port", "0", cwd=ROOT,
        stdout=asyncio.subprocess.PIPE)
    try:
        first_line = (await asyncio.wait_for(proc.stdout.readline(), 20)).decode()
        url = re.search(r"http://127\.0\.0\.1:\d+", first_line).group()
        async with httpx.AsyncClient() as http:
            pushed = await http.post(f"{url}/_fake/push_text",
                                     json={"user_id": USER, "text": "/start"})
            assert pushed.json()["ok"]
            async with Bot(TELEGRAM_TOKEN, base_url=f"{url}/bot") as bot:
                [update] = await bot.get_updates()
                await update.message.reply_text("chào")
            sent = (await http.get(f"{url}/_fake/sent")).json()
            assert [(r["chat_id"], r["text"]) for r in sent] == [(USER, "chào")]
    finally:
        proc.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(proc.wait(), 10) == 0
    assert json.dumps(sent)
