"""/web in the chat: a one-time sign-in link to the web page for whoever asks (every registered
role, every channel). Bound by the composition root, which knows the public address."""
from __future__ import annotations

from bot.service import texts
from bot.service.conversation.context import Ctx
from bot.service.portal.auth import new_link
from bot.service.ports import Reply


def web_link(ctx: Ctx, args: str, *, base_url: str) -> Reply:
    link = new_link(ctx.session, ctx.contact, ctx.now, base_url)
    return Reply.text(texts.WEB_LINK.format(url=link.url, until=texts.vn_time_date(link.expires_at)))
