"""Receiving on Zalo: updates by long polling or by webhook, each stored in the inbox before it
is acknowledged, translated into the conversation's Inbound, handled, and answered.

Why the choices:
- acknowledging: a webhook update is acknowledged by the 200 answering its POST, a polled one
  by the next getUpdates (Zalo has no offset), so each is stored before either; a crash then
  leaves it in the inbox and `replay` handles it first on the next start;
- updates from one user are handled one at a time, in order ("cham X" then the date), while
  different users proceed in parallel, at most `in_flight` at once (an update waiting for its
  user's previous one holds no slot), and the long poll waits for the update to be stored, never
  for it to be handled.
"""
from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import datetime
from urllib.parse import urlsplit

from bot.channels.incoming import zalo_photo
from bot.channels.zalo_api import ZaloBotAPI, ZaloError, ZaloNetworkError, ZaloRetryAfter, ZaloServerError
from bot.channels.zalo_outbox import FileShelf, ZaloChannel
from bot.channels.zalo_updates import SECRET_HEADER, ZaloInbound, parse_update, verify_webhook_secret
from bot.domain import Platform
from bot.service.parts import deliver
from bot.service.ports import DeliveryError, Inbound, Inbox, Reply, Sender

log = logging.getLogger(__name__)
IN_FLIGHT = 8  # updates handled at once, as on Telegram
KINDS = {"text": "text", "image": "photo", "sticker": "sticker"}  # anything else: "other"
Handle = Callable[[Inbound], list[Reply]]


def inbound_from(z: ZaloInbound) -> Inbound | None:
    """Translate a Zalo message into the conversation's Inbound (None: nothing to answer)."""
    if z.is_bot:
        return None
    chat_type = "private" if z.chat_type == "PRIVATE" else "group"
    sender = Sender(Platform.ZALO, z.user_id, z.chat_id, z.display_name, chat_type)
    kind = KINDS.get(z.event, "other")
    if kind == "text":
        return Inbound(sender=sender, text=z.text or "", caps=ZaloChannel.caps)
    return Inbound(sender=sender, kind=kind, caps=ZaloChannel.caps, text=z.text if kind == "photo" else None)


class ZaloRuntime:
    """Receives updates (long polling or webhook), runs the conversation, sends the replies."""

    def __init__(self, api: ZaloBotAPI, channel: ZaloChannel, handle: Handle, *,
                 poll_timeout: float = 30.0, backoff: tuple[float, float] = (1.0, 60.0),
                 in_flight: int = IN_FLIGHT, inbox: Inbox | None = None) -> None:
        self.api, self.channel, self.handle, self.inbox = api, channel, handle, inbox
        self.poll_timeout, self.backoff = poll_timeout, backoff
        self.mode = "stopped"
        self._poller: asyncio.Task | None = None
        self._site_runner = None  # aiohttp AppRunner in webhook mode
        self._secret = ""
        self._tasks: set[asyncio.Task] = set()
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}
        self.in_flight = in_flight
        self._slots = asyncio.Semaphore(in_flight)
        self._seen: OrderedDict[str, None] = OrderedDict()  # webhook redeliveries

    # -- receiving -------------------------------------------------------------------
    async def start_polling(self) -> None:
        try:
            await self.api.delete_webhook()  # getUpdates answers 409 while a webhook is set
        except ZaloError as exc:
            log.warning("Zalo deleteWebhook failed (%s); polling anyway", exc)
        self.mode = "polling"
        self._poller = asyncio.create_task(self._poll(), name="zalo-poll")

    async def _poll(self) -> None:
        delay = self.backoff[0]
        while True:
            try:
                z = await self.api.get_updates(timeout=self.poll_timeout)
            except Exception as exc:  # ZaloError texts never carry the token; others are not printed
                temporary = isinstance(exc, (ZaloServerError, ZaloNetworkError, ZaloRetryAfter))
                text = str(exc) if isinstance(exc, ZaloError) else f"unexpected {type(exc).__name__}"
                wait = max(delay, getattr(exc, "retry_after", None) or 0.0)
                log.log(logging.WARNING if temporary else logging.ERROR,
                        "Zalo getUpdates failed: %s; retrying in %.1fs", text, wait)
                await asyncio.sleep(wait)
                delay = min(delay * 2, self.backoff[1])
                continue
            delay = self.backoff[0]
            if z is not None and await self._store_before_polling_on(z):
                self.submit(z)

    async def _store_before_polling_on(self, z: ZaloInbound) -> bool:
        """Store a polled update, however long the database takes to come back: Zalo has handed it
        over for good (there is no offset to go back to), so polling on without it would lose it."""
        delay = self.backoff[0]
        while True:
            try:
                return await self._store(z)
            except Exception:
                log.exception("Zalo: could not store message %s; retrying in %.1fs", z.message_id, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.backoff[1])

    async def start_webhook(self, url: str, listen: str, port: int, secret: str | None) -> None:
        """Serve POST <path of url> (e.g. /zalo/webhook) on listen:port, then tell Zalo to push there."""
        from aiohttp import web

        self._secret = secret or secrets.token_urlsafe(32)  # none configured: fresh each run
        app = web.Application(client_max_size=256 * 1024)
        path = urlsplit(url).path.rstrip("/") or ""
        app.router.add_post(path or "/", self._on_webhook)  # a proxy must keep the path
        app.router.add_get(path + "/files/{name}", self._on_file)
        self.channel.host_photos(FileShelf(url.rstrip("/") + "/files"))
        self._site_runner = web.AppRunner(app, access_log=None)
        await self._site_runner.setup()
        await web.TCPSite(self._site_runner, listen, port).start()
        self.mode = "webhook"
        try:
            await self.api.set_webhook(url, self._secret)
        except BaseException:
            await self.stop()
            raise

    async def _on_file(self, request):
        from aiohttp import web

        data = self.channel.shelf.get(request.match_info["name"]) if self.channel.shelf else None
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="image/png")

    async def _on_webhook(self, request):
        from aiohttp import web

        if not verify_webhook_secret(request.headers.get(SECRET_HEADER), self._secret):
            return web.Response(status=403)
        try:
            body = await request.json()
        except ValueError:
            return web.Response(status=400)
        z = parse_update(body)
        if z is not None and z.message_id not in self._seen:
            try:
                new = await self._store(z)
            except Exception:  # not stored, so not acknowledged: Zalo delivers it again
                log.exception("Zalo: could not store message %s", z.message_id)
                return web.Response(status=500)
            self._seen[z.message_id] = None
            while len(self._seen) > 1024:
                self._seen.popitem(last=False)
            if new:
                self.submit(z)
        return web.json_response({"ok": True})  # stored: handling goes on in the background

    # -- the inbox -------------------------------------------------------------------
    async def _store(self, z: ZaloInbound) -> bool:
        """Store before acknowledging (a webhook's 200; a poll has no acknowledgement, so it is
        stored before the next poll); False for a message already stored (a redelivery)."""
        if self.inbox is None:
            return True
        row = (z.message_id, z.chat_id, json.dumps(asdict(z), default=str))
        return bool(await asyncio.to_thread(self.inbox.store, Platform.ZALO, [row]))

    async def replay(self) -> int:
        """Handle what a crash left unhandled first, in the order it arrived."""
        rows = await asyncio.to_thread(self.inbox.pending, Platform.ZALO) if self.inbox else []
        for _, payload in rows:
            data = json.loads(payload)
            data["sent_at"] = datetime.fromisoformat(data["sent_at"])
            self.submit(ZaloInbound(**data))
        if rows:
            log.warning("Zalo: %d message(s) received before a crash are handled now", len(rows))
        return len(rows)

    # -- handling --------------------------------------------------------------------
    def submit(self, z: ZaloInbound) -> asyncio.Task:
        """Handle in the background; one user's updates stay in order."""
        task = asyncio.create_task(self._serially(z))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _serially(self, z: ZaloInbound) -> None:
        lock, users = self._locks.get(z.user_id, (asyncio.Lock(), 0))
        self._locks[z.user_id] = (lock, users + 1)
        try:
            async with lock, self._slots:  # the user's turn first, then one of the slots
                await self.process(z)
        finally:
            lock, users = self._locks[z.user_id]
            if users <= 1:
                del self._locks[z.user_id]
            else:
                self._locks[z.user_id] = (lock, users - 1)

    async def process(self, z: ZaloInbound) -> None:
        """Conversation in a thread (it is synchronous, one DB transaction), then the replies."""
        inbound = inbound_from(z)
        if inbound is not None:
            if self.inbox is not None:
                inbound = replace(inbound, update_id=z.message_id)
            if inbound.kind == "photo" and z.photo_url:  # fetched by the service, if the sender may attach it
                inbound = replace(inbound, files=zalo_photo(self.api, z.photo_url))
            try:
                replies = await asyncio.to_thread(self.handle, inbound)
            except Exception:
                log.exception("Zalo: the conversation failed on message %s", z.message_id)
                replies = []
            for reply in replies:
                try:
                    await deliver(self.channel, inbound.sender.chat_id, reply)
                except DeliveryError as exc:
                    log.warning("Zalo reply not delivered: %s", exc)
        if self.inbox is not None:  # a no-op if the conversation marked it with its effects
            await asyncio.to_thread(self.inbox.done, Platform.ZALO, z.message_id)

    async def stop(self, grace: float = 10.0) -> None:
        """Stop receiving, let in-flight replies finish (up to `grace` s), close the client."""
        if self._poller is not None:
            self._poller.cancel()
            await asyncio.gather(self._poller, return_exceptions=True)
            self._poller = None
        if self._site_runner is not None:
            await self._site_runner.cleanup()
            self._site_runner = None
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=grace)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        self.mode = "stopped"
        await self.api.aclose()
