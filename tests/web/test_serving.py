"""`nhacviec run` serves the page in its own event loop (console mode too), says where, never
logs a sign-in path, and stops cleanly with the bot."""
from __future__ import annotations

import asyncio
import io
import logging
import socket

import httpx

from bot.app import Core
from bot.runner import serve
from bot.service.portal.auth import operator_link
from tests.e2e.test_console import Typist, shown


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_run_serves_the_page_beside_the_console(core, caplog):
    port = free_port()
    settings = core.settings.model_copy(update={"web_listen": f"127.0.0.1:{port}",
                                                "public_url": f"http://127.0.0.1:{port}"})
    app_core = Core(settings=settings, engine=core.engine, clock=core.clock)
    stdin, out = Typist(), io.StringIO()
    task = asyncio.create_task(serve(app_core, stdin=stdin, stdout=out))
    caplog.set_level(logging.DEBUG)
    try:
        text = await shown(out, "Trang web:")
        assert f"• Trang web: http://127.0.0.1:{port}" in text
        link = operator_link(core.engine, "secretariat", None, core.clock(), settings.base_url)
        async with httpx.AsyncClient(follow_redirects=False) as client:
            for _ in range(50):
                try:
                    r = await client.get(f"http://127.0.0.1:{port}/healthz")
                    break
                except httpx.ConnectError:
                    await asyncio.sleep(0.05)
            assert r.text == "ok"
            r = await client.get(link.url)
            assert r.status_code == 303
            assert (await client.get(f"http://127.0.0.1:{port}/")).status_code == 200
    finally:
        stdin.close()  # end of input: the console, the scheduler and the page stop together
        await asyncio.wait_for(task, 20)
    server_side = [r.getMessage() for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert not [m for m in server_side if "/login/" in m]
    with socket.socket() as s:  # the port is free again: the server stopped
        s.bind(("127.0.0.1", port))
