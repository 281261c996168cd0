"""The only package that imports sqlmodel/sqlalchemy: tables, engine, migrations and the
queries, grouped by concern. Services receive a `Session` (re-exported here) and call these."""
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.store.db import create_schema, is_postgres, make_engine, normalise_url, session_scope

__all__ = ["Engine", "Session", "create_schema", "is_postgres", "make_engine", "normalise_url", "session_scope"]
