"""The web page with 10,000 tasks: requests per second for `/` and `/nhiem-vu`, side by side
with a trivial route (`/healthz`) of the same app in the same run, over real HTTP (uvicorn on
127.0.0.1, one client, sequential requests, bounded in count).

    .venv/bin/python bench/web.py [N_TASKS] [REQUESTS]
"""
from __future__ import annotations

import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402
import uvicorn  # noqa: E402

from bench.report import build  # noqa: E402
from bot.app import Core  # noqa: E402
from bot.clock import fixed_clock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.service.portal.auth import operator_link  # noqa: E402
from bot.store import create_schema, make_engine  # noqa: E402
from bot.web.app import create_app  # noqa: E402
from bot.web.auth import RateLimiter  # noqa: E402


def rate(client: httpx.Client, url: str, n: int) -> tuple[float, int]:
    client.get(url)  # warm
    t = time.perf_counter()
    size = 0
    for _ in range(n):
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)
        size = len(r.content)
    return n / (time.perf_counter() - t), size


def main() -> None:
    n_tasks = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        engine = make_engine(url)
        create_schema(engine)
        build(engine, n_tasks)
        settings = Settings(_env_file=None, database_url=url, web_listen="127.0.0.1:0")
        core = Core(settings=settings, engine=engine, clock=fixed_clock(datetime(2025, 6, 16, 9, 0, tzinfo=tz)))
        server = uvicorn.Server(uvicorn.Config(create_app(core, login_limiter=RateLimiter(limit=10**6)),
                                               host="127.0.0.1", port=0, access_log=False, log_level="warning",
                                               lifespan="off"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=120) as client:
            link = operator_link(engine, "lead", None, core.clock(), base)
            assert client.get(link.url.removeprefix(base)).status_code == 303
            trivial, _ = rate(client, "/healthz", n * 10)
            print(f"{n_tasks:,} tasks, {n} sequential requests per page, one client, SQLite")
            print(f"{'route':<12} {'req/s':>10} {'ms/req':>10} {'bytes':>10} {'÷ trivial':>10}")
            print(f"{'/healthz':<12} {trivial:>10.1f} {1000 / trivial:>10.2f} {2:>10} {1:>10.0f}")
            for path in ("/", "/nhiem-vu"):
                r, size = rate(client, path, n)
                print(f"{path:<12} {r:>10.1f} {1000 / r:>10.1f} {size:>10,} {trivial / r:>10.0f}×")
        server.should_exit = True
        thread.join(10)


if __name__ == "__main__":
    main()
