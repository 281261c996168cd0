"""Review and evidence (issue 13): plan.review, requested extension dates, evidence files, decisions.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30

Only additions: `plan.review` (false for every existing plan, so they behave as before),
`assignment.requested_due` and `statusevent.requested_due` (NULL: no request), and three new tables
(`evidence`, `reviewdecision` with one row per decided submission or request — unique `event_id` —
and `reviewmessage`, the platform message ids of review notices). Existing columns are untouched.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _fk(name: str, target: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey(target), nullable=nullable)


def upgrade() -> None:
    op.add_column("plan", sa.Column("review", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("assignment", sa.Column("requested_due", sa.Date(), nullable=True))
    op.add_column("statusevent", sa.Column("requested_due", sa.Date(), nullable=True))

    op.create_table(
        "evidence", sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        _fk("assignment_id", "assignment.id", False), _fk("event_id", "statusevent.id"), _fk("contact_id", "contact.id"),
        sa.Column("name", sa.String(), nullable=False), sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False), sa.Column("kind", sa.String(), nullable=False),
        sa.Column("caption", sa.String(), nullable=False), sa.Column("added_at", TZ, nullable=False),
    )
    op.create_index("ix_evidence_assignment_id", "evidence", ["assignment_id"])
    op.create_index("ix_evidence_sha256", "evidence", ["sha256"])

    op.create_table(
        "reviewdecision", sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        _fk("event_id", "statusevent.id", False), _fk("assignment_id", "assignment.id", False),
        sa.Column("decision", sa.String(), nullable=False), sa.Column("reason", sa.String(), nullable=False),
        sa.Column("new_due", sa.Date(), nullable=True), _fk("contact_id", "contact.id"),
        sa.Column("channel", sa.String(), nullable=False), sa.Column("at", TZ, nullable=False),
        sa.UniqueConstraint("event_id"),
    )
    op.create_index("ix_reviewdecision_assignment_id", "reviewdecision", ["assignment_id"])

    op.create_table(
        "reviewmessage", sa.Column("key", sa.String(), primary_key=True, nullable=False),
        _fk("event_id", "statusevent.id", False), _fk("contact_id", "contact.id", False),
        sa.Column("chat_id", sa.String(), nullable=False), sa.Column("message_id", sa.String(), nullable=False),
    )
    op.create_index("ix_reviewmessage_event_id", "reviewmessage", ["event_id"])


def downgrade() -> None:
    op.drop_table("reviewmessage")
    op.drop_table("reviewdecision")
    op.drop_table("evidence")
    with op.batch_alter_table("statusevent") as batch:
        batch.drop_column("requested_due")
    with op.batch_alter_table("assignment") as batch:
        batch.drop_column("requested_due")
    with op.batch_alter_table("plan") as batch:
        batch.drop_column("review")
