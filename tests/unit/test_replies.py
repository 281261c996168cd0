"""read_reply on every phrase the issue names, and its edges (1/7/2025 is a Tuesday)."""
from __future__ import annotations

from datetime import date

import pytest

from schedules.calendar import WorkCalendar
from schedules.replies import Meaning, ReplyReading, read_reply

TODAY = date(2025, 7, 1)
D, L, P, Q, U, C = (Meaning.DONE, Meaning.DELAYED, Meaning.IN_PROGRESS, Meaning.QUESTION, Meaning.UNCLEAR,
                    Meaning.CHAT)


@pytest.mark.parametrize("text", [
    "xong", "đã xong", "xong rồi", "đã hoàn thành", "hoàn thành 100%", "done", "finished",
    "xong roi", "da xong", "da hoan thanh", "hoan thanh 100%", "Xong!", "xong r", "ht r", "đã ht", "xog r",
    "✅", "xong ✅", "completed", "Đã hoàn tất", "xông rồi",
])
def test_explicit_completion_is_done(text):
    assert read_reply(text, TODAY).meaning == D


@pytest.mark.parametrize(("text", "note"), [
    ("xong, đã ban hành QĐ 123/QĐ-UBND", "đã ban hành QĐ 123/QĐ-UBND"),
    ("Đã hoàn thành. QĐ số 1520/QĐ-UBND ngày 20/6/2025", "QĐ số 1520/QĐ-UBND ngày 20/6/2025"),
    ("xong rồi", ""),
])
def test_done_keeps_the_trailing_note(text, note):
    assert read_reply(text, TODAY) == ReplyReading(D, None, note, None)


@pytest.mark.parametrize(("text", "meaning"), [
    # negation
    ("chưa xong", P), ("chua xong", P), ("không xong", P), ("k xong", P), ("ko xong", P), ("kg xong", P),
    ("chx", P), ("chẳng xong được, vẫn đang làm", P), ("không thể hoàn thành", L), ("khó hoàn thành đúng hạn", L),
    ("chưa thể hoàn thành đúng hạn", L), ("k0 xong", P),
    # questions
    ("xong chưa?", Q), ("xong chưa", Q), ("xong không?", Q), ("xong ko?", Q), ("hoàn thành chưa ạ?", Q),
    ("xong rồi à?", Q),
    # partial progress
    ("hoàn thành 50%", P), ("xong bước 1", P), ("đã có dự thảo", P), ("xong một phần", P), ("xong 80%", P),
    # the future
    ("sắp xong", P), ("gần xong", P), ("sẽ xong", P), ("cuối tháng mới xong", L), ("đang làm", P),
    # hedges and mixtures
    ("chắc xong rồi", U), ("xong một phần nhưng còn chậm", U), ("xong mà chưa xong", U),
    ("hoàn thành nhưng chậm 2 ngày", U),
])
def test_never_done(text, meaning):
    assert read_reply(text, TODAY).meaning == meaning


def test_delayed_with_a_date():
    got = read_reply("chưa thể hoàn thành đúng hạn, dự kiến 15/7", TODAY)
    assert got == ReplyReading(L, date(2025, 7, 15), "", None)
    got = read_reply("chậm, dự kiến 15/7 vì chờ ý kiến Sở Tài chính", TODAY)
    assert got == ReplyReading(L, date(2025, 7, 15), "chờ ý kiến Sở Tài chính", None)
    assert read_reply("delayed until 15/7", TODAY).new_due == date(2025, 7, 15)
    assert read_reply("not yet", TODAY).meaning == P


def test_delayed_without_a_date_keeps_the_reason():
    assert read_reply("Bị chậm do chưa có kinh phí", TODAY) == ReplyReading(L, None, "chưa có kinh phí", None)


def test_delayed_date_problem_is_reported_not_raised():
    got = read_reply("chậm, dự kiến 31/12/9999", TODAY)
    assert got.meaning == L and got.new_due == date(9999, 12, 31) and "quá xa" in got.date_problem
    assert "đã qua" in read_reply("trễ, dự kiến 20/6/2025", TODAY).date_problem
    # "hôm qua" says when it happened, not a new date (tests/unit/test_replies_now.py)
    assert read_reply("trễ, hôm qua mới xong", TODAY) == ReplyReading(L, None, "hôm qua mới xong", None)


def test_working_days_use_the_calendar():
    got = read_reply("chậm, 3 ngày làm việc nữa", date(2025, 8, 28), WorkCalendar())
    assert got.new_due == date(2025, 9, 4)  # 1-2/9 are holidays


@pytest.mark.parametrize("text", ["cảm ơn", "ok anh", "alo", "dạ vâng", "👍", "🙏", "thanks", "=))"])
def test_chat(text):
    assert read_reply(text, TODAY).meaning == C


@pytest.mark.parametrize("text", ["", "?", "...", "không", "ko", "k", "đã gửi", "để em kiểm tra lại"])
def test_unclear(text):
    assert read_reply(text, TODAY).meaning == U


def test_done_and_a_separate_question_is_done():
    assert read_reply("xong rồi, có cần gửi bản giấy không anh?", TODAY).meaning == D


def test_questions_of_other_kinds():
    for text in ("hạn khi nào ạ?", "em phải làm gì ạ", "Có cần ký số không anh", "when is it due?"):
        assert read_reply(text, TODAY).meaning == Q, text


def test_non_string_is_unclear():
    assert read_reply(None, TODAY).meaning == U  # type: ignore[arg-type]
