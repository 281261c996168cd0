"""Inbox of incoming updates; invites made for a group chat.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05

Why: updates were acknowledged to Telegram/Zalo before they were handled, so a crash lost them
(7 of 12 replies after a kill -9); each is now stored first (`inbox`, unique per platform and
update id, so a redelivery is recognised) and marked handled after its replies went out.
`invite.for_group`: a group becomes an agency's destination only through an invite made for it.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("platform", sa.String(), nullable=False),
        sa.Column("update_id", sa.String(), nullable=False),
        sa.Column("chat_id", sa.String(), nullable=False),
        sa.Column("payload", sa.String(), nullable=False),
        sa.Column("received_at", TZ, nullable=False),
        sa.Column("handled_at", TZ, nullable=True),
        sa.UniqueConstraint("platform", "update_id"),
    )
    op.create_index("ix_inbox_handled_at", "inbox", ["handled_at"])
    with op.batch_alter_table("invite") as batch:
        batch.add_column(sa.Column("for_group", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("invite") as batch:
        batch.alter_column("for_group", server_default=None, existing_type=sa.Boolean(), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("invite") as batch:
        batch.drop_column("for_group")
    op.drop_index("ix_inbox_handled_at", table_name="inbox")
    op.drop_table("inbox")
