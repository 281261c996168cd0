"""The schema of the first release (models as of 27889f6^), written op by op.

Revision ID: 0001
Revises: -
Create Date: 2026-11-23

Why explicit ops and not metadata.create_all: this revision must describe the first release forever,
whatever the models say later. It equals what create_all made then, including prompt.intent
(NOT NULL, no server default), prompt.event_id and prompt.draft_date; indexes, unique constraints and
foreign keys are unnamed/auto-named exactly as create_all names them, so databases made by create_all
and by this revision are the same and `migrate` can adopt the former by stamping.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)  # SQLModel's UTCDateTime: DATETIME on SQLite, timestamptz on PostgreSQL


def _str(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(), nullable=nullable)


def _fk(name: str, target: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey(target), nullable=nullable)


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True, nullable=False)


def upgrade() -> None:
    op.create_table(
        "agency", _id(), _str("name"), _str("key"),
        sa.Column("is_group", sa.Boolean(), nullable=False),
        _fk("successor_id", "agency.id"),
        sa.UniqueConstraint("name"),
    )
    op.create_index("ix_agency_key", "agency", ["key"], unique=True)

    op.create_table(
        "plan", _id(), _str("key"), _str("title"), _str("number"),
        sa.Column("issued_on", sa.Date(), nullable=True),
        _str("issuer"),
        sa.Column("year", sa.Integer(), nullable=False),
        _str("source"),
    )
    op.create_index("ix_plan_key", "plan", ["key"], unique=True)

    op.create_table("agencyalias", _id(), _fk("agency_id", "agency.id", False), _str("alias"), _str("key"))
    op.create_index("ix_agencyalias_agency_id", "agencyalias", ["agency_id"])
    op.create_index("ix_agencyalias_key", "agencyalias", ["key"], unique=True)

    op.create_table(
        "contact", _id(), _str("platform"), _str("user_id"), _str("chat_id"), _str("display_name"),
        _fk("agency_id", "agency.id"),
        _str("role"),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.UniqueConstraint("platform", "user_id"),
    )
    op.create_index("ix_contact_agency_id", "contact", ["agency_id"])

    op.create_table(
        "groupmember",
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("agency.id"), primary_key=True, nullable=False),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("agency.id"), primary_key=True, nullable=False),
    )

    op.create_table(
        "task", _id(), _fk("plan_id", "plan.id", False),
        _str("no"), _str("code"), _str("group"), _str("content"), _str("lead_text"),
        _str("coordinating_text"), _str("deadline_text"), _str("note"), _str("kind", True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("start", sa.Date(), nullable=True),
        _str("recurrence", True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("plan_id", "no"),
    )
    op.create_index("ix_task_code", "task", ["code"], unique=True)
    op.create_index("ix_task_due", "task", ["due"])
    op.create_index("ix_task_plan_id", "task", ["plan_id"])

    op.create_table(
        "assignment", _id(), _fk("task_id", "task.id", False), _fk("agency_id", "agency.id", False),
        _str("role"), _fk("via_group_id", "agency.id"),
        sa.Column("position", sa.Integer(), nullable=False),
        _str("status"), _str("note"),
        sa.Column("new_due", sa.Date(), nullable=True),
        sa.Column("updated_at", TZ, nullable=True),
        sa.UniqueConstraint("task_id", "agency_id", "role"),
    )
    op.create_index("ix_assignment_agency_id", "assignment", ["agency_id"])
    op.create_index("ix_assignment_status", "assignment", ["status"])
    op.create_index("ix_assignment_task_id", "assignment", ["task_id"])

    op.create_table(
        "invite", _id(), _str("code_hash"), _fk("agency_id", "agency.id"), _str("role"),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("used_at", TZ, nullable=True),
        _fk("used_by", "contact.id"),
    )
    op.create_index("ix_invite_code_hash", "invite", ["code_hash"], unique=True)

    op.create_table(
        "statusevent", _id(), _fk("assignment_id", "assignment.id", False),
        _str("status"), _str("note"),
        sa.Column("new_due", sa.Date(), nullable=True),
        _fk("contact_id", "contact.id"),
        _str("channel"),
        sa.Column("at", TZ, nullable=False),
        _fk("reverts_id", "statusevent.id"),
    )
    op.create_index("ix_statusevent_assignment_id", "statusevent", ["assignment_id"])
    op.create_index("ix_statusevent_at", "statusevent", ["at"])

    op.create_table(
        "reminder", _id(), _str("key"), _str("kind"),
        _fk("assignment_id", "assignment.id"), _fk("contact_id", "contact.id"),
        sa.Column("slot_at", TZ, nullable=False),
        sa.Column("claimed_at", TZ, nullable=False),
        _str("claimed_by"),
        sa.Column("sent_at", TZ, nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _str("last_error"),
    )
    op.create_index("ix_reminder_assignment_id", "reminder", ["assignment_id"])
    op.create_index("ix_reminder_contact_id", "reminder", ["contact_id"])
    op.create_index("ix_reminder_key", "reminder", ["key"], unique=True)
    op.create_index("ix_reminder_sent_at", "reminder", ["sent_at"])

    op.create_table(
        "prompt",
        sa.Column("contact_id", sa.Integer(), sa.ForeignKey("contact.id"), primary_key=True, nullable=False),
        _str("action"), _str("codes"),
        _str("intent"),  # NOT NULL without a server default: the column 0002 drops
        _fk("event_id", "statusevent.id"),
        sa.Column("draft_date", sa.Date(), nullable=True),
        _str("draft_text"),
        sa.Column("expires_at", TZ, nullable=False),
    )


def downgrade() -> None:
    for table in ("prompt", "reminder", "statusevent", "invite", "assignment", "task", "groupmember",
                  "contact", "agencyalias", "plan", "agency"):
        op.drop_table(table)
