"""The order Telegram updates are handled in: several chats at once, each chat's one at a time."""
from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import BaseUpdateProcessor

IN_FLIGHT = 8  # updates handled at once (bench/replies.py); one chat's still one at a time, in order


class ChatOrderedProcessor(BaseUpdateProcessor):
    """python-telegram-bot update processor: up to `in_flight` updates handled at once, while
    the updates of one chat are handled strictly one after another, in the order received
    ("chậm X" then the date it asks for must not overtake each other).

    Each update joins its chat's chain synchronously, in the order the Application hands them
    over, and waits for its predecessor before it takes one of the `in_flight` slots, so a busy
    chat never holds slots while it waits on itself. Updates without a chat are only bounded.
    PTB's own semaphore (around `do_process_update`) is set far above `in_flight` so that it
    never makes an update wait (and reorder) before joining its chain; `max_pending` still
    bounds how many updates can be inside the processor at once.
    """

    def __init__(self, in_flight: int = IN_FLIGHT, max_pending: int = 4096) -> None:
        super().__init__(max(max_pending, in_flight))
        self.in_flight = in_flight
        self._slots = asyncio.Semaphore(in_flight)
        self._tails: dict[object, asyncio.Future] = {}

    @staticmethod
    def chat_of(update: object) -> object:
        chat = update.effective_chat if isinstance(update, Update) else None
        return chat.id if chat is not None else None

    async def do_process_update(self, update: object, coroutine) -> None:
        key = self.chat_of(update)
        prev = self._tails.get(key) if key is not None else None
        done = asyncio.get_running_loop().create_future()
        if key is not None:
            self._tails[key] = done
        started = False
        try:
            if prev is not None:
                await asyncio.shield(prev)
            async with self._slots:
                started = True
                await coroutine
        finally:
            if not started:
                coroutine.close()  # cancelled while waiting: never run, never "not awaited"
            done.set_result(None)
            if key is not None and self._tails.get(key) is done:
                del self._tails[key]

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
