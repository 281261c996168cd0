"""The web page on the real plans, through FastAPI's TestClient (no network, injected clock)."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from bot.app import import_files
from bot.clock import Clock
from bot.service.portal.auth import csrf_token, operator_link
from bot.web.app import create_app
from bot.web.auth import COOKIE, RateLimiter

BASE = "http://127.0.0.1:8080"


class MovableClock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **kw) -> None:
        self.at += timedelta(**kw)


@pytest.fixture
def clock(now) -> Clock:
    return MovableClock(now)


@pytest.fixture
def plans_core(core, clock):
    core.clock = clock
    result = import_files(core, [core.settings.plans_dir])
    assert result.ok, result.issues
    return core


@pytest.fixture
def app(plans_core):
    return create_app(plans_core, login_limiter=RateLimiter(limit=1000))


def link_path(core, role: str, agency: str | None = None) -> str:
    url = operator_link(core.engine, role, agency, core.clock(), core.settings.base_url).url
    return url.removeprefix(core.settings.base_url)


class Browser:
    """A TestClient signed in as one role (and agency)."""

    def __init__(self, app, core, role: str | None, agency: str | None = None) -> None:
        self.client = TestClient(app, base_url=BASE, follow_redirects=False)
        self.core = core
        if role:
            r = self.client.get(link_path(core, role, agency))
            assert r.status_code == 303 and r.headers["location"] == "/", r.text

    @property
    def csrf(self) -> str:
        return csrf_token(self.client.cookies.get(COOKIE))

    def get(self, path: str, **kw):
        return self.client.get(path, **kw)

    def post(self, path: str, data: dict | None = None, *, csrf: bool = True, **kw):
        data = dict(data or {})
        if csrf:
            data["csrf"] = self.csrf
        return self.client.post(path, data=data, **kw)


@pytest.fixture
def as_role(app, plans_core):
    return lambda role, agency=None: Browser(app, plans_core, role, agency)
