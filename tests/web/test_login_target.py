"""A sign-in link that names the page to open (`/login/<token>?next=/nhiem-vu/TB25-16`): the
happy path, every kind of target that must fall back to the overview (open redirects, header
splitting), link previews that must not use the link up, and `nhacviec web-link --to`."""
from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from bot.cli.app import app as cli
from bot.service.portal.auth import new_link, operator_link, safe_target
from bot.store import session_scope
from bot.store import web as store
from tests.web.conftest import BASE, link_path

REFUSED = [
    "https://evil.example/nhiem-vu", "http://127.0.0.1:8080/nhiem-vu", "http:/evil.example", "//evil.example",
    "///evil.example", "//evil.example/nhiem-vu/TB25-16", "/\\evil.example", "\\\\evil.example", "\\/evil.example",
    "/\\/evil.example", "/nhiem-vu\\..\\x", "javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>",
    "nhiem-vu/TB25-16", "evil.example", "/nhiem-vu\r\nSet-Cookie: nv_session=x", "/nhiem-vu\nLocation: //evil",
    "/nhiem-vu\r", "/\t/evil.example", "/ /evil.example", "/\x00", "/\x7f", "/%2F/evil.example", "/%2f%2fevil.example",
    "/%5Cevil.example", "/%5c%5cevil.example", "/%0D%0ASet-Cookie:%20nv_session=x", "/%09/evil.example",
    "/%00", "/../evil", "/nhiem-vu/../../x", "/%2e%2e/x", "/nhiem-vu/./x", "/nhiem-vu#x", "/nhiệm-vụ",
    "/nhiem-vu/\u2028", "/%zz", "/x%2", "/x<script>", '/x"y', "/x'y>", "/login/abc", "/%6Cogin/abc",
    "/" + "a" * 600, "", None,
]
ACCEPTED = ["/", "/nhiem-vu/TB25-16", "/nhiem-vu?ke_hoach=TB25&trang_thai=overdue", "/nhiem-vu/TB%2025",
            "/co-quan/1", "/cho-xac-nhan", "/nhiem-vu/%C4%91", "/nhiem-vu?q=%0A"]


@pytest.mark.parametrize("raw", REFUSED)
def test_an_unsafe_target_falls_back_to_the_overview(raw):
    assert safe_target(raw) == "/"


@pytest.mark.parametrize("raw", ACCEPTED)
def test_a_path_on_this_site_is_kept(raw):
    assert safe_target(raw) == raw


def _token(core) -> str:
    return link_path(core, "lead").rsplit("/", 1)[1]


RAW_QUERIES = ["next=//evil.example", "next=/%5Cevil.example", "next=%2F%0D%0ASet-Cookie:x",
               "next=https:%2F%2Fevil.example", "next=/\\evil.example", "next=", "next=/nhiem-vu&next=//evil.example",
               "nxt=/nhiem-vu"]


def test_following_a_link_with_an_unsafe_target_opens_the_overview(app, plans_core):
    """Every refusal above as a query anyone could type (URL-encoded the usual way), and raw ones."""
    queries = [f"next={quote(raw, safe='')}" for raw in REFUSED if raw] + RAW_QUERIES
    for query in queries:
        client = TestClient(app, base_url=BASE, follow_redirects=False)
        r = client.get(f"/login/{_token(plans_core)}?{query}")
        assert r.status_code == 303 and r.headers["location"] == "/", query
        [cookie] = r.headers.get_list("set-cookie")  # signed in all the same, and no other header slipped in
        assert cookie.startswith("nv_session="), query


def test_a_link_with_a_target_lands_on_that_page_signed_in(app, plans_core):
    link = operator_link(plans_core.engine, "focal", "Sở Y tế", plans_core.clock(), plans_core.settings.base_url,
                         to="/nhiem-vu/TB25-16")
    assert link.url.startswith(f"{BASE}/login/") and link.url.endswith("?next=/nhiem-vu/TB25-16")
    client = TestClient(app, base_url=BASE, follow_redirects=False)
    r = client.get(link.url.removeprefix(BASE))
    assert r.status_code == 303 and r.headers["location"] == "/nhiem-vu/TB25-16"
    shown = client.get(r.headers["location"])
    assert shown.status_code == 200 and "<h1>TB25-16</h1>" in shown.text and "Sở Y tế" in shown.text
    again = TestClient(app, base_url=BASE, follow_redirects=False).get(link.url.removeprefix(BASE))
    assert again.status_code == 410  # still once only


def test_a_target_with_a_query_survives_the_link(app, plans_core):
    target = "/nhiem-vu?ke_hoach=TB25&trang_thai=in_progress"
    link = operator_link(plans_core.engine, "lead", None, plans_core.clock(), plans_core.settings.base_url, to=target)
    r = TestClient(app, base_url=BASE, follow_redirects=False).get(link.url.removeprefix(BASE))
    assert r.headers["location"] == target


@pytest.mark.parametrize("to", ["//evil.example", "https://evil.example/", "/x\r\nSet-Cookie: a=b"])
def test_an_unsafe_target_is_left_out_of_a_new_link(plans_core, to):
    with session_scope(plans_core.engine) as s:
        contact = store.web_contact(s, "lead", None, plans_core.clock())
        url = new_link(s, contact, plans_core.clock(), BASE, to=to).url
    assert "?" not in url and "evil" not in url and "\n" not in url


def test_a_link_preview_does_not_use_up_a_link_with_a_target(app, plans_core):
    link = operator_link(plans_core.engine, "lead", None, plans_core.clock(), plans_core.settings.base_url,
                         to="/qua-han").url.removeprefix(BASE)
    client = TestClient(app, base_url=BASE, follow_redirects=False)
    for agent in ("TelegramBot (like TwitterBot)", "Mozilla/5.0 (compatible; Zalo)", "facebookexternalhit/1.1"):
        preview = client.get(link, headers={"User-Agent": agent})
        assert preview.status_code == 200 and "set-cookie" not in preview.headers
    r = client.get(link)
    assert r.status_code == 303 and r.headers["location"] == "/qua-han"


def test_cli_web_link_to_a_page(plans_core, db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    runner = CliRunner()
    r = runner.invoke(cli, ["web-link", "--role", "lead", "--to", "/nhiem-vu/TB25-16", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["url"].endswith("?next=/nhiem-vu/TB25-16")
    bad = runner.invoke(cli, ["web-link", "--role", "lead", "--to", "//evil.example"])
    assert bad.exit_code == 2 and "không dùng được" in bad.output and "/login/" not in bad.output
