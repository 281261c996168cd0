"""The web page (bot/web): sign-in links, sessions, API tokens.

Every secret is stored only as its SHA-256; the clear value is shown once."""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class WebLogin(SQLModel, table=True):
    """A one-time sign-in link (`/login/<token>`): 15 minutes, used once (one conditional UPDATE)."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, index=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


class WebSession(SQLModel, table=True):
    """A signed-in browser: the cookie holds the token, the database its hash (12 hours)."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, index=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    created_at: datetime
    expires_at: datetime


class ApiToken(SQLModel, table=True):
    """`Authorization: Bearer <token>` for `/api/*`, made by `nhacviec api-token create`."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    token_hash: str = Field(unique=True, index=True)
    created_at: datetime
    revoked_at: datetime | None = None


class DataVersion(SQLModel, table=True):
    """One row (id 1) counting the writes to the data the figures are made of, bumped by triggers
    in the writing transaction (bot/store/version.py): a cached summary is valid while it stays."""

    id: int | None = Field(default=None, primary_key=True)
    version: int = 0
