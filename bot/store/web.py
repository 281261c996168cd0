"""The web page's secrets: sign-in links, sessions and API tokens (stored as hashes only)."""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select, update

from bot.clock import to_utc
from bot.domain import Platform, Role
from bot.store.models import Agency, ApiToken, Contact, WebLogin, WebSession


def add_login(session: Session, token_hash: str, contact_id: int, now: datetime, expires_at: datetime) -> None:
    session.add(WebLogin(token_hash=token_hash, contact_id=contact_id, created_at=to_utc(now),
                         expires_at=to_utc(expires_at)))
    session.flush()


def claim_login(session: Session, token_hash: str, now: datetime) -> int | None:
    """Use a link once: one conditional UPDATE (unused and not expired), so of two clicks at the
    same moment exactly one wins. Returns the contact id, or None."""
    at = to_utc(now)
    done = session.exec(update(WebLogin).where(WebLogin.token_hash == token_hash, WebLogin.used_at.is_(None),
                                               WebLogin.expires_at > at).values(used_at=at))
    if done.rowcount != 1:
        return None
    return session.exec(select(WebLogin.contact_id).where(WebLogin.token_hash == token_hash)).one()


def add_session(session: Session, token_hash: str, contact_id: int, now: datetime, expires_at: datetime) -> None:
    session.add(WebSession(token_hash=token_hash, contact_id=contact_id, created_at=to_utc(now),
                           expires_at=to_utc(expires_at)))
    session.flush()


def session_contact(session: Session, token_hash: str, now: datetime) -> tuple[Contact, Agency | None] | None:
    """The active contact of a live session (a revoked contact loses the web page too)."""
    row = session.exec(select(Contact, Agency).join(WebSession, WebSession.contact_id == Contact.id)
                       .join(Agency, Agency.id == Contact.agency_id, isouter=True)
                       .where(WebSession.token_hash == token_hash, WebSession.expires_at > to_utc(now),
                              Contact.active == True)).first()  # noqa: E712
    return (row[0], row[1]) if row else None


def end_session(session: Session, token_hash: str) -> None:
    for s in session.exec(select(WebSession).where(WebSession.token_hash == token_hash)).all():
        session.delete(s)


def web_contact(session: Session, role: Role, agency_id: int | None, now: datetime) -> Contact:
    """The web-only contact of a role (and agency): created once, reactivated, reused."""
    user_id = f"{role}:{agency_id}" if agency_id else str(role)
    c = session.exec(select(Contact).where(Contact.platform == Platform.WEB, Contact.user_id == user_id)).first()
    if c is None:
        c = Contact(platform=Platform.WEB, user_id=user_id, chat_id="", role=role, agency_id=agency_id,
                    created_at=to_utc(now))
    c.active = True
    session.add(c)
    session.flush()
    return c


def add_api_token(session: Session, name: str, token_hash: str, now: datetime) -> ApiToken:
    t = ApiToken(name=name, token_hash=token_hash, created_at=to_utc(now))
    session.add(t)
    session.flush()
    return t


def api_token_by_name(session: Session, name: str) -> ApiToken | None:
    return session.exec(select(ApiToken).where(ApiToken.name == name)).first()


def live_api_token(session: Session, token_hash: str) -> ApiToken | None:
    return session.exec(select(ApiToken).where(ApiToken.token_hash == token_hash,
                                               ApiToken.revoked_at.is_(None))).first()


def list_api_tokens(session: Session) -> list[ApiToken]:
    return list(session.exec(select(ApiToken).order_by(ApiToken.id)).all())


# -- reads the web pages need besides the chat's ------------------------------------------

def recent_replies(session: Session, agency_ids: list[int] | None, limit: int = 10):
    """The last status events (newest first) with their task code, agency and author."""
    from bot.store.models import Assignment, StatusEvent, Task

    q = (select(StatusEvent, Task.code, Agency.name, Contact).join(Assignment, Assignment.id == StatusEvent.assignment_id)
         .join(Task, Task.id == Assignment.task_id).join(Agency, Agency.id == Assignment.agency_id)
         .join(Contact, Contact.id == StatusEvent.contact_id, isouter=True))
    if agency_ids is not None:
        q = q.where(Assignment.agency_id.in_(agency_ids))
    return list(session.exec(q.order_by(StatusEvent.id.desc()).limit(limit)).all())


def plans(session: Session):
    from bot.store.models import Plan

    return list(session.exec(select(Plan).order_by(Plan.key)).all())


def plan_by_key(session: Session, key: str):
    from bot.store.models import Plan

    return session.exec(select(Plan).where(Plan.key == key)).first()
