"""`/nghi 10/12 - 20/12 [lý do]` (`/nghiphep`, Zalo `NGHI …`): a leave period during which the
person gets no reminders; `/nghi huy` ends it early; `/nghi` alone shows it. The lead and the
secretariat set leave for someone else: `/nghi <mã người dùng | cơ quan> 10/12 - 20/12`.
Dates are read like reply dates; a period in the past, reversed or longer than 60 days is
refused in one sentence and nothing is written."""
from __future__ import annotations

import re
from datetime import date, timedelta

from bot.agencies import Registry, UnknownAgency
from bot.domain import Role
from bot.render import bold
from bot.service import texts
from bot.service.conversation.context import Ctx, Refusal
from bot.service.ports import Reply
from bot.store import availability
from bot.store.models import Contact
from bot.text import fold
from schedules.calendar import WorkCalendar
from schedules.deadlines import extract_reply_date, parse_reply_date

MAX_DAYS = 60
_RANGE = re.compile(r"\s+[-–—]\s*|(?<=\d)[-–—](?=\d{1,2}/)|\s+(?:đến|den|tới|toi)\s+", re.I)
_YEAR = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|năm|nam\b", re.I)
_DATEISH = re.compile(r"^\s*(\d|huy\b|hủy\b)", re.I)


def _targets(ctx: Ctx, args: str) -> tuple[list[Contact], str]:
    """Whose leave, and the rest of the arguments. A manager may name a contact id or an agency."""
    by_id = re.match(r"^\s*(\d+)\s+((?:\d|huy\b|hủy\b).*)$", args, re.I)
    if not ctx.is_manager or not args or (_DATEISH.match(args) and not by_id):
        return [ctx.contact], args
    if by_id:
        c = ctx.session.get(Contact, int(by_id[1]))
        if c is None or not c.active:
            raise Refusal(texts.LEAVE_NO_ONE.format(ref=by_id[1]))
        return [c], by_id[2]
    cut = re.search(r"\s(\d|huy\b|hủy\b)", args, re.I)
    name, rest = (args[:cut.start()], args[cut.start():]) if cut else (args, "")
    try:
        agency = Registry.load(ctx.session).resolve(name.strip())
    except UnknownAgency as exc:
        raise Refusal(str(exc)) from None
    people = [c for c in availability.agency_contacts(ctx.session, agency.id) if c.role == Role.FOCAL]
    if not people:
        raise Refusal(texts.PEOPLE_NONE.format(name=agency.name))
    return people, rest


def _who(ctx: Ctx, people: list[Contact]) -> str:
    if people == [ctx.contact]:
        return texts.YOU
    return ", ".join(c.display_name or str(c.id) for c in people)


def _period(text: str, today: date, calendar: WorkCalendar | None) -> tuple[date, date, str]:
    first = _RANGE.split(text, maxsplit=1)
    if len(first) == 2:
        start = parse_reply_date(first[0], today, calendar=calendar)
        hit = extract_reply_date(first[1], today, calendar=calendar)
        if start is None or hit is None:
            raise Refusal(texts.LEAVE_UNREAD)
        end, reason = hit
    else:
        hit = extract_reply_date(text, today, calendar=calendar)
        if hit is None:
            raise Refusal(texts.LEAVE_UNREAD)
        start = end = hit[0]
        reason = hit[1]
    if not _YEAR.search(text):  # "1/4" read as next year's: a leave means this year's, which has passed
        start, end = _this_year(start, today), _this_year(end, today)
    if start < today:
        raise Refusal(texts.LEAVE_PAST)
    if end < start:
        raise Refusal(texts.LEAVE_REVERSED)
    if (end - start).days + 1 > MAX_DAYS:
        raise Refusal(texts.LEAVE_TOO_LONG.format(n=(end - start).days + 1))
    return start, end, reason.strip(" ,.;:-")


def _this_year(d: date, today: date) -> date:
    try:
        back = d.replace(year=today.year)
    except ValueError:  # 29/2
        return d
    return back if d.year == today.year + 1 and 0 < (today - back).days <= 180 else d


def do_leave(ctx: Ctx, args: str, calendar: WorkCalendar | None) -> Reply:
    people, rest = _targets(ctx, args.strip())
    who = _who(ctx, people)
    if not rest.strip():
        periods = [p for c in people for p in availability.current_leaves(ctx.session, c.id, ctx.today)]
        if not periods:
            return Reply.text(texts.LEAVE_NONE.format(who=texts.capitalise(who)) + "\n" + texts.LEAVE_USAGE)
        shown = "; ".join(f"{texts.vn_date(p.start)} – {texts.vn_date(p.end)}" for p in periods)
        return Reply.text(texts.LEAVE_NOW.format(periods=shown) + "\n" + texts.LEAVE_USAGE)
    if fold(rest).split()[0] == "huy":
        ended = 0
        for c in people:
            for leave in availability.current_leaves(ctx.session, c.id, ctx.today):
                availability.end_leave(ctx.session, leave, ctx.today, ctx.now)
                ended += 1
        if not ended:
            raise Refusal(texts.LEAVE_NONE.format(who=texts.capitalise(who)))
        return Reply.text(texts.LEAVE_ENDED.format(who=who))
    start, end, reason = _period(rest, ctx.today, calendar)
    for c in people:
        availability.add_leave(ctx.session, c.id, start, end, reason, ctx.contact.id, ctx.now)
    lines = [texts.LEAVE_SAVED.format(who=who, start=texts.vn_date(start), end=texts.vn_date(end))]
    if people[0].role == Role.FOCAL and people[0].agency_id is not None:
        lines.append(_coverage(ctx, people, start, end))
    return Reply.text("\n".join(lines))


def _coverage(ctx: Ctx, people: list[Contact], start: date, end: date) -> str:
    """Who of the agency still gets the reminders during the period."""
    away = {c.id for c in people}
    others = []
    for c in availability.agency_contacts(ctx.session, people[0].agency_id):
        if c.id in away or c.role != Role.FOCAL:
            continue
        periods = availability.current_leaves(ctx.session, c.id, ctx.today)
        days = {start + timedelta(days=i) for i in range((end - start).days + 1)}
        if not all(any(p.start <= d <= p.end for p in periods) for d in days):
            others.append(bold(c.display_name or str(c.id)))
    return texts.LEAVE_COVERED.format(names=", ".join(others)) if others else texts.LEAVE_ALONE
