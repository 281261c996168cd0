"""Evidence in the chat: a document or photo a focal point sends for a task.

Which task: the caption names it ("xong TB25-16 …" records the completion with the file,
"ghichu TB25-16 …" a note, a bare "TB25-16 …" attaches only); without a caption, the task
the bot just asked about ("Gửi kèm văn bản hoặc minh chứng", after a done), or the done the
sender recorded in the last two hours. Every file is checked (size, type by content) before
anything is written: one bad file refuses the whole message and changes nothing. A file is
fetched from the platform only once its task is known and the sender is a focal point of the
task's agency (`FetchFirst`): a stranger's file, or one for another agency's task, is never
downloaded.
"""
from __future__ import annotations

from bot.clock import to_utc
from bot.domain import STATUS_ACTIONS, Action, Expect, Status
from bot.render import bold, clean_input
from bot.service import texts
from bot.service.conversation import actions, prompts
from bot.service.conversation.context import Ctx, Refusal
from bot.service.conversation.intents import find_codes, parse, split_code, strip_codes
from bot.service.ports import Inbound, IncomingFile, Reply
from bot.service.review.files import MAX_BYTES, FileStore, clean_name, human_size, sniff
from bot.service.review.numbers import document_numbers
from bot.store import review, status
from bot.store.models import Assignment, Evidence, StatusEvent, Task

ATTACH_AFTER_DONE = prompts.PROMPT_TTL  # a caption-less file this soon after a done goes with it


class FileTooBig(Refusal):
    """A file over MAX_BYTES (the web page answers it with 413, the chat as any refusal)."""


class FetchFirst(Exception):
    """The sender may attach these files here, and they are not fetched yet: the conversation
    rolls back, fetches them outside the transaction and handles the message again."""


def _declared(files: tuple[IncomingFile, ...]) -> None:
    """Refuse a file the platform already says is too big, before anything is fetched."""
    for f in files:
        if f.too_big or f.size > MAX_BYTES:
            raise FileTooBig(texts.EVIDENCE_TOO_BIG.format(name=f.name or "ảnh", max=MAX_BYTES // (1024 * 1024)))


def check(files: tuple[IncomingFile, ...]) -> list[tuple[IncomingFile, str]]:
    """Every file with its kind, or a Refusal naming the first one that cannot be taken."""
    _declared(files)
    if any(f.pending for f in files):
        raise FetchFirst()
    out = []
    for f in files:
        name = f.name or "ảnh"
        if f.data is not None and len(f.data) > MAX_BYTES:
            raise FileTooBig(texts.EVIDENCE_TOO_BIG.format(name=name, max=MAX_BYTES // (1024 * 1024)))
        if f.data is None:
            raise Refusal(texts.EVIDENCE_NOT_FETCHED.format(name=name))
        kind = sniff(f.data, f.name)
        if kind is None:
            raise Refusal(texts.EVIDENCE_BAD_TYPE.format(name=name))
        out.append((f, kind))
    return out


def fetch(files: tuple[IncomingFile, ...]) -> tuple[IncomingFile, ...]:
    """The files with their bytes, at most MAX_BYTES each (called outside any transaction)."""
    return tuple(f.fetched(MAX_BYTES) for f in files)


def _target_of_prompt(ctx: Ctx) -> str | None:
    prompt = prompts.current_prompt(ctx)
    if prompt is not None and Expect(prompt.action) in (Expect.NOTE_AFTER_DONE, Expect.NOTE) and prompt.codes:
        return prompt.codes.split(",")[0]
    return None


def _recent_done(ctx: Ctx) -> str | None:
    event = status.last_own_event(ctx.session, ctx.contact.id)
    if event is None or event.status not in (Status.DONE, Status.SUBMITTED):
        return None
    if to_utc(ctx.now) - event.at > ATTACH_AFTER_DONE:
        return None
    a = ctx.session.get(Assignment, event.assignment_id)
    task = ctx.session.get(Task, a.task_id)
    return task.code if task and not task.archived else None


def _latest_own(ctx: Ctx, a: Assignment) -> StatusEvent | None:
    latest = status.latest_event(ctx.session, a.id)
    return latest if latest is not None and latest.contact_id == ctx.contact.id else None


def attach(ctx: Ctx, store: FileStore, task: Task, a: Assignment, checked, caption: str) -> list[Evidence]:
    """Store and record the files with the event they go with: the pending submission, else the
    sender's latest report. Added to a submission whose notice a secretary already has, they
    are forwarded to that secretary in a follow-up (`review.queue_followups`)."""
    sub = review.submission_event(ctx.session, a)
    anchor = sub or _latest_own(ctx, a)
    out = []
    for f, kind in checked:
        stored = store.put(f.data, kind)
        out.append(review.add_evidence(ctx.session, Evidence(
            assignment_id=a.id, event_id=anchor.id if anchor else None, contact_id=ctx.contact.id,
            name=clean_name(f.name, kind, stored.sha256), size=stored.size, sha256=stored.sha256, kind=kind,
            caption=caption[:500], added_at=to_utc(ctx.now))))
    if sub is not None and out:
        review.queue_followups(ctx.session, a.id, sub.id, [e.id for e in out], ctx.now)
    return out


def added_line(code: str, items: list[Evidence]) -> str:
    names = ", ".join(texts.EVIDENCE_ITEM.format(name=e.name, size=human_size(e.size)) for e in items)
    return texts.EVIDENCE_ADDED.format(code=bold(code), names=names)


def receive(ctx: Ctx, inbound: Inbound, store: FileStore | None) -> Reply:
    """A file from a registered contact: find its task, check the sender may update it, then
    (only then) have the files fetched and check them, record, attach, confirm."""
    if store is None:
        raise Refusal(texts.EVIDENCE_NO_STORE)
    caption = clean_input(inbound.text or "").strip()
    cmd = parse(caption) if caption else None
    if cmd is not None and cmd.action in STATUS_ACTIONS and split_code(cmd.args)[0]:
        code, rest = split_code(cmd.args)
        task, a = actions.own_assignment(ctx, code)
        checked = check(inbound.files)
        checked_note = rest.strip()
        if cmd.action == Action.NOTE and not checked_note:
            reply = Reply.text()  # "ghichu TB25-16" with only a file: the file is the note
        else:
            reply = actions.do_status(ctx, cmd.action, code, checked_note)
        items = attach(ctx, store, task, a, checked, caption)
        reply.entries.insert(1 if reply.entries else 0, Reply.text(added_line(task.code, items)).entries[0])
        return reply
    _declared(inbound.files)
    codes = find_codes(caption)
    code = codes[0] if len(codes) == 1 else None if codes else (_target_of_prompt(ctx) or _recent_done(ctx))
    if code is None:
        raise Refusal(texts.EVIDENCE_WHICH_TASK)
    task, a = actions.own_assignment(ctx, code)
    items = attach(ctx, store, task, a, check(inbound.files), strip_codes(caption))
    return Reply.text(added_line(task.code, items))


def names_with_numbers(items: list[Evidence]) -> str:
    """For the workbook's "Minh chứng": names, and the document numbers their captions carry."""
    out = []
    for e in items:
        nums = document_numbers(e.caption)
        out.append(f"{e.name} ({', '.join(nums)})" if nums else e.name)
    return "; ".join(out)


def as_json(items: list[Evidence]) -> list[dict]:
    return [{"name": e.name, "size": e.size, "sha256": e.sha256, "added_at": to_utc(e.added_at).isoformat()}
            for e in items]


def lookup(session, assignment_ids: list[int] | None = None) -> dict[int, list[Evidence]]:
    return review.evidence_by_assignment(session, assignment_ids)

