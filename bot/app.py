"""The composition root: settings → engine → registry/calendar → services → channels.

Everything is built here (or by a CLI command through here), never at import time, so tests
can build the same graph with their own settings, database URL and clock.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from bot.agencies import RegistryError, read_registry, sync_registry
from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.plans import ImportIssue, ImportResult, import_plans
from bot.store import create_schema, make_engine, session_scope
from bot.store.models import Plan

log = logging.getLogger("nhacviec")


def configure_logging(level: int = logging.INFO) -> None:
    """httpx logs every request URL at INFO, and Bot API URLs contain the token: keep it quiet."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "httpcore", "telegram.ext.Updater", "apscheduler.executors.default"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


@dataclass
class Core:
    settings: Settings
    engine: Engine
    clock: Clock
    _calendar: object | None = field(default=None, repr=False)

    @property
    def calendar(self):
        """The working calendar (weekends, holidays package, data/calendar.yaml overrides)."""
        if self._calendar is None:
            from bot.calendar_file import load_calendar

            hours = [self.settings.work_morning, self.settings.work_afternoon]
            self._calendar = load_calendar(self.settings.data_dir / "calendar.yaml", self.settings.tz, hours)
        return self._calendar


def build_core(settings: Settings | None = None, *, clock: Clock | None = None) -> Core:
    settings = settings or Settings()
    engine = make_engine(settings.database_url)
    create_schema(engine)
    return Core(settings=settings, engine=engine, clock=clock or system_clock(settings.zone))


def sync_agencies(core: Core) -> None:
    path = core.settings.data_dir / "agencies.csv"
    with session_scope(core.engine) as s:
        sync_registry(s, read_registry(path))


def import_files(core: Core, paths: list[Path], *, accept_changes: bool = False) -> ImportResult:
    """The agency registry first (plans name agencies), then the plan files, all in one go.

    A registry the importer cannot load is an import error like any other (file, row,
    column), not a traceback: the secretariat edits agencies.csv by hand."""
    try:
        sync_agencies(core)
    except RegistryError as exc:
        return ImportResult(issues=[ImportIssue(exc.file, exc.line, exc.column, exc.message)])
    with session_scope(core.engine) as s:
        result = import_plans(s, paths, accept_changes=accept_changes)
        if not result.ok:
            s.rollback()
    return result


def ensure_seeded(core: Core) -> ImportResult | None:
    """First start: import data/plans so a newcomer sees the real plan at once."""
    with session_scope(core.engine) as s:
        if s.exec(select(Plan.id)).first() is not None:
            return None
    return import_files(core, [core.settings.plans_dir])


def build_conversation(core: Core):
    """The channel-neutral conversation, with the lead's summary and report attached."""
    from functools import partial

    from bot.service.conversation import Conversation
    from bot.service.report_chat import chat_report, chat_summary

    return Conversation(engine=core.engine, clock=core.clock, tz=core.settings.zone,
                        summary_hook=partial(chat_summary, core=core), report_hook=partial(chat_report, core=core))
