"""0003 (the web page's tables): a database at 0002 with rows in it upgrades, keeps every row,
and the new tables work through the models."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from bot.store import migrate, session_scope
from bot.store.models import ApiToken, WebLogin, WebSession
from tests.service.test_migrations import AT, bare, fill, kept, model_diffs, rows_for, snapshot  # noqa: F401

pytestmark = pytest.mark.store


def test_upgrade_from_0002_keeps_every_row_and_adds_the_web_tables(bare):  # noqa: F811
    migrate.upgrade(bare, "0002", shortcut=False)
    fill(bare, rows_for({}))
    before = snapshot(bare)
    assert "weblogin" not in before
    migrate.upgrade(bare, "0003")
    assert migrate.current(bare) == "0003"
    after = snapshot(bare)
    assert kept(after, before) == before
    assert after["weblogin"] == after["websession"] == after["apitoken"] == []
    migrate.upgrade(bare)  # the later revisions on top, then the tables through the models
    assert model_diffs(bare) == []
    with session_scope(bare) as s:
        s.add(WebLogin(token_hash="a" * 64, contact_id=1, created_at=AT, expires_at=AT + timedelta(minutes=15)))
        s.add(WebSession(token_hash="b" * 64, contact_id=1, created_at=AT, expires_at=AT + timedelta(hours=12)))
        s.add(ApiToken(name="tinh", token_hash="c" * 64, created_at=AT))
    with Session(bare) as s:
        assert s.get(WebLogin, 1).expires_at == AT + timedelta(minutes=15)
