"""The web page's tables: one-time sign-in links, browser sessions, API tokens.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24

Only new tables: nothing existing changes, so every row of an older database stays as it was.
Secrets are stored as SHA-256 hex digests (unique indexes, as create_all names them).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True, nullable=False)


def _contact() -> sa.Column:
    return sa.Column("contact_id", sa.Integer(), sa.ForeignKey("contact.id"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "weblogin", _id(), sa.Column("token_hash", sa.String(), nullable=False), _contact(),
        sa.Column("created_at", TZ, nullable=False), sa.Column("expires_at", TZ, nullable=False),
        sa.Column("used_at", TZ, nullable=True),
    )
    op.create_index("ix_weblogin_token_hash", "weblogin", ["token_hash"], unique=True)
    op.create_index("ix_weblogin_contact_id", "weblogin", ["contact_id"])
    op.create_table(
        "websession", _id(), sa.Column("token_hash", sa.String(), nullable=False), _contact(),
        sa.Column("created_at", TZ, nullable=False), sa.Column("expires_at", TZ, nullable=False),
    )
    op.create_index("ix_websession_token_hash", "websession", ["token_hash"], unique=True)
    op.create_index("ix_websession_contact_id", "websession", ["contact_id"])
    op.create_table(
        "apitoken", _id(), sa.Column("name", sa.String(), nullable=False),
        sa.Column("token_hash", sa.String(), nullable=False),
        sa.Column("created_at", TZ, nullable=False), sa.Column("revoked_at", TZ, nullable=True),
        sa.UniqueConstraint("name"),
    )
    op.create_index("ix_apitoken_token_hash", "apitoken", ["token_hash"], unique=True)


def downgrade() -> None:
    for table in ("apitoken", "websession", "weblogin"):
        op.drop_table(table)
