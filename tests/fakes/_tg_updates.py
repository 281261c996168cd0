"""Inbound side of the fake Bot API: what users do, getUpdates long polling, webhooks."""

from __future__ import annotations

import asyncio
import itertools
import re
import time
from typing import Any

import aiohttp

from ._tg_http import ApiError, Params, bad_request
from ._tg_text import utf16_len

DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_COMMAND = re.compile(r"(?:^|(?<=\s))/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?=$|[\s.,;:!?)])")
_MENTION = re.compile(r"(?:^|(?<=[\s(]))@[A-Za-z0-9_]{5,32}(?![A-Za-z0-9_])")
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def text_entities(text: str) -> list[dict[str, Any]]:
    """bot_command and mention entities, as Telegram attaches them to a user's message."""
    found = [("bot_command", m) for m in _COMMAND.finditer(text)]
    found += [("mention", m) for m in _MENTION.finditer(text)]
    entities = [{"type": kind, "offset": utf16_len(text[:m.start()]),
                 "length": utf16_len(m.group())} for kind, m in found]
    return sorted(entities, key=lambda e: e["offset"])


def update_type(update: dict[str, Any]) -> str:
    return next((key for key in update if key != "update_id"), "")


class UpdatesMixin:
    """Update queue, push_* helpers, getUpdates and the webhook methods."""

    def _init_updates(self, first_update_id: int) -> None:
        self.updates: list[dict[str, Any]] = []  # pending (not yet confirmed) updates
        self._update_ids = itertools.count(first_update_id)
        self._callback_ids = itertools.count(int(time.time()) * 1000)
        self._open_queries: set[str] = set()
        self._allowed_updates: list[str] = []
        self._poll_generation = 0
        self.webhook: dict[str, Any] = {"url": ""}
        self._webhook_task: asyncio.Task | None = None
        self.webhook_retry_delay = 0.2

    # ------------------------------------------------------------------ pushing updates
    def push_update(self, update: dict[str, Any]) -> int:
        """Queue a raw update (``update_id`` is assigned when missing); returns its id."""
        update = dict(update)
        if "update_id" not in update:
            update["update_id"] = next(self._update_ids)
        else:
            self._update_ids = itertools.count(max(update["update_id"] + 1,
                                                   next(self._update_ids)))
        self.updates.append(update)
        self._pulse.fire()
        self._ensure_webhook_task()
        return update["update_id"]

    def _sender_chat(self, user_id: int, chat_id: int | None, chat_type: str,
                     chat_title: str | None, user_info: dict[str, Any]) -> tuple[dict, dict]:
        if chat_type == "private":
            if chat_id not in (None, user_id):
                raise ValueError("a private chat's id is the user's id")
            chat_id = user_id
        elif chat_id is None:
            chat_id = -abs(user_id) if chat_type == "group" else -(10**12 + abs(user_id))
        elif chat_type != "channel" and chat_id > 0:
            raise ValueError("group and supergroup chat ids are negative")
        sender = self.chatbook.user(user_id, **user_info)
        chat = self.chatbook.chat(chat_id, chat_type, title=chat_title)
        return sender, chat

    def push_text(self, user_id: int, text: str, *, chat_id: int | None = None,
                  chat_type: str = "private", first_name: str | None = None,
                  last_name: str | None = None, username: str | None = None,
                  language_code: str | None = "vi", chat_title: str | None = None,
                  reply_to_message_id: int | None = None) -> int:
        """A user sends ``text``; leading ``/command`` (or ``/command@bot``) gets its entity."""
        sender, chat = self._sender_chat(user_id, chat_id, chat_type, chat_title, {
            "first_name": first_name, "last_name": last_name, "username": username,
            "language_code": language_code})
        reply = None
        if reply_to_message_id is not None:
            reply = self.chatbook.find(chat["id"], reply_to_message_id)
            if reply is None:
                raise LookupError(f"no message {reply_to_message_id} in chat {chat['id']}")
        message = self.chatbook.new_message(chat["id"], sender, chat=chat, text=text,
                                            entities=text_entities(text) or None,
                                            reply_to_message=reply)
        self.chatbook.store(message)
        return self.push_update({"message": message})

    def push_callback(self, user_id: int, data: str, message_id: int | None = None, *,
                      chat_id: int | None = None, check_button: bool = True) -> int:
        """A user presses an inline button of a message the bot sent (default: its last)."""
        chat_id = user_id if chat_id is None else chat_id
        if message_id is None:
            message = self.chatbook.last_bot_message(chat_id)
        else:
            message = self.chatbook.find(chat_id, message_id)
        if message is None or message.get("from", {}).get("id") != self.bot_user["id"]:
            raise LookupError(f"the bot sent no message {message_id or ''} in chat {chat_id}")
        buttons = [b for row in (message.get("reply_markup") or {}).get("inline_keyboard", [])
                   for b in row]
        if check_button and not any(b.get("callback_data") == data for b in buttons):
            raise LookupError(f"message {message['message_id']} has no button with "
                              f"callback_data {data!r}; pass check_button=False to force it")
        query_id = str(next(self._callback_ids))
        self._open_queries.add(query_id)
        query = {"id": query_id, "from": self.chatbook.user(user_id), "message": message,
                 "chat_instance": str(abs(hash(("chat", chat_id))) % 10**18), "data": data}
        return self.push_update({"callback_query": query})

    # ------------------------------------------------------------------ getUpdates
    def _deliverable(self) -> list[dict[str, Any]]:
        allowed = set(self._allowed_updates)
        keep = []
        for update in self.updates:
            kind = update_type(update)
            if (kind in allowed) if allowed else (kind not in DEFAULT_EXCLUDED):
                keep.append(update)
        self.updates = keep  # Telegram never stores updates of types the bot did not ask for
        return keep

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        elif offset < 0:
            self.updates = self.updates[offset:]

    async def api_getupdates(self, p: Params) -> list[dict[str, Any]]:
        if self.webhook["url"]:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                "use deleteWebhook to delete the webhook first")
        limit = min(max(p.get_int("limit", 100) or 100, 1), 100)
        try:
            timeout = max(0.0, float(p.get_str("timeout") or 0))
        except ValueError:
            raise bad_request('field "timeout" must be of type Integer') from None
        allowed = p.get_json("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(kind) for kind in allowed]
        self._confirm(p.get_int("offset", 0) or 0)
        self._poll_generation += 1
        generation = self._poll_generation
        self._pulse.fire()  # an older long poll still waiting gets its 409
        if timeout:
            await self._pulse.wait_until(
                lambda: bool(self._deliverable()) or self._poll_generation != generation
                or self._stopping.is_set(), timeout)
        if self._poll_generation != generation:
            raise ApiError(409, "Conflict: terminated by other getUpdates request; make sure "
                                "that only one bot instance is running")
        return self._deliverable()[:limit]

    # ------------------------------------------------------------------ webhooks
    async def api_setwebhook(self, p: Params) -> bool:
        url = p.get_str("url") or ""
        if url and not re.match(r"https?://[^/\s]+", url):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = p.get_str("secret_token")
        if secret is not None and not _SECRET.fullmatch(secret):
            raise bad_request("secret token contains unallowed characters")
        if p.get_bool("drop_pending_updates"):
            self.updates.clear()
        allowed = p.get_json("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(kind) for kind in allowed]
        self.webhook = {"url": url, "secret_token": secret,
                        "max_connections": p.get_int("max_connections", 40),
                        "ip_address": p.get_str("ip_address")}
        self._pulse.fire()
        self._ensure_webhook_task()
        return True

    async def api_deletewebhook(self, p: Params) -> bool:
        if p.get_bool("drop_pending_updates"):
            self.updates.clear()
        self.webhook = {"url": ""}
        self._pulse.fire()
        return True

    async def api_getwebhookinfo(self, p: Params) -> dict[str, Any]:
        info: dict[str, Any] = {"url": self.webhook["url"], "has_custom_certificate": False,
                                "pending_update_count": len(self._deliverable())}
        if self.webhook["url"]:
            info["max_connections"] = self.webhook.get("max_connections") or 40
            for key in ("ip_address", "last_error_date", "last_error_message"):
                if self.webhook.get(key):
                    info[key] = self.webhook[key]
            if self._allowed_updates:
                info["allowed_updates"] = list(self._allowed_updates)
        return info

    def _ensure_webhook_task(self) -> None:
        if (self.webhook["url"] and self._runner is not None and not self._stopping.is_set()
                and (self._webhook_task is None or self._webhook_task.done())):
            self._webhook_task = asyncio.get_running_loop().create_task(self._deliver_webhook())

    async def _deliver_webhook(self) -> None:
        """POST pending updates one at a time to the webhook, as Telegram does."""
        async with aiohttp.ClientSession() as session:
            while True:
                await self._pulse.wait_until(lambda: self._stopping.is_set()
                                             or not self.webhook["url"] or self._deliverable(),
                                             None)
                if self._stopping.is_set() or not self.webhook["url"]:
                    return
                update, hook = self._deliverable()[0], self.webhook
                headers = {}
                if hook.get("secret_token"):
                    headers["X-Telegram-Bot-Api-Secret-Token"] = hook["secret_token"]
                try:
                    async with session.post(hook["url"], json=update, headers=headers,
                                            timeout=aiohttp.ClientTimeout(total=10)) as answer:
                        error = None if 200 <= answer.status < 300 else (
                            f"Wrong response from the webhook: {answer.status} {answer.reason}")
                except (aiohttp.ClientError, TimeoutError) as exc:
                    error = f"Connection failed: {exc.__class__.__name__}"
                if error is None:
                    self.updates = [u for u in self.updates if u is not update]
                    self._pulse.fire()
                    continue
                hook["last_error_date"], hook["last_error_message"] = int(time.time()), error
                self._pulse.fire()
                await self._pulse.wait_until(self._stopping.is_set, self.webhook_retry_delay)
