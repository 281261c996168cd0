"""The console chat: the real conversation in a terminal, for `make run` without any token.

You talk to the bot as a registered user (the secretariat by default); `/la TÊN CƠ QUAN`
switches to that agency's focal point, `/la lanhdao` to the lead. Replies are plain text.
"""
from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from typing import TextIO

from bot.domain import Platform
from bot.render import join_entries, to_plain, visible_len
from bot.service import texts
from bot.service.parts import deliver
from bot.service.ports import Capabilities, Inbound, PartTooBig, Reply, Sender

SENDER = Sender(Platform.CONSOLE, "local", "local", "Bàn phím")


class ConsoleChannel:
    platform = Platform.CONSOLE
    caps = Capabilities(max_len=4000, has_buttons=False, html=False, send_rate=1000.0)

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout

    async def send(self, chat_id: str, part: Reply) -> list[str]:
        text = join_entries([e.text for e in part.entries])
        if visible_len(text) > self.caps.max_len:
            raise PartTooBig(f"console part of {visible_len(text)} characters")
        if text:
            self.out.write(to_plain(text) + "\n")
        for att in part.attachments:
            self.out.write(texts.CONSOLE_ATTACHMENT.format(name=att.filename, size=len(att.data)) + "\n")
        self.out.write("\n")
        self.out.flush()
        return []


async def run_console(handle: Callable[[Inbound], list[Reply]], become: Callable[[str], str],
                      stdin: TextIO | None = None, out: TextIO | None = None) -> None:
    """Read lines until EOF; `become(text)` switches identity and returns who we are now."""
    stdin = stdin or sys.stdin
    channel = ConsoleChannel(out)
    channel.out.write(texts.CONSOLE_BANNER.format(who=become("")) + "\n\n")
    while True:
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            return
        line = line.strip()
        if not line:
            continue
        if line.lower().startswith("/la ") or line.lower() == "/la":
            channel.out.write(texts.CONSOLE_YOU_ARE.format(who=become(line[3:].strip())) + "\n\n")
            continue
        for reply in await asyncio.to_thread(handle, Inbound(sender=SENDER, text=line, caps=channel.caps)):
            await deliver(channel, SENDER.chat_id, reply)
