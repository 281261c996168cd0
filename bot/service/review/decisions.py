"""The secretariat confirms or returns a completion; the lead agrees to or refuses an extension.

Every decision is on one event (the submission, the request) and there is exactly one: the
first to act inserts the `ReviewDecision` row (unique event id), whoever comes second — another
secretary, another channel, another process — finds it and is told who decided. The change
and the notices it causes (to the focal points, to the others who were asked) are written in
the same transaction; the dispatcher delivers the notices exactly once (`bot.store.review`).

Button data: `rv:ok:<event>`, `rv:back:<event>` (asks for the reason), `ext:yes:<event>`,
`ext:no:<event>`. Text commands: XACNHAN <mã> [cơ quan], TRALAI <mã> [cơ quan] <lý do>,
GIAHAN <mã> [cơ quan] DONGY|KHONG.
"""
from __future__ import annotations

from bot.clock import to_local
from bot.domain import Action, Decision, Expect, Platform, Role, Status
from bot.render import bold
from bot.service import texts
from bot.service.conversation import prompts
from bot.service.conversation.context import Ctx, Refusal
from bot.service.conversation.intents import split_code
from bot.service.ports import Reply
from bot.store import review, tasks
from bot.store.models import Agency, Assignment, StatusEvent, Task
from bot.store.status import record_status
from bot.text import fold

MAX_REASON = prompts.MAX_NOTE
_YES, _NO = {"dongy", "dong", "co", "yes", "ok"}, {"khong", "ko", "no", "tuchoi"}


# -- what a focal point's report queues -------------------------------------------------

def submitted(ctx: Ctx, a: Assignment, event: StatusEvent) -> None:
    """A completion reported in a plan under review: one notice to every active secretary."""
    rows = [(f"review:a{a.id}:e{event.id}:c{c.id}", "review", a.id, c.id)
            for c in review.active_contacts(ctx.session, Role.SECRETARIAT)]
    review.queue(ctx.session, rows, ctx.now)


def requested(ctx: Ctx, a: Assignment, event: StatusEvent) -> None:
    """An extension asked for: one notice to every active lead."""
    rows = [(f"extreq:a{a.id}:e{event.id}:c{c.id}", "extreq", a.id, c.id)
            for c in review.active_contacts(ctx.session, Role.LEAD)]
    review.queue(ctx.session, rows, ctx.now)


# -- deciding ----------------------------------------------------------------------------

def _load(ctx: Ctx, event_id: int) -> tuple[StatusEvent, Assignment, Task, Agency]:
    event = ctx.session.get(StatusEvent, event_id)
    if event is None:
        raise Refusal(texts.STALE_BUTTON)
    a = ctx.session.get(Assignment, event.assignment_id)
    return event, a, ctx.session.get(Task, a.task_id), ctx.session.get(Agency, a.agency_id)


def _check(ctx: Ctx, event_id: int, extension: bool) -> tuple[StatusEvent, Assignment, Task, Agency]:
    """Who may decide, and that the event still waits for a decision (else a polite no)."""
    role = Role.LEAD if extension else Role.SECRETARIAT
    if ctx.contact is None or ctx.contact.role != role:
        raise Refusal(texts.REVIEW_LEAD_ONLY if extension else texts.REVIEW_SECRETARIAT_ONLY)
    event, a, task, agency = _load(ctx, event_id)
    done = review.decision_on(ctx.session, event_id)
    if done is not None:
        raise Refusal(_already(ctx, done, task, agency))
    current = review.request_event(ctx.session, a) if extension else review.submission_event(ctx.session, a)
    if current is None or current.id != event_id:
        raise Refusal(texts.REVIEW_STALE.format(code=task.code, agency=agency.name))
    return event, a, task, agency


def _already(ctx: Ctx, done, task: Task, agency: Agency) -> str:
    decision, who = done
    name = who.display_name if who and who.display_name else texts.ROLE[Role(who.role)] if who else "người khác"
    at = texts.vn_datetime(to_local(decision.at, ctx.now.tzinfo))
    return texts.REVIEW_ALREADY.format(code=task.code, agency=agency.name, who=name,
                                       what=texts.DECISION_WHAT[Decision(decision.decision)], at=at)


def _notify(ctx: Ctx, a: Assignment, event: StatusEvent, asked: Role) -> None:
    """The decision to the agency's focal points and to the others who were asked. Decided in
    a chat, the decider's own copy was answered there; decided on the web page, the decider's
    chat copy still has its buttons, so it is edited like everyone else's."""
    on_web = ctx.sender.platform == Platform.WEB
    rows = [(f"told:e{event.id}:c{c.id}", "told", a.id, c.id)
            for c in review.active_contacts(ctx.session, Role.FOCAL, a.agency_id)]
    rows += [(f"decided:e{event.id}:c{c.id}", "decided", a.id, c.id)
             for c in review.active_contacts(ctx.session, asked) if on_web or c.id != ctx.contact.id]
    review.queue(ctx.session, rows, ctx.now)


def decide(ctx: Ctx, event_id: int, decision: Decision, reason: str = "") -> Reply:
    extension = decision.is_extension
    event, a, task, agency = _check(ctx, event_id, extension)
    reason = reason.strip()
    if decision == Decision.RETURNED and not reason:
        raise Refusal(texts.REVIEW_REASON_EMPTY)
    if len(reason) > MAX_REASON:
        raise Refusal(texts.NOTE_TOO_LONG.format(n=len(reason), max=MAX_REASON))
    new_due = event.requested_due if decision == Decision.AGREED else None
    if not review.decide(ctx.session, event_id=event_id, assignment_id=a.id, decision=decision, at=ctx.now,
                         contact_id=ctx.contact.id, channel=ctx.sender.platform, reason=reason, new_due=new_due):
        raise Refusal(_already(ctx, review.decision_on(ctx.session, event_id), task, agency))
    if not extension:
        review.drop_followups(ctx.session, event_id)  # files added later: moot once decided
    who = dict(contact_id=ctx.contact.id, channel=ctx.sender.platform, at=ctx.now)
    if decision == Decision.CONFIRMED:
        record_status(ctx.session, a, status=Status.DONE, **who)
    elif decision == Decision.RETURNED:
        record_status(ctx.session, a, status=Status.IN_PROGRESS, note=f"Trả lại: {reason}", keep_due=True, **who)
    elif decision == Decision.AGREED:
        record_status(ctx.session, a, status=Status.DELAYED, new_due=new_due, **who)
        review.clear_request(ctx.session, a)
    else:
        review.clear_request(ctx.session, a)
    _notify(ctx, a, event, Role.LEAD if extension else Role.SECRETARIAT)
    prompts.clear_prompt(ctx)
    return Reply.text(texts.DECISION_DONE[decision].format(code=bold(task.code), agency=agency.name, reason=reason,
                                                           date=texts.vn_date(new_due)))


def ask_reason(ctx: Ctx, event_id: int) -> Reply:
    """↩️ Trả lại: the reason comes in the next message (kept in the Prompt table)."""
    _, _, task, agency = _check(ctx, event_id, extension=False)
    prompts.set_prompt(ctx, Expect.RETURN_REASON, codes=[f"e{event_id}"])
    return Reply.text(texts.REVIEW_ASK_REASON.format(code=bold(task.code), agency=agency.name))


def answer_reason(ctx: Ctx, codes: str, text: str) -> Reply:
    """The reason typed after ↩️. If someone decided meanwhile, say so and stop waiting for a
    reason (the question is answered); an empty or too long reason is asked again."""
    event_id = int(codes.lstrip("e")) if codes.lstrip("e").isdigit() else 0
    try:
        return decide(ctx, event_id, Decision.RETURNED, text)
    except Refusal as exc:
        if not text.strip() or len(text.strip()) > MAX_REASON:
            raise
        ctx.session.rollback()
        prompts.clear_prompt(ctx)
        return Reply.text(str(exc))


def button(ctx: Ctx, parts: list[str]) -> Reply:
    """`rv:ok|back:<event>`, `ext:yes|no:<event>`."""
    if len(parts) != 3 or not parts[2].isdigit():
        raise Refusal(texts.STALE_BUTTON)
    kind, verb, event_id = parts[0], parts[1], int(parts[2])
    if kind == "rv" and verb == "ok":
        return decide(ctx, event_id, Decision.CONFIRMED)
    if kind == "rv" and verb == "back":
        return ask_reason(ctx, event_id)
    if kind == "ext" and verb in ("yes", "no"):
        return decide(ctx, event_id, Decision.AGREED if verb == "yes" else Decision.REFUSED)
    raise Refusal(texts.STALE_BUTTON)


# -- text commands -----------------------------------------------------------------------

def _strip_agency(text: str, agency: Agency, aliases: list[str]) -> str | None:
    """`text` without a leading mention of the agency (name or alias, any tones), or None."""
    words = text.split()
    folded = [fold(w) for w in words]
    for name in sorted([agency.name, *aliases], key=len, reverse=True):
        n = fold(name).split()
        if n and folded[:len(n)] == n:
            return " ".join(words[len(n):])
    return None


def command(ctx: Ctx, action: Action, args: str) -> Reply:
    """XACNHAN / TRALAI / GIAHAN typed: find the one waiting event the words point at."""
    extension = action == Action.EXTEND
    role = Role.LEAD if extension else Role.SECRETARIAT
    if ctx.contact is None or ctx.contact.role != role:
        raise Refusal(texts.REVIEW_LEAD_ONLY if extension else texts.REVIEW_SECRETARIAT_ONLY)
    example = {Action.CONFIRM: "XACNHAN TB25-16 Sở Y tế", Action.RETURN: "TRALAI TB25-16 Sở Y tế thiếu văn bản",
               Action.EXTEND: "GIAHAN TB25-16 Sở Y tế DONGY"}[action]
    code, rest = split_code(args)
    if code is None:
        raise Refusal(texts.REVIEW_CODE_NEEDED.format(example=example))
    task = tasks.task_by_code(ctx.session, code)
    if task is None:
        raise Refusal(texts.NO_SUCH_TASK.format(code=code))
    waiting = []
    for a, agency in tasks.lead_assignments(ctx.session, task.id):
        event = review.request_event(ctx.session, a) if extension else review.submission_event(ctx.session, a)
        if event is not None:
            waiting.append((event, agency))
    rest = rest.strip()
    chosen = []
    for event, agency in waiting:
        left = _strip_agency(rest, agency, tasks.aliases(ctx.session, agency.id))
        if left is not None:
            chosen.append((event, agency, left))
    if not chosen and len(waiting) == 1:
        chosen = [(waiting[0][0], waiting[0][1], rest)]
    if not waiting:
        what = texts.DECISION_WHAT[Decision.AGREED] if extension else texts.DECISION_WHAT[Decision.CONFIRMED]
        raise Refusal(texts.REVIEW_NONE_WAITING.format(code=code, what=what))
    if len(chosen) != 1:
        raise Refusal(texts.REVIEW_WHICH_AGENCY.format(code=code, example=example))
    event, _, left = chosen[0]
    if action == Action.CONFIRM:
        return decide(ctx, event.id, Decision.CONFIRMED)
    if action == Action.RETURN:
        return decide(ctx, event.id, Decision.RETURNED, left)
    word = fold(left).replace(" ", "")
    if word in _YES:
        return decide(ctx, event.id, Decision.AGREED)
    if word in _NO:
        return decide(ctx, event.id, Decision.REFUSED)
    raise Refusal(texts.REVIEW_EXTEND_WORD)
