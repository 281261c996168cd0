"""A pass lets the chat run while it works (counted, never timed).

The chat and the pass share one event loop. The pass's synchronous work (reading, the policy for
every assignment, the claim look-ups, rendering) goes to a worker thread in bounded steps, the
loop free between two. To count those turns deterministically, the loop's default executor is
replaced by one that runs each call at once on the loop's own thread: the loop is then held for
exactly one step at a time, and a coroutine that only yields runs once between two steps. Before,
planning was one call for every assignment at once: a quiet pass over 6,000 of them let such a
coroutine run 5 times (66 now, at least one per `PER_STEP` assignments planned).

And the collector: during a pass young collections go on as usual (the chat's own garbage), full
collections wait until it is over, and the thresholds are back as they were however it ends.
"""
from __future__ import annotations

import asyncio
import gc
import threading
from concurrent.futures import Future, ThreadPoolExecutor

import pytest
from sqlalchemy.exc import OperationalError

from bot.app import Core
from bot.service.reminders.dispatch import tick
from bot.store import make_engine
from tests.service.test_dispatch_support import Recorder, at, clock, dcore, rec, run, world  # noqa: F401 (fixtures)

pytestmark = pytest.mark.store
NOW = at(5, 6, 9)  # the default due date: every task below is owed its "due" slot
AGENCIES, TASKS = 50, 120  # 6,000 open assignments
PER_STEP = 500  # assignments the pass plans between two turns of the loop, at most


class Inline(ThreadPoolExecutor):
    """Runs what the pass hands to a worker thread right away, on the calling (loop) thread."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        f: Future = Future()
        try:
            f.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed back through the future, as a pool does
            f.set_exception(exc)
        return f


def big_world(world) -> list[str]:
    agencies = [world.agency(f"Cơ quan {n}") for n in range(AGENCIES)]
    for _ in range(TASKS):
        world.task(agencies)
    world.contact(None, "lead")
    return [world.contact(a) for a in agencies]


async def turns_during(coro) -> tuple[int, object]:
    """How many times a coroutine that does nothing but yield ran while `coro` ran."""
    done = asyncio.Event()
    turns = 0

    async def chat() -> None:
        nonlocal turns
        while not done.is_set():
            turns += 1
            await asyncio.sleep(0)

    other = asyncio.create_task(chat())
    try:
        result = await coro
    finally:
        done.set()
        await other
    return turns, result


async def test_a_quiet_pass_over_thousands_of_assignments_lets_the_chat_run_between_steps(dcore, world, rec):
    chats = big_world(world)
    first = await run(dcore, {"telegram": rec}, NOW)
    assert set(chats) <= {m.chat_id for m in rec.sent} and first.claimed > AGENCIES * TASKS
    asyncio.get_running_loop().set_default_executor(Inline())
    turns, again = await turns_during(run(dcore, {"telegram": rec}, NOW))
    assert again.messages == 0 and again.skipped == first.claimed  # everything planned, all of it already sent
    assert turns >= AGENCIES * TASKS // PER_STEP


async def test_a_first_pass_lets_the_chat_run_before_its_first_message(dcore, world, rec):
    big_world(world)
    asyncio.get_running_loop().set_default_executor(Inline())
    turns, at_first_send = 0, []
    real = rec.send

    async def send(chat_id, reply):
        at_first_send.append(turns)
        return await real(chat_id, reply)

    async def chat() -> None:
        nonlocal turns
        while True:
            turns += 1
            await asyncio.sleep(0)

    rec.send = send
    other = asyncio.create_task(chat())
    try:
        r = await run(dcore, {"telegram": rec}, NOW)
    finally:
        other.cancel()
    assert r.messages == len(rec.sent) > AGENCIES
    assert at_first_send[0] >= AGENCIES * TASKS // PER_STEP  # the planning alone is that many steps


def collections() -> tuple[list, callable]:
    seen: list[int] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(note)
    return seen, lambda: gc.callbacks.remove(note)


async def test_young_collections_go_on_during_a_pass_full_ones_wait_and_the_thresholds_come_back(dcore, world, rec):
    big_world(world)
    await run(dcore, {"telegram": rec}, NOW)
    before = gc.get_threshold()
    seen, stop = collections()
    try:
        r = await run(dcore, {"telegram": rec}, NOW)  # quiet: the planning of 6,000 assignments, nothing else
    finally:
        stop()
    assert r.messages == 0
    assert seen and 2 not in seen  # young garbage collected meanwhile, no full collection
    assert gc.get_threshold() == before and gc.isenabled()


async def test_the_thresholds_come_back_after_a_pass_that_failed_or_was_cancelled(dcore, world, rec, tmp_path):
    a = world.agency("Sở Y tế")
    world.task(a)
    world.contact(a)
    before = gc.get_threshold()
    entered, hang = asyncio.Event(), asyncio.Event()

    async def stuck(chat_id, reply):
        entered.set()
        await hang.wait()

    rec.send = stuck
    in_flight = asyncio.create_task(run(dcore, {"telegram": rec}, NOW))
    await entered.wait()
    assert gc.get_threshold() != before  # full collections wait while the pass runs
    in_flight.cancel()
    with pytest.raises(asyncio.CancelledError):
        await in_flight
    assert gc.get_threshold() == before

    empty = make_engine(f"sqlite:///{tmp_path / 'no-tables.sqlite3'}")  # the pass fails on its first read
    try:
        with pytest.raises(OperationalError):
            await tick(Core(settings=dcore.settings, engine=empty, clock=dcore.clock), {"telegram": rec}, NOW)
    finally:
        empty.dispose()
    assert gc.get_threshold() == before


async def test_passes_in_two_threads_leave_the_thresholds_as_they_were(dcore, world, db_url, clock):
    a = world.agency("Sở Y tế")
    world.task(a)
    world.contact(a)
    before = gc.get_threshold()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def one() -> None:
        core = Core(settings=dcore.settings, engine=make_engine(db_url), clock=clock)
        try:
            barrier.wait()
            asyncio.run(tick(core, {"telegram": Recorder(clock)}, NOW))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            core.engine.dispose()

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and gc.get_threshold() == before
