"""One conversation for every channel: Inbound → intent → authorisation → store → Reply.

Adapters (Telegram, Zalo, console) only translate to and from `Inbound`/`Reply`; all the
understanding lives here, so the three channels behave the same.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain import STATUS_ACTIONS, Action, Role
from bot.render import bold, clean_input
from bot.service import texts
from bot.service.conversation import actions, free_text, later, leave, lookups, paging, prompts
from bot.service.conversation.context import Ctx, Refusal
from bot.service.conversation.intents import Command, parse, split_code
from bot.service.onboarding import OnboardingError, find_contact, redeem
from bot.service.ports import Inbound, Reply
from bot.service.review import decisions, evidence, pending
from bot.service.review.files import FileStore
from bot.store import Engine, inbox, people, session_scope
from bot.text import is_blank
from bot.store.models import Agency
from schedules.calendar import WorkCalendar
from schedules.replies import Meaning, extract_expected_date, read_reply

log = logging.getLogger(__name__)
ReportCommand = Callable[[Ctx, str], Reply]


@dataclass
class Conversation:
    engine: Engine
    clock: Clock
    tz: ZoneInfo
    calendar: WorkCalendar | None = None  # "10 ngày làm việc nữa" counts working days on it
    summary_command: ReportCommand | None = None  # /tonghop (bound by the composition root)
    report_command: ReportCommand | None = None  # /baocao
    web_link: ReportCommand | None = None  # /web (bound by the composition root: it knows the public URL)
    files: FileStore | None = None  # where evidence files are kept (None: evidence is refused)

    def handle(self, inbound: Inbound) -> list[Reply]:
        """Handle one inbound message in one transaction; a refusal writes nothing.

        Files are fetched only when the message turns out to be evidence its sender may attach
        (`evidence.FetchFirst`): then outside the transaction, and the message is handled again."""
        try:
            return self._handle(inbound)
        except evidence.FetchFirst:
            return self._handle(replace(inbound, files=evidence.fetch(inbound.files)))

    def _handle(self, inbound: Inbound) -> list[Reply]:
        now = self.clock().astimezone(self.tz)
        try:
            with session_scope(self.engine) as session:
                if inbound.update_id is not None and not self._mark(session, inbound, now):
                    return []  # handled before (a redelivery, or a replay after a crash)
                contact = find_contact(session, inbound.sender.platform, inbound.sender.user_id)
                ctx = Ctx(session=session, sender=inbound.sender, contact=contact, now=now, caps=inbound.caps)
                try:
                    reply = self._route(ctx, inbound)
                except (Refusal, OnboardingError) as exc:
                    session.rollback()
                    if inbound.update_id is not None:
                        self._mark(session, inbound, now)
                    reply = Reply.text(str(exc))
        except evidence.FetchFirst:
            raise
        except Exception:  # a bug or a broken database: nothing written, and the person still hears back
            log.exception("conversation: failed on a message from %s:%s", inbound.sender.platform,
                          inbound.sender.user_id)
            return [Reply.text(texts.INTERNAL_ERROR)]
        return [reply] if reply else []

    @staticmethod
    def _mark(session, inbound: Inbound, now) -> bool:
        """The update's inbox row marked handled in this transaction, first: its effects and the
        mark commit together, so a crash replays it wholly or not at all (bot/store/inbox.py)."""
        return inbox.mark_handled(session.connection(), inbound.sender.platform, inbound.update_id, now)

    # -- routing -------------------------------------------------------------------------
    def _route(self, ctx: Ctx, inbound: Inbound) -> Reply | None:
        if inbound.sender.in_group:
            group = people.group_destination(ctx.session, inbound.sender.platform, inbound.sender.chat_id)
            if group is not None and not _member(ctx, group):
                return self._outsider(ctx, inbound, group)
        if inbound.button:
            return self._button(ctx, inbound.button)
        if inbound.files and not inbound.sender.in_group:  # evidence; nothing is fetched for a stranger
            if ctx.contact is None:
                return Reply.text(texts.NOT_REGISTERED)
            return evidence.receive(ctx, inbound, self.files)
        if inbound.kind != "text" or is_blank(inbound.text):
            if inbound.sender.in_group and ctx.contact is None:
                return None
            return Reply.text(texts.TEXT_ONLY)
        text = clean_input(inbound.text).strip()
        cmd = parse(text)
        if cmd is not None and not _unsaid_done(cmd, text, ctx, self.calendar):
            return self._command(ctx, cmd)
        if ctx.contact is None:
            return None if inbound.sender.in_group else Reply.text(texts.NOT_REGISTERED)
        if inbound.sender.in_group:
            return None  # free text in a group is people talking to each other
        return free_text.handle(ctx, text, inbound.reply_to_text, self.calendar)

    def _outsider(self, ctx: Ctx, inbound: Inbound, group) -> Reply | None:
        """Someone in a registered group who is not a focal point of its agency (a stranger, a
        manager, another agency's focal point): the group speaks for one agency, so their status
        actions, buttons and lookups there are refused politely; chatter and stickers are ignored,
        as for anyone in a group. /start (a new group invite) and /huongdan still work."""
        text = clean_input(inbound.text or "").strip()
        cmd = parse(text) if inbound.kind == "text" and not inbound.button and not is_blank(text) else None
        if cmd is not None and cmd.action in (Action.START, Action.HELP):
            return self._command(ctx, cmd)
        if inbound.button or (cmd is not None and not _unsaid_done(cmd, text, ctx, self.calendar)):
            agency = ctx.session.get(Agency, group.agency_id)
            raise Refusal(texts.GROUP_MEMBERS_ONLY.format(agency=bold(agency.name) if agency else ""))
        return None

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
        if ctx.sender.in_group and (action in texts.PRIVATE or ctx.is_manager and action in texts.WIDE):
            raise Refusal(texts.PRIVATE_ONLY)
        if action in STATUS_ACTIONS:
            code, rest = split_code(args)
            if code is None:
                return free_text.handle(ctx, args, None, self.calendar, forced=action)
            new_due = None
            if action == Action.DELAY:
                hit = extract_expected_date(rest, ctx.today, calendar=self.calendar)  # not "hôm nay"
                new_due, rest = hit if hit else (None, rest)
            return actions.do_status(ctx, action, code, rest, new_due)
        if action == Action.SNOOZE:
            code, rest = split_code(args)
            if code is None:
                raise Refusal(texts.SNOOZE_DAYS.format(code="TB25-11"))
            return later.do_snooze(ctx, code, rest, self.calendar)
        if action == Action.LEAVE:
            return leave.do_leave(ctx, args, self.calendar)
        if action == Action.PEOPLE:
            return lookups.people(ctx, args)
        if action in (Action.CONFIRM, Action.RETURN, Action.EXTEND):
            return decisions.command(ctx, action, args)
        if action == Action.PENDING_REVIEW:
            return pending.listing(ctx)
        if action == Action.UNDO:
            return actions.do_undo(ctx, None)
        if action == Action.CANCEL:
            prompts.clear_prompt(ctx, pages=True)
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
        if action == Action.WEB:
            if self.web_link is None:
                return Reply.text(texts.WEB_OFF)
            return self.web_link(ctx, args)
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
                         display_name=s.display_name, now=ctx.now, in_group=s.in_group)
        agency = ctx.session.get(Agency, contact.agency_id) if contact.agency_id else None
        if s.in_group:  # the group was registered, not the sender: they stay who they were
            return Reply.text(texts.REGISTERED_GROUP.format(agency=bold(agency.name)))
        ctx.contact = contact
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
        `fx:<action>:<code>` (answering "which task / what for?", with the text already typed),
        `snz:<code>[:<days>]` ("remind me later"), `pg:<list>:<arg>:<shown>` (the next page of a
        long list) and `rv:…`/`ext:…` (review decisions, see `review/decisions.py`)."""
        parts = data.split(":")
        if parts[0] in ("rv", "ext"):
            return decisions.button(ctx, parts)
        if parts[0] == "pg":
            return paging.resume(ctx, lambda name, arg: lookups.listing(ctx, name, arg), data)
        if parts[0] == Action.SKIP:
            prompts.clear_prompt(ctx)
            return Reply.text(texts.SKIPPED)
        if parts[0] == "snz" and len(parts) in (2, 3):  # ⏰ under a reminder entry
            return later.do_snooze(ctx, parts[1], parts[2] if len(parts) == 3 else "", self.calendar)
        if parts[0] == Action.UNDO and len(parts) == 2 and parts[1].isdigit():
            return actions.do_undo(ctx, int(parts[1]))
        if parts[0] in ("st", "fx") and len(parts) == 3 and parts[1] in set(STATUS_ACTIONS):
            action, code = Action(parts[1]), parts[2]
            if parts[0] == "fx":  # answering "what for / which task": the text typed before counts
                return free_text.choose(ctx, action, code, self.calendar)
            return actions.do_status(ctx, action, code, "")
        return Reply.text(texts.STALE_BUTTON)


def _member(ctx: Ctx, group) -> bool:
    """A registered focal point of the group's agency, known by platform user id (never by name)."""
    c = ctx.contact
    return c is not None and c.role == Role.FOCAL and c.agency_id == group.agency_id


def _unsaid_done(cmd: Command, text: str, ctx: Ctx, calendar: WorkCalendar | None) -> bool:
    """A Zalo-style "XONG TB25-16 chưa?" is not a statement of completion: read it as free text.
    (A slash command "/xong" is explicit and stays a command.)"""
    if cmd.action != Action.DONE or text.startswith("/"):
        return False
    rest = split_code(cmd.args)[1]
    if not rest:
        return False
    alone = read_reply(rest, ctx.today, calendar).meaning  # "sắp xong rồi", "chưa?"
    whole = read_reply(f"xong {rest}", ctx.today, calendar).meaning
    return alone in (Meaning.QUESTION, Meaning.IN_PROGRESS, Meaning.DELAYED) or whole != Meaning.DONE
