"""Invites and contacts: who may talk to the bot, and as whom.

A code is shown once and stored only as its SHA-256; it is single-use and expires after
7 days. People are identified by platform user id, never by display name."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.agencies import Registry, UnknownAgency
from bot.clock import to_utc
from bot.domain import Platform, Role
from bot.service import texts
from bot.store import Session, people
from bot.store.models import Agency, Contact, Invite
from bot.text import fold, strip_marks

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
CODE_LEN = 10
VALID_FOR = timedelta(days=7)
find_contact = people.find_contact
list_contacts = people.list_contacts


class OnboardingError(ValueError):
    """A refusal the user can act on (message in Vietnamese)."""


def _hash(code: str) -> str:
    return hashlib.sha256(invite_key(code).encode()).hexdigest()


def invite_key(code: str) -> str:
    """An invite code as typed ('abcd-efgh 23', with or without marks) in its stored form."""
    return strip_marks(code).upper().replace("-", "").replace(" ", "").strip()


@dataclass(frozen=True)
class NewInvite:
    code: str
    agency: str | None
    role: Role
    expires_at: datetime
    for_group: bool = False


def role_and_agency(session: Session, role: str, agency: str | None) -> tuple[Role, Agency | None]:
    """Who an invite or a web link is for: a valid role and, for a focal point, its agency
    (resolved like every agency name, with "did you mean …"); refusals in Vietnamese."""
    if role not in set(Role):
        raise OnboardingError(texts.BAD_ROLE.format(role=role))
    target: Agency | None = None
    if agency:
        try:
            target = Registry.load(session).resolve(agency)
        except UnknownAgency as exc:
            raise OnboardingError(str(exc)) from None
    elif role == Role.FOCAL:
        raise OnboardingError(texts.FOCAL_NEEDS_AGENCY)
    return Role(role), target


def create_invite(session: Session, agency: str | None, role: str, now: datetime, *,
                  for_group: bool = False) -> NewInvite:
    """A one-time code. `for_group`: redeemed in a group chat, which becomes a destination of the
    agency's reminders (only a focal point's, so it needs an agency); never usable by a person."""
    role, target = role_and_agency(session, role, agency)
    if for_group and (role != Role.FOCAL or target is None):
        raise OnboardingError(texts.GROUP_NEEDS_FOCAL)
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LEN))
    expires = now + VALID_FOR
    people.add_invite(session, Invite(code_hash=_hash(code), agency_id=target.id if target else None, role=role,
                                      created_at=to_utc(now), expires_at=to_utc(expires), for_group=for_group))
    return NewInvite(code=code, agency=target.name if target else None, role=role, expires_at=expires,
                     for_group=for_group)


def redeem(session: Session, code: str, *, platform: Platform, user_id: str, chat_id: str,
           display_name: str, now: datetime, in_group: bool = False) -> Contact:
    """Register (or re-register) the sender with the invite's agency and role; or, for a group
    invite redeemed in a group, the group itself as a destination (the sender stays who they
    were). An invite used in the wrong kind of chat is refused before anything is written, so
    nobody can turn a group into a person or a person's private chat into a group."""
    invite = people.invite_by_hash(session, _hash(code)) if code.strip() else None
    if invite is None:
        raise OnboardingError(texts.INVITE_WRONG)
    if invite.used_at is not None:
        raise OnboardingError(texts.INVITE_USED)
    if invite.expires_at < to_utc(now):
        raise OnboardingError(texts.INVITE_EXPIRED)
    if invite.for_group != in_group:
        raise OnboardingError(texts.GROUP_INVITE_IN_PRIVATE if invite.for_group else texts.PERSON_INVITE_IN_GROUP)
    if in_group:
        user_id, display_name = people.group_user_id(chat_id), texts.GROUP_NAME.format(chat_id=chat_id)
    if not people.take_invite(session, invite.id, now):  # someone redeemed it a moment ago
        raise OnboardingError(texts.INVITE_USED)
    contact = people.upsert_contact(session, platform=platform, user_id=user_id, chat_id=chat_id,
                                    display_name=display_name, agency_id=invite.agency_id, role=invite.role, now=now)
    people.mark_invite_used_by(session, invite.id, contact)
    return contact


def revoke(session: Session, ref: str) -> Contact:
    """Deactivate a contact by id or by 'platform:user_id'."""
    contact = people.contact_by_ref(session, ref)
    if contact is None:
        raise OnboardingError(texts.NO_SUCH_USER.format(ref=ref))
    contact.active = False
    session.add(contact)
    session.flush()
    return contact


def become(session: Session, platform: Platform, user_id: str, who: str, now: datetime) -> str:
    """Console only: act as the secretariat (default), the lead, or an agency's focal point."""
    key = fold(who)
    agency = None
    if key in ("", "thuky", "thu ky", "secretariat"):
        role = Role.SECRETARIAT
    elif key in ("lanhdao", "lanh dao", "lead"):
        role = Role.LEAD
    else:
        try:
            agency = Registry.load(session).resolve(who)
        except UnknownAgency as exc:
            raise OnboardingError(str(exc)) from None
        role = Role.FOCAL
    existing = people.find_contact(session, platform, user_id, active_only=False)
    people.upsert_contact(session, platform=platform, user_id=user_id, chat_id=user_id,
                          display_name=existing.display_name if existing else "", agency_id=agency.id if agency else None,
                          role=role, now=now)
    return texts.ROLE[role] + (f" của {agency.name}" if agency else "")
