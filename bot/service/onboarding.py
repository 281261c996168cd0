"""Invites and contacts: who may talk to the bot, and as whom.

A code is shown once and stored only as its SHA-256; it is single-use and expires after
7 days. People are identified by platform user id, never by display name."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from bot.agencies import Registry, UnknownAgency
from bot.clock import to_utc
from bot.domain import Role
from bot.store.models import Agency, Contact, Invite
from bot.text import strip_marks

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
CODE_LEN = 10
VALID_FOR = timedelta(days=7)
ROLE_VI = {"focal": "đầu mối", "lead": "lãnh đạo Tiểu Ban", "secretariat": "thư ký (Sở KH&CN)"}


class OnboardingError(ValueError):
    """A refusal the user can act on (message in Vietnamese)."""


def _hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def normalise_code(code: str) -> str:
    return strip_marks(code).upper().replace("-", "").replace(" ", "").strip()


@dataclass(frozen=True)
class NewInvite:
    code: str
    agency: str | None
    role: str
    expires_at: datetime


def create_invite(session: Session, agency: str | None, role: str, now: datetime) -> NewInvite:
    if role not in set(Role):
        raise OnboardingError(f"Vai trò không hợp lệ: {role} (focal, lead hoặc secretariat)")
    target: Agency | None = None
    if agency:
        try:
            target = Registry.load(session).resolve(agency)
        except UnknownAgency as exc:
            raise OnboardingError(str(exc)) from None
    elif role == "focal":
        raise OnboardingError("Đầu mối phải thuộc một cơ quan: nhacviec invite \"Sở Y tế\" --role focal")
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LEN))
    expires = now + VALID_FOR
    session.add(Invite(code_hash=_hash(code), agency_id=target.id if target else None, role=role,
                       created_at=to_utc(now), expires_at=to_utc(expires)))
    session.flush()
    return NewInvite(code=code, agency=target.name if target else None, role=role, expires_at=expires)


def redeem(session: Session, code: str, *, platform: str, user_id: str, chat_id: str,
           display_name: str, now: datetime) -> Contact:
    """Register (or re-register) the sender with the invite's agency and role."""
    invite = session.exec(select(Invite).where(Invite.code_hash == _hash(code))).first() if code.strip() else None
    if invite is None:
        raise OnboardingError("Mã mời không đúng. Kiểm tra lại mã (10 ký tự) hoặc xin mã mới từ Sở KH&CN.")
    if invite.used_at is not None:
        raise OnboardingError("Mã mời này đã được dùng. Mỗi mã chỉ dùng một lần: xin Sở KH&CN cấp mã mới.")
    if invite.expires_at < to_utc(now):
        raise OnboardingError("Mã mời đã hết hạn (7 ngày). Xin Sở KH&CN cấp mã mới.")
    contact = session.exec(select(Contact).where(Contact.platform == platform, Contact.user_id == user_id)).first()
    if contact is None:
        contact = Contact(platform=platform, user_id=user_id, chat_id=chat_id, created_at=to_utc(now))
    contact.chat_id, contact.display_name = chat_id, display_name
    contact.agency_id, contact.role, contact.active = invite.agency_id, invite.role, True
    session.add(contact)
    session.flush()
    invite.used_at, invite.used_by = to_utc(now), contact.id
    session.add(invite)
    session.flush()
    return contact


def find_contact(session: Session, platform: str, user_id: str) -> Contact | None:
    return session.exec(select(Contact).where(Contact.platform == platform, Contact.user_id == user_id,
                                              Contact.active == True)).first()  # noqa: E712


def list_contacts(session: Session) -> list[tuple[Contact, Agency | None]]:
    rows = session.exec(select(Contact, Agency).join(Agency, isouter=True).order_by(Contact.id)).all()
    return list(rows)


def revoke(session: Session, ref: str) -> Contact:
    """Deactivate a contact by id or by 'platform:user_id'."""
    if ":" in ref:
        platform, user_id = ref.split(":", 1)
        contact = session.exec(select(Contact).where(Contact.platform == platform, Contact.user_id == user_id)).first()
    else:
        contact = session.get(Contact, int(ref)) if ref.isdigit() else None
    if contact is None:
        raise OnboardingError(f"Không có người dùng {ref}")
    contact.active = False
    session.add(contact)
    session.flush()
    return contact


def become(session: Session, platform: str, user_id: str, who: str, now: datetime) -> str:
    """Console only: act as the secretariat (default), the lead, or an agency's focal point."""
    from bot.text import fold

    reg = Registry.load(session)
    key = fold(who)
    agency = None
    if key in ("", "thuky", "thu ky", "secretariat"):
        role = "secretariat"
    elif key in ("lanhdao", "lanh dao", "lead"):
        role = "lead"
    else:
        try:
            agency = reg.resolve(who)
        except UnknownAgency as exc:
            raise OnboardingError(str(exc)) from None
        role = "focal"
    contact = session.exec(select(Contact).where(Contact.platform == platform, Contact.user_id == user_id)).first()
    if contact is None:
        contact = Contact(platform=platform, user_id=user_id, chat_id=user_id, created_at=to_utc(now))
    contact.role, contact.agency_id, contact.active = role, agency.id if agency else None, True
    session.add(contact)
    session.flush()
    return ROLE_VI[role] + (f" của {agency.name}" if agency else "")
