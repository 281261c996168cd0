"""The browser's session cookie and the CSRF token derived from it: what every page needs to
render a form and every form handler needs to check it (kept apart from the login routes so
that rendering and signing in do not import each other)."""
from __future__ import annotations

from fastapi import Request

from bot.service.portal import auth as svc

COOKIE = "nv_session"


def session_token(request: Request) -> str:
    return request.cookies.get(COOKIE, "")


def csrf_for(request: Request) -> str:
    return svc.csrf_token(session_token(request))
