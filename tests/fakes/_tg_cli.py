"""Manual use of FakeTelegram: the standalone entry point and the ``/_fake/...`` admin routes."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
from typing import Any

from aiohttp import web

PUSHES = ("push_text", "push_callback", "push_photo", "push_sticker", "push_update")
FAULTS = ("fail_next", "delay_next", "drop_connection_next", "clear_faults")  # bench/chaos.py


async def admin(server: Any, request: web.Request) -> web.Response:
    """POST /_fake/push_text {"user_id": 1, "text": "/start"} (or another push_*) plays the
    user; GET /_fake/sent lists what the bot sent (file bytes left out)."""
    action = request.match_info["action"]
    if action == "sent":
        return web.json_response([
            {k: v for k, v in dataclasses.asdict(r).items() if k != "file_bytes"}
            for r in server.sent])
    if action == "pending":
        return web.json_response({"pending": len(server.updates)})
    if action in FAULTS and request.method == "POST":
        getattr(server, action)(**await request.json())
        return web.json_response({"ok": True})
    if action not in PUSHES or request.method != "POST":
        return web.json_response({"ok": False, "description": "Not Found"}, status=404)
    try:
        update_id = getattr(server, action)(**await request.json())
    except (TypeError, ValueError, LookupError) as exc:
        return web.json_response({"ok": False, "description": str(exc)}, status=400)
    return web.json_response({"ok": True, "update_id": update_id})


def serve_forever(server_class: Any, argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fake Telegram Bot API server for manual runs")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default="123456:TEST-TOKEN")
    parser.add_argument("--username", default="nhacviec_test_bot")
    parser.add_argument("--enforce-limits", action="store_true",
                        help="answer 429 beyond Telegram's flood limits")
    parser.add_argument("--lenient-html", action="store_true",
                        help="keep a bare & literally, as Telegram does")
    args = parser.parse_args(argv)

    async def serve() -> None:
        async with server_class(args.token, username=args.username, host=args.host,
                                port=args.port, enforce_limits=args.enforce_limits,
                                strict_ampersand=not args.lenient_html) as server:
            print(f"Fake Bot API on {server.url}\n"
                  f"  bot:  base_url={server.base_url} base_file_url={server.base_file_url} "
                  f"token={server.token}\n"
                  f"  user: curl -d '{{\"user_id\": 1, \"text\": \"/start\"}}' "
                  f"{server.url}/_fake/push_text\n"
                  f"  sent: curl {server.url}/_fake/sent\n"
                  f"Ctrl-C stops.", flush=True)
            await asyncio.Event().wait()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass
