"""Rendering and cutting, alone: the one cutter (`bot.service.parts`) and HTML escaping."""
from __future__ import annotations

import pytest

from bot.render import bold, clean_input, to_html, to_plain, visible_len
from bot.service.parts import limit_of, pack, split
from bot.service.ports import Attachment, Button, Capabilities, Entry, Reply

TG = Capabilities(max_len=4096, has_buttons=True, html=True, send_rate=30.0, max_buttons=100, documents=True,
                  photos=True)
ZALO = Capabilities(max_len=2000, has_buttons=False, html=False, send_rate=10.0, photo_urls=True)
BTN = [Button("✅", "st:done:X"), Button("⏳", "st:delay:X"), Button("📝", "st:note:X")]


def test_html_is_escaped_and_bold_marks_become_tags():
    assert to_html(bold("<Sở & Ban>") + " a<b") == "<b>&lt;Sở &amp; Ban&gt;</b> a&lt;b"
    assert to_html("\x02không đóng") == "<b>không đóng</b>"  # a cut bold span is still valid HTML
    assert to_plain(bold("x")) == "x" and visible_len(bold("abc")) == 3


def test_user_text_cannot_forge_marks():
    assert clean_input("a\x02b\x03c\x07") == "abc"


def test_entries_are_packed_whole_under_the_limit():
    entries = [Entry(f"việc {i} " + "x" * 300) for i in range(20)]
    groups = pack(entries, ZALO)
    assert [e for g in groups for e in g] == entries  # nothing lost, nothing repeated, in order
    for g in groups:
        assert visible_len("\n\n".join(e.text for e in g)) <= limit_of(ZALO)
    assert len(groups) > 1


def test_a_single_long_entry_is_cut_on_lines_and_keeps_its_buttons_last():
    entry = Entry("\n".join("dòng " + "y" * 90 for _ in range(100)), BTN)
    pieces = [e for g in pack([entry], TG) for e in g]
    assert len(pieces) > 1 and all(visible_len(p.text) <= limit_of(TG) for p in pieces)
    assert pieces[-1].buttons == BTN and all(not p.buttons for p in pieces[:-1])
    assert "\n".join(p.text for p in pieces) == entry.text


def test_buttons_are_counted_per_message():
    entries = [Entry(f"TB-{i}", BTN) for i in range(80)]  # 240 buttons, short texts
    parts = split(Reply(entries=entries), TG)
    assert len(parts) == 3
    assert all(sum(len(e.buttons) for e in p.entries) + len(p.buttons) <= 100 for p in parts)


def test_trailing_buttons_count_and_ride_on_the_last_part():
    entries = [Entry(f"TB-{i}", BTN) for i in range(33)]  # 99 buttons
    parts = split(Reply(entries=entries, buttons=[Button("Bỏ qua", "skip"), Button("x", "y")]), TG)
    assert len(parts) == 2 and parts[-1].buttons and not parts[0].buttons


def test_a_channel_without_buttons_gets_none():
    parts = split(Reply(entries=[Entry("a", BTN)], buttons=BTN), ZALO)
    assert parts[0].buttons == []


@pytest.mark.parametrize("caps, carried, notes", [(TG, 2, 0), (ZALO, 1, 2)])
def test_attachments_a_channel_cannot_carry_become_notes(caps, carried, notes):
    reply = Reply(entries=[Entry("Báo cáo")], attachments=[
        Attachment("a.png", b"png", kind="photo", caption="Biểu đồ"), Attachment("b.xlsx", b"PK"),
        *([Attachment("c.png", b"", kind="photo", url="https://example.invalid/c.png")] if caps is ZALO else [])])
    [part] = split(reply, caps)
    assert len(part.attachments) == carried
    assert sum(("📊" in e.text or "📎" in e.text) for e in part.entries) == notes


def test_adapters_send_one_part_as_one_message_or_refuse():
    """The Telegram and Zalo renderers never cut: a part that does not fit is a bug, raised."""
    from bot.channels.telegram import TelegramChannel
    from bot.channels.telegram import render as tg_render
    from bot.channels.zalo import ZaloChannel
    from bot.channels.zalo import render as zalo_render
    from bot.service.ports import PartTooBig

    too_long = Reply(entries=[Entry("x" * 3000), Entry("y" * 1500)])
    with pytest.raises(PartTooBig):
        tg_render(too_long, TelegramChannel.caps)
    with pytest.raises(PartTooBig):
        zalo_render(too_long, ZaloChannel.caps)
    too_many = Reply(entries=[Entry(f"TB-{i}", BTN) for i in range(34)])  # 102 buttons
    with pytest.raises(PartTooBig):
        tg_render(too_many, TelegramChannel.caps)
    for part in split(too_long, TelegramChannel.caps) + split(too_many, TelegramChannel.caps):
        text, markup = tg_render(part, TelegramChannel.caps)  # every part the cutter makes fits
        assert len(text) <= 4096
    for part in split(too_long, ZaloChannel.caps):
        assert len(zalo_render(part, ZaloChannel.caps)) <= 2000
