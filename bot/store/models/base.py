"""How the tables store what is not a plain column: a `StrEnum` as its value.

Dates are stored as `date`; instants as aware UTC `datetime` (SQLModel's UTCDateTime, portable across
SQLite and PostgreSQL); the edges convert to the configured time zone.
"""
from __future__ import annotations

from enum import StrEnum

from sqlalchemy.types import TypeDecorator
from sqlmodel import AutoString


class EnumText(TypeDecorator):
    """A StrEnum stored as its plain value (VARCHAR, the same DDL as a str column, so no
    database enum type to migrate) and read back as the member."""

    impl = AutoString
    cache_ok = True

    def __init__(self, enum: type[StrEnum]) -> None:
        super().__init__()
        self.enum = enum

    def process_bind_param(self, value, dialect):
        return None if value is None else self.enum(value).value

    def process_result_value(self, value, dialect):
        return None if value is None else self.enum(value)
