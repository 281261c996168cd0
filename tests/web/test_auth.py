"""Signing in: one-time links, sessions, refusals without a session, CSRF, API tokens, /web."""
from __future__ import annotations

import json
import threading

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from bot.app import build_conversation
from bot.cli.app import app as cli
from bot.domain import Platform
from bot.service.onboarding import become
from bot.service.portal.auth import create_api_token, redeem_link, revoke_api_token
from bot.service.ports import Inbound, Sender
from bot.store import session_scope
from bot.web.app import create_app
from bot.web.auth import RateLimiter
from tests.web.conftest import BASE, Browser, link_path

PAGES = ["/", "/bieu-do.png", "/co-quan", "/co-quan/1", "/nhiem-vu", "/nhiem-vu/TB25-16", "/qua-han", "/dau-moi",
         "/ke-hoach", "/ke-hoach/mau.csv", "/bao-cao", "/bao-cao/tep/xlsx"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_refuses_without_a_session(app, path):
    r = TestClient(app, base_url=BASE).get(path)
    assert r.status_code == 401 and "/web" in r.text


@pytest.mark.parametrize("path", ["/api/tasks", "/api/summary"])
def test_the_api_refuses_without_a_session_or_token(app, path):
    client = TestClient(app, base_url=BASE)
    assert client.get(path).status_code == 401
    assert client.get(path, headers={"Authorization": "Bearer nv_wrong"}).status_code == 401


def test_a_link_signs_in_once_with_a_safe_cookie(app, plans_core):
    client = TestClient(app, base_url=BASE, follow_redirects=False)
    path = link_path(plans_core, "secretariat")
    r = client.get(path)
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie and "max-age=43200" in cookie
    assert client.get("/").status_code == 200
    again = TestClient(app, base_url=BASE, follow_redirects=False).get(path)
    assert again.status_code == 410 and "/web" in again.text


def test_an_expired_or_unknown_link_is_gone(app, plans_core, clock):
    path = link_path(plans_core, "lead")
    clock.advance(minutes=15, seconds=1)
    client = TestClient(app, base_url=BASE, follow_redirects=False)
    assert client.get(path).status_code == 410
    assert client.get("/login/not-a-token").status_code == 410


def test_two_clicks_at_once_only_one_wins(plans_core):
    path = link_path(plans_core, "lead")
    token = path.rsplit("/", 1)[1]
    wins, barrier = [], threading.Barrier(4)

    def click():
        barrier.wait()
        wins.append(redeem_link(plans_core.engine, token, plans_core.clock()))

    threads = [threading.Thread(target=click) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(1 for w in wins if w) == 1


def test_the_session_ends_after_12_hours_and_on_sign_out(as_role, clock):
    b = as_role("lead")
    assert b.get("/").status_code == 200
    assert b.post("/dang-xuat", csrf=False).status_code == 403  # sign-out needs the form's token too
    r = b.post("/dang-xuat")
    assert r.status_code == 303 and b.get("/").status_code == 401
    b2 = as_role("lead")
    clock.advance(hours=12, seconds=1)
    assert b2.get("/").status_code == 401


def test_https_public_url_makes_the_cookie_secure(plans_core):
    plans_core.settings.public_url = "https://nhacviec.example.vn"
    app = create_app(plans_core)
    r = TestClient(app, base_url=BASE, follow_redirects=False).get(link_path(plans_core, "lead"))
    assert "secure" in r.headers["set-cookie"].lower()


def test_login_links_are_rate_limited_per_ip(plans_core):
    app = create_app(plans_core, login_limiter=RateLimiter(limit=3, window=60, clock=lambda: 0.0))
    client = TestClient(app, base_url=BASE, follow_redirects=False)
    codes = [client.get("/login/guess-%d" % i).status_code for i in range(5)]
    assert codes == [410, 410, 410, 429, 429]


def test_a_link_preview_bot_does_not_use_up_the_link(app, plans_core):
    path = link_path(plans_core, "lead")
    client = TestClient(app, base_url=BASE, follow_redirects=False)
    assert client.get(path, headers={"User-Agent": "TelegramBot (like TwitterBot)"}).status_code == 200
    assert client.get(path).status_code == 303


def test_a_revoked_contact_loses_the_page(as_role):
    sec, focal = as_role("secretariat"), as_role("focal", "Sở Y tế")
    contacts = sec.get("/dau-moi").text
    assert focal.get("/").status_code == 200
    import re
    ids = re.findall(r'action="/dau-moi/(\d+)/thu-hoi"', contacts)
    for i in ids:
        assert sec.post(f"/dau-moi/{i}/thu-hoi").status_code == 303
    assert focal.get("/").status_code == 401


def test_bearer_tokens_read_the_api_until_revoked(app, plans_core):
    token = create_api_token(plans_core.engine, "tinh", plans_core.clock())
    client = TestClient(app, base_url=BASE)
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/summary", headers=auth).status_code == 200
    assert client.get("/", headers=auth).status_code == 401  # a token reads the API, not the pages
    revoke_api_token(plans_core.engine, "tinh", plans_core.clock())
    assert client.get("/api/summary", headers=auth).status_code == 401


def test_cli_web_link_and_api_token(plans_core, db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    runner = CliRunner()
    r = runner.invoke(cli, ["web-link", "--role", "focal", "--agency", "Sở Y tế", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["url"].startswith("http://127.0.0.1:8080/login/") and data["expires_at"]
    assert runner.invoke(cli, ["web-link", "--role", "focal"]).exit_code == 2
    r = runner.invoke(cli, ["api-token", "create", "--name", "tinh"])
    assert r.exit_code == 0 and r.output.strip().startswith("nv_")
    assert runner.invoke(cli, ["api-token", "create", "--name", "tinh"]).exit_code == 2
    assert runner.invoke(cli, ["api-token", "revoke", "tinh"]).exit_code == 0
    listed = json.loads(runner.invoke(cli, ["api-token", "list"]).output)
    assert listed[0]["name"] == "tinh" and listed[0]["revoked_at"] and "token" not in json.dumps(listed).replace(
        "token_hash", "")


@pytest.mark.parametrize("text", ["/web", "web"])
def test_web_in_chat_answers_a_link_that_signs_in(app, plans_core, text):
    plans_core.settings.web_listen = "127.0.0.1:8080"
    conv = build_conversation(plans_core)
    with session_scope(plans_core.engine) as s:
        become(s, Platform.CONSOLE, "local", "Sở Y tế", plans_core.clock())
    reply = conv.handle(Inbound(Sender(Platform.CONSOLE, "local", "local"), text=text))[0].plain
    url = next(w for w in reply.split() if w.startswith("http"))
    client = TestClient(app, base_url=BASE, follow_redirects=False)
    assert client.get(url.removeprefix(BASE)).status_code == 303
    assert "Sở Y tế" in client.get("/").text


def test_web_in_chat_when_the_page_is_off(plans_core):
    conv = build_conversation(plans_core)  # web_listen "" in tests
    with session_scope(plans_core.engine) as s:
        become(s, Platform.CONSOLE, "local", "", plans_core.clock())
    reply = conv.handle(Inbound(Sender(Platform.CONSOLE, "local", "local"), text="/web"))[0].plain
    assert "chưa bật" in reply


def test_an_unregistered_sender_gets_no_link(plans_core):
    plans_core.settings.web_listen = "127.0.0.1:8080"
    conv = build_conversation(plans_core)
    reply = conv.handle(Inbound(Sender(Platform.TELEGRAM, "999", "999"), text="/web"))[0].plain
    assert "/login/" not in reply
