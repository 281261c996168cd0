"""Keep the cyclic garbage collector from stopping the chat while a pass plans.

Planning at 100k open assignments allocates a few hundred thousand long-lived, acyclic
objects (rows, dues, claim items). While they pile up, CPython runs several full collections,
each walking the whole heap with the GIL held: measured pauses of 0.1–0.7 s for every thread,
the event loop that answers the chat included. So the collector is paused while the snapshot
is built, and what exists then is frozen (`gc.freeze`: left out of later collections) until
the pass ends; the snapshot is freed by reference counting as usual, and any cyclic garbage
frozen meanwhile is collected after `thaw`. Nested or concurrent passes count their holds.
"""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0  # planners running with the collector paused
_frozen = 0  # passes whose snapshot is frozen
_was_enabled = True


@contextmanager
def planning() -> Iterator[None]:
    """Pause automatic collection; on exit freeze what exists (call `thaw()` once, later)."""
    global _paused, _was_enabled, _frozen
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            gc.freeze()
            _frozen += 1
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()


def thaw() -> None:
    """The pass is over: frozen objects join the oldest generation again (cheap)."""
    global _frozen
    with _lock:
        _frozen = max(0, _frozen - 1)
        if _frozen == 0:
            gc.unfreeze()
