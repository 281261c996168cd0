"""Group chats registered the old way: converted to their agency's destination, or set aside and listed.

Revision ID: 0008_legacy_groups
Revises: 0007
Create Date: 2026-12-06

Before group invites (issue 12 item 13; `invite.for_group`, 0006), `/start CODE` typed in a group
registered the *sender* with the invite's agency and role and the group as their chat: one
`contact` row with the person's platform user id and chat_id = the group. The bot then sent that
person's messages into the group — an agency's digests, and for a lead or a secretary the
escalations, the review notices with their evidence and one-time web sign-in links, which anyone
in the group could open; the group had no `group:<chat id>` contact, so the rule "in a registered
group only its agency's focal points act" never applied there; and no listing showed it as a group.
On Telegram and Zalo a private chat's id is the user's id, so those rows are exactly the ones whose
chat_id differs from user_id (group destinations, `group:…`, and web and console contacts aside).

This revision, recording each row in `legacygroup` (`nhacviec groups --legacy`):
- keeps every such person (id, identity, role, agency, history) and reaches them in their own
  private chat from now on (chat_id = user_id);
- makes the group a contact of its own, `group:<chat id>`, a focal destination of the agency, where
  that is unambiguous: every active person registered in it is a focal point of one and the same
  agency, and the group is not registered (or revoked) the new way for another. The reminder claims
  already sent there under those people's ids are copied to it, so the group is not sent them again;
- otherwise sends the group nothing more (a manager's group, one shared by several agencies or
  roles, a focal point without an agency, a group held or revoked for another agency) until the
  secretariat registers it with `nhacviec invite AGENCY --group`.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0008_legacy_groups"
down_revision = "0007"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
CHATS = ("telegram", "zalo")  # the platforms whose private chat id is the user id
GROUP_PREFIX = "group:"  # bot.store.people.GROUP_PREFIX
GROUP_NAME = "Nhóm {chat_id}"  # texts.GROUP_NAME when this revision was written
COPIED = ("a", "month:")  # claim keys of an agency's digest and monthly check-in, ending in ":c<contact>"

contact = sa.table("contact", *(sa.column(n, t) for n, t in (
    ("id", sa.Integer), ("platform", sa.String), ("user_id", sa.String), ("chat_id", sa.String),
    ("display_name", sa.String), ("agency_id", sa.Integer), ("role", sa.String), ("active", sa.Boolean),
    ("created_at", TZ))))
reminder = sa.table("reminder", *(sa.column(n, t) for n, t in (
    ("id", sa.Integer), ("key", sa.String), ("kind", sa.String), ("assignment_id", sa.Integer),
    ("contact_id", sa.Integer), ("slot_at", TZ), ("claimed_at", TZ), ("claimed_by", sa.String), ("sent_at", TZ),
    ("attempts", sa.Integer), ("last_error", sa.String))))
legacy = sa.table("legacygroup", *(sa.column(n, t) for n, t in (
    ("id", sa.Integer), ("platform", sa.String), ("chat_id", sa.String), ("contact_id", sa.Integer),
    ("agency_id", sa.Integer), ("role", sa.String), ("outcome", sa.String), ("group_contact_id", sa.Integer),
    ("created_group", sa.Boolean), ("migrated_at", TZ))))


def upgrade() -> None:
    op.create_table(
        "legacygroup",
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("platform", sa.String(), nullable=False),
        sa.Column("chat_id", sa.String(), nullable=False),
        sa.Column("contact_id", sa.Integer(), sa.ForeignKey("contact.id"), nullable=False),
        sa.Column("agency_id", sa.Integer(), sa.ForeignKey("agency.id"), nullable=True),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("group_contact_id", sa.Integer(), sa.ForeignKey("contact.id"), nullable=True),
        sa.Column("created_group", sa.Boolean(), nullable=False),
        sa.Column("migrated_at", TZ, nullable=False),
    )
    op.create_index("ix_legacygroup_contact_id", "legacygroup", ["contact_id"])
    conn = op.get_bind()
    c = contact.c
    found = conn.execute(sa.select(contact).where(
        c.platform.in_(CHATS), ~c.user_id.startswith(GROUP_PREFIX), c.chat_id != c.user_id, c.chat_id != "")
        .order_by(c.id)).all()
    by_chat = defaultdict(list)
    for person in found:
        by_chat[(person.platform, person.chat_id)].append(person)
    now, records = datetime.now(UTC), []
    for (platform, chat), people in by_chat.items():
        held = conn.execute(sa.select(contact).where(c.platform == platform,
                                                     c.user_id == GROUP_PREFIX + chat)).first()
        outcomes = {p.id: _outcome(p, people, held) for p in people}
        converted = [p for p in people if outcomes[p.id] == "converted"]
        group_id, created = (held.id if held is not None else None), False
        if converted and held is None:
            group_id, created = _new_group(conn, platform, chat, converted), True
        if converted:
            _copy_claims(conn, [p.id for p in converted], group_id)
        for p in people:
            done = outcomes[p.id] == "converted"
            records.append(dict(platform=platform, chat_id=chat, contact_id=p.id, agency_id=p.agency_id, role=p.role,
                                outcome=outcomes[p.id], group_contact_id=group_id if done else None,
                                created_group=created and done, migrated_at=now))
    for person in found:  # from now on each is reached in their own chat, never the group's
        conn.execute(contact.update().where(c.id == person.id).values(chat_id=person.user_id))
    if records:
        conn.execute(legacy.insert(), records)


def _outcome(person, people: list, held) -> str:
    """domain.LegacyOutcome for one person registered in a group, given everyone registered
    there and the group's own contact if it was registered the new way meanwhile."""
    if not person.active:
        return "revoked"
    if person.role != "focal":
        return "manager"
    if person.agency_id is None:
        return "no_agency"
    active = [p for p in people if p.active]
    if any(p.role != "focal" or p.agency_id != person.agency_id for p in active):
        return "shared"
    if held is not None and not (held.active and held.role == "focal" and held.agency_id == person.agency_id):
        return "taken"
    return "converted"


def _new_group(conn, platform: str, chat: str, people: list) -> int:
    """The group's own contact, a focal destination of their agency since the first of them came."""
    conn.execute(contact.insert().values(
        platform=platform, user_id=GROUP_PREFIX + chat, chat_id=chat, display_name=GROUP_NAME.format(chat_id=chat),
        agency_id=people[0].agency_id, role="focal", active=True, created_at=min(p.created_at for p in people)))
    return conn.execute(sa.select(contact.c.id).where(contact.c.platform == platform,
                                                      contact.c.user_id == GROUP_PREFIX + chat)).scalar_one()


def _copy_claims(conn, people: list[int], group_id: int) -> None:
    """The digest and monthly claims these people were sent in the group, as the group's: the
    dispatcher owes each contact the latest slot it has no claim for, so without them the group
    would get its last reminders again right after the upgrade."""
    r = reminder.c
    have = set(conn.execute(sa.select(r.key).where(r.contact_id == group_id)).scalars())
    copies = []
    for person in people:
        suffix = f":c{person}"
        for row in conn.execute(sa.select(reminder).where(r.contact_id == person, r.sent_at.is_not(None))):
            if not row.key.endswith(suffix) or not row.key.startswith(COPIED):
                continue
            key = row.key[:-len(suffix)] + f":c{group_id}"
            if key not in have:
                have.add(key)
                copies.append(dict(key=key, kind=row.kind, assignment_id=row.assignment_id, contact_id=group_id,
                                   slot_at=row.slot_at, claimed_at=row.claimed_at, claimed_by=row.claimed_by,
                                   sent_at=row.sent_at, attempts=row.attempts, last_error=row.last_error))
    if copies:
        conn.execute(reminder.insert(), copies)


def downgrade() -> None:
    """Back to the old form: each person's chat is the group again and the group contacts this
    revision made are gone (with their claims); those the secretariat registered stay."""
    conn = op.get_bind()
    c, r = contact.c, reminder.c
    records = conn.execute(sa.select(legacy)).all()
    for rec in records:
        conn.execute(contact.update().where(c.id == rec.contact_id, c.chat_id == c.user_id)
                     .values(chat_id=rec.chat_id))
    op.drop_index("ix_legacygroup_contact_id", table_name="legacygroup")
    op.drop_table("legacygroup")  # first: it refers to the group contacts removed below
    for group_id in sorted({rec.group_contact_id for rec in records if rec.created_group}):
        conn.execute(reminder.delete().where(r.contact_id == group_id))
        conn.execute(contact.delete().where(c.id == group_id))
