"""One conversation for every channel: Inbound → intent → authorisation → store → Reply.

Adapters (Telegram, Zalo, console) only translate to and from `Inbound`/`Reply`; all the
understanding lives here, so the three channels behave the same.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain import STATUS_ACTIONS, Action, Expect, Role
from bot.render import bold, clean_input
from bot.service import texts
from bot.service.conversation import actions, lookups, paging
from bot.service.conversation.context import Ctx, Refusal
from bot.service.conversation.intents import Command, classify, find_codes, parse, split_code, strip_codes, strip_lead
from bot.service.onboarding import OnboardingError, find_contact, redeem
from bot.service.ports import Button, Inbound, Reply
from bot.store import Engine, session_scope, tasks
from bot.store.models import Agency, Prompt
from schedules.deadlines import extract_reply_date

log = logging.getLogger(__name__)
ReportCommand = Callable[[Ctx, str], Reply]
MAX_CHOICES = 8


@dataclass
class Conversation:
    engine: Engine
    clock: Clock
    tz: ZoneInfo
    summary_command: ReportCommand | None = None  # /tonghop (bound by the composition root)
    report_command: ReportCommand | None = None  # /baocao

    def handle(self, inbound: Inbound) -> list[Reply]:
        """Handle one inbound message in one transaction; a refusal writes nothing."""
        now = self.clock().astimezone(self.tz)
        try:
            with session_scope(self.engine) as session:
                contact = find_contact(session, inbound.sender.platform, inbound.sender.user_id)
                ctx = Ctx(session=session, sender=inbound.sender, contact=contact, now=now, caps=inbound.caps)
                try:
                    reply = self._route(ctx, inbound)
                except (Refusal, OnboardingError) as exc:
                    session.rollback()
                    reply = Reply.text(str(exc))
        except Exception:  # a bug or a broken database: nothing written, and the person still hears back
            log.exception("conversation: failed on a message from %s:%s", inbound.sender.platform,
                          inbound.sender.user_id)
            return [Reply.text(texts.INTERNAL_ERROR)]
        return [reply] if reply else []

    # -- routing -------------------------------------------------------------------------
    def _route(self, ctx: Ctx, inbound: Inbound) -> Reply | None:
        if inbound.button:
            return self._button(ctx, inbound.button)
        if inbound.kind != "text" or not (inbound.text or "").strip():
            if inbound.sender.in_group and ctx.contact is None:
                return None
            return Reply.text(texts.TEXT_ONLY)
        text = clean_input(inbound.text).strip()
        cmd = parse(text)
        if cmd is not None:
            return self._command(ctx, cmd)
        if ctx.contact is None:
            return None if inbound.sender.in_group else Reply.text(texts.NOT_REGISTERED)
        if inbound.sender.in_group:
            return None  # free text in a group is people talking to each other
        return self._free_text(ctx, text, inbound.reply_to_text)

    def _command(self, ctx: Ctx, cmd: Command) -> Reply | None:
        action, args = cmd.action, cmd.args
        if action == Action.REMIND_NOW:  # the console adapter runs it itself; no chat can
            raise Refusal(texts.REMIND_NOW_CONSOLE_ONLY)
        if action == Action.START:
            return self._start(ctx, args)
        if action == Action.HELP:
            return self._help(ctx)
        if ctx.contact is None:
            return Reply.text(texts.NOT_REGISTERED)
        if action in STATUS_ACTIONS:
            code, rest = split_code(args)
            if code is None:
                return self._free_text(ctx, args, None, forced=action)
            new_due = None
            if action == Action.DELAY:
                hit = extract_reply_date(rest, ctx.today)
                new_due, rest = hit if hit else (None, rest)
            return actions.do_status(ctx, action, code, rest, new_due)
        if action == Action.UNDO:
            return actions.do_undo(ctx, None)
        if action == Action.CANCEL:
            actions.clear_prompt(ctx, pages=True)
            return Reply.text(texts.CANCELLED)
        if action == Action.NEXT:
            return paging.resume(ctx, lambda name, arg: lookups.listing(ctx, name, arg))
        if action == Action.TASKS:
            return paging.first(ctx, lookups.my_tasks(ctx))
        if action == Action.OVERDUE:
            return paging.first(ctx, lookups.overdue(ctx, args))
        if action == Action.AGENCY:
            return paging.first(ctx, lookups.agency_view(ctx, args))
        if action == Action.TASK:
            return paging.first(ctx, lookups.task_history(ctx, split_code(args)[0], self.tz))
        if action == Action.SUMMARY and self.summary_command:
            return self.summary_command(ctx, args)
        if action == Action.REPORT and self.report_command:
            if not ctx.is_manager:
                raise Refusal(texts.REPORT_MANAGERS_ONLY)
            return self.report_command(ctx, args)
        return Reply.text(texts.UNKNOWN_COMMAND)

    def _start(self, ctx: Ctx, args: str) -> Reply:
        code = args.strip().split()[0] if args.strip() else ""
        if not code:
            return self._help(ctx) if ctx.contact else Reply.text(texts.WELCOME)
        s = ctx.sender
        contact = redeem(ctx.session, code, platform=s.platform, user_id=s.user_id, chat_id=s.chat_id,
                         display_name=s.display_name, now=ctx.now)
        ctx.contact = contact
        agency = ctx.session.get(Agency, contact.agency_id) if contact.agency_id else None
        who = texts.ROLE[Role(contact.role)] + (texts.OF_AGENCY.format(name=bold(agency.name)) if agency else "")
        what = texts.REGISTERED_FOCAL if contact.role == Role.FOCAL else texts.REGISTERED_MANAGER
        return Reply.text(texts.REGISTERED.format(who=who, what=what), self._help(ctx).entries[0].text)

    def _help(self, ctx: Ctx) -> Reply:
        if ctx.contact is None:
            return Reply.text(texts.NOT_REGISTERED)
        return Reply.text(texts.help_text(Role(ctx.contact.role), buttons=ctx.has_buttons))

    # -- buttons and free text -----------------------------------------------------------
    def _button(self, ctx: Ctx, data: str) -> Reply:
        """Button data: `skip`, `undo:<event id>`, `st:<action>:<code>` (under a task),
        `fx:<action>:<code>` (answering "which task / what for?", with the text already typed)
        and `pg:<list>:<arg>:<shown>` (the next page of a long list)."""
        parts = data.split(":")
        if parts[0] == "pg":
            return paging.resume(ctx, lambda name, arg: lookups.listing(ctx, name, arg), data)
        if parts[0] == Action.SKIP:
            actions.clear_prompt(ctx)
            return Reply.text(texts.SKIPPED)
        if parts[0] == Action.UNDO and len(parts) == 2 and parts[1].isdigit():
            return actions.do_undo(ctx, int(parts[1]))
        if parts[0] in ("st", "fx") and len(parts) == 3 and parts[1] in set(STATUS_ACTIONS):
            action, code = Action(parts[1]), parts[2]
            prompt = actions.current_prompt(ctx)
            draft = prompt.draft_text if parts[0] == "fx" and prompt and prompt.action == Expect.PICK else ""
            if action == Action.DELAY:
                hit = extract_reply_date(draft, ctx.today) if draft else None
                return actions.do_delay(ctx, code, hit[0] if hit else None, strip_lead(hit[1] if hit else draft))
            return actions.do_status(ctx, action, code, strip_lead(draft) if action == Action.DONE else draft)
        return Reply.text(texts.STALE_BUTTON)

    def _free_text(self, ctx: Ctx, text: str, reply_to: str | None, forced: Action | None = None) -> Reply:
        prompt = actions.current_prompt(ctx)
        if prompt and prompt.action not in (Expect.PICK, Expect.PAGE) and not forced:
            return self._answer_prompt(ctx, prompt, text)
        ft = classify(text, ctx.today)
        codes = ft.codes or (find_codes(reply_to) if reply_to else [])
        intent = forced or ft.intent
        if not codes and ctx.contact.role == Role.FOCAL:
            open_rows = tasks.open_rows(ctx.session, [ctx.contact.agency_id]) if ctx.contact.agency_id else []
            candidates = sorted({t.code for t, _, _ in open_rows})
            if len(candidates) == 1:
                codes = candidates
            elif candidates:
                return self._ask_which(ctx, intent, text, candidates)
        if not codes:
            return Reply.text(texts.WHICH_TASK)
        if len(codes) > 1:
            return self._ask_which(ctx, intent, text, codes)
        code = codes[0]
        if forced:  # "/danglam đã xong bản thảo": the command decides, the text is the note
            return self._forced(ctx, forced, code, strip_codes(text))
        if intent is None or ft.ambiguous:
            return self._ask_what(ctx, code, text)
        return actions.do_status(ctx, intent, code, ft.note, ft.new_due)

    @staticmethod
    def _forced(ctx: Ctx, action: Action, code: str, body: str) -> Reply:
        if action == Action.DELAY:
            hit = extract_reply_date(body, ctx.today)
            new_due, body = hit if hit else (None, body)
            return actions.do_delay(ctx, code, new_due, strip_lead(body))
        return actions.do_status(ctx, action, code, body.strip(" ,.;:") if action == Action.PROGRESS else strip_lead(body))

    def _ask_what(self, ctx: Ctx, code: str, text: str) -> Reply:
        actions.own_assignment(ctx, code)
        actions.set_prompt(ctx, Expect.PICK, codes=[code], draft_text=strip_codes(text))
        buttons = [Button(texts.BUTTON[a], f"fx:{a}:{code}") for a in (Action.DONE, Action.DELAY, Action.PROGRESS)]
        buttons.append(Button(texts.PICK_NOTE_BUTTON, f"fx:{Action.NOTE}:{code}"))
        hint = "" if ctx.has_buttons else texts.WHAT_FOR_HINT.format(code=code)
        return Reply.text(texts.WHAT_FOR.format(code=bold(code)) + hint, buttons=buttons)

    def _ask_which(self, ctx: Ctx, intent: Action | None, text: str, codes: list[str]) -> Reply:
        actions.set_prompt(ctx, Expect.PICK, codes=codes[:MAX_CHOICES], draft_text=strip_codes(text))
        kind = intent or Action.NOTE
        buttons = [Button(c, f"fx:{kind}:{c}") for c in codes[:MAX_CHOICES]]
        hint = "" if ctx.has_buttons else texts.PICK_TASK_HINT.format(code=codes[0])
        return Reply.text(texts.PICK_TASK + hint, buttons=buttons)

    def _answer_prompt(self, ctx: Ctx, prompt: Prompt, text: str) -> Reply:
        code = prompt.codes.split(",")[0]
        if prompt.action in (Expect.NOTE_AFTER_DONE, Expect.REASON_AFTER_DELAY, Expect.NOTE):
            return actions.do_note(ctx, code, text)
        # Expect.DATE: we still need the date (and maybe the reason)
        hit = extract_reply_date(text, ctx.today)
        if hit is None:
            raise Refusal(texts.DATE_UNREAD)
        reason = " ".join(x for x in (prompt.draft_text, strip_lead(hit[1])) if x).strip()
        return actions.do_delay(ctx, code, hit[0], reason)
