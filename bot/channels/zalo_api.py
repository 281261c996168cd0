"""Zalo Bot API transport: HTTP calls and envelope decoding, nothing else (an update's body is
parsed by `zalo_updates`, re-exported here).

Why a hand-written adapter: the Zalo Bot Platform API is a small Telegram-shaped JSON API
(`POST {base}{token}/{method}`) and no Zalo SDK is worth the dependency. Conversation
logic, storage and message splitting live elsewhere; this module only moves bytes.

The token is a credential and is part of every request URL, so:
- exceptions raised here are built from our own text (token scrubbed) and raised outside
  the `except` block, so no httpx exception, whose message and `.request.url` carry the
  token, is chained into `__context__`/`__cause__` or printed in a traceback;
- this module never logs URLs; and httpx itself logs every request URL at INFO on the
  "httpx" logger, so the app must raise that logger to WARNING (`quiet_http_client_logs`).
"""
from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any
from urllib.parse import quote

import httpx

from bot.channels.zalo_updates import SECRET_HEADER, ZaloInbound, parse_update, verify_webhook_secret  # noqa: F401

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://bot-api.zaloplatforms.com/bot"
MAX_TEXT = 2000  # counted in Python characters (code points), as the platform documents it
CHAT_ACTIONS = frozenset({"typing", "upload_photo"})


class ZaloError(Exception):
    """An API or transport failure; the message never contains the bot token."""

    def __init__(self, description: str, error_code: int | None = None) -> None:
        super().__init__(f"[{error_code}] {description}" if error_code is not None else description)
        self.error_code = error_code
        self.description = description


class ZaloBadRequest(ZaloError):
    """400: our request was malformed (a bug on our side, do not retry)."""


class ZaloUnauthorized(ZaloError):
    """401: the token is wrong or revoked (stop the channel, page a human)."""


class ZaloForbidden(ZaloError):
    """403: the user blocked the bot or it may not write to this chat (stop writing to them)."""


class ZaloRetryAfter(ZaloError):
    """429: quota exceeded; `retry_after` is the server's wait in seconds when it gave one."""

    def __init__(self, description: str, error_code: int | None = 429,
                 retry_after: float | None = None) -> None:
        super().__init__(description, error_code)
        self.retry_after = retry_after


class ZaloServerError(ZaloError):
    """5xx or an unreadable answer: the platform's fault, safe to retry later."""


class ZaloNetworkError(ZaloError):
    """Connection failure or timeout; whether a send happened is unknown."""


_BY_CODE: dict[int, type[ZaloError]] = {400: ZaloBadRequest, 401: ZaloUnauthorized,
                                        403: ZaloForbidden}


def quiet_http_client_logs() -> None:
    """Raise httpx/httpcore loggers to WARNING: httpx logs full request URLs (with token) at INFO.

    The app calls this once at start-up, before the first request.
    """
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)


class ZaloBotAPI:
    """Async client for the Zalo Bot API; one instance per bot token.

    `timeout` bounds ordinary calls; a long poll waits `timeout` on top of its own.
    Pass `client` to share a connection pool (it is then not closed by `aclose`).
    """

    def __init__(self, token: str, base_url: str = DEFAULT_BASE_URL, *,
                 client: httpx.AsyncClient | None = None, timeout: float = 10.0,
                 dedup_size: int = 1024) -> None:
        if not token:
            raise ValueError("Zalo bot token is empty")
        self._token = token
        self._base_url = base_url
        self._timeout = timeout
        self._owns_client = client is None
        self._client = client if client is not None else httpx.AsyncClient(timeout=timeout)
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._dedup_size = max(1, dedup_size)

    def __repr__(self) -> str:
        return f"ZaloBotAPI(base_url={self._base_url!r}, token='***')"

    async def __aenter__(self) -> ZaloBotAPI:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()

    def _scrub(self, text: str) -> str:
        for form in {self._token, quote(self._token, safe="")}:
            text = text.replace(form, "***")
        return text

    async def _call(self, method: str, payload: dict[str, Any] | None = None, *,
                    timeout: float | None = None) -> Any:
        """POST one method and unwrap the envelope, mapping failures to ZaloError subclasses."""
        url = f"{self._base_url}{self._token}/{method}"
        error: ZaloError | None = None
        try:
            response = await self._client.post(url, json=payload or {},
                                               timeout=timeout or self._timeout)
        except httpx.TimeoutException as exc:
            error = ZaloNetworkError(f"{method}: timed out ({type(exc).__name__})")
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            detail = self._scrub(str(exc))[:200]
            error = ZaloNetworkError(f"{method}: {type(exc).__name__}: {detail}")
        if error is not None:  # raised here, not in `except`, so the httpx error is not chained
            log.debug("zalo %s failed: %s", method, error)
            raise error
        return self._unwrap(method, response)

    def _unwrap(self, method: str, response: httpx.Response) -> Any:
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            code = response.status_code
            cls = ZaloServerError if code >= 500 or code < 400 else _BY_CODE.get(code, ZaloError)
            raise cls(f"{method}: HTTP {code} with a non-JSON body", code)
        if body.get("ok") is True and response.status_code < 400:
            return body.get("result")
        code = body.get("error_code")
        if not isinstance(code, int) or isinstance(code, bool):
            code = response.status_code
        description = self._scrub(str(body.get("description") or f"HTTP {response.status_code}"))
        log.debug("zalo %s answered %s", method, code)
        if code == 429:
            raise ZaloRetryAfter(f"{method}: {description}", code, _retry_after(body, response))
        if code >= 500:
            raise ZaloServerError(f"{method}: {description}", code)
        raise _BY_CODE.get(code, ZaloError)(f"{method}: {description}", code)

    async def get_me(self) -> dict[str, Any]:
        return await self._call("getMe")

    async def get_updates(self, timeout: float = 30) -> ZaloInbound | None:
        """Long-poll for one update; None on an idle poll (408), a repeat, or a non-message.

        Zalo has no update_id/offset and may re-deliver an update, so message ids already
        returned are remembered (bounded, oldest forgotten first) and repeats give None.
        """
        seconds = int(timeout) if float(timeout).is_integer() else timeout
        try:
            result = await self._call("getUpdates", {"timeout": seconds},
                                      timeout=float(timeout) + self._timeout)
        except ZaloError as exc:
            if exc.error_code == 408:
                return None
            raise
        inbound = parse_update(result)
        if inbound is None or inbound.message_id in self._seen:
            return None
        self._seen[inbound.message_id] = None
        while len(self._seen) > self._dedup_size:
            self._seen.popitem(last=False)
        return inbound

    async def download(self, url: str, limit: int) -> tuple[bytes | None, bool]:
        """A file a user sent (a photo URL from an "image" event): (bytes, False), or (None, True)
        when it is larger than `limit` (stopped reading there), or (None, False) on failure.
        The URL is Zalo's file server's, not the API's: it carries no token."""
        try:
            async with self._client.stream("GET", url, timeout=self._timeout) as response:
                if response.status_code != 200:
                    return None, False
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > limit:
                    return None, True
                data = bytearray()
                async for chunk in response.aiter_bytes():
                    data += chunk
                    if len(data) > limit:
                        return None, True
                return bytes(data), False
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            log.warning("Zalo file download failed: %s", type(exc).__name__)
            return None, False

    async def send_message(self, chat_id: str, text: str) -> dict[str, Any]:
        """Send plain text (1–2000 characters, checked here so no quota is spent on a reject)."""
        _check_chat(chat_id)
        if not isinstance(text, str) or not 1 <= len(text) <= MAX_TEXT:
            size = len(text) if isinstance(text, str) else type(text).__name__
            raise ValueError(f"Zalo text must be 1-{MAX_TEXT} characters, got {size}")
        return await self._call("sendMessage", {"chat_id": chat_id, "text": text})

    async def send_photo(self, chat_id: str, photo_url: str,
                         caption: str | None = None) -> dict[str, Any]:
        _check_chat(chat_id)
        if not photo_url:
            raise ValueError("photo_url is empty")
        extra = {"caption": caption} if caption else {}
        return await self._call("sendPhoto", {"chat_id": chat_id, "photo": photo_url, **extra})

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> Any:
        _check_chat(chat_id)
        if action not in CHAT_ACTIONS:
            raise ValueError(f"chat action must be one of {sorted(CHAT_ACTIONS)}")
        return await self._call("sendChatAction", {"chat_id": chat_id, "action": action})

    async def set_webhook(self, url: str, secret_token: str) -> Any:
        if not url or not secret_token:
            raise ValueError("webhook url and secret_token are required")
        return await self._call("setWebhook", {"url": url, "secret_token": secret_token})

    async def delete_webhook(self) -> Any:
        return await self._call("deleteWebhook")

    async def get_webhook_info(self) -> dict[str, Any]:
        return await self._call("getWebhookInfo")


def _check_chat(chat_id: str) -> None:
    if not isinstance(chat_id, str) or not chat_id:
        raise ValueError("chat_id must be a non-empty string")


def _retry_after(body: dict[str, Any], response: httpx.Response) -> float | None:
    """The wait the server asked for: Telegram-style `parameters.retry_after`, or the header."""
    params = body.get("parameters")
    candidates = [params.get("retry_after") if isinstance(params, dict) else None,
                  body.get("retry_after"), response.headers.get("Retry-After")]
    for value in candidates:
        try:
            if (seconds := float(value)) >= 0:
                return seconds
        except (TypeError, ValueError):
            continue
    return None
