"""FakeZalo: an in-process Zalo Bot API server so the client is tested over real HTTP.

Why a server and not a mocked httpx transport: the things that break in production are
HTTP-level (timeouts, status codes, envelopes, long polls, webhook headers), so the tests
cross a real socket. It runs on 127.0.0.1 on a free port inside the test's event loop.

Behaviour mirrors the platform as we know it: `POST /bot{token}/{method}` with a JSON body,
`{ok, result, description, error_code}` envelopes, ONE update per getUpdates, string ids and
millisecond dates. Deliberate choices, documented here:
- an idle long poll answers HTTP 408 with the 408 envelope (`idle_status = 200` sends the
  same envelope with HTTP 200, the other shape the client must accept);
- getUpdates while a webhook is set answers 409 Conflict, like Telegram;
- setWebhook accepts plain http URLs so a local receiver can be used (Zalo wants https);
- `sent` records sendMessage/sendPhoto only; chat actions go to `actions`; every request
  body is in `calls` as (method, body);
- getUpdates has no offset: an update handed out is acknowledged by the bot's next getUpdates
  (then its message id joins `acked`; the platform will not give it again unless it repeats);
- a client that gives up (timeout) cancels its handler, so a delayed send is not recorded;
  a long poll the server knows is gone gives its update back to the queue (one cancelled
  in the same instant an update arrives can still eat it, as on any long-poll server).
"""
from __future__ import annotations

import asyncio
import hmac
import socket
import time
import uuid
from collections import deque
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web

from ._zalo_controls import ControlsMixin, now_ms

@dataclass(frozen=True)
class Sent:
    """One message the bot sent, as the fake received it."""

    method: str
    chat_id: str
    text: str | None
    photo: str | None = None
    caption: str | None = None
    at: float = 0.0  # time.monotonic() on arrival, for rate/ordering assertions


class _Reject(Exception):
    """Raised by a method handler to answer a 400 envelope."""


def _require(condition: bool, description: str) -> None:
    if not condition:
        raise _Reject(f"Bad Request: {description}")


def _envelope(status: int, description: str, **extra: Any) -> web.Response:
    body = {"ok": False, "error_code": status, "description": description, **extra}
    return web.json_response(body, status=status)


class FakeZalo(ControlsMixin):
    def __init__(self, token: str = "zalo-secret-token-123", *,
                 repeat_updates: bool = False) -> None:
        self.token = token
        self.repeat_updates = repeat_updates
        self.idle_status = 408
        self.sent: list[Sent] = []
        self.actions: list[tuple[str, str]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self.bot_info = {"id": "4242", "account_name": "bot.nhacviec",
                         "account_type": "BASIC", "can_join_groups": False,
                         "display_name": "Nhắc việc"}
        self.files: dict[str, bytes] = {}  # photos users sent, served at /files/<name> like Zalo's CDN
        self.fetched: list[str] = []  # names of those photos the bot downloaded
        self._updates: deque[dict[str, Any]] = deque()
        self._replay: dict[str, Any] | None = None
        self._faults: dict[str, deque[tuple[int, float | None]]] = {}
        self._delays: dict[str, deque[float]] = {}
        self.acked: list[str] = []  # message ids handed out by getUpdates, then polled past
        self._handed: list[str] = []  # handed out by the last getUpdates, not yet polled past
        self._changed = asyncio.Condition()  # requests, sends and webhook changes
        self._arrived = asyncio.Event()  # set while updates are queued (or on stop)
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.port = 0

    # -- lifecycle -------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> FakeZalo:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/files/{name}", self._file)
        self._runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=1.0,
                                     access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        self._session = aiohttp.ClientSession()
        return self

    async def stop(self) -> None:
        self._closing = True
        self._arrived.set()  # wake long polls so shutdown does not wait for them
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = self._session = None

    async def __aenter__(self) -> FakeZalo:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # -- HTTP ------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if not hmac.compare_digest(request.match_info["token"].encode(), self.token.encode()):
            return _envelope(401, "Unauthorized")
        method = request.match_info["method"]
        try:
            body = await request.json() if request.can_read_body else {}
        except ValueError:
            return _envelope(400, "Bad Request: body is not JSON")
        if not isinstance(body, dict):
            return _envelope(400, "Bad Request: body must be a JSON object")
        self.calls.append((method, body))
        if method == "getUpdates":  # polling again acknowledges what the last poll gave
            self.acked += self._handed
            self._handed = []
        await self._notify()
        if self._delays.get(method):
            await asyncio.sleep(self._delays[method].popleft())
        if self._faults.get(method):
            status, retry_after = self._faults[method].popleft()
            return self._fault(status, retry_after)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return _envelope(404, f"Not Found: {request.path}")  # echoes the token, like proxies do
        try:
            result = await handler(body, request)
        except _Reject as exc:
            return _envelope(400, str(exc))
        if isinstance(result, web.StreamResponse):
            return result
        return web.json_response({"ok": True, "result": result})

    async def _file(self, request: web.Request) -> web.StreamResponse:
        self.fetched.append(request.match_info["name"])
        data = self.files.get(request.match_info["name"])
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="image/jpeg")

    @staticmethod
    def _fault(status: int, retry_after: float | None) -> web.Response:
        texts = {429: "Too Many Requests: quota exceeded", 403: "Forbidden: user blocked the bot",
                 500: "Internal Server Error"}
        if status == 429 and retry_after is not None:
            return web.json_response(
                {"ok": False, "error_code": 429, "parameters": {"retry_after": retry_after},
                 "description": f"Too Many Requests: retry after {retry_after:g}"},
                status=429, headers={"Retry-After": f"{retry_after:g}"})
        return _envelope(status, texts.get(status, f"Error {status}"))

    async def _m_getMe(self, body: dict, request: web.Request) -> Any:
        return self.bot_info

    async def _m_getUpdates(self, body: dict, request: web.Request) -> Any:
        if self.webhook_url is not None:
            return _envelope(409, "Conflict: can't use getUpdates method while webhook is "
                                  "active; use deleteWebhook to delete the webhook first")
        if self._replay is not None:
            update, self._replay = self._replay, None
            return update
        try:
            deadline = time.monotonic() + max(0.0, float(body.get("timeout", 0)))
        except (TypeError, ValueError):
            raise _Reject("Bad Request: timeout must be a number") from None
        while not self._updates and not self._closing:
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), deadline - time.monotonic())
            except TimeoutError:
                break
        if not self._updates or self._closing:
            return web.json_response({"ok": False, "error_code": 408,
                                      "description": "Request timeout"}, status=self.idle_status)
        update = self._updates.popleft()
        if request.transport is None or request.transport.is_closing():
            self._updates.appendleft(update)  # the poller already left; keep it for the next
            return _envelope(408, "Request timeout")
        if self.repeat_updates:
            self._replay = update
        message = update.get("message") if isinstance(update, dict) else None
        if isinstance(message, dict) and message.get("message_id") is not None:
            self._handed.append(str(message["message_id"]))
        return update

    async def _record(self, item: Sent) -> dict[str, Any]:
        self.sent.append(item)
        await self._notify()
        return {"message_id": uuid.uuid4().hex, "date": now_ms()}

    async def _m_sendMessage(self, body: dict, request: web.Request) -> Any:
        chat_id, text = _chat_id(body), body.get("text")
        _require(isinstance(text, str) and 1 <= len(text) <= 2000, "text must be 1-2000 characters")
        return await self._record(Sent("sendMessage", chat_id, text, at=time.monotonic()))

    async def _m_sendPhoto(self, body: dict, request: web.Request) -> Any:
        chat_id, photo = _chat_id(body), body.get("photo")
        _require(_is_url(photo), "photo must be a URL")
        return await self._record(Sent("sendPhoto", chat_id, None, photo, body.get("caption"),
                                       at=time.monotonic()))

    async def _m_sendChatAction(self, body: dict, request: web.Request) -> Any:
        chat_id, action = _chat_id(body), body.get("action")
        _require(action in ("typing", "upload_photo"), "unknown action")
        self.actions.append((chat_id, action))
        await self._notify()
        return True

    async def _m_setWebhook(self, body: dict, request: web.Request) -> Any:
        url, secret = body.get("url"), body.get("secret_token")
        _require(_is_url(url), "url must be an http(s) URL")
        _require(isinstance(secret, str) and bool(secret), "secret_token is required")
        self.webhook_url, self.webhook_secret = url, secret
        await self._notify()
        return {"url": url, "updated_at": now_ms()}

    async def _m_deleteWebhook(self, body: dict, request: web.Request) -> Any:
        self.webhook_url = self.webhook_secret = None
        return {"url": "", "updated_at": now_ms()}

    async def _m_getWebhookInfo(self, body: dict, request: web.Request) -> Any:
        return {"url": self.webhook_url or "", "updated_at": now_ms()}


def _chat_id(body: dict) -> str:
    chat_id = body.get("chat_id")
    _require(isinstance(chat_id, str) and bool(chat_id), "chat_id is required")
    return chat_id


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))

