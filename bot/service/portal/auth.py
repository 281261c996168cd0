"""Signing in without passwords: one-time links (15 minutes, used once), 12-hour sessions and
API tokens. Only SHA-256 hashes are stored; the clear token is shown once.

A link may name the page to open once signed in (`?next=/nhiem-vu/TB25-16`), so that a chat
message carries one link instead of a page address and a sign-in link. The target is checked
when the link is made and again when it is followed (`safe_target`): anyone can edit a URL."""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote, unquote

from bot.domain import Role
from bot.service import texts
from bot.service.onboarding import OnboardingError, role_and_agency
from bot.store import Engine, Session, session_scope
from bot.store import web as store
from bot.store.models import Contact

LINK_TTL = timedelta(minutes=15)
SESSION_TTL = timedelta(hours=12)
HOME = "/"
MAX_TARGET = 512
# A path on this site, optionally with a query: printable ASCII without spaces, quotes, angle
# brackets, backslashes or a fragment; every % starts a valid escape.
_TARGET = re.compile(r"/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*")


class Forbidden(Exception):
    """The viewer may not see or do this (HTTP 403); the message is Vietnamese."""


class NotFound(Exception):
    """No such agency, task or contact (HTTP 404)."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Viewer:
    """Who is looking at the page: the contact behind the session (or an API token)."""

    contact_id: int | None
    role: Role
    agency_id: int | None = None
    agency: str | None = None
    name: str = ""
    api: bool = False

    @property
    def is_manager(self) -> bool:
        return Role(self.role).is_manager

    @property
    def label(self) -> str:
        return texts.ROLE[Role(self.role)] + (f" — {self.agency}" if self.agency else "")


def csrf_token(session_token: str) -> str:
    """Tied to the session: only a page that has the cookie's session can know it."""
    return hashlib.sha256(b"csrf:" + session_token.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class LoginLink:
    url: str
    expires_at: datetime


def safe_target(raw: str | None) -> str:
    """Where to go after signing in: `raw` if it is a path on this site, else the overview.

    Refused: anything not starting with a single "/" (absolute URLs, `//host`, `javascript:`),
    backslashes (browsers read `/\\host` as `//host`), spaces and control characters (browsers
    drop tabs and newlines inside a URL, so a tab between two slashes makes `//host`; CR/LF
    would split a header), `//`, backslashes and control characters hidden behind %-escapes,
    dot segments, non-ASCII, fragments, over-long targets, and the sign-in route itself."""
    if not raw or len(raw) > MAX_TARGET or not _TARGET.fullmatch(raw):
        return HOME
    path = unquote(raw.split("?", 1)[0])
    if (path.startswith("//") or "\\" in path or any(c < " " or c == "\x7f" for c in path)
            or any(seg in (".", "..") for seg in path.split("/")) or path.startswith("/login/")):
        return HOME
    return raw


def new_link(session: Session, contact: Contact, now: datetime, base_url: str, to: str = HOME) -> LoginLink:
    """A one-time link for `contact`; once followed, the browser opens `to` (a path on this site)."""
    token = secrets.token_urlsafe(24)
    expires = now + LINK_TTL
    store.add_login(session, token_hash(token), contact.id, now, expires)
    target = safe_target(to)
    after = "" if target == HOME else "?next=" + quote(target, safe="/")
    return LoginLink(url=f"{base_url.rstrip('/')}/login/{token}{after}", expires_at=expires)


def operator_link(engine: Engine, role: str, agency: str | None, now: datetime, base_url: str,
                  to: str = HOME) -> LoginLink:
    """`nhacviec web-link`: a link for the web-only contact of that role (and agency)."""
    with session_scope(engine) as s:
        role, target = role_and_agency(s, role, agency)
        contact = store.web_contact(s, role, target.id if target else None, now)
        return new_link(s, contact, now, base_url, to)


def redeem_link(engine: Engine, token: str, now: datetime) -> str | None:
    """A used, expired or unknown link: None. Otherwise a new session token (for the cookie)."""
    with session_scope(engine) as s:
        contact_id = store.claim_login(s, token_hash(token), now)
        if contact_id is None:
            return None
        session_token = secrets.token_urlsafe(32)
        store.add_session(s, token_hash(session_token), contact_id, now, now + SESSION_TTL)
        return session_token


def viewer_of_session(engine: Engine, session_token: str, now: datetime) -> Viewer | None:
    with session_scope(engine) as s:
        found = store.session_contact(s, token_hash(session_token), now)
    if found is None:
        return None
    c, agency = found
    return Viewer(contact_id=c.id, role=Role(c.role), agency_id=c.agency_id, agency=agency.name if agency else None,
                  name=c.display_name)


def sign_out(engine: Engine, session_token: str) -> None:
    with session_scope(engine) as s:
        store.end_session(s, token_hash(session_token))


def viewer_of_api_token(engine: Engine, token: str) -> Viewer | None:
    """An API token reads what the secretariat reads (it acts for no agency)."""
    with session_scope(engine) as s:
        t = store.live_api_token(s, token_hash(token))
    return Viewer(contact_id=None, role=Role.SECRETARIAT, name=t.name, api=True) if t else None


def create_api_token(engine: Engine, name: str, now: datetime) -> str:
    name = name.strip()
    if not name:
        raise OnboardingError("Đặt tên cho khóa (--name), ví dụ --name bao-cao-tinh")
    with session_scope(engine) as s:
        if store.api_token_by_name(s, name) is not None:
            raise OnboardingError(f"Đã có khóa tên “{name}”. Thu hồi (api-token revoke) hoặc đặt tên khác.")
        token = "nv_" + secrets.token_urlsafe(32)
        store.add_api_token(s, name, token_hash(token), now)
        return token


def revoke_api_token(engine: Engine, name: str, now: datetime) -> None:
    with session_scope(engine) as s:
        t = store.api_token_by_name(s, name)
        if t is None or t.revoked_at is not None:
            raise OnboardingError(f"Không có khóa đang dùng tên “{name}”.")
        t.revoked_at = now
        s.add(t)


def list_api_tokens(engine: Engine) -> list[dict]:
    with session_scope(engine) as s:
        return [{"name": t.name, "created_at": t.created_at.isoformat(),
                 "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None} for t in store.list_api_tokens(s)]
