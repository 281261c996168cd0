"""What the fake server remembers: chats, users, messages, and the records tests inspect."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ._tg_http import ApiError, bad_request
from ._tg_text import MAX_CALLBACK_DATA

MAX_INLINE_BUTTONS = 100  # per message; beyond it Telegram answers "reply markup is too long"
BUTTON_ACTIONS = ("url", "callback_data", "web_app", "login_url", "switch_inline_query",
                  "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
                  "copy_text", "callback_game", "pay")


@dataclass
class SentRecord:
    """One message the bot sent or edited (only successful calls are recorded)."""

    method: str
    chat_id: int | str | None
    message_id: int | None
    text: str | None = None  # text or caption exactly as the bot sent it (markup included)
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None
    reply_to_message_id: int | None = None
    caption: str | None = None
    file_bytes: bytes | None = None
    filename: str | None = None
    mime_type: str | None = None
    plain_text: str | None = None  # what the user sees: tags removed, entities decoded
    entities: list[dict[str, Any]] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    message: dict[str, Any] = field(default_factory=dict)  # the Message object answered
    received_at: float = field(default_factory=time.monotonic)

    @property
    def is_edit(self) -> bool:
        return self.method.startswith("edit")

    def buttons(self) -> list[dict[str, Any]]:
        """All inline keyboard buttons, row by row, flattened."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [button for row in rows for button in row]


@dataclass
class ApiCall:
    """Every request the server received, including rejected and failed ones."""

    method: str
    params: dict[str, Any]
    status: int
    received_at: float


def validate_reply_markup(markup: Any) -> dict[str, Any]:
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request('field "inline_keyboard" must be of type Array')
        if sum(len(row) for row in rows) > MAX_INLINE_BUTTONS:
            raise bad_request("reply markup is too long")
        for button in (b for row in rows for b in row):
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise bad_request("can't parse inline keyboard button: Field \"text\" must be "
                                  "of type String")
            if not any(key in button for key in BUTTON_ACTIONS):
                raise bad_request("can't parse inline keyboard button: Text buttons are "
                                  "unallowed in the inline keyboard")
            data = button.get("callback_data")
            if data is not None and (not isinstance(data, str) or not data
                                     or len(data.encode("utf-8")) > MAX_CALLBACK_DATA):
                raise bad_request("BUTTON_DATA_INVALID")
            url = button.get("url")
            if url is not None and (not isinstance(url, str) or "://" not in url
                                    and not url.startswith("tg:")):
                raise bad_request("BUTTON_URL_INVALID")
    elif not any(k in markup for k in ("keyboard", "remove_keyboard", "force_reply")):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return markup


class Pulse:
    """Wakes every waiter whenever something changed; waiters re-check their condition."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def fire(self) -> None:
        event, self._event = self._event, asyncio.Event()
        event.set()

    async def wait_until(self, ready: Callable[[], bool], timeout: float | None) -> bool:
        """Wait until ``ready()`` holds (True) or ``timeout`` seconds pass (False)."""
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while not ready():
            event = self._event
            if deadline is None:
                await event.wait()
                continue
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                return ready()
        return True


class ChatBook:
    """Users, chats and the messages in them, with Telegram-like identifiers."""

    def __init__(self, bot_user: dict[str, Any]) -> None:
        self.bot_user = bot_user
        self.users: dict[int, dict[str, Any]] = {}
        self.chats: dict[int | str, dict[str, Any]] = {}
        self.messages: dict[tuple[int | str, int], dict[str, Any]] = {}
        self._message_ids: dict[int | str, itertools.count] = {}
        self._file_ids = itertools.count(1)

    def user(self, user_id: int, **info: Any) -> dict[str, Any]:
        known = self.users.setdefault(user_id, {"id": user_id, "is_bot": False,
                                                "first_name": f"User {user_id}"})
        known.update({k: v for k, v in info.items() if v is not None})
        return dict(known)

    def chat_type(self, chat_id: int | str) -> str:
        """The type of a known chat, else what its identifier suggests."""
        if chat_id in self.chats:
            return self.chats[chat_id]["type"]
        if isinstance(chat_id, str):
            return "channel"
        if chat_id > 0:
            return "private"
        return "supergroup" if str(chat_id).startswith("-100") else "group"

    def chat(self, chat_id: int | str, chat_type: str | None = None,
             **info: Any) -> dict[str, Any]:
        known = self.chats.get(chat_id)
        if known is None:
            chat_type = chat_type or self.chat_type(chat_id)
            known = {"id": chat_id, "type": chat_type}
            if chat_type == "private":
                known.update({k: v for k, v in self.user(int(chat_id)).items()
                              if k in ("first_name", "last_name", "username")})
            else:
                known["title"] = f"Chat {chat_id}"
            if isinstance(chat_id, str):
                known["username"] = chat_id.lstrip("@")
            self.chats[chat_id] = known
        known.update({k: v for k, v in info.items() if v is not None})
        return dict(known)

    def next_message_id(self, chat_id: int | str) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def new_file(self, kind: str) -> tuple[str, str]:
        number = next(self._file_ids)
        return f"FAKE-{kind.upper()}-{number:06d}", f"u{kind[:3]}{number:06d}"

    def store(self, message: dict[str, Any]) -> dict[str, Any]:
        self.messages[(message["chat"]["id"], message["message_id"])] = message
        return message

    def find(self, chat_id: int | str, message_id: int) -> dict[str, Any] | None:
        return self.messages.get((chat_id, message_id))

    def bot_message(self, chat_id: int | str, message_id: int | None, *,
                    missing: str) -> dict[str, Any]:
        message = self.find(chat_id, message_id) if message_id else None
        if message is None:
            raise bad_request(missing)
        if message.get("from", {}).get("id") != self.bot_user["id"]:
            raise bad_request("message can't be edited")
        return message

    def last_bot_message(self, chat_id: int | str) -> dict[str, Any] | None:
        mine = [m for (cid, _), m in self.messages.items()
                if cid == chat_id and m.get("from", {}).get("id") == self.bot_user["id"]]
        return max(mine, key=lambda m: m["message_id"]) if mine else None

    def new_message(self, chat_id: int | str, sender: dict[str, Any], *,
                    chat: dict[str, Any] | None = None, **content: Any) -> dict[str, Any]:
        message = {"message_id": self.next_message_id(chat_id), "from": sender,
                   "chat": chat or self.chat(chat_id), "date": int(time.time())}
        message.update({k: v for k, v in content.items() if v is not None})
        return message

    def reply_target(self, chat_id: int | str, reply: dict[str, Any] | None) -> dict | None:
        """The message a send replies to, or ApiError if Telegram would refuse."""
        if not reply or not reply.get("message_id"):
            return None
        target_chat = reply.get("chat_id", chat_id)
        found = self.find(target_chat, int(reply["message_id"]))
        if found is None and not reply.get("allow_sending_without_reply"):
            raise ApiError(400, "Bad Request: message to be replied not found")
        return found
