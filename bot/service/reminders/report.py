"""What one pass did, as `nhacviec remind --json` prints it, and the records it is made of.

Its own module because the planning half (skipped keys, the dry run's list) and the sending half
(sent, deferred, failed, blocked) of a pass both fill it in.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime

from bot.service.reminders.deliveries import Delivery

_TOKENISH = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")


@dataclass
class TickReport:
    """What one pass did (or, with `dry_run`, would do). `to_dict()` is the --json output."""

    now: datetime
    dry_run: bool = False
    claimed: int = 0  # keys claimed by this pass
    skipped: int = 0  # keys already sent, or held by another dispatcher
    retried: int = 0  # sends retried within the pass
    sent: list[dict] = field(default_factory=list)  # one per message delivered
    deferred: list[dict] = field(default_factory=list)  # left unsent for the next pass
    failed: list[dict] = field(default_factory=list)  # rejected for good (not retried)
    blocked: list[int] = field(default_factory=list)  # contacts made inactive
    no_channel: list[int] = field(default_factory=list)  # contacts whose platform is not running
    would_send: list[dict] = field(default_factory=list)  # dry run: one per delivery

    @property
    def messages(self) -> int:
        return len(self.sent)

    def to_dict(self) -> dict:
        out = asdict(self)
        out["now"] = self.now.isoformat()
        out["messages"] = self.messages
        return out


def scrub(text: str) -> str:
    """Error texts go to the database and logs: never a bot token."""
    return _TOKENISH.sub("***", text)[:500]


def record(d: Delivery, part=None, **extra) -> dict:
    """One line of the report: who, what kind, and (for a sent part) which tasks and keys."""
    c = d.contact
    out = {"contact": c.id, "name": c.display_name, "role": c.role, "platform": c.platform, "chat_id": c.chat_id,
           "kind": d.kind, "agency": d.agency.name if d.agency else None}
    if part is not None:
        out.update(codes=list(part.codes), keys=list(part.keys))
    out.update(extra)
    return out
