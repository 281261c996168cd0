"""The console chat: the real conversation in a terminal, for `make run` without any token.

You talk to the bot as a registered user (the secretariat by default); `/la TÊN CƠ QUAN`
switches to that agency's focal point, `/la lanhdao` to the lead. Replies are plain text.
Reminders come in between your lines, as they would on Zalo: the runner gives this channel
to the scheduler, and `/nhacngay` runs a pass at once (`remind_now`, injected by the runner;
the command is declared in the command table, so the other chats can refuse it).

Why lines are read by a daemon thread and not `asyncio.to_thread`: a thread blocked in
`readline` would keep the process alive after Ctrl-C until Enter is pressed.
"""
from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Awaitable, Callable
from typing import TextIO

from bot.domain import Action, Platform
from bot.render import join_entries, to_plain, visible_len
from bot.service import texts
from bot.service.conversation.intents import parse
from bot.service.parts import deliver
from bot.service.ports import Capabilities, Inbound, PartTooBig, Reply, Sender

SENDER = Sender(Platform.CONSOLE, "local", "local", "Bàn phím")
PROMPT = "» "


class ConsoleChannel:
    platform = Platform.CONSOLE
    caps = Capabilities(max_len=4000, has_buttons=False, html=False, send_rate=1000.0, chat_gap=0.0)

    def __init__(self, out: TextIO | None = None, *, prompt: str = "") -> None:
        self.out = out or sys.stdout
        self.prompt = prompt  # shown while waiting for a line ("" when not a terminal)
        self.waiting = False  # a line is being typed: a reminder goes below it, then the prompt again

    def ready(self) -> None:
        self.waiting = True
        if self.prompt:
            self.out.write(self.prompt)
            self.out.flush()

    async def send(self, chat_id: str, part: Reply) -> list[str]:
        text = join_entries([e.text for e in part.entries])
        if visible_len(text) > self.caps.max_len:
            raise PartTooBig(f"console part of {visible_len(text)} characters")
        if self.waiting and self.prompt:
            self.out.write("\n")
        if text:
            self.out.write(to_plain(text) + "\n")
        for att in part.attachments:
            self.out.write(texts.CONSOLE_ATTACHMENT.format(name=att.filename, size=len(att.data)) + "\n")
        self.out.write("\n")
        if self.waiting and self.prompt:
            self.out.write(self.prompt)
        self.out.flush()
        return []


def _reader(stdin: TextIO) -> asyncio.Queue[str]:
    """Lines of `stdin` in a queue ("" at the end), read by a daemon thread."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str] = asyncio.Queue()

    def pump() -> None:
        try:
            for line in iter(stdin.readline, ""):
                loop.call_soon_threadsafe(queue.put_nowait, line)
            loop.call_soon_threadsafe(queue.put_nowait, "")
        except RuntimeError:  # the loop is closed: the chat is over
            pass

    threading.Thread(target=pump, name="console-stdin", daemon=True).start()
    return queue


async def run_console(handle: Callable[[Inbound], list[Reply]], become: Callable[[str], str],
                      stdin: TextIO | None = None, out: TextIO | None = None, *,
                      channel: ConsoleChannel | None = None,
                      remind_now: Callable[[], Awaitable[Reply]] | None = None) -> None:
    """Read lines until EOF; `become(text)` switches identity and returns who we are now."""
    stdin = stdin or sys.stdin
    channel = channel or ConsoleChannel(out)
    channel.out.write(texts.CONSOLE_BANNER.format(who=become("")) + "\n\n")
    lines = _reader(stdin)
    while True:
        channel.ready()
        line = await lines.get()
        channel.waiting = False
        if not line:
            return
        line = line.strip()
        if not line:
            continue
        if line.lower().startswith("/la ") or line.lower() == "/la":
            channel.out.write(texts.CONSOLE_YOU_ARE.format(who=become(line[3:].strip())) + "\n\n")
            continue
        cmd = parse(line)
        if cmd is not None and cmd.action == Action.REMIND_NOW and remind_now is not None:
            await deliver(channel, SENDER.chat_id, await remind_now())
            continue
        for reply in await asyncio.to_thread(handle, Inbound(sender=SENDER, text=line, caps=channel.caps)):
            await deliver(channel, SENDER.chat_id, reply)
