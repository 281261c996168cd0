"""Fault injection and Telegram's flood limits for the fake Bot API server."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ._tg_http import ApiError


@dataclass
class FaultRule:
    kind: str  # "error" | "delay" | "drop"
    method: str  # lower-case method name, or "*" for every method except getUpdates
    count: int
    status: int = 0
    retry_after: int | None = None
    description: str | None = None
    chat_id: int | str | None = None
    seconds: float = 0.0
    deliver: bool = True  # delay rules: process first, then hold the answer

    def matches(self, kind: str, method: str, chat_id: int | str | None) -> bool:
        if self.kind != kind or self.count <= 0:
            return False
        if self.method == "*":
            if method == "getupdates":
                return False
        elif self.method != method:
            return False
        return self.chat_id is None or str(self.chat_id) == str(chat_id)


class FaultPlan:
    """Pending one-shot faults, consumed in the order they were planned."""

    def __init__(self) -> None:
        self.rules: list[FaultRule] = []

    def add(self, rule: FaultRule) -> None:
        rule.method = "*" if rule.method in ("*", None) else rule.method.lower()
        self.rules.append(rule)

    def take(self, kind: str, method: str, chat_id: int | str | None) -> FaultRule | None:
        for rule in self.rules:
            if rule.matches(kind, method, chat_id):
                rule.count -= 1
                if rule.count <= 0:
                    self.rules.remove(rule)
                return rule
        return None

    def clear(self) -> None:
        self.rules.clear()


class FloodControl:
    """Telegram's documented broadcast limits, per bot token.

    * overall: at most ``per_second`` (30) sends in any sliding one-second window;
    * private chat: about one message per second, with a short burst allowed — a token
      bucket of ``private_burst`` (3) messages refilled at ``private_per_second`` (1/s), so a
      reply made of three quick messages passes and a fourth right after gets 429;
    * group/supergroup/channel: at most ``group_per_minute`` (20) in any sliding minute.

    A refused send is not counted.  ``retry_after`` is in whole seconds, at least 1, like
    Telegram's ``parameters.retry_after``.
    """

    def __init__(self, *, per_second: int = 30, private_per_second: float = 1.0,
                 private_burst: int = 3, group_per_minute: int = 20,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.per_second = per_second
        self.private_per_second = private_per_second
        self.private_burst = private_burst
        self.group_per_minute = group_per_minute
        self.clock = clock
        self._overall: deque[float] = deque()
        self._groups: dict[int | str, deque[float]] = {}
        self._private: dict[int, tuple[float, float]] = {}  # chat -> (tokens, updated at)

    @staticmethod
    def _seconds(delay: float) -> int:
        return max(1, math.ceil(delay - 1e-9))

    def check(self, chat_id: int | str | None) -> int | None:
        """Count one send to ``chat_id``; the retry_after to answer if it must be refused."""
        now = self.clock()
        while self._overall and self._overall[0] <= now - 1.0:
            self._overall.popleft()
        if len(self._overall) >= self.per_second:
            return self._seconds(self._overall[0] + 1.0 - now)
        group_window = None
        tokens = None
        if isinstance(chat_id, int) and chat_id > 0:
            tokens, updated = self._private.get(chat_id, (float(self.private_burst), now))
            tokens = min(float(self.private_burst),
                         tokens + (now - updated) * self.private_per_second)
            if tokens < 1.0:
                self._private[chat_id] = (tokens, now)
                return self._seconds((1.0 - tokens) / self.private_per_second)
        elif chat_id is not None:
            group_window = self._groups.setdefault(chat_id, deque())
            while group_window and group_window[0] <= now - 60.0:
                group_window.popleft()
            if len(group_window) >= self.group_per_minute:
                return self._seconds(group_window[0] + 60.0 - now)
        self._overall.append(now)
        if tokens is not None:
            self._private[int(chat_id)] = (tokens - 1.0, now)  # type: ignore[arg-type]
        if group_window is not None:
            group_window.append(now)
        return None


def chat_key(chat_id: Any) -> int | str | None:
    """A chat identifier as the server keys it: int when numeric, else the @username."""
    if chat_id is None:
        return None
    try:
        return int(chat_id)
    except (TypeError, ValueError):
        return str(chat_id)


class FaultsMixin:
    """The fault-injection API of FakeTelegram and its check on every request."""

    FLOOD_METHODS = frozenset({"sendmessage", "sendphoto", "senddocument"})

    def _inject(self, lower: str, chat_id: Any) -> None:
        """Planned failures, blocked chats and flood limits, in that order."""
        rule = self.faults.take("error", lower, chat_id)
        if rule:
            raise ApiError(rule.status, rule.description, retry_after=rule.retry_after)
        key = chat_key(chat_id)
        if key is not None and key in self.blocked and lower != "getchat":
            kind = self.chatbook.chat_type(key)
            raise ApiError(403, "Forbidden: bot was blocked by the user" if kind == "private"
                           else f"Forbidden: bot was kicked from the {kind} chat")
        if self.enforce_limits and lower in self.FLOOD_METHODS:
            retry_after = self.flood.check(key)
            if retry_after is not None:
                raise ApiError(429, retry_after=retry_after)

    def fail_next(self, method: str, status: int, *, count: int = 1,
                  retry_after: int | None = None, description: str | None = None,
                  chat_id: int | str | None = None) -> None:
        """The next ``count`` calls of ``method`` ("*" = any but getUpdates), optionally only
        for ``chat_id``, answer ``status`` (429 gets ``retry_after``, default 1)."""
        if status == 429 and retry_after is None:
            retry_after = 1
        self.faults.add(FaultRule("error", method, count, status=status,
                                  retry_after=retry_after, description=description,
                                  chat_id=chat_id))

    def block(self, chat_id: int | str) -> None:
        """Every call for this chat answers 403 (the user blocked the bot / bot was kicked)."""
        self.blocked.add(chat_key(chat_id))

    def unblock(self, chat_id: int | str) -> None:
        self.blocked.discard(chat_key(chat_id))

    def delay_next(self, method: str, seconds: float, count: int = 1, *,
                   deliver: bool = True) -> None:
        """Hold the answer of the next ``count`` calls of ``method`` for ``seconds``; with
        ``deliver=False`` hold before processing (a client that gives up cancels the call)."""
        self.faults.add(FaultRule("delay", method, count, seconds=seconds, deliver=deliver))

    def drop_connection_next(self, method: str, count: int = 1) -> None:
        """Close the connection of the next ``count`` calls without answering (not processed)."""
        self.faults.add(FaultRule("drop", method, count))

    def clear_faults(self) -> None:
        self.faults.clear()
        self.blocked.clear()
