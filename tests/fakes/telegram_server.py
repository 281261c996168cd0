"""FakeTelegram: a Telegram Bot API server for tests, run by aiohttp inside the test's loop.

The bot under test talks to it with the real python-telegram-bot over HTTP, exactly as with a
self-hosted Bot API server::

    async with FakeTelegram() as server:
        bot = Bot(server.token, base_url=server.base_url, base_file_url=server.base_file_url)

Routes are ``/bot<token>/<method>`` (method names case-insensitive, GET or POST, query / form /
JSON / multipart parameters) and ``/file/bot<token>/<file_path>`` for downloads.  Answers have
the Bot API's shapes and error texts: ``{"ok": true, "result": ...}`` or ``{"ok": false,
"error_code": 400, "description": "Bad Request: ..."}`` (429 with ``parameters.retry_after``;
502/504 with nginx's HTML page, as Telegram's front does), so python-telegram-bot raises the
same exceptions it raises against api.telegram.org.  Behaviour notes:

* ``sent`` records successful sends and edits only; ``requests`` has every call with its status;
  ``calls`` counts requests per canonical method name (``calls["sendMessage"]``).
* ``delay_next(deliver=True)`` (default) processes the request and holds the *answer*: the
  message is delivered although the client times out — the ambiguous case a real timeout
  creates.  ``deliver=False`` holds first; a client that gave up cancels the request.
* An ``editMessageText`` without ``reply_markup`` removes the inline keyboard, like Telegram.
* A bare ``&`` in HTML text is rejected (Telegram keeps it literally); pass
  ``strict_ampersand=False`` for Telegram's leniency.  Markdown modes are not validated.
* ``rtt=0.05`` delays every request by 50 ms before handling it, like a distant server.
* setWebhook accepts http:// URLs (Telegram wants HTTPS) so a local receiver can be used;
  pending updates are POSTed to it one at a time with the secret-token header.

Run standalone for manual tests (POST ``/_fake/push_text`` with ``{"user_id": 1, "text":
"/start"}`` to play the user, GET ``/_fake/sent`` to read what the bot sent)::

    python -m tests.fakes.telegram_server --port 8081 --token 123456:TEST-TOKEN
"""

from __future__ import annotations

import asyncio
import logging
import re
import socket
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import telegram
from aiohttp import web

from ._tg_cli import admin
from ._tg_faults import FaultPlan, FaultsMixin, FloodControl, chat_key
from ._tg_http import ApiError, Params, ok
from ._tg_media import MediaMixin
from ._tg_methods import RECEIVED_AT, MessagesMixin
from ._tg_state import ApiCall, ChatBook, Pulse, SentRecord
from ._tg_updates import UpdatesMixin

__all__ = ["FakeTelegram", "SentRecord", "ApiCall", "FloodControl", "DEFAULT_TOKEN"]

DEFAULT_TOKEN = "123456:TEST-TOKEN"
# Every Bot API method, by lower-case name (python-telegram-bot has a camelCase alias for each).
METHOD_NAMES = {name.lower(): name for name in dir(telegram.Bot)
                if name[:1].islower() and name != name.lower() and "_" not in name}
METHOD_NAMES["close"] = "close"
_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")
_LOG = logging.getLogger(__name__)


class FakeTelegram(FaultsMixin, MessagesMixin, MediaMixin, UpdatesMixin):
    """The fake server.  Inspect ``sent`` (SentRecord per successful send/edit), ``requests``
    (ApiCall per request, status 0 = dropped), ``calls``, ``count_429``, ``callback_answers``,
    ``chat_actions``, ``deleted``, ``commands``, ``files``, ``updates`` (unconfirmed) and
    ``webhook``; play users with ``push_*``; break things with ``fail_next``, ``block``,
    ``delay_next`` and ``drop_connection_next``."""

    def __init__(self, token: str = DEFAULT_TOKEN, *, username: str = "nhacviec_test_bot",
                 first_name: str = "Nhắc việc", host: str = "127.0.0.1", port: int = 0,
                 enforce_limits: bool = False, flood: FloodControl | None = None,
                 strict_ampersand: bool = True, known_chats_only: bool = False,
                 first_update_id: int = 1000, rtt: float = 0.0) -> None:
        self.token = token
        self.rtt = rtt  # seconds every request waits before it is handled: a network round trip
        self.host, self.port = host, port
        bot_id = int(token.split(":", 1)[0]) if _TOKEN.fullmatch(token) else 1
        self.bot_user = {"id": bot_id, "is_bot": True, "first_name": first_name,
                         "username": username}
        self.chatbook = ChatBook(self.bot_user)
        self.enforce_limits = enforce_limits
        self.flood = flood or FloodControl()
        self.strict_ampersand = strict_ampersand
        self.known_chats_only = known_chats_only
        self.count_429 = 0
        self.calls: Counter[str] = Counter()
        self.requests: list[ApiCall] = []
        self.faults = FaultPlan()
        self.blocked: set[int | str] = set()
        self._pulse = Pulse()
        self._stopping = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._init_messages()
        self._init_media()
        self._init_updates(first_update_id)

    # ------------------------------------------------------------------ lifecycle
    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    async def start(self) -> FakeTelegram:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        app.router.add_route("*", "/_fake/{action}", self._admin)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None,
                                     shutdown_timeout=1.0, handler_cancellation=True)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        self._stopping.clear()
        self._ensure_webhook_task()
        return self

    async def stop(self) -> None:
        self._stopping.set()
        self._pulse.fire()  # long polls and held answers return now
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            await asyncio.gather(self._webhook_task, return_exceptions=True)
            self._webhook_task = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------ request handling
    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if self.rtt:
            await asyncio.sleep(self.rtt)
        received = time.monotonic()
        lower = request.match_info["method"].lower()
        method = METHOD_NAMES.get(lower, request.match_info["method"])
        self.calls[method] += 1
        params: dict[str, Any] = {}
        delay = None
        try:
            token = request.match_info["token"]
            if not _TOKEN.fullmatch(token):
                raise ApiError(404, "Not Found")
            if token != self.token:
                raise ApiError(401, "Unauthorized")
            handler = getattr(self, "api_" + lower, None) if lower.isalnum() else None
            if handler is None and lower in METHOD_NAMES:
                _LOG.warning("FakeTelegram does not implement %s", method)
                raise ApiError(501, f"Not Implemented: FakeTelegram has no {method} yet")
            if handler is None:
                raise ApiError(404, "Not Found")
            RECEIVED_AT.set(received)
            p = await Params.read(request)
            params = p.values
            chat_id = p.values.get("chat_id")  # raw: faults match it before validation
            if self.faults.take("drop", lower, chat_id):
                return self._drop(request, method, params, received)
            delay = self.faults.take("delay", lower, chat_id)
            if delay and not delay.deliver:  # hold before processing
                await self._hold(delay.seconds)
                delay = None
            self._inject(lower, chat_id)
            response: web.StreamResponse = ok(await handler(p))
            status = 200
        except ApiError as exc:
            response, status = exc.response(), exc.status
            self.count_429 += status == 429
        except Exception:  # a bug in the fake: say so loudly, answer like Telegram's 500
            _LOG.exception("FakeTelegram failed on %s", method)
            response, status = ApiError(500).response(), 500
        self.requests.append(ApiCall(method, dict(params), status, received))
        self._pulse.fire()
        if delay:
            await self._hold(delay.seconds)
        return response

    def _drop(self, request: web.Request, method: str, params: dict, received: float) -> Any:
        self.requests.append(ApiCall(method, dict(params), 0, received))
        self._pulse.fire()
        if request.transport is not None:
            request.transport.abort()
        raise asyncio.CancelledError  # nothing is written: the client sees a dead connection

    async def _hold(self, seconds: float) -> None:
        await self._pulse.wait_until(self._stopping.is_set, seconds)

    async def _admin(self, request: web.Request) -> web.Response:
        return await admin(self, request)

    # ------------------------------------------------------------------ inspection
    def outbox(self, chat_id: int | str, *, include_edits: bool = False) -> list[SentRecord]:
        """What the bot sent to ``chat_id`` (sends only, unless ``include_edits``)."""
        return [r for r in self.sent if r.chat_id == chat_key(chat_id)
                and (include_edits or not r.is_edit)]

    def message(self, chat_id: int | str, message_id: int) -> dict[str, Any] | None:
        """A message as it is now in the chat (after edits), None if deleted/unknown."""
        return self.chatbook.find(chat_key(chat_id), message_id)

    def last_message(self, chat_id: int | str) -> dict[str, Any] | None:
        """The bot's latest message still in ``chat_id``, as it is now."""
        return self.chatbook.last_bot_message(chat_key(chat_id))

    async def wait_until(self, condition: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Wait (event-driven) until ``condition()`` is truthy; return its value."""
        if not await self._pulse.wait_until(lambda: bool(condition()), timeout):
            raise TimeoutError(f"condition not met within {timeout}s; sent so far: "
                               f"{[(r.method, r.chat_id, r.plain_text) for r in self.sent]}")
        return condition()

    async def wait_for(self, predicate_or_count: Callable[[SentRecord], bool] | int = 1,
                       timeout: float = 5.0, *, count: int = 1) -> list[SentRecord]:
        """Wait until ``sent`` holds N records (int) or ``count`` records matching the
        predicate; returns the matching records."""
        if isinstance(predicate_or_count, int):
            count, predicate = predicate_or_count, (lambda r: True)
        else:
            predicate = predicate_or_count

        def matching() -> list[SentRecord]:
            return [r for r in self.sent if predicate(r)]
        try:
            await self.wait_until(lambda: len(matching()) >= count, timeout)
        except TimeoutError:
            raise TimeoutError(f"expected {count} matching sent record(s) within {timeout}s, "
                               f"got {len(matching())}; sent: "
                               f"{[(r.method, r.chat_id, r.plain_text) for r in self.sent]}"
                               ) from None
        return matching()

    async def wait_for_calls(self, method: str, count: int = 1, timeout: float = 5.0) -> int:
        """Wait until ``method`` was called ``count`` times (any answer)."""
        name = METHOD_NAMES.get(method.lower(), method)
        return await self.wait_until(lambda: self.calls[name] >= count and self.calls[name],
                                     timeout)


def main(argv: list[str] | None = None) -> None:
    """``python -m tests.fakes.telegram_server --port 8081 --token TOKEN``: serve until Ctrl-C."""
    from ._tg_cli import serve_forever

    serve_forever(FakeTelegram, argv)


if __name__ == "__main__":
    main()
