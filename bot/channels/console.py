"""The console chat: the real conversation in a terminal, for `make run` without any token.

You talk to the bot as a registered user (the secretariat by default); `/la TÊN CƠ QUAN`
switches to that agency's focal point, `/la lanhdao` to the lead. Replies are plain text.
"""
from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from typing import TextIO

from bot.channels.base import caps_of
from bot.render import pack_entries, to_plain
from bot.service.ports import Inbound, Reply, Sender

CAPS = caps_of("console")
SENDER = Sender("console", "local", "local", "Bàn phím")
BANNER = ("Nhắc việc — trò chuyện trên máy (chưa có TELEGRAM_BOT_TOKEN hay ZALO_BOT_TOKEN).\n"
          "Bạn đang là {who}. Gõ /huongdan, /tonghop, /quahan …; /la <cơ quan> để đóng vai đầu mối "
          "(ví dụ: /la Sở Y tế), /la lanhdao để làm lãnh đạo; Ctrl-D để thoát.")


class ConsoleChannel:
    platform = "console"
    caps = CAPS

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout

    async def send(self, chat_id: str, reply: Reply) -> list[str]:
        for text, held in pack_entries([e.text for e in reply.entries], CAPS.max_len):
            self.out.write(to_plain(text) + "\n")
            for i in held:
                if reply.entries[i].buttons:
                    self.out.write("   [" + "] [".join(b.label for b in reply.entries[i].buttons) + "]\n")
        if reply.buttons:
            self.out.write("   [" + "] [".join(b.label for b in reply.buttons) + "]\n")
        for att in reply.attachments:
            self.out.write(f"   (tệp đính kèm: {att.filename}, {len(att.data)} byte)\n")
        self.out.write("\n")
        self.out.flush()
        return []


async def run_console(handle: Callable[[Inbound], list[Reply]], become: Callable[[str], str],
                      stdin: TextIO | None = None, out: TextIO | None = None) -> None:
    """Read lines until EOF; `become(text)` switches identity and returns who we are now."""
    stdin = stdin or sys.stdin
    channel = ConsoleChannel(out)
    channel.out.write(BANNER.format(who=become("")) + "\n\n")
    while True:
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            return
        line = line.strip()
        if not line:
            continue
        if line.lower().startswith("/la ") or line.lower() == "/la":
            channel.out.write(f"Bạn đang là {become(line[3:].strip())}.\n\n")
            continue
        for reply in await asyncio.to_thread(handle, Inbound(sender=SENDER, text=line)):
            await channel.send(SENDER.chat_id, reply)
