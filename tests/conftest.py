"""Shared fixtures: a fresh database per test (SQLite, or PostgreSQL when DATABASE_URL is set)."""
from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import SQLModel

from bot.app import Core
from bot.clock import fixed_clock
from bot.config import Settings
from bot.store import create_schema, make_engine

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def engine(db_url: str):
    eng = make_engine(db_url)
    SQLModel.metadata.drop_all(eng)
    create_schema(eng)
    yield eng
    if eng.dialect.name == "postgresql":
        SQLModel.metadata.drop_all(eng)
    eng.dispose()


@pytest.fixture
def now() -> datetime:
    return datetime(2025, 6, 16, 9, 0, tzinfo=TZ)  # a Monday morning


@pytest.fixture
def core(engine, db_url: str, now: datetime) -> Core:
    settings = Settings(_env_file=None, database_url=db_url, telegram_bot_token=None, zalo_bot_token=None,
                        web_listen="")  # tests that serve the web page choose a free port
    return Core(settings=settings, engine=engine, clock=fixed_clock(now))
