"""While a reminder pass runs, the cyclic collector skips its full collections, and only those.

Why: at 100k open assignments a pass holds a snapshot of a few hundred thousand objects and
renders messages of thousands of entries. A full (generation 2) collection walks every tracked
object with the GIL held, whatever thread triggers it: measured 30-55 ms of CPU each during a
first pass at 100k, 0.1-0.2 s of wall time on a busy machine, two dozen times a pass, every one a
stall of the event loop that answers the chat. Young collections (generations 0 and 1) walk only
what was allocated since the last one, take a few milliseconds, and keep running as usual: the
chat's short-lived cyclic garbage is still collected during a pass.

How: the third threshold is raised out of reach when the first pass of the process starts and
restored when the last one ends, in a `finally`, however the pass ends (returned, failed,
cancelled); passes in several threads (tests, `asyncio.run` per thread) are counted under a lock.
What the pass promoted to the oldest generation is then looked at by the next full collection,
by which time the snapshot has been freed (reference counting frees it, not the collector).

Before (gcpause.py): the collector was disabled outright while the snapshot was built, young
collections included, and everything alive then was frozen until the pass ended.
Caveat: a threshold set by someone else during a pass is overwritten when the pass ends.
"""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

OUT_OF_REACH = 1 << 30  # young-generation collections between two full ones: never, in one pass
_lock = threading.Lock()
_passes = 0
_saved: tuple[int, ...] = ()


@contextmanager
def no_full_collections() -> Iterator[None]:
    global _passes, _saved
    with _lock:
        if _passes == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(_saved[0], _saved[1], OUT_OF_REACH)
        _passes += 1
    try:
        yield
    finally:
        with _lock:
            _passes -= 1
            if _passes == 0:
                gc.set_threshold(*_saved)
