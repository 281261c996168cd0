"""The web page's summaries, built once and reused until the data or the day changes.

Building a `Summary` replays every task's history (about half a second at 10,000 tasks), and
`/`, `/co-quan`, `/qua-han`, the chart and `/api/summary` all need one. The figures depend on the
data and on the day they are "as of" (overdue counts from today), so an entry is keyed by

- the data version (bot/store/version.py): a counter the database itself bumps in every transaction
  that writes a task, an assignment, a status, an agency, a contact…, whichever process wrote it —
  another bot process on the same PostgreSQL, the CLI or someone with psql;
- the scope (a focal point's agency, or everything), the plan, the as-of day and the time zone.

The version is read first, before the data it describes: every later read sees that commit or a
newer one (SQLite reads outside a write transaction and PostgreSQL's read committed both take a
fresh snapshot per statement), so an entry may be fresher than its key, never older. A key that is
already behind the newest version this process has seen is not kept.

One process builds a given key once at a time (the others wait for it): the lead's page and its chart
ask for the same summary together. The cached objects are shared: callers only read them.
"""
from __future__ import annotations

import gc
import threading
from collections import OrderedDict
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from bot.service.portal.auth import Forbidden, Viewer
from bot.service.reports.summary import Summary, summarize
from bot.store import Engine, Session, session_scope, version

SIZE = 8  # entries (a full summary at 10,000 tasks holds ~16 MB): managers, some focal points, a report date or two


def scope_agency(viewer: Viewer) -> str | None:
    """The agency a summary or a list is limited to: a focal point's own, else none."""
    if viewer.is_manager:
        return None
    if viewer.agency is None:
        raise Forbidden("Tài khoản này không thuộc cơ quan nào.")
    return viewer.agency


@contextmanager
def _collector_paused():
    """A 10,000-task summary allocates a few hundred thousand objects that all stay alive: the
    cyclic collector's passes over them cost about as much CPU as the build itself (measured:
    ~500 ms → ~250 ms). Nothing it builds is cyclic garbage; collection resumes right after."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class Figures:
    """Per engine (the web app makes one): summaries and chart images by data version and day."""

    def __init__(self, engine: Engine, size: int = SIZE) -> None:
        self.engine, self.size = engine, size
        self._items: OrderedDict[tuple, Any] = OrderedDict()
        self._newest = -1
        self._lock = threading.Lock()
        self._building: dict[tuple, threading.Lock] = {}
        self.built = 0  # how many entries were computed rather than reused (tests look)

    def summary(self, viewer: Viewer, as_of: date, tz: ZoneInfo, plan: str | None = None) -> Summary:
        agency = scope_agency(viewer)
        with session_scope(self.engine) as s:
            return self._get(s, ("summary", agency, plan, as_of, tz.key),
                             lambda: summarize(s, as_of, tz, plan=plan, agency=agency))

    def chart(self, viewer: Viewer, as_of: date, tz: ZoneInfo) -> bytes:
        """The overview's PNG (matplotlib takes longer than the summary itself)."""
        from bot.service.reports.chart import chart_png

        agency = scope_agency(viewer)
        with session_scope(self.engine) as s:
            return self._get(s, ("chart", agency, None, as_of, tz.key),
                             lambda: chart_png(self._get(s, ("summary", agency, None, as_of, tz.key),
                                                         lambda: summarize(s, as_of, tz, agency=agency))))

    def _get(self, s: Session, what: tuple, build: Callable[[], Any]) -> Any:
        key = (version.current(s), *what)
        found = self._lookup(key)
        if found is not None:
            return found
        with self._lock:
            gate = self._building.setdefault(key, threading.Lock())
        try:
            with gate:
                found = self._lookup(key)
                if found is not None:
                    return found
                with _collector_paused():
                    value = build()
                self._store(key, value)
                return value
        finally:
            with self._lock:
                self._building.pop(key, None)

    def _lookup(self, key: tuple) -> Any:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def _store(self, key: tuple, value: Any) -> None:
        with self._lock:
            self.built += 1
            if key[0] < self._newest:
                return  # already behind a newer version another request saw
            if key[0] > self._newest:
                self._newest = key[0]
                self._items.clear()  # every older entry can never be asked for again
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
