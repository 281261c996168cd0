"""The intent parser alone: commands, aliases, bare words, Zalo text commands, task codes."""
from __future__ import annotations

from datetime import date

import pytest

from bot.domain import Action
from bot.service.conversation.intents import (classify, find_codes, parse, parse_bare_word, parse_command,
                                              parse_text_command, split_code, strip_codes, strip_lead)
from bot.service.texts import COMMANDS, MENU

TODAY = date(2025, 6, 16)


@pytest.mark.parametrize("text, action, args", [
    ("/xong TB25-11 đã ban hành", Action.DONE, "TB25-11 đã ban hành"),
    ("/done TB25-11", Action.DONE, "TB25-11"),
    ("/cham TB25-11 15/7", Action.DELAY, "TB25-11 15/7"),
    ("/tre TB25-11", Action.DELAY, "TB25-11"),
    ("/danglam bản thảo", Action.PROGRESS, "bản thảo"),
    ("/ghichu TB25-11 x", Action.NOTE, "TB25-11 x"),
    ("/viec", Action.TASKS, ""), ("/quahan", Action.OVERDUE, ""), ("/tonghop Sở Y tế", Action.SUMMARY, "Sở Y tế"),
    ("/coquan Sở Y tế", Action.AGENCY, "Sở Y tế"), ("/nhiemvu TB25-1", Action.TASK, "TB25-1"),
    ("/hoantac", Action.UNDO, ""), ("/baocao", Action.REPORT, ""), ("/huy", Action.CANCEL, ""),
    ("/huongdan", Action.HELP, ""), ("/trogiup", Action.HELP, ""), ("/start ABC", Action.START, "ABC"),
    ("/XONG@nhacviec_bot TB25-11", Action.DONE, "TB25-11"),
])
def test_slash_commands_and_aliases(text, action, args):
    assert parse_command(text) == parse(text)
    cmd = parse(text)
    assert (cmd.action, cmd.args) == (action, args)


def test_unknown_slash_command_is_a_command_without_action():
    assert parse_command("/khongco abc").action is None
    assert parse_command("không phải lệnh") is None


@pytest.mark.parametrize("text, action", [
    ("XONG TB25-11 đã ban hành", Action.DONE), ("xông tb25-11", Action.DONE), ("CHAM TB25-11 15/7", Action.DELAY),
    ("trễ TB25-11", Action.DELAY), ("GHICHU TB25-11 abc", Action.NOTE), ("ghi TB25-11 abc", Action.NOTE),
    ("DANGLAM TB25-11 abc", Action.PROGRESS), ("DANGKY ABCDEF", Action.START), ("đăng ký ABCDEF", Action.START),
])
def test_zalo_text_commands(text, action):
    assert parse_text_command(text).action == action


def test_a_status_word_without_a_code_is_free_text():
    assert parse_text_command("xong rồi anh ơi") is None
    assert parse("xong rồi anh ơi") is None


@pytest.mark.parametrize("text, action", [
    ("viec", Action.TASKS), ("VIEC", Action.TASKS), ("việc", Action.TASKS), ("tong hop", Action.SUMMARY),
    ("HOANTAC", Action.UNDO), ("quá hạn", Action.OVERDUE), ("help", Action.HELP), ("huy", Action.CANCEL),
])
def test_bare_words(text, action):
    assert parse_bare_word(text).action == action


def test_bare_words_are_only_the_listed_ones():
    assert parse_bare_word("xong") is None and parse_bare_word("viec gi") is None


def test_the_table_is_the_only_source():
    """Every command name is unique, and the Telegram menu comes from the same table."""
    names = [n for s in COMMANDS for n in s.slash]
    assert len(names) == len(set(names))
    assert [c for c, _ in MENU] == [s.slash[0] for s in COMMANDS if s.menu]


@pytest.mark.parametrize("text, codes", [
    ("tb25-11 xong", ["TB25-11"]), ("TB25 - 11 và TB25-12", ["TB25-11", "TB25-12"]),
    ("NQ57-1.1a rồi nq57-1.1A", ["NQ57-1.1a"]), ("KH-3", ["KH-3"]), ("không có mã", []),
    ("email a-b@x.y", []),
])
def test_codes_in_any_case(text, codes):
    assert find_codes(text) == codes


def test_split_and_strip_codes():
    assert split_code("demo-1 đã xong") == ("DEMO-1", "đã xong")
    assert split_code("đã xong") == (None, "đã xong")
    assert strip_codes("TB25-11, TB25-12: xong") == "xong"
    assert strip_lead("xong rồi, đã ban hành QĐ 123") == "đã ban hành QĐ 123"
    assert strip_lead("chậm, dự kiến vì chờ kinh phí") == "chờ kinh phí"


def test_classify_free_text():
    assert classify("TB25-11 xong rồi, đã ban hành QĐ 12", TODAY).intent == Action.DONE
    delayed = classify("TB25-11 chậm, dự kiến 15/7 vì chờ kinh phí", TODAY)
    assert (delayed.intent, delayed.new_due, delayed.codes) == (Action.DELAY, date(2025, 7, 15), ["TB25-11"])
    assert classify("đang làm, đã có dự thảo", TODAY).intent == Action.PROGRESS
    mixed = classify("xong một phần nhưng còn chậm", TODAY)
    assert mixed.intent is None and mixed.meaning == "unclear"
    for not_done in ("TB25-16 xong chưa?", "TB25-16 sắp xong", "TB25-16 chưa thể hoàn thành", "hoàn thành 50%"):
        assert classify(not_done, TODAY).intent != Action.DONE, not_done
