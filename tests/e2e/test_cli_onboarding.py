"""`nhacviec invite / contacts / revoke` against a real database and the local Bot API server."""
from __future__ import annotations

import asyncio
import json
from datetime import datetime

import pytest
from typer.testing import CliRunner

from bot.cli.app import app
from bot.service.conversation.handler import Conversation
from bot.service.ports import Inbound, Sender
from tests.conftest import TZ
from tests.e2e.conftest import TELEGRAM_TOKEN
from tests.service.helpers import seed

pytestmark = pytest.mark.store
runner = CliRunner()


@pytest.fixture
def env(engine, db_url, monkeypatch):
    seed(engine)
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("TELEGRAM_BOT_USERNAME", raising=False)
    return engine


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


async def test_invite_json_uses_getme_username_and_the_code_registers(env, telegram_server, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TELEGRAM_TOKEN)
    monkeypatch.setenv("TELEGRAM_BASE_URL", telegram_server.base_url)
    result = await asyncio.to_thread(invoke, "invite", "so y te", "--role", "focal", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"code", "agency", "role", "expires_at", "telegram_link", "zalo_hint"}
    assert data["agency"] == "Sở Y tế" and data["role"] == "focal"
    assert data["telegram_link"] == f"https://t.me/nhacviec_test_bot?start={data['code']}"
    assert f"DANGKY {data['code']}" in data["zalo_hint"]
    assert TELEGRAM_TOKEN not in result.output
    conv = Conversation(engine=env, clock=lambda: datetime(2025, 6, 16, 9, tzinfo=TZ), tz=TZ)
    [reply] = conv.handle(Inbound(sender=Sender("telegram", "42", "42", "Hoa"), text=f"/start {data['code']}"))
    assert "Sở Y tế" in reply.plain
    listed = invoke("contacts", "--json")
    [c] = json.loads(listed.stdout)
    assert (c["platform"], c["user_id"], c["agency"], c["role"], c["active"]) == ("telegram", "42", "Sở Y tế", "focal", True)
    assert invoke("revoke", "telegram:42").exit_code == 0
    assert json.loads(invoke("contacts", "--json").stdout)[0]["active"] is False
    [after] = conv.handle(Inbound(sender=Sender("telegram", "42", "42", "Hoa"), text="/viec"))
    assert "chưa đăng ký" in after.plain


def test_invite_errors_are_readable(env):
    r = runner.invoke(app, ["invite", "Sở Ngoại vụ nước ngoài", "--role", "focal"])
    assert r.exit_code == 2 and "Không có cơ quan" in r.output
    r = runner.invoke(app, ["invite", "--role", "focal"])
    assert r.exit_code == 2 and "phải thuộc một cơ quan" in r.output
    r = runner.invoke(app, ["invite", "--role", "lead"])
    assert r.exit_code == 0 and "lãnh đạo" in r.output and "https://t.me/<tên_bot>?start=" in r.output
    r = runner.invoke(app, ["revoke", "99"])
    assert r.exit_code == 2 and "Không có người dùng" in r.output


def test_a_group_invite_says_so_in_text_and_json(env):
    r = invoke("invite", "so y te", "--group", "--bot-username", "nhacviec_test_bot")
    assert r.exit_code == 0 and "dùng trong nhóm" in r.output
    assert "https://t.me/nhacviec_test_bot?startgroup=" in r.output
    data = json.loads(invoke("invite", "so y te", "--group", "--json", "--bot-username", "x_bot").stdout)
    assert data["for_group"] is True and data["telegram_link"].startswith("https://t.me/x_bot?startgroup=")
    assert json.loads(invoke("invite", "so y te", "--json", "--bot-username", "x_bot").stdout)["for_group"] is False
    r = runner.invoke(app, ["invite", "--role", "lead", "--group"])
    assert r.exit_code == 2 and "nhóm" in r.output
