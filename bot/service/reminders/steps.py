"""A pass's synchronous work (database, planning, rendering), one bounded step at a time.

Why: the pass runs inside the bot's event loop, which also answers the chat. Its heavy work is
plain Python (SQLAlchemy, the policy, the digest), so it goes to a worker thread; but every
thread of the process shares one GIL with the loop. With eight senders each holding a database
call in the default executor plus a render thread (the old design), up to seven threads asked
for the GIL at once and the loop waited its turn behind them: stalls past 0.1 s at 100k open
assignments. So a pass hands its work over one step at a time (an `asyncio.Lock`, FIFO): at
most one of its threads competes with the loop, and CPython's forced switching gives the loop
the GIL within a switch interval (5 ms).

Each step is bounded (a chunk of assignments, of keys, one message's render, one transaction),
and between two steps the pass awaits, so other coroutines run. A test can count those turns:
with the loop's default executor replaced by one that runs inline, the loop is held for exactly
one step at a time (tests/service/test_dispatch_yields.py).

A step already started is always finished, even if the pass is cancelled meanwhile (what was
claimed is then known and can be handed back): cancellation waits for it, then propagates.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")
DROP = 5_000  # objects freed per step when a pass lets go of its snapshot


class Steps:
    """The one lane through which a pass's synchronous work runs (the loop's default executor)."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()

    async def run(self, fn: Callable[..., T], *args: Any, **kw: Any) -> T:
        async with self._lock:
            fut = asyncio.get_running_loop().run_in_executor(None, partial(fn, *args, **kw))
            try:
                return await asyncio.shield(fut)
            except asyncio.CancelledError:
                await asyncio.wait([fut])
                raise

    async def discard(self, *lists: list) -> None:
        """Empty big lists `DROP` items a step. Freeing 100k assignments and their slots in one
        `del` is one C-level cascade that holds the GIL throughout (30 ms measured at 100k, several
        times that on a busy machine); a slice at a time, the loop gets its turn in between."""
        for items in lists:
            while items:
                await self.run(_drop_tail, items)


def _drop_tail(items: list) -> None:
    del items[-DROP:]
