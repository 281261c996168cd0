"""Settings and database URLs: the forms people write, and tokens that never show."""
from __future__ import annotations

import logging

import pytest

from bot.app import configure_logging
from bot.config import Settings
from bot.store import make_engine, normalise_url


@pytest.mark.parametrize("url, expected", [
    ("postgres://u:p@db:5432/x", "postgresql+psycopg://u:p@db:5432/x"),
    ("postgresql://u:p@db:5432/x", "postgresql+psycopg://u:p@db:5432/x"),
    ("postgresql+psycopg://u@db/x", "postgresql+psycopg://u@db/x"),
    ("sqlite:///var/x.sqlite3", "sqlite:///var/x.sqlite3"),
])
def test_database_urls_people_write(url, expected):
    assert normalise_url(url) == expected


def test_sqlite_path_folder_is_created(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/deep/er/x.sqlite3")
    with engine.connect():
        pass
    assert (tmp_path / "deep" / "er" / "x.sqlite3").exists()


def test_postgres_url_builds_a_psycopg_engine_without_connecting():
    engine = make_engine("postgres://user:pass@127.0.0.1:5432/db")
    assert engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg"


def test_tokens_never_show(monkeypatch, caplog):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:SECRET-TG")
    monkeypatch.setenv("ZALO_BOT_TOKEN", "zalo-SECRET")
    monkeypatch.setenv("NHACVIEC_TZ", "Asia/Bangkok")
    s = Settings(_env_file=None)
    assert s.telegram_bot_token.get_secret_value() == "123:SECRET-TG"
    assert s.tz == "Asia/Bangkok"
    for shown in (repr(s), str(s), s.model_dump_json()):
        assert "SECRET" not in shown
    configure_logging()
    assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING  # its INFO lines carry URLs


def test_blank_tokens_mean_no_channel(monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "  ")
    monkeypatch.delenv("ZALO_BOT_TOKEN", raising=False)
    s = Settings(_env_file=None)
    assert s.telegram_bot_token is None and s.zalo_bot_token is None
    assert s.tz == "Asia/Ho_Chi_Minh" and s.database_url.startswith("sqlite:///")


def test_sign_in_links_use_the_listening_address_unless_a_public_url_is_set():
    from bot.config import Settings

    assert Settings(_env_file=None, web_listen="127.0.0.1:18089").base_url == "http://127.0.0.1:18089"
    assert Settings(_env_file=None, web_listen="0.0.0.0:9000").base_url == "http://127.0.0.1:9000"
    assert Settings(_env_file=None, public_url="https://nv.example.vn/").base_url == "https://nv.example.vn"
