"""Free text from a focal point: answers to what the bot asked, and status replies in words.

Why its own module: this is where a wrong guess costs most. A reply is recorded only when it
says clearly what happened (`intents.classify` → `schedules.replies.read_reply`); otherwise the
bot asks — with buttons on Telegram, with numbered choices where there are none (Zalo, console)
— and writes nothing until answered. The question is kept in the `Prompt` table, so a restart
in between loses nothing.
"""
from __future__ import annotations

import re

from bot.domain import Action, Expect, Role
from bot.render import bold
from bot.service import texts
from bot.service.conversation import actions, prompts
from bot.service.conversation.context import Ctx, Refusal
from bot.service.conversation.intents import classify, find_codes, strip_codes, strip_lead
from bot.service.ports import Button, Reply
from bot.store import tasks
from bot.store.models import Prompt
from schedules.calendar import WorkCalendar
from schedules.deadlines import extract_reply_date
from schedules.replies import Meaning, extract_expected_date

MAX_CHOICES = 8
WHAT_FOR = (Action.DONE, Action.DELAY, Action.PROGRESS, Action.NOTE)  # numbered 1..4
_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")


def handle(ctx: Ctx, text: str, reply_to: str | None, calendar: WorkCalendar | None,
           forced: Action | None = None) -> Reply:
    prompt = prompts.current_prompt(ctx)
    if prompt is not None and not forced:
        expect = Expect(prompt.action)
        if not expect.is_choice:
            return _answer_prompt(ctx, prompt, expect, text, calendar)
        number = _NUMBER.match(text)
        if number:
            return _chosen(ctx, prompt, expect, int(number.group(1)), calendar)
    ft = classify(text, ctx.today, calendar)
    codes = ft.codes or (find_codes(reply_to) if reply_to else [])
    if not codes and ft.meaning == Meaning.CHAT and not forced:
        return Reply.text(texts.CHAT_ACK)
    intent = forced or ft.intent
    if not codes and ctx.contact.role == Role.FOCAL:
        rows = tasks.open_rows(ctx.session, [ctx.contact.agency_id]) if ctx.contact.agency_id else []
        candidates = sorted({t.code for t, _, _ in rows})
        if len(candidates) == 1:
            codes = candidates
        elif candidates:
            return ask_which(ctx, intent, text, candidates)
    if not codes:
        return Reply.text(texts.WHICH_TASK)
    if len(codes) > 1:
        return ask_which(ctx, intent, text, codes)
    if forced:  # "/danglam đã xong bản thảo": the command decides, the text is the note
        return _forced(ctx, forced, codes[0], strip_codes(text), calendar)
    if intent is None:
        return ask_what(ctx, codes[0], text)
    if ft.date_problem:
        raise Refusal(ft.date_problem)
    return actions.do_status(ctx, intent, codes[0], ft.note, ft.new_due)


def choose(ctx: Ctx, action: Action, code: str, calendar: WorkCalendar | None) -> Reply:
    """A choice made (button `fx:<action>:<code>` or a number): record it with the text the
    person had typed before the question (or before "which date?", when ✅ answers it instead).
    "hôm nay họp" then "⏳ Chậm" asks the date: "hôm nay" is never the new one."""
    prompt = prompts.current_prompt(ctx)
    dated = prompt is not None and prompt.action == Expect.DATE and code in prompt.codes.split(",")
    draft = prompt.draft_text if prompt and (Expect(prompt.action).is_choice or dated) else ""
    if action == Action.DELAY:
        hit = extract_expected_date(draft, ctx.today, calendar=calendar) if draft else None
        return actions.do_delay(ctx, code, hit[0] if hit else None, strip_lead(hit[1] if hit else draft))
    return actions.do_status(ctx, action, code, strip_lead(draft) if action == Action.DONE else draft)


def ask_what(ctx: Ctx, code: str, text: str) -> Reply:
    actions.own_assignment(ctx, code)
    prompts.set_prompt(ctx, Expect.PICK, codes=[code], draft_text=strip_codes(text))
    labels = [texts.BUTTON[a] if a != Action.NOTE else texts.PICK_NOTE_BUTTON for a in WHAT_FOR]
    buttons = [Button(label, f"fx:{a}:{code}") for a, label in zip(WHAT_FOR, labels)]
    head = texts.WHAT_FOR.format(code=bold(code))
    if ctx.has_buttons:
        return Reply.text(head, buttons=buttons)
    return Reply.text(head + "\n" + _numbered(labels) + texts.NUMBER_HINT)


def ask_which(ctx: Ctx, intent: Action | None, text: str, codes: list[str]) -> Reply:
    codes = codes[:MAX_CHOICES]
    prompts.set_prompt(ctx, Expect.pick_for(intent or Action.NOTE), codes=codes, draft_text=strip_codes(text))
    kind = intent or Action.NOTE
    if ctx.has_buttons:
        return Reply.text(texts.PICK_TASK, buttons=[Button(c, f"fx:{kind}:{c}") for c in codes])
    return Reply.text(texts.PICK_TASK + "\n" + _numbered(codes) + texts.NUMBER_HINT)


def _numbered(labels: list[str]) -> str:
    return "\n".join(f"{n}. {label}" for n, label in enumerate(labels, 1))


def _chosen(ctx: Ctx, prompt: Prompt, expect: Expect, n: int, calendar: WorkCalendar | None) -> Reply:
    codes = prompt.codes.split(",")
    if expect == Expect.PICK:
        if not 1 <= n <= len(WHAT_FOR):
            raise Refusal(texts.NUMBER_OUT_OF_RANGE.format(n=len(WHAT_FOR)))
        return choose(ctx, WHAT_FOR[n - 1], codes[0], calendar)
    if not 1 <= n <= len(codes):
        raise Refusal(texts.NUMBER_OUT_OF_RANGE.format(n=len(codes)))
    return choose(ctx, expect.action, codes[n - 1], calendar)


def _forced(ctx: Ctx, action: Action, code: str, body: str, calendar: WorkCalendar | None) -> Reply:
    if action == Action.DELAY:
        hit = extract_expected_date(body, ctx.today, calendar=calendar)
        new_due, body = hit if hit else (None, body)
        return actions.do_delay(ctx, code, new_due, strip_lead(body))
    note = body.strip(" ,.;:") if action == Action.PROGRESS else strip_lead(body)
    return actions.do_status(ctx, action, code, note)


def _answer_prompt(ctx: Ctx, prompt: Prompt, expect: Expect, text: str, calendar: WorkCalendar | None) -> Reply:
    if expect == Expect.RETURN_REASON:
        from bot.service.review import decisions  # late: decisions builds on actions

        return decisions.answer_reason(ctx, prompt.codes, text)
    code = prompt.codes.split(",")[0]
    if expect in (Expect.NOTE_AFTER_DONE, Expect.REASON_AFTER_DELAY, Expect.NOTE):
        return actions.do_note(ctx, code, text)
    # Expect.DATE: we still need the date (and maybe the reason). "hôm nay họp, thứ 6 xong" is
    # Friday; "hôm nay" alone is read, and refused with its reason (it must be after today)
    hit = (extract_expected_date(text, ctx.today, calendar=calendar)
           or extract_reply_date(text, ctx.today, calendar=calendar))
    if hit is None:
        raise Refusal(texts.DATE_UNREAD)
    reason = " ".join(x for x in (prompt.draft_text, strip_lead(hit[1])) if x).strip()
    return actions.do_delay(ctx, code, hit[0], reason)
