"""What the bot is waiting for from one person (a note, a reason, a date, a choice, a page
cursor), kept in the `Prompt` table so a restart in between loses nothing. Its own module
because the status actions, the review decisions and paging all ask questions."""
from __future__ import annotations

from datetime import timedelta

from bot.domain import Expect
from bot.service.conversation.context import Ctx
from bot.store import people
from bot.store.models import Prompt

PROMPT_TTL = timedelta(hours=2)
MAX_NOTE = 1000  # characters of a note or a reason


def set_prompt(ctx: Ctx, expect: Expect, *, codes: list[str] = (), draft_text: str = "") -> None:
    people.set_prompt(ctx.session, ctx.contact.id, expect, codes=list(codes), draft_text=draft_text,
                      expires_at=ctx.now + PROMPT_TTL)


def clear_prompt(ctx: Ctx, *, pages: bool = False) -> None:
    """Forget the question the bot was waiting on. A page cursor is no question and stays
    (mark a task of page 1 done, then ask for page 2) unless `pages` (/huy)."""
    if ctx.contact is not None:
        people.clear_prompt(ctx.session, ctx.contact.id)
        if pages:
            people.clear_cursor(ctx.session, ctx.contact.id)


def current_prompt(ctx: Ctx) -> Prompt | None:
    return None if ctx.contact is None else people.live_prompt(ctx.session, ctx.contact.id, ctx.now)
