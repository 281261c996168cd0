""""hôm nay", "bây giờ" in a status reply say when something happens, never until when.

"TB25-16 hôm nay họp" was read as a delay with the new expected date today, which
`check_new_due` then refused: nothing written, but the person got "Ngày … là hôm nay: ngày dự
kiến mới phải sau hôm nay" for telling the bot about a meeting. 1/7/2025 is a Tuesday.
"""
from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from schedules.calendar import WorkCalendar
from schedules.replies import Meaning, ReplyReading, extract_expected_date, names_now, read_reply
from schedules._reply_dates import extract_reply_date

TODAY = date(2025, 7, 1)
CAL = WorkCalendar()
CORPUS = Path(__file__).resolve().parents[1] / "data" / "replies.csv"


@pytest.mark.parametrize("text", [
    "hôm nay họp", "hom nay hop", "hôm nay họp bàn, mai báo lại", "hôm nay em trình lãnh đạo ký", "hôm nay gửi ạ",
    "bây giờ em làm luôn", "hôm nay xử lý", "Hôm nay", "bây giờ", "hôm nay đã gửi", "hôm qua đã gửi",
    "hôm kia họp rồi", "today meeting",
])
def test_an_activity_now_without_a_delay_word_is_asked_about(text):
    assert read_reply(text, TODAY, CAL) == ReplyReading(Meaning.UNCLEAR, None, text.strip(), None)


@pytest.mark.parametrize(("text", "note"), [
    ("bây giờ đang xử lý", "bây giờ đang xử lý"), ("hôm nay vẫn đang làm", "hôm nay vẫn đang làm"),
    ("hom nay dang tong hop", "hom nay dang tong hop"),
])
def test_an_explicit_doing_now_is_in_progress(text, note):
    assert read_reply(text, TODAY, CAL) == ReplyReading(Meaning.IN_PROGRESS, None, note, None)


@pytest.mark.parametrize(("text", "note"), [
    ("chậm, hôm nay mới gửi được", "hôm nay mới gửi được"),
    ("trễ hạn, bây giờ mới làm", "bây giờ mới làm"),
    ("chậm hôm nay", "hôm nay"),
    ("xin lùi, hôm qua họp chưa thống nhất", "hôm qua họp chưa thống nhất"),
])
def test_a_delay_said_today_is_a_delay_without_a_date(text, note):
    """The person is asked for the date; "hôm nay" stays in the reason, where it means something."""
    assert read_reply(text, TODAY, CAL) == ReplyReading(Meaning.DELAYED, None, note, None)


def test_a_real_date_after_the_time_word_is_still_the_new_date():
    got = read_reply("chậm, hôm nay họp, thứ 6 tuần sau gửi", TODAY, CAL)
    assert (got.meaning, got.new_due, got.date_problem) == (Meaning.DELAYED, date(2025, 7, 11), None)
    assert "hôm nay họp" in got.note
    got = read_reply("hôm nay mới họp xong, dự kiến 15/7", TODAY, CAL)
    assert (got.meaning, got.new_due) == (Meaning.DELAYED, date(2025, 7, 15))


def test_an_explicit_date_of_today_is_still_read_and_refused_with_its_reason():
    got = read_reply("chậm, dự kiến 1/7", TODAY, CAL)  # written as a date: taken at its word
    assert (got.meaning, got.new_due) == (Meaning.DELAYED, TODAY) and "là hôm nay" in got.date_problem


def test_expected_date_skips_only_the_time_words():
    assert extract_reply_date("hôm nay", TODAY) == (TODAY, "")  # leave ("nghỉ từ hôm nay") still reads it
    for text in ("hôm nay", "bây giờ", "today", "hôm qua", "hôm kia", "hôm nay họp"):
        assert extract_expected_date(text, TODAY) is None, text
    assert extract_expected_date("hôm nay họp, ngày mai gửi", TODAY) == (date(2025, 7, 2), "hôm nay họp, gửi")
    assert extract_expected_date("15/7", TODAY) == (date(2025, 7, 15), "")
    assert names_now("chậm, Hôm nay mới gửi") and names_now("hom qua da gui") and names_now("bây giờ mới làm")
    assert not names_now("ngày mai gửi") and not names_now("nay mai") and not names_now("")


def _corpus() -> list[str]:
    with CORPUS.open(encoding="utf-8", newline="") as f:
        return [r["text"] for r in csv.DictReader(f)]


def test_no_reply_with_a_time_word_proposes_today_or_the_past():
    """Every corpus reply, with "hôm nay"/"bây giờ"/"hôm qua" before or after it."""
    for text in _corpus():
        for said in (f"hôm nay {text}", f"{text}, bây giờ", f"hôm qua {text}", f"{text} hôm nay"):
            got = read_reply(said, TODAY, CAL)
            assert got.new_due is None or got.new_due > TODAY, (said, got)
            assert got.date_problem is None, (said, got)
