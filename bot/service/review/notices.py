"""The dispatcher's review messages: a submission to each secretary (with the evidence files
and ✅/↩️ buttons), the files added to it afterwards (`more`), an extension request to each
lead, the decision to the others who were asked (Telegram edits their copy: `Reply.edit_id`)
and to the agency's focal points, and the secretariat's list of submissions left unreviewed for
`LATE_DAYS` working days. Files a channel cannot carry (its `Capabilities`) are named, with
where to see them (`review.outgoing` makes the sign-in link at send time).

Each is one delivery carrying its claim keys (see `bot.store.review` for the key formats).
"""
from __future__ import annotations

from datetime import date

from bot.clock import to_local
from bot.domain import Decision, Role
from bot.render import bold
from bot.service import texts
from bot.service.ports import Attachment, Button, Capabilities, Entry, Reply
from bot.service.review.files import IMAGE_KINDS, FileStore, human_size

LATE_DAYS = 3
KINDS = ("review", "extreq", "decided", "told", "more", "rvlate")


def _names(items) -> str:
    return ", ".join(f"{e.name} ({human_size(e.size)})" for e in items)


def _evidence_line(notice) -> str:
    if not notice.evidence:
        return texts.REVIEW_NO_EVIDENCE
    return texts.REVIEW_EVIDENCE.format(names=_names(notice.evidence))


def carried(e, caps: Capabilities) -> bool:
    """Can this channel deliver this evidence file itself (from its declared capabilities)?"""
    return caps.documents or (e.kind in IMAGE_KINDS and caps.photos)


def _elsewhere(notice) -> str:
    """Where to see the files the channel could not carry: one link, made for this recipient at
    send time (`review.outgoing`), that signs in once and opens the task's page; else a plain line."""
    link = notice.web_link
    if link is None:
        return texts.REVIEW_FILES_ELSEWHERE
    return texts.REVIEW_FILES_ON_WEB.format(url=link.url, until=link.until)


def original_text(notice, tz) -> str:
    """The notice as first sent (and as edited once decided)."""
    t, a, ev = notice.task, notice.assignment, notice.event
    content = texts.shorten(t.content, 200)
    due = texts.vn_date(t.due) if t.due else t.deadline_text
    if ev.requested_due is not None:
        current = texts.vn_date(ev.new_due) if ev.new_due else due
        body = texts.EXTREQ_BODY.format(title=bold(texts.EXTREQ_TITLE), code=bold(t.code), agency=notice.agency.name,
                                        content=content, due=current, date=texts.vn_date(ev.requested_due))
        lines = [body]
        if ev.note:
            lines.append(texts.REVIEW_NOTE.format(note=ev.note))
        return "\n".join(lines)
    body = texts.REVIEW_BODY.format(title=bold(texts.REVIEW_TITLE), code=bold(t.code), agency=notice.agency.name,
                                    content=content, due=due, at=texts.vn_datetime(to_local(ev.at, tz)))
    lines = [body]
    if a.note:
        lines.append(texts.REVIEW_NOTE.format(note=a.note))
    lines.append(_evidence_line(notice))
    return "\n".join(lines)


def _decided_line(notice, tz) -> str:
    d, who = notice.decision, notice.decider
    name = (who.display_name or texts.ROLE[Role(who.role)]) if who else ""
    reason = f" — {d.reason}" if d.reason else ""
    what = texts.DECISION_WHAT[Decision(d.decision)]
    if d.decision == Decision.AGREED and d.new_due:
        what += f" đến {texts.vn_date(d.new_due)}"
    return texts.DECIDED_LINE.format(who=name, what=what, at=texts.vn_datetime(to_local(d.at, tz)), reason=reason)


def _attachments(notice, caps: Capabilities, files: FileStore | None) -> tuple[list[Attachment], bool]:
    """The evidence as attachments the channel can carry; True if some could not go."""
    out, missing = [], False
    for e in notice.evidence:
        data = files.get(e.sha256) if files is not None and carried(e, caps) else None
        photo = e.kind in IMAGE_KINDS and caps.photos
        if data is None:
            missing = True
            continue
        out.append(Attachment(e.name, data, kind="photo" if photo and not caps.documents else "document",
                              caption=f"{notice.task.code} — {e.name}"))
    return out, missing


def message(kind: str, notice, caps: Capabilities, tz, files: FileStore | None) -> Reply:
    t, agency = notice.task, notice.agency
    eid = notice.event.id
    if kind == "review":
        text = original_text(notice, tz)
        attachments, missing = _attachments(notice, caps, files)
        if missing:
            text += "\n" + _elsewhere(notice)
        buttons = [Button(texts.REVIEW_BUTTONS[Decision.CONFIRMED], f"rv:ok:{eid}"),
                   Button(texts.REVIEW_BUTTONS[Decision.RETURNED], f"rv:back:{eid}")]
        if not caps.has_buttons:
            text += "\n" + texts.REVIEW_HINT_TEXT.format(code=t.code, agency=agency.name)
        return Reply(entries=[Entry(text, buttons if caps.has_buttons else [])], attachments=attachments)
    if kind == "extreq":
        text = original_text(notice, tz)
        buttons = [Button(texts.REVIEW_BUTTONS[Decision.AGREED], f"ext:yes:{eid}"),
                   Button(texts.REVIEW_BUTTONS[Decision.REFUSED], f"ext:no:{eid}")]
        if not caps.has_buttons:
            text += "\n" + texts.EXTREQ_HINT_TEXT.format(code=t.code, agency=agency.name)
        return Reply(entries=[Entry(text, buttons if caps.has_buttons else [])])
    if kind == "more":
        text = texts.MORE_EVIDENCE.format(code=bold(t.code), agency=agency.name, names=_names(notice.evidence))
        notes = dict.fromkeys(e.caption for e in notice.evidence if e.caption.strip())
        text += "".join("\n" + texts.REVIEW_NOTE.format(note=n) for n in notes)
        attachments, missing = _attachments(notice, caps, files)
        if missing:
            text += "\n" + _elsewhere(notice)
        return Reply(entries=[Entry(text)], attachments=attachments)
    if kind == "decided":
        line = _decided_line(notice, tz)
        if notice.message is not None and caps.has_buttons:  # replace the copy with its buttons
            return Reply(entries=[Entry(original_text(notice, tz) + "\n\n" + bold(line))],
                         edit_id=notice.message.message_id)
        return Reply.text(f"{bold(t.code)} — {agency.name}\n{line}")
    if kind == "told":
        d = notice.decision
        due = texts.vn_date(t.due) if t.due else t.deadline_text
        return Reply.text(texts.TOLD[Decision(d.decision)].format(
            code=bold(t.code), content=texts.shorten(t.content, 120), reason=d.reason,
            date=texts.vn_date(d.new_due), due=texts.vn_date(notice.assignment.new_due) if notice.assignment.new_due
            else due))
    raise ValueError(f"not a review notice: {kind!r}")


def late_message(rows, tz, today: date) -> Reply:
    """rows: (task, assignment, agency, submission event) left unreviewed."""
    head = texts.LATE_HEAD.format(title=bold(texts.LATE_TITLE), n=len(rows), days=LATE_DAYS)
    lines = [texts.PENDING_LINE.format(code=bold(t.code), agency=g.name, content=texts.shorten(t.content, 80),
                                       at=texts.vn_datetime(to_local(e.at, tz)), evidence="")
             for t, a, g, e in rows]
    return Reply(entries=[Entry(head), *(Entry(line) for line in lines), Entry(texts.LATE_TAIL)])
