"""What a review notice needs at the moment it is sent, read or written by the dispatcher
right after claiming it (in a worker thread, in a transaction of its own):

- a submission's files as they are now, not as they were when the pass took its snapshot: a
  file added in between would otherwise be in neither the notice nor a follow-up (one added
  after the claim gets a follow-up, `review.queue_followups`);
- where the channel cannot carry some file (its `Capabilities` say so: Zalo uploads nothing
  and sends photos only by public URL), a one-time sign-in link to the web page for this
  recipient, made now so that its 15 minutes start when the message goes out. Only when the
  web page is served (`web_url`); the link opens the task's page (where its files are listed)
  once signed in, so the message carries one link, not a page address and a sign-in link.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from bot.clock import to_local
from bot.service import texts
from bot.service.portal.auth import new_link
from bot.service.ports import Capabilities
from bot.service.review.notices import carried
from bot.store import Engine, review, session_scope
from bot.store.models import Contact

WITH_FILES = ("review", "more")


@dataclass(frozen=True)
class WebLink:
    url: str  # one-time sign-in link for the recipient that lands on the task's page
    until: str  # when the sign-in link expires, as shown


def task_page(code: str) -> str:
    """The task's page on the web site (a path), where its evidence is listed."""
    return f"/nhiem-vu/{quote(code)}"


def prepare(engine: Engine, kind: str, notice, caps: Capabilities, contact_id: int, web_url: str | None,
            now: datetime, tz) -> None:
    with session_scope(engine) as s:
        if kind == "review":
            notice.evidence = review.evidence_by_event(s, [notice.event.id]).get(notice.event.id, [])
        if web_url and any(not carried(e, caps) for e in notice.evidence):
            contact = s.get(Contact, contact_id)
            if contact is not None:
                link = new_link(s, contact, now, web_url, to=task_page(notice.task.code))
                notice.web_link = WebLink(url=link.url, until=texts.vn_time_date(to_local(link.expires_at, tz)))
