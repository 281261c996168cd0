"""The composition root: settings → engine → registry/calendar → services → channels.

Everything is built here (or by a CLI command through here), never at import time, so tests
can build the same graph with their own settings, database URL and clock.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path

from bot.agencies import RegistryError, read_registry, sync_registry
from bot.calendar_file import load_calendar
from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.plans import ImportIssue, ImportResult, import_plans
from bot.service.conversation import Conversation
from bot.service.ports import Capabilities
from bot.store import Engine, create_schema, make_engine, session_scope
from bot.store.tasks import has_plans
from schedules.calendar import WorkCalendar

log = logging.getLogger("nhacviec")


def configure_logging(level: int = logging.INFO) -> None:
    """httpx logs every request URL at INFO, and Bot API URLs contain the token: keep it quiet."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "httpcore", "telegram.ext.Updater", "apscheduler.executors.default", "apscheduler.scheduler", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


@dataclass
class Core:
    """What every command and the bot share: settings, the database, the clock and the working
    calendar (weekends, the holidays package, data/calendar.yaml overrides, office hours).

    The calendar is read on first use: importing a plan or listing tasks must not fail on a
    calendar file those commands never read, and a missing file is an error where it matters."""

    settings: Settings
    engine: Engine
    clock: Clock

    @cached_property
    def files(self):
        """Evidence files (NHACVIEC_FILES_DIR), by SHA-256; created on first write."""
        from bot.service.review.files import FileStore

        return FileStore(self.settings.files_dir)

    @property
    def web_url(self) -> str | None:
        """The web page's public address, or None when it is not served (no sign-in links then)."""
        return self.settings.base_url if self.settings.web_address else None

    @cached_property
    def calendar(self) -> WorkCalendar:
        hours = [self.settings.work_morning, self.settings.work_afternoon]
        return load_calendar(self.settings.data_dir / "calendar.yaml", self.settings.tz, hours)


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
        if has_plans(s):
            return None
    return import_files(core, [core.settings.plans_dir])


def _report_command(name: str, core: Core):
    """/tonghop and /baocao, imported on first use: the report libraries (matplotlib, docx)
    cost a second of start-up that most commands never need."""
    def run(ctx, args: str):
        from bot.service.conversation import report_commands

        return getattr(report_commands, name)(ctx, args, tz=core.settings.zone)
    return run


def _web_link(core: Core):
    """/web, only when the web page is served."""
    if core.web_url is None:
        return None
    from bot.service.conversation.web_command import web_link

    return partial(web_link, base_url=core.web_url)


def build_conversation(core: Core) -> Conversation:
    """The channel-neutral conversation, with the lead's summary and report attached."""
    return Conversation(engine=core.engine, clock=core.clock, tz=core.settings.zone, calendar=core.calendar,
                        summary_command=_report_command("chat_summary", core),
                        report_command=_report_command("chat_report", core), web_link=_web_link(core),
                        files=core.files)


def channel_caps() -> dict[str, Capabilities]:
    """How each platform would show a message, from the adapters' own declarations (for a
    dry run, which opens no channel)."""
    from bot.channels.console import ConsoleChannel
    from bot.channels.telegram import TelegramChannel
    from bot.channels.zalo import ZaloChannel

    return {c.platform: c.caps for c in (TelegramChannel, ZaloChannel, ConsoleChannel)}
