"""Contacts, invites and prompts: who talks to the bot, as whom, and what it waits for."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, delete, select

from bot.clock import to_utc
from bot.domain import Expect, Platform, Role
from bot.store.models import Agency, Contact, Invite, LegacyGroup, PageCursor, Prompt


def find_contact(session: Session, platform: str, user_id: str, *, active_only: bool = True) -> Contact | None:
    q = select(Contact).where(Contact.platform == platform, Contact.user_id == user_id)
    if active_only:
        q = q.where(Contact.active == True)  # noqa: E712
    return session.exec(q).first()


GROUP_PREFIX = "group:"  # a group destination's user_id: never a person's id on any platform


def group_user_id(chat_id: str) -> str:
    """The user_id a group destination is stored under. A group is not a person: it gets its own
    Contact (chat_id = the group's id, where its agency's reminders go) keyed so that no platform
    user id can ever match it, and the people who write in it keep their own rows."""
    return GROUP_PREFIX + chat_id


def group_destination(session: Session, platform: str, chat_id: str) -> Contact | None:
    """The active destination registered for this group chat, if any."""
    return find_contact(session, platform, group_user_id(chat_id))


def group_destinations(session: Session) -> list[tuple[Contact, Agency | None]]:
    """Every group chat registered as a destination (active or revoked), with its agency."""
    q = (select(Contact, Agency).join(Agency, isouter=True).where(Contact.user_id.startswith(GROUP_PREFIX))
         .order_by(Contact.id))
    return list(session.exec(q).all())


def legacy_groups(session: Session) -> list[tuple[LegacyGroup, Contact, Agency | None, Contact | None]]:
    """The groups registered the old way, as revision 0008_legacy_groups found them: each with the
    person registered in it, their agency then, and the group's own contact as it is NOW (the
    secretariat may have registered or revoked it since), or None."""
    rows = session.exec(select(LegacyGroup, Contact, Agency).join(Contact, Contact.id == LegacyGroup.contact_id)
                        .join(Agency, Agency.id == LegacyGroup.agency_id, isouter=True).order_by(LegacyGroup.id)).all()
    keys = {group_user_id(g.chat_id) for g, _, _ in rows}
    now = {(c.platform, c.user_id): c for c in session.exec(select(Contact).where(Contact.user_id.in_(keys)))}
    return [(g, person, agency, now.get((g.platform, group_user_id(g.chat_id)))) for g, person, agency in rows]


def upsert_contact(session: Session, *, platform: Platform, user_id: str, chat_id: str, display_name: str,
                   agency_id: int | None, role: Role, now: datetime) -> Contact:
    """The contact for this platform user, created or re-registered (active again)."""
    contact = find_contact(session, platform, user_id, active_only=False)
    if contact is None:
        contact = Contact(platform=platform, user_id=user_id, chat_id=chat_id, created_at=to_utc(now))
    contact.chat_id, contact.display_name = chat_id, display_name
    contact.agency_id, contact.role, contact.active = agency_id, role, True
    session.add(contact)
    session.flush()
    return contact


def list_contacts(session: Session) -> list[tuple[Contact, Agency | None]]:
    return list(session.exec(select(Contact, Agency).join(Agency, isouter=True).order_by(Contact.id)).all())


def contact_by_ref(session: Session, ref: str) -> Contact | None:
    """By id, or by 'platform:user_id'."""
    if ":" in ref:
        platform, user_id = ref.split(":", 1)
        return find_contact(session, platform, user_id, active_only=False)
    return session.get(Contact, int(ref)) if ref.isdigit() else None


def add_invite(session: Session, invite: Invite) -> Invite:
    session.add(invite)
    session.flush()
    return invite


def invite_by_hash(session: Session, code_hash: str) -> Invite | None:
    return session.exec(select(Invite).where(Invite.code_hash == code_hash)).first()


def take_invite(session: Session, invite_id: int, now: datetime) -> bool:
    """Mark an invite used, if nobody did yet: one conditional UPDATE, so of two people redeeming
    the same code at the same moment exactly one gets rowcount 1 (a read-then-write let both in:
    9/30 on SQLite, 29/30 on PostgreSQL). The loser's UPDATE waits for the winner's commit, then
    matches nothing. Taken before the contact is written, so the write lock comes first."""
    res = session.execute(update(Invite).where(Invite.id == invite_id, Invite.used_at.is_(None))
                          .values(used_at=to_utc(now)))
    return res.rowcount == 1


def mark_invite_used_by(session: Session, invite_id: int, contact: Contact) -> None:
    session.execute(update(Invite).where(Invite.id == invite_id).values(used_by=contact.id))


# -- prompts: what the bot waits for from one contact ----------------------------------

def set_prompt(session: Session, contact_id: int, expect: Expect, *, codes: list[str], draft_text: str,
               expires_at: datetime) -> None:
    clear_prompt(session, contact_id)
    session.add(Prompt(contact_id=contact_id, action=expect, codes=",".join(codes), draft_text=draft_text,
                       expires_at=to_utc(expires_at)))
    session.flush()


def clear_prompt(session: Session, contact_id: int) -> None:
    """Forget what the bot waits for from this contact."""
    session.exec(delete(Prompt).where(Prompt.contact_id == contact_id))


def live_prompt(session: Session, contact_id: int, now: datetime) -> Prompt | None:
    p = session.get(Prompt, contact_id)
    return p if p and p.expires_at >= to_utc(now) else None


# -- page cursors: where a long list stopped -------------------------------------------

def set_cursor(session: Session, contact_id: int, listing: str, shown: list[str], expires_at: datetime) -> None:
    cursor = session.get(PageCursor, contact_id) or PageCursor(contact_id=contact_id, listing=listing,
                                                                expires_at=to_utc(expires_at))
    cursor.listing, cursor.shown, cursor.expires_at = listing, ",".join(shown), to_utc(expires_at)
    session.add(cursor)
    session.flush()


def live_cursor(session: Session, contact_id: int, now: datetime) -> PageCursor | None:
    c = session.get(PageCursor, contact_id)
    return c if c and c.expires_at >= to_utc(now) else None


def clear_cursor(session: Session, contact_id: int) -> None:
    session.exec(delete(PageCursor).where(PageCursor.contact_id == contact_id))
