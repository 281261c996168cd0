"""Sessions, CSRF, login links and their rate limit, API tokens: who is asking, checked on the
server for every page, file and action."""
from __future__ import annotations

import hmac
import threading
import time
from collections import defaultdict, deque

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from bot.service.portal import auth as svc
from bot.service.portal.auth import Viewer
from bot.web.render import page
from bot.web.session import COOKIE, csrf_for, session_token

PREVIEW_BOTS = ("telegrambot", "facebookexternalhit", "zalo", "twitterbot", "slackbot", "whatsapp")
router = APIRouter()


class NeedLogin(Exception):
    """No (live) session: a page answers 401 with how to get a link; the API a JSON 401."""


class BadCsrf(Exception):
    pass


class RateLimiter:
    """At most `limit` attempts per `window` seconds per key (an IP), in memory."""

    def __init__(self, limit: int = 10, window: float = 60.0, clock=time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self.hits: dict[str, deque] = defaultdict(deque)
        self.lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = self.clock()
        with self.lock:
            q = self.hits[key]
            while q and q[0] <= now - self.window:
                q.popleft()
            if len(q) >= self.limit:
                return False
            q.append(now)
            return True


def core_of(request: Request):
    return request.app.state.core


def figures_of(request: Request):
    return request.app.state.figures


def now_of(request: Request):
    core = core_of(request)
    return core.clock().astimezone(core.settings.zone)


def viewer(request: Request) -> Viewer:
    """The signed-in viewer (a FastAPI dependency of every page)."""
    token = session_token(request)
    found = svc.viewer_of_session(core_of(request).engine, token, now_of(request)) if token else None
    if found is None:
        raise NeedLogin()
    request.state.viewer = found
    return found


def api_viewer(request: Request) -> Viewer:
    """`Authorization: Bearer <token>` (from `nhacviec api-token create`), or a session."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        found = svc.viewer_of_api_token(core_of(request).engine, header[7:].strip())
        if found is None:
            raise NeedLogin()
        return found
    return viewer(request)


def check_csrf(request: Request, token: str | None) -> None:
    if not token or not hmac.compare_digest(token, csrf_for(request)):
        raise BadCsrf()


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "?"


@router.get("/login/{token}", name="login")
def login(token: str, request: Request):
    """Redeem the link, set the session cookie and open `?next=` (a path on this site, checked
    here again: the query is the clicker's to edit) or the overview."""
    agent = request.headers.get("user-agent", "").lower()
    if any(b in agent for b in PREVIEW_BOTS):  # a chat's link preview must not use up the link
        return page(request, "login_preview.html", None, status=200)
    if not request.app.state.login_limiter.allow(client_ip(request)):
        return page(request, "login_gone.html", None, status=429, limited=True)
    core = core_of(request)
    session = svc.redeem_link(core.engine, token, now_of(request))
    if session is None:
        return page(request, "login_gone.html", None, status=410)
    resp = RedirectResponse(svc.safe_target(request.query_params.get("next")), status_code=303)
    resp.set_cookie(COOKIE, session, max_age=int(svc.SESSION_TTL.total_seconds()), httponly=True, samesite="lax",
                    secure=core.settings.base_url.startswith("https://"), path="/")
    return resp


@router.post("/dang-xuat")
async def logout(request: Request):
    form = await request.form()
    check_csrf(request, form.get("csrf"))
    token = session_token(request)
    if token:
        svc.sign_out(core_of(request).engine, token)
    resp = RedirectResponse("/dang-nhap", status_code=303)
    resp.delete_cookie(COOKIE, path="/")
    return resp
