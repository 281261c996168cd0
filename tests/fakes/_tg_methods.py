"""Message, chat and command methods of the fake Bot API server."""

from __future__ import annotations

import contextvars
import json
import re
import time
from typing import Any

from ._tg_http import Params, bad_request
from ._tg_state import SentRecord, validate_reply_markup
from ._tg_text import prepare_text

NOT_MODIFIED = ("message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message")
CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note"})
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
RECEIVED_AT: contextvars.ContextVar[float] = contextvars.ContextVar("received_at")


class MessagesMixin:
    """getMe, getChat, sendMessage, edits, deletes, callback answers, commands, chat actions."""

    def _init_messages(self) -> None:
        self.sent: list[SentRecord] = []
        self.deleted: list[tuple[int | str, int]] = []
        self.callback_answers: list[dict[str, Any]] = []
        self.chat_actions: list[tuple[int | str, str]] = []
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}

    # ------------------------------------------------------------------ helpers
    def _record(self, method: str, p: Params, message: dict[str, Any], **fields: Any) -> None:
        reply = p.get_json("reply_parameters") or {}
        fields.setdefault("text", p.get_str("text"))
        fields.setdefault("reply_markup", p.get_json("reply_markup"))
        record = SentRecord(
            method=method, chat_id=message["chat"]["id"], message_id=message["message_id"],
            parse_mode=p.get_str("parse_mode"),
            reply_to_message_id=reply.get("message_id") or p.get_int("reply_to_message_id"),
            params=dict(p.values), message=message,
            received_at=RECEIVED_AT.get(time.monotonic()), **fields)
        self.sent.append(record)
        self._pulse.fire()

    def _begin_send(self, p: Params) -> tuple[int | str, dict, dict | None, dict | None]:
        """chat id, chat, replied-to message and inline markup of a send, or ApiError."""
        chat_id = p.chat_id()
        if (self.known_chats_only or isinstance(chat_id, str)) and \
                chat_id not in self.chatbook.chats:
            raise bad_request("chat not found")
        chat = self.chatbook.chat(chat_id)
        reply = p.get_json("reply_parameters") or {}
        if not reply and "reply_to_message_id" in p:
            reply = {"message_id": p.get_int("reply_to_message_id"),
                     "allow_sending_without_reply": p.get_bool("allow_sending_without_reply")}
        target = self.chatbook.reply_target(chat_id, reply)
        markup = None
        if "reply_markup" in p:
            markup = validate_reply_markup(p.get_json(
                "reply_markup", what="can't parse reply keyboard markup JSON object"))
        inline = markup if markup and "inline_keyboard" in markup else None
        return chat_id, chat, target, inline

    def _text(self, p: Params, name: str = "text") -> tuple[str, list[dict[str, Any]]]:
        return prepare_text(p.get_str(name), p.get_str("parse_mode"), p.get_json("entities"),
                            strict_ampersand=self.strict_ampersand)

    def _target(self, p: Params, missing: str) -> dict[str, Any]:
        if "inline_message_id" in p:
            raise bad_request("MESSAGE_ID_INVALID")
        return self.chatbook.bot_message(p.chat_id(), p.get_int("message_id"), missing=missing)

    # ------------------------------------------------------------------ bot and chats
    async def api_getme(self, p: Params) -> dict[str, Any]:
        return {**self.bot_user, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False, "can_connect_to_business": False,
                "has_main_web_app": False}

    async def api_getchat(self, p: Params) -> dict[str, Any]:
        chat_id = p.chat_id()
        if isinstance(chat_id, str) and chat_id not in self.chatbook.chats:
            raise bad_request("chat not found")
        if self.known_chats_only and chat_id not in self.chatbook.chats:
            raise bad_request("chat not found")
        return {**self.chatbook.chat(chat_id), "accent_color_id": 0, "max_reaction_count": 11,
                "accepted_gift_types": {"unlimited_gifts": False, "limited_gifts": False,
                                        "unique_gifts": False, "premium_subscription": False,
                                        "gifts_from_channels": False}}

    # ------------------------------------------------------------------ messages
    async def api_sendmessage(self, p: Params) -> dict[str, Any]:
        chat_id, chat, reply, markup = self._begin_send(p)
        plain, entities = self._text(p)
        message = self.chatbook.new_message(
            chat_id, self.bot_user, chat=chat, text=plain, entities=entities or None,
            reply_markup=markup, reply_to_message=reply,
            link_preview_options=p.get_json("link_preview_options"))
        self.chatbook.store(message)
        self._record("sendMessage", p, message, plain_text=plain, entities=entities)
        return message

    async def api_editmessagetext(self, p: Params) -> dict[str, Any]:
        old = self._target(p, "message to edit not found")
        if "text" not in old:
            raise bad_request("there is no text in the message to edit")
        plain, entities = self._text(p)
        markup = None
        if "reply_markup" in p:
            markup = validate_reply_markup(p.get_json("reply_markup"))
            markup = markup if "inline_keyboard" in markup else None
        # Like Telegram: an edit without reply_markup removes the inline keyboard.
        if (plain, entities, markup) == (old["text"], old.get("entities", []),
                                         old.get("reply_markup")):
            raise bad_request(NOT_MODIFIED)
        new = {k: v for k, v in old.items() if k not in ("entities", "reply_markup")}
        new.update(text=plain, edit_date=int(time.time()))
        if entities:
            new["entities"] = entities
        if markup:
            new["reply_markup"] = markup
        self.chatbook.store(new)
        self._record("editMessageText", p, new, plain_text=plain, entities=entities)
        return new

    async def api_editmessagereplymarkup(self, p: Params) -> dict[str, Any]:
        old = self._target(p, "message to edit not found")
        markup = None
        if "reply_markup" in p:
            markup = validate_reply_markup(p.get_json("reply_markup"))
            markup = markup if "inline_keyboard" in markup and markup["inline_keyboard"] else None
        if markup == old.get("reply_markup"):
            raise bad_request(NOT_MODIFIED)
        new = {k: v for k, v in old.items() if k != "reply_markup"}
        new["edit_date"] = int(time.time())
        if markup:
            new["reply_markup"] = markup
        self.chatbook.store(new)
        self._record("editMessageReplyMarkup", p, new, text=None, plain_text=new.get("text"),
                     entities=new.get("entities", []))
        return new

    async def api_deletemessage(self, p: Params) -> bool:
        chat_id = p.chat_id()
        message_id = p.get_int("message_id")
        if not message_id:
            raise bad_request("message identifier is not specified")
        message = self.chatbook.find(chat_id, message_id)
        mine = message is not None and message.get("from", {}).get("id") == self.bot_user["id"]
        if message is None or not (mine or message["chat"]["type"] == "private"):
            raise bad_request("message to delete not found" if message is None
                              else "message can't be deleted")
        del self.chatbook.messages[(chat_id, message_id)]
        self.deleted.append((chat_id, message_id))
        self._pulse.fire()
        return True

    async def api_answercallbackquery(self, p: Params) -> bool:
        query_id = p.get_str("callback_query_id") or ""
        if query_id not in self._open_queries:
            raise bad_request("query is too old and response timeout expired or query ID is "
                              "invalid")
        text = p.get_str("text")
        if text is not None and len(text) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        self._open_queries.discard(query_id)
        self.callback_answers.append({
            "callback_query_id": query_id, "text": text, "show_alert": p.get_bool("show_alert"),
            "url": p.get_str("url"), "cache_time": p.get_int("cache_time")})
        self._pulse.fire()
        return True

    async def api_sendchataction(self, p: Params) -> bool:
        chat_id = p.chat_id()
        action = p.get_str("action") or ""
        if action not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        self.chat_actions.append((chat_id, action))
        self._pulse.fire()
        return True

    # ------------------------------------------------------------------ commands
    @staticmethod
    def _commands_key(p: Params) -> tuple[str, str]:
        scope = p.get_json("scope") or {"type": "default"}
        if not isinstance(scope, dict) or "type" not in scope:
            raise bad_request("can't parse BotCommandScope JSON object")
        return json.dumps(scope, sort_keys=True), p.get_str("language_code") or ""

    async def api_setmycommands(self, p: Params) -> bool:
        commands = p.get_json("commands", what="can't parse commands JSON object")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad_request("too many commands specified")
        clean = []
        for command in commands:
            if not isinstance(command, dict):
                raise bad_request("can't parse BotCommand JSON object")
            name = str(command.get("command", "")).lstrip("/").lower()
            description = str(command.get("description", "")).strip()
            if not _COMMAND_NAME.fullmatch(name):
                raise bad_request("BOT_COMMAND_INVALID")
            if not description or len(description) > 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            clean.append({"command": name, "description": description})
        key = self._commands_key(p)
        if clean:
            self.commands[key] = clean
        else:
            self.commands.pop(key, None)
        return True

    async def api_getmycommands(self, p: Params) -> list[dict[str, str]]:
        return list(self.commands.get(self._commands_key(p), []))

    async def api_deletemycommands(self, p: Params) -> bool:
        self.commands.pop(self._commands_key(p), None)
        return True

    def commands_for(self, scope: dict[str, Any] | None = None,
                     language_code: str = "") -> list[dict[str, str]]:
        """The command list set for ``scope`` (default scope) and ``language_code``."""
        key = json.dumps(scope or {"type": "default"}, sort_keys=True)
        return list(self.commands.get((key, language_code), []))
