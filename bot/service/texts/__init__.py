"""Every Vietnamese word the bot says in chat, and the one table of commands.

Why one catalogue: a civil servant reads the same thing on Telegram, Zalo and the console, the
labels of a status must agree everywhere ("chậm, xin lùi hạn" in one place and "xin lùi hạn"
in another confused people), and adding a command is one row of `COMMANDS`: the slash
commands, the Zalo words, the bare words, the Telegram menu and the help texts derive from it.
Formats are Vietnamese: 30/06/2025, 10.000, 30,0%.
"""
# One namespace for callers (`texts.STATUS`, `texts.WELCOME` …), split into modules by who speaks.
from bot.service.texts.formats import *  # noqa: F401,F403
from bot.service.texts.labels import *  # noqa: F401,F403
from bot.service.texts.commands import *  # noqa: F401,F403
from bot.service.texts.chat import *  # noqa: F401,F403
from bot.service.texts.reminders import *  # noqa: F401,F403
from bot.service.texts.review import *  # noqa: F401,F403
from bot.service.texts.people import *  # noqa: F401,F403
from bot.service.texts.groups import *  # noqa: F401,F403
from bot.service.texts.web import *  # noqa: F401,F403
