"""/choxacnhan: what waits for the secretariat, oldest first, with the decision buttons."""
from __future__ import annotations

from bot.clock import to_local
from bot.domain import Decision
from bot.render import bold
from bot.service import texts
from bot.service.conversation.context import Ctx, Refusal
from bot.service.ports import Button, Entry, Reply
from bot.service.review.files import human_size
from bot.store import review

MAX_SHOWN = 30


def listing(ctx: Ctx) -> Reply:
    if not ctx.is_manager:
        raise Refusal(texts.MANAGERS_ONLY_AGENCY)
    rows = sorted(review.pending_submissions(ctx.session), key=lambda r: (r[3].at, r[0].code))
    if not rows:
        return Reply.text(texts.PENDING_NONE)
    files = review.evidence_by_event(ctx.session, [e.id for *_, e in rows])
    entries = [Entry(bold(texts.PENDING_HEAD.format(n=len(rows))))]
    for task, a, agency, event in rows[:MAX_SHOWN]:
        items = files.get(event.id, [])
        extra = ("; " + ", ".join(f"{e.name} {human_size(e.size)}" for e in items)) if items else ""
        line = texts.PENDING_LINE.format(code=bold(task.code), agency=agency.name,
                                         content=texts.shorten(task.content, 80),
                                         at=texts.vn_datetime(to_local(event.at, ctx.now.tzinfo)), evidence=extra)
        buttons = [Button(texts.REVIEW_BUTTONS[Decision.CONFIRMED], f"rv:ok:{event.id}"),
                   Button(texts.REVIEW_BUTTONS[Decision.RETURNED], f"rv:back:{event.id}")]
        if not ctx.has_buttons:
            line += "\n  " + texts.REVIEW_HINT_TEXT.format(code=task.code, agency=agency.name)
        entries.append(Entry(line, buttons if ctx.has_buttons and ctx.contact.role == "secretariat" else []))
    if len(rows) > MAX_SHOWN:
        entries.append(Entry(texts.PENDING_MORE.format(n=len(rows) - MAX_SHOWN)))
    return Reply(entries=entries)
