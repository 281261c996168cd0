"""The web page with 10,000 tasks: requests per second for `/` (and the chart it shows),
`/api/summary` and `/nhiem-vu` (the first page and filtered pages), side by side with a trivial
route (`/healthz`) of the same app in the same run, over real HTTP (uvicorn on 127.0.0.1, one
client, sequential requests, bounded in count).

`/` is served from the summary cache while nothing changes; the row "/ after a change" records a
status (through the store, as a chat reply does) before each request and times only the request:
what the first visitor after every change waits for.

    .venv/bin/python bench/web.py [N_TASKS] [REQUESTS]
"""
from __future__ import annotations

import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402
import uvicorn  # noqa: E402
from sqlalchemy import text  # noqa: E402

from bench.report import agency_names, build  # noqa: E402
from bot.app import Core  # noqa: E402
from bot.clock import fixed_clock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.service.portal.auth import operator_link  # noqa: E402
from bot.store import create_schema, make_engine, session_scope  # noqa: E402
from bot.store.models import Assignment  # noqa: E402
from bot.store.status import record_status  # noqa: E402
from bot.web.app import create_app  # noqa: E402
from bot.web.auth import RateLimiter  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2025, 6, 16, 9, 0, tzinfo=TZ)


def rate(client: httpx.Client, url: str, n: int, before=None) -> tuple[float, int]:
    """Requests per second over `n` sequential GETs (only the GETs are timed)."""
    client.get(url)  # warm
    spent, size = 0.0, 0
    for i in range(n):
        if before:
            before(i)
        t = time.perf_counter()
        r = client.get(url)
        spent += time.perf_counter() - t
        assert r.status_code == 200, (url, r.status_code)
        size = len(r.content)
    return n / spent, size


def current_states(engine) -> None:
    """bench.report writes the history only; the task list filters on the assignments' current
    state, so copy each one's last event into it (as `record_status` keeps them)."""
    with engine.begin() as conn:
        conn.execute(text("UPDATE assignment SET status = (SELECT e.status FROM statusevent e WHERE "
                          "e.assignment_id = assignment.id ORDER BY e.at DESC, e.id DESC LIMIT 1) "
                          "WHERE EXISTS (SELECT 1 FROM statusevent e WHERE e.assignment_id = assignment.id)"))


def status_changer(engine):
    """Before request i: one status event on assignment i+1 (what a focal point's reply writes)."""
    def change(i: int) -> None:
        with session_scope(engine) as s:
            record_status(s, s.get(Assignment, i + 1), status="in_progress", at=NOW, note=f"bench {i}",
                          channel="bench")
    return change


def main() -> None:
    n_tasks = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        engine = make_engine(url)
        create_schema(engine)
        build(engine, n_tasks)
        current_states(engine)
        settings = Settings(_env_file=None, database_url=url, web_listen="127.0.0.1:0")
        core = Core(settings=settings, engine=engine, clock=fixed_clock(NOW))
        server = uvicorn.Server(uvicorn.Config(create_app(core, login_limiter=RateLimiter(limit=10**6)),
                                               host="127.0.0.1", port=0, access_log=False, log_level="warning",
                                               lifespan="off"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        base = f"http://127.0.0.1:{port}"
        agency = quote(agency_names()[3])
        routes = [("/", "/", n), ("/bieu-do.png (its chart)", "/bieu-do.png", n), ("/api/summary", "/api/summary", n),
                  ("/nhiem-vu", "/nhiem-vu", n),
                  ("/nhiem-vu page 50", "/nhiem-vu?trang=50", n),
                  ("/nhiem-vu agency", f"/nhiem-vu?co_quan={agency}", n),
                  ("/nhiem-vu status", "/nhiem-vu?trang_thai=in_progress&trang=3", n),
                  ("/nhiem-vu agency+status", f"/nhiem-vu?co_quan={agency}&trang_thai=done", n)]
        with httpx.Client(base_url=base, timeout=120) as client:
            link = operator_link(engine, "lead", None, core.clock(), base)
            assert client.get(link.url.removeprefix(base)).status_code == 303
            trivial, _ = rate(client, "/healthz", n * 10)
            print(f"{n_tasks:,} tasks, {n} sequential requests per page, one client, SQLite")
            print(f"{'route':<26} {'req/s':>9} {'ms/req':>9} {'bytes':>9} {'÷ trivial':>10}")
            print(f"{'/healthz':<26} {trivial:>9.1f} {1000 / trivial:>9.2f} {2:>9} {1:>9.0f}×")
            for label, path, count in routes:
                r, size = rate(client, path, count)
                print(f"{label:<26} {r:>9.1f} {1000 / r:>9.1f} {size:>9,} {trivial / r:>9.0f}×")
            r, size = rate(client, "/", max(3, n // 4), before=status_changer(engine))
            print(f"{'/ after a change':<26} {r:>9.1f} {1000 / r:>9.1f} {size:>9,} {trivial / r:>9.0f}×")
        server.should_exit = True
        thread.join(10)


if __name__ == "__main__":
    main()
