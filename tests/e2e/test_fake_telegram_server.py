"""FakeTelegram answers the real python-telegram-bot like api.telegram.org does."""

from __future__ import annotations

import asyncio
import datetime as dtm
import time
import warnings

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import (AIORateLimiter, ApplicationBuilder, CallbackQueryHandler,
                          CommandHandler)
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from tests.e2e.conftest import TELEGRAM_TOKEN
from tests.fakes._tg_media import tiny_png
from tests.fakes.telegram_server import FakeTelegram

USER = 1001


def retry_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that retry_after becomes a timedelta
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else value


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d.title(), callback_data=d)] for d in data])


async def test_get_me(telegram_bot):
    me = await telegram_bot.get_me()
    assert (me.id, me.is_bot, me.username) == (123456, True, "nhacviec_test_bot")


async def test_send_html_message_with_inline_keyboard(telegram_server, telegram_bot):
    sent = await telegram_bot.send_message(USER, "<b>Hạn chót</b> &lt;hôm nay&gt; 🚀 <i>gấp</i>",
                                           parse_mode="HTML", reply_markup=keyboard("done", "later"))
    [record] = await telegram_server.wait_for(1)
    assert (record.method, record.chat_id, record.parse_mode) == ("sendMessage", USER, "HTML")
    assert record.text == "<b>Hạn chót</b> &lt;hôm nay&gt; 🚀 <i>gấp</i>"
    assert record.plain_text == sent.text == "Hạn chót <hôm nay> 🚀 gấp"
    assert record.reply_markup == {"inline_keyboard": [
        [{"text": "Done", "callback_data": "done"}], [{"text": "Later", "callback_data": "later"}]]}
    assert [b["callback_data"] for b in record.buttons()] == ["done", "later"]
    # entities come back with UTF-16 offsets (the emoji counts 2), so PTB re-renders the HTML
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [("bold", 0, 8),
                                                                     ("italic", 22, 3)]
    assert sent.text_html == "<b>Hạn chót</b> &lt;hôm nay&gt; 🚀 <i>gấp</i>"
    assert sent.reply_markup == keyboard("done", "later")
    assert telegram_server.calls["sendMessage"] == 1


@pytest.mark.parametrize(("text", "error"), [
    ("<b>đậm", 'can\'t find end tag corresponding to start tag "b"'),
    ("<b>x</i>", 'unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
    ("tiến độ < 50%", 'unsupported start tag "" at byte offset 13'),
    ("dòng 1<br>dòng 2", 'unsupported start tag "br" at byte offset 7'),
    ("Tom & Jerry", 'character "&" at byte offset 4 must start an html entity'),
    ("<span>x</span>", 'tag "span" must have class "tg-spoiler" at byte offset 0'),
    ("x</b>", "unexpected end tag at byte offset 1"),
])
async def test_malformed_html_is_bad_request(telegram_server, telegram_bot, text, error):
    with pytest.raises(BadRequest, match="Can't parse entities") as info:
        await telegram_bot.send_message(USER, text, parse_mode="HTML")
    assert error in info.value.message  # PTB capitalises (and so lower-cases) the description
    assert telegram_server.sent == []
    assert telegram_server.requests[-1].status == 400


async def test_message_length_counts_text_after_entity_parsing(telegram_server, telegram_bot):
    with pytest.raises(BadRequest, match="Message is too long"):
        await telegram_bot.send_message(USER, "a" * 4097)
    await telegram_bot.send_message(USER, "a" * 4096)
    await telegram_bot.send_message(USER, "<b>" + "ă" * 4096 + "</b>", parse_mode="HTML")
    await telegram_bot.send_message(USER, "&amp;" * 4096, parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is too long"):
        await telegram_bot.send_message(USER, "&lt;" * 4097, parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message text is empty"):
        await telegram_bot.send_message(USER, "<b> </b>", parse_mode="HTML")
    assert [len(r.plain_text) for r in telegram_server.sent] == [4096, 4096, 4096]


async def test_callback_data_is_limited_to_64_bytes(telegram_server, telegram_bot):
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await telegram_bot.send_message(USER, "Chọn", reply_markup=keyboard("ệ" * 22))  # 66 bytes
    await telegram_bot.send_message(USER, "Chọn", reply_markup=keyboard("x" * 64))
    assert len(telegram_server.sent) == 1


async def test_edit_delete_and_answer_callback(telegram_server, telegram_bot):
    sent = await telegram_bot.send_message(USER, "Việc A", reply_markup=keyboard("done"))
    telegram_server.push_callback(USER, "done", sent.message_id)
    [update] = await telegram_bot.get_updates()
    query = update.callback_query
    assert (query.data, query.message.message_id, query.from_user.id) == ("done",
                                                                          sent.message_id, USER)
    assert await telegram_bot.answer_callback_query(query.id, text="Đã ghi nhận")
    assert telegram_server.callback_answers[0]["text"] == "Đã ghi nhận"
    with pytest.raises(BadRequest, match="Query is too old"):
        await telegram_bot.answer_callback_query(query.id)

    edited = await telegram_bot.edit_message_text("<s>Việc A</s> ✅", chat_id=USER,
                                                  message_id=sent.message_id, parse_mode="HTML")
    assert edited.text == "Việc A ✅" and edited.reply_markup is None  # no markup: keyboard gone
    with pytest.raises(BadRequest, match="Message is not modified"):
        await telegram_bot.edit_message_text("<s>Việc A</s> ✅", chat_id=USER,
                                             message_id=sent.message_id, parse_mode="HTML")
    await telegram_bot.edit_message_reply_markup(USER, sent.message_id,
                                                 reply_markup=keyboard("undo"))
    assert telegram_server.message(USER, sent.message_id)["reply_markup"]["inline_keyboard"]
    assert [r.method for r in telegram_server.outbox(USER, include_edits=True)] == [
        "sendMessage", "editMessageText", "editMessageReplyMarkup"]
    assert await telegram_bot.delete_message(USER, sent.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await telegram_bot.delete_message(USER, sent.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await telegram_bot.edit_message_text("x", chat_id=USER, message_id=sent.message_id)


async def test_commands_and_chat_action(telegram_server, telegram_bot):
    await telegram_bot.set_my_commands([("start", "Bắt đầu"), ("viec", "Việc của tôi")])
    assert [c.command for c in await telegram_bot.get_my_commands()] == ["start", "viec"]
    assert telegram_server.commands_for()[1] == {"command": "viec", "description": "Việc của tôi"}
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await telegram_bot.set_my_commands([("Bad Command", "x")])
    assert await telegram_bot.delete_my_commands()
    assert await telegram_bot.get_my_commands() == ()
    assert await telegram_bot.send_chat_action(USER, "typing")
    assert telegram_server.chat_actions == [(USER, "typing")]


async def test_photo_and_document_uploads_are_stored(telegram_server, telegram_bot):
    png = tiny_png(300, 200)
    photo = await telegram_bot.send_photo(USER, png, caption="<b>Biểu đồ</b>", parse_mode="HTML",
                                          filename="chart.png")
    doc = await telegram_bot.send_document(USER, b"STT;Viec\n1;Bao cao\n", filename="bao_cao.csv",
                                           caption="Báo cáo tuần")
    first, second = telegram_server.sent
    assert (first.method, first.file_bytes, first.filename) == ("sendPhoto", png, "chart.png")
    assert (first.caption, first.plain_text) == ("<b>Biểu đồ</b>", "Biểu đồ")
    assert (photo.photo[-1].width, photo.photo[-1].height) == (300, 200)
    assert (second.method, second.filename, second.caption) == ("sendDocument", "bao_cao.csv",
                                                                "Báo cáo tuần")
    assert second.file_bytes == b"STT;Viec\n1;Bao cao\n" and doc.document.file_name == "bao_cao.csv"
    downloaded = await (await telegram_bot.get_file(doc.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == second.file_bytes
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await telegram_bot.send_photo(USER, b"not an image", filename="x.png")


async def test_wrong_token_is_invalid_token(telegram_server, telegram_bot):
    for token in ("999:WRONG-TOKEN", "not-a-token"):  # Telegram: 401 Unauthorized, 404 Not Found
        with pytest.raises(InvalidToken):
            async with Bot(token, base_url=telegram_server.base_url):
                pass
    assert (await telegram_bot.get_me()).username == "nhacviec_test_bot"
    assert [r.status for r in telegram_server.requests] == [200, 401, 404, 200]


async def test_injected_errors_map_to_ptb_exceptions(telegram_server, telegram_bot):
    telegram_server.fail_next("sendMessage", 429, retry_after=1)
    with pytest.raises(RetryAfter) as info:
        await telegram_bot.send_message(USER, "x")
    assert retry_seconds(info.value) == 1
    for status in (500, 502):
        telegram_server.fail_next("sendMessage", status)
        with pytest.raises(NetworkError):
            await telegram_bot.send_message(USER, "x")
    telegram_server.fail_next("sendMessage", 403)
    with pytest.raises(Forbidden, match="Forbidden: bot was blocked by the user"):
        await telegram_bot.send_message(USER, "x")
    telegram_server.fail_next("*", 400, description="Bad Request: chat not found", chat_id=7)
    await telegram_bot.send_message(USER, "other chat is fine")
    with pytest.raises(BadRequest, match="Chat not found"):
        await telegram_bot.send_chat_action(7, "typing")
    telegram_server.block(-100200)
    with pytest.raises(Forbidden, match="bot was kicked from the supergroup chat"):
        await telegram_bot.send_message(-100200, "x")
    with pytest.raises(Forbidden):
        await telegram_bot.send_message(-100200, "again")
    await telegram_bot.send_message(USER, "ok")
    assert [r.plain_text for r in telegram_server.sent] == ["other chat is fine", "ok"]
    assert telegram_server.count_429 == 1


async def test_delay_makes_client_time_out_and_drop_is_network_error(telegram_server):
    request = HTTPXRequest(read_timeout=0.2)
    async with Bot(TELEGRAM_TOKEN, base_url=telegram_server.base_url, request=request) as bot:
        telegram_server.delay_next("sendMessage", 0.4)
        with pytest.raises(TimedOut):
            await bot.send_message(USER, "chậm")
        # the server did deliver it: the ambiguous case a real timeout creates
        assert [r.plain_text for r in telegram_server.sent] == ["chậm"]
        telegram_server.drop_connection_next("sendMessage")
        with pytest.raises(NetworkError):
            await bot.send_message(USER, "mất kết nối")
        await bot.send_message(USER, "lại được")
    assert [r.plain_text for r in telegram_server.sent] == ["chậm", "lại được"]


async def test_application_long_polling_commands_and_callbacks(telegram_server):
    async def start(update, context):
        await update.message.reply_html(f"Xin chào <b>{' '.join(context.args)}</b>",
                                        reply_markup=keyboard("done"), do_quote=True)

    async def pressed(update, context):
        await update.callback_query.answer("OK")
        await update.callback_query.edit_message_text(f"Đã chọn: {update.callback_query.data}")

    app = (ApplicationBuilder().token(TELEGRAM_TOKEN).base_url(telegram_server.base_url)
           .base_file_url(telegram_server.base_file_url).build())
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            command_id = telegram_server.push_text(USER, "/start abc")
            [reply] = await telegram_server.wait_for(lambda r: r.method == "sendMessage")
            assert (reply.chat_id, reply.plain_text) == (USER, "Xin chào abc")
            assert reply.reply_to_message_id == 1  # the user's /start, first message of the chat
            telegram_server.push_callback(USER, "done", reply.message_id)
            [edit] = await telegram_server.wait_for(lambda r: r.method == "editMessageText")
            assert edit.plain_text == "Đã chọn: done" and telegram_server.callback_answers
            group_id = telegram_server.push_text(42, "/start@nhacviec_test_bot nhóm",
                                                 chat_id=-4001, chat_type="group")
            [group_reply] = await telegram_server.wait_for(lambda r: r.chat_id == -4001)
            assert group_reply.plain_text == "Xin chào nhóm" and group_id == command_id + 2
        finally:
            await app.updater.stop()
            await app.stop()
    assert telegram_server.updates == []  # the final getUpdates confirmed every offset
    # long polling, not busy polling: one getUpdates per batch + the final confirming one
    assert telegram_server.calls["getUpdates"] <= 6
    assert telegram_server.calls["deleteWebhook"] == 1


async def test_rate_limiter_absorbs_flood_limits(telegram_server):
    telegram_server.enforce_limits = True
    app = (ApplicationBuilder().token(TELEGRAM_TOKEN).base_url(telegram_server.base_url)
           .rate_limiter(AIORateLimiter(max_retries=3)).build())
    async with app:
        began = time.monotonic()
        await asyncio.gather(*(app.bot.send_message(2000 + chat, f"Nhắc việc #{chat}")
                               for chat in range(40)))  # any error would surface here
        elapsed = time.monotonic() - began
    assert sorted(r.chat_id for r in telegram_server.sent) == list(range(2000, 2040))
    assert elapsed < 3.0
    # 429s the server answered were retried by AIORateLimiter, none reached the caller
    assert telegram_server.count_429 == len([r for r in telegram_server.requests
                                             if r.status == 429])
