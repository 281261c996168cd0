"""The only package that imports sqlmodel: tables, engine, queries."""
from bot.store.db import create_schema, is_postgres, make_engine, normalise_url, session_scope

__all__ = ["create_schema", "is_postgres", "make_engine", "normalise_url", "session_scope"]
