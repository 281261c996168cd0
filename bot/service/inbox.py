"""The `Inbox` port's implementation over the store (see bot/store/inbox.py for the why).

The channels reach it only through `bot.service.ports.Inbox`; the composition root builds it."""
from __future__ import annotations

from bot.clock import Clock
from bot.store import Engine
from bot.store import inbox as store


class StoredInbox:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine, self.clock = engine, clock

    def store(self, platform: str, items: list[tuple[str, str, str]]) -> set[str]:
        return store.add(self.engine, platform, items, self.clock())

    def pending(self, platform: str) -> list[tuple[str, str]]:
        return store.pending(self.engine, platform)

    def done(self, platform: str, update_id: str) -> None:
        store.handled(self.engine, platform, update_id, self.clock())
