"""Every task code the importer writes can be typed back in the chat (issue 12, item 9).

Codes are found in messages by `bot.service.conversation.intents.find_codes`, which reads a prefix of 2–8
letters and at most 4 digits and returns it upper-cased ('kh-3A' → 'KH-3a'). A plan key such
as `kh`, `KH123456` or `2025` gave codes no message could ever match.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from bot.plans import import_plans
from bot.service.conversation.intents import find_codes
from bot.store.models import Task
from tests.service.test_import import ROWS, session, write_plan  # noqa: F401  (fixture)

pytestmark = pytest.mark.store


def _typed_forms(code: str) -> list[str]:
    prefix, _, number = code.partition("-")
    return [code, code.lower(), code.upper(), code.swapcase(), f"{prefix.lower()} - {number}",
            f"Sở báo: {code.lower()} xong rồi.", f"xong {prefix.title()}-{number.upper()}, cảm ơn"]


def _assert_typeable(code: str) -> None:
    for typed in _typed_forms(code):
        assert find_codes(typed) == [code], (code, typed)


@pytest.mark.parametrize("key", ["kh", "Kh25", "KH123456", "2025", "K", "KH-1", "ABCDEFGHI", "TB 25", "ĐT25", "25TB"])
def test_sidecar_keys_that_give_untypeable_codes_are_refused_naming_file_and_key(session, tmp_path, key):  # noqa: F811
    path = write_plan(tmp_path)
    (tmp_path / "demo.yaml").write_text(f'key: "{key}"\ntitle: t\nyear: 2025\n', encoding="utf-8")
    result = import_plans(session, [path])
    msgs = [str(e) for e in result.errors]
    assert not result.ok and any("demo.yaml" in m and f"“{key}”" in m for m in msgs), msgs
    assert session.exec(select(Task)).all() == []


def test_a_key_guessed_from_the_file_name_must_be_typeable_too(session, tmp_path):  # noqa: F811
    path = write_plan(tmp_path, name="2025")
    (tmp_path / "2025.yaml").unlink()
    result = import_plans(session, [path])
    msgs = [str(e) for e in result.errors]
    assert not result.ok and any("2025.csv" in m and "key" in m for m in msgs), msgs


def test_imported_codes_are_found_in_any_case(session, tmp_path):  # noqa: F811
    rows = [r[:] for r in ROWS]
    for row, no in zip(rows, ["1", "2.1", "3A", "(4 b)"]):
        row[1] = no
    result = import_plans(session, [write_plan(tmp_path, rows=rows)])
    assert result.ok, [str(i) for i in result.issues]
    codes = sorted(session.exec(select(Task.code)).all())
    assert codes == ["DEMO-1", "DEMO-2.1", "DEMO-3a", "DEMO-4b"]
    for code in codes:
        _assert_typeable(code)


def test_untypeable_tt_is_refused(session, tmp_path):  # noqa: F811
    rows = [r[:] for r in ROWS]
    rows[2][1] = "II"
    result = import_plans(session, [write_plan(tmp_path, rows=rows)])
    msgs = [str(e) for e in result.errors]
    assert not result.ok and any("demo.csv:4 [TT]" in m and "II" in m for m in msgs), msgs


_KEYS = st.one_of(st.from_regex(r"[A-Za-zĐđ0-9 -]{0,10}", fullmatch=True),
                  st.from_regex(r"[A-Z]{2,8}[0-9]{0,4}", fullmatch=True))
_NOS = st.one_of(st.from_regex(r"\(?[0-9IVXa-zA-Z. ]{1,8}\)?", fullmatch=True),
                 st.from_regex(r"\(?[0-9]{1,3}(\.[0-9]{1,2}){0,3} ?[a-zA-Z]?\)?", fullmatch=True))


@settings(max_examples=400, deadline=None)
@given(key=_KEYS, no=_NOS)
def test_every_code_the_rules_accept_is_found_by_the_chat(key, no):
    from bot.plan_codes import key_problem, no_problem, task_code

    if key_problem(key) is None and no_problem(no) is None:
        _assert_typeable(task_code(key, no))
