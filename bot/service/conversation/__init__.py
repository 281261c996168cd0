"""The chat: one conversation logic for every channel (Telegram, Zalo, console)."""
from bot.service.conversation.handler import Conversation

__all__ = ["Conversation"]
